"""The SQL ORDER BY used to claim the next ticket agrees with the pure policy in hallclient.domain.queue,
and the migrations build exactly the schema the models describe."""

from __future__ import annotations

import contextlib
import importlib
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hallclient.domain.queue import CallPolicy, order_candidates
from hallclient.server.config import ServerConfig
from hallclient.server.db import Database, current_revision, migrate
from hallclient.server.demo import create_hall
from hallclient.server.models import Base, Ticket
from hallclient.server.queue_sql import as_entry, candidate_query
from tests.serverproc import REPO_ROOT, fresh_pg_database, sqlite_url

PG_URL = os.environ.get("HALLCLIENT_TEST_PG")


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "order.sqlite3")
        return
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    with fresh_pg_database(PG_URL) as url:
        yield url


@pytest.fixture
def migrated_pg() -> Iterator[Database]:
    """A fresh PostgreSQL database with the server's schema (the pooled pick is PostgreSQL's)."""
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    with fresh_pg_database(PG_URL) as url:
        migrate(url)
        db = Database(ServerConfig(database_url=url))
        try:
            yield db
        finally:
            db.dispose()


POLICIES = [
    CallPolicy(),
    CallPolicy(green_channel_first=False),
    CallPolicy(due_appointments_first=False, appointment_grace=timedelta(0)),
    CallPolicy(service_order_first=False),
]


def add_mixed_tickets(session: Session, hall_id: int, now: datetime, rng: random.Random, count: int) -> None:
    """Tickets of services A, B, C in every state, some green-channel, some with an appointment
    due or not, some directed to a window, some whose prefix is another service's (transferred)."""
    for i in range(count):
        service = rng.choice("ABC")
        session.add(
            Ticket(
                hall_id=hall_id,
                service_code=service,
                prefix=rng.choice([service] * 9 + ["A"]),
                number_seq=rng.randint(1, 60),
                number=f"{service}{i:03d}",
                service_day=date(2026, 3, 2),
                source="kiosk",
                # Few distinct times, so the lower levels of the order are exercised too.
                green_channel=rng.random() < 0.15,
                appointment_at=now + timedelta(minutes=rng.choice([-30, 5, 9, 10, 11, 60]))
                if rng.random() < 0.2
                else None,
                state=rng.choice(["waiting"] * 4 + ["called", "done"]),
                issued_at=now,
                effective_at=now - timedelta(minutes=rng.randint(0, 5)),
                target_window_no=rng.choice([None] * 8 + ["01", "02"]),
                recall_count=0,
                public_token=f"tok{i}",
            )
        )


def test_sql_order_matches_the_pure_policy(empty_database: str) -> None:
    migrate(empty_database)
    db = Database(ServerConfig(database_url=empty_database))
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    rng = random.Random(20260302)
    try:
        with db.write() as session:
            hall = create_hall(session, code="ORDER", name="排序测试", now=now)
            add_mixed_tickets(session, hall.id, now, rng, 300)
        with db.read() as session:
            tickets = session.execute(select(Ticket).where(Ticket.hall_id == hall.id)).scalars().all()
            entries = [as_entry(t) for t in tickets if t.state == "waiting"]
            for policy in POLICIES:
                for window_no, services in [("01", ["A", "B"]), ("02", ["C", "A"]), ("03", ["B"])]:
                    query, query_params = candidate_query(
                        hall_id=hall.id,
                        window_no=window_no,
                        window_services=services,
                        now=now,
                        policy=policy,
                        dialect_name=db.write_engine.dialect.name,
                    )
                    from_sql = [t.id for t in session.execute(query, query_params).scalars()]
                    pure = [
                        e.id
                        for e in order_candidates(
                            entries, window_services=services, now=now, policy=policy, window_no=window_no
                        )
                    ]
                    assert from_sql == pure, (policy, window_no)
                    assert len(pure) > 10
    finally:
        db.dispose()


def test_migrations_match_the_models_and_rerun_safely(empty_database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    # Several server processes starting at once all "migrate at start": none may fail.
    code = "import sys; from hallclient.server.db import migrate; migrate(sys.argv[1])"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", code, empty_database], env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in starters]
    assert [rc for rc, _ in outcomes] == [0, 0, 0], outcomes
    from alembic.script import ScriptDirectory

    from hallclient.server.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config(empty_database)).get_current_head()
    assert current_revision(empty_database) == head
    # Tables of other server modules (sync) live on the same metadata once their models are imported.
    with contextlib.suppress(ImportError):
        importlib.import_module("hallclient.server.sync.models")
    db = Database(ServerConfig(database_url=empty_database))
    try:
        with db.write_engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            if connection.dialect.name == "postgresql":
                # Vacuumed and analysed after a fixed number of changes (migration 0006).
                options = connection.execute(
                    text("SELECT reloptions FROM pg_class WHERE relname = 'tickets'")
                ).scalar_one()
                assert "autovacuum_vacuum_scale_factor=0" in options, options
                assert "autovacuum_analyze_threshold=5000" in options, options
        assert diff == []
    finally:
        db.dispose()


@pytest.mark.pg
@pytest.mark.parametrize("pool", [1, 3, 16])
def test_the_pooled_pick_calls_the_whole_queue_in_the_pure_order(migrated_pg: Database, pool: int) -> None:
    """Call-next on PostgreSQL reads only the head of each part of the queue (the partial indexes
    over waiting tickets): window by window, policy by policy, it must still call every waiting
    ticket in exactly the order of the pure policy, down to an empty queue."""
    db, now = migrated_pg, datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with db.write() as session:
        hall = create_hall(session, code="HEADS", name="队首", now=now)
        add_mixed_tickets(session, hall.id, now, random.Random(20261123 + pool), 240)
        hall_id = hall.id
    for policy in POLICIES:
        for window_no, services in [("01", ["A", "B"]), ("02", ["C", "A"]), ("03", ["B"])]:
            with db.write() as session:
                waiting = (
                    session.execute(
                        select(Ticket).where(Ticket.hall_id == hall_id, Ticket.state == "waiting")
                    )
                    .scalars()
                    .all()
                )
                expected = [
                    e.id
                    for e in order_candidates(
                        [as_entry(t) for t in waiting],
                        window_services=services,
                        now=now,
                        policy=policy,
                        window_no=window_no,
                    )
                ]
                called = []
                while True:
                    query, params = candidate_query(
                        hall_id=hall_id,
                        window_no=window_no,
                        window_services=services,
                        now=now,
                        policy=policy,
                        dialect_name="postgresql",
                        service_day=date(2026, 3, 2),
                        first_locked=True,
                        lock_pool=pool,
                    )
                    ticket = session.execute(query, params).scalar_one_or_none()
                    if ticket is None:
                        break
                    called.append(ticket.id)
                    ticket.state = "called"
                    session.flush()
                assert len(expected) > 20
                assert called == expected, (policy, window_no)
                session.rollback()  # the next window starts from the same queue


@pytest.mark.pg
def test_the_pooled_pick_skips_what_other_windows_hold_and_finds_nothing_when_they_hold_the_pool(
    migrated_pg: Database,
) -> None:
    db, now = migrated_pg, datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with db.write() as session:
        hall = create_hall(session, code="POOL", name="候选池", now=now)
        for i in range(1, 31):
            session.add(
                Ticket(
                    hall_id=hall.id,
                    service_code="A",
                    prefix="A",
                    number_seq=i,
                    number=f"A{i:03d}",
                    service_day=date(2026, 3, 2),
                    source="kiosk",
                    green_channel=i == 25,  # called before all the others
                    state="waiting",
                    issued_at=now,
                    effective_at=now + timedelta(seconds=i),
                    recall_count=0,
                    public_token=f"pool{i}",
                )
            )
        hall_id = hall.id

    def pick(session: object, lock_pool: int | None) -> str | None:
        query, params = candidate_query(
            hall_id=hall_id,
            window_no="01",
            window_services=["A"],
            now=now,
            policy=CallPolicy(),
            dialect_name="postgresql",
            service_day=date(2026, 3, 2),
            first_locked=True,
            lock_pool=lock_pool,
        )
        found = session.execute(query, params).scalar_one_or_none()  # type: ignore[attr-defined]
        return None if found is None else str(found.number)

    order = ["A025"] + [f"A{i:03d}" for i in range(1, 31) if i != 25]
    for held in (0, 5, 15, 16, 20):
        with db.write() as other, db.write() as session:
            # Another window's transaction holds the first ``held`` candidates.
            if held:
                other.execute(
                    select(Ticket.id)
                    .where(Ticket.hall_id == hall_id, Ticket.number.in_(order[:held]))
                    .with_for_update()
                ).all()
            pooled, full = pick(session, 16), pick(session, None)
            session.rollback()
            other.rollback()
        assert full == order[held]
        assert pooled == (order[held] if held < 16 else None), held


def test_the_call_next_query_stays_in_psycopgs_query_cache(migrated_pg: Database) -> None:
    """psycopg keeps a query's parsed placeholders only up to a length (db.py says why the server
    raises it): the pooled call-next query of a window with many services must fit, or every
    call-next parses it again. A psycopg release without the setting fails here, to be looked at."""
    from psycopg import _queries

    from hallclient.server.db import PSYCOPG_CACHED_QUERY_BYTES

    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= PSYCOPG_CACHED_QUERY_BYTES
    services = [chr(ord("A") + i) for i in range(8)]
    query, params = candidate_query(
        hall_id=1,
        window_no="01",
        window_services=services,
        now=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        policy=CallPolicy(),
        dialect_name="postgresql",
        service_day=date(2026, 3, 2),
        first_locked=True,
        lock_pool=8,
    )
    sql = str(query.compile(dialect=migrated_pg.write_engine.dialect))
    assert len(sql.encode()) <= _queries.MAX_CACHED_STATEMENT_LENGTH
    assert len(params) <= _queries.MAX_CACHED_STATEMENT_PARAMS
