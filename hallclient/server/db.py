"""Engines, sessions and migrations for SQLite and PostgreSQL.

SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` so two writers never both read and
then fail to upgrade their lock; readers use a second engine with ordinary deferred transactions,
which in WAL mode are consistent snapshots and never block writers.
PostgreSQL: one engine; row locks (``FOR UPDATE``, ``SKIP LOCKED``) coordinate processes, and
snapshot reads use REPEATABLE READ.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hallclient.server.config import ServerConfig

log = logging.getLogger("hallclient.server.db")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it names the lock that serialises concurrent "migrate at start".
_MIGRATION_LOCK_KEY = 847_0001
# Alembic's context is process-global; threads of one process take turns.
_migration_lock = threading.Lock()


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=20)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own would be deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# psycopg turns a query's placeholders into PostgreSQL's by parsing the query's text, and keeps
# the result (an lru_cache of 128) only for queries up to 4096 bytes. The call-next query of a
# window that calls two or more services is longer (4.7 KB with two, 5.5 KB with three), so every
# call-next parsed it again: about 1.2 M instructions, a quarter of its Python work
# (bench/request_cost.py). The server sends a few dozen distinct statements, so keeping the long
# ones too costs nothing worth counting. The limit is psycopg's private setting: should a release
# drop it, this does nothing and the server works as before, only slower.
PSYCOPG_CACHED_QUERY_BYTES = 32_768


def _cache_long_queries() -> None:
    try:
        from psycopg import _queries
    except ImportError:  # SQLite only
        return
    current = getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", None)
    if isinstance(current, int) and current < PSYCOPG_CACHED_QUERY_BYTES:
        _queries.MAX_CACHED_STATEMENT_LENGTH = PSYCOPG_CACHED_QUERY_BYTES


class Database:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.url = config.database_url
        if config.is_sqlite:
            self.write_engine = _sqlite_engine(self.url, immediate=True)
            self.read_engine = _sqlite_engine(self.url, immediate=False)
            self.snapshot_engine = self.read_engine
        else:
            _cache_long_queries()
            self.write_engine = create_engine(
                self.url,
                pool_size=config.pool_size,
                max_overflow=config.max_overflow,
                # No pre-ping: it costs a round trip on every request. A connection that died
                # (database restarted) fails its first statement instead; SQLAlchemy then drops
                # every pooled connection, ``run_once`` runs that write again on a fresh one, and
                # a read answers 503 once, which clients retry.
                pool_recycle=3600,
            )
            self.read_engine = self.write_engine
            self.snapshot_engine = self.write_engine.execution_options(isolation_level="REPEATABLE READ")

    @property
    def is_postgres(self) -> bool:
        return self.write_engine.dialect.name == "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any exception."""
        with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Session]:
        engine = self.snapshot_engine if snapshot else self.read_engine
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


# Raised by ``hallclient_require()`` when a statement refuses its own transaction (migration 0005
# spells it out again: a migration must not change when the code it was written with does).
REFUSED_SQLSTATE = "HC401"


class StatementRefusedError(Exception):
    """The statement's ``hallclient_require()`` condition failed: nothing of the transaction was kept."""


def execute_and_commit(session: Session, sql: str, params: dict[str, Any]) -> Any:
    """Run ``sql`` (psycopg placeholders) and COMMIT in one round trip; the statement's first row.

    PostgreSQL only. Sent as a pipeline, the COMMIT follows the statement inside the server, with
    no client code between them: row locks the statement takes (the hall's event counter, which
    every write of a hall takes) are held for the statement and the commit's flush alone, however
    long this process then takes to get its interpreter back. Everything the session had pending
    must be flushed before; the session's own commit afterwards finds nothing left to do.
    """
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    assert raw is not None
    try:
        with raw.pipeline():
            cursor = raw.cursor()
            cursor.execute(sql, params)
            raw.commit()
            return cursor.fetchone()
    except Exception as exc:
        if getattr(exc, "sqlstate", None) == REFUSED_SQLSTATE:
            raise StatementRefusedError(str(exc)) from exc
        lost = bool(getattr(raw, "broken", False) or getattr(raw, "closed", False))
        if lost:
            connection.invalidate(exc)
        # The same exception types as a statement sent through SQLAlchemy (IntegrityError, …).
        dialect = connection.dialect
        raise DBAPIError.instance(
            sql, params, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
        ) from exc


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str) -> None:
    """Bring the schema to the newest revision; safe when several processes start at once."""
    from alembic import command

    db = Database(ServerConfig(database_url=url))
    try:
        with _migration_lock, db.write_engine.connect() as connection:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = connection
            cfg.attributes["lock_key"] = _MIGRATION_LOCK_KEY
            command.upgrade(cfg, "head")
            connection.commit()
    finally:
        db.dispose()


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    db = Database(ServerConfig(database_url=url))
    try:
        with db.read_engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        db.dispose()
