"""The last statement of a write and its COMMIT in one round trip (PostgreSQL pipeline).

What a caller relies on: the rows are committed when the call returns; a failed statement or a
refused condition keeps nothing of the whole transaction and raises the same exception types as
any statement sent through SQLAlchemy; and the session's own commit afterwards is harmless.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hallclient.server.config import ServerConfig
from hallclient.server.db import Database, StatementRefusedError, execute_and_commit, migrate
from tests.serverproc import fresh_pg_database


@pytest.fixture
def db(pg_admin_url: str) -> Iterator[Database]:
    with fresh_pg_database(pg_admin_url) as url:
        migrate(url)
        database = Database(ServerConfig(database_url=url))
        with database.write() as session:
            session.execute(text("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)"))
        try:
            yield database
        finally:
            database.dispose()


def _bodies(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.execute(text("SELECT body FROM notes ORDER BY id")).scalars())


def test_committed_with_the_statement(db: Database) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO notes VALUES (1, 'earlier in the transaction')"))
        row = execute_and_commit(
            session, "INSERT INTO notes VALUES (%(id)s, %(body)s) RETURNING id", {"id": 2, "body": "last"}
        )
        assert row == (2,)
        # Committed already: another connection sees both rows before this block ends.
        assert _bodies(db) == ["earlier in the transaction", "last"]
    assert _bodies(db) == ["earlier in the transaction", "last"]


def test_a_failed_statement_keeps_nothing_and_raises_sqlalchemy_types(db: Database) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO notes VALUES (1, 'kept')"))
    with pytest.raises(IntegrityError), db.write() as session:
        session.execute(text("INSERT INTO notes VALUES (2, 'rolled back with the rest')"))
        execute_and_commit(session, "INSERT INTO notes VALUES (%(id)s, 'clash')", {"id": 1})
    assert _bodies(db) == ["kept"]


def test_a_refused_condition_keeps_nothing(db: Database) -> None:
    with pytest.raises(StatementRefusedError), db.write() as session:
        session.execute(text("INSERT INTO notes VALUES (1, 'rolled back')"))
        execute_and_commit(
            session,
            "WITH added AS (INSERT INTO notes VALUES (2, 'also rolled back')) "
            "SELECT hallclient_require(%(ok)s, 'refused')",
            {"ok": False},
        )
    assert _bodies(db) == []
    with db.write() as session:
        passed = execute_and_commit(session, "SELECT hallclient_require(%(ok)s, 'fine')", {"ok": True})
        assert passed == (True,)
