"""Opening the store: schema from empty, idempotent migrations, pragmas, refusals, threads."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from hallclient.domain.errors import StorageError, ValidationError
from hallclient.store import Store, open_store
from hallclient.store.migrate import head_revision, migrations_dir
from hallclient.store.models import Base, OutboxMutation, Rating
from hallclient.store.repo import record_rating

EXPECTED_TABLES = {
    "cases",
    "case_materials",
    "pledges",
    "supplements",
    "case_events",
    "ratings",
    "manual_tickets",
    "audit_entries",
    "printed_documents",
    "printed_pdfs",
    "outbox",
    "sync_state",
    "cached_documents",
    "settings",
    "alembic_version",
}


def _raw_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows} - {"sqlite_sequence"}


def _rate(store: Store, request_id: str, at: dt.datetime, *, comment: str = "") -> None:
    with store.session() as session:
        record_rating(
            session,
            request_id=request_id,
            window_no="07",
            clerk_username="zhangsan",
            channel="counter",
            level=5,
            rated_at=at,
            comment=comment,
        )


def test_schema_is_created_from_an_empty_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "counter.db"
    store = open_store(path)
    store.close()
    assert path.is_file()
    assert _raw_tables(path) == EXPECTED_TABLES
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]


def test_reopening_migrates_nothing_and_keeps_data(db_path: Path, now: dt.datetime) -> None:
    first = open_store(db_path)
    client_id = first.client_id()
    _rate(first, "r1", now)
    first.close()
    with sqlite3.connect(db_path) as raw:
        schema_before = raw.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    second = open_store(db_path)
    try:
        assert second.client_id() == client_id
        with second.session(readonly=True) as session:
            assert session.scalar(select(func.count()).select_from(Rating)) == 1
    finally:
        second.close()
    with sqlite3.connect(db_path) as raw:
        assert (
            raw.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
        )


def test_models_match_the_migrations(store: Store) -> None:
    # What `alembic check` does: autogenerate against the migrated database finds nothing to do.
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_pragmas_are_set_on_every_connection(store: Store, db_path: Path) -> None:
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("synchronous") == 2  # FULL
    assert store.pragma("foreign_keys") == 1
    assert store.pragma("busy_timeout") > 0
    # A second pooled connection, opened while the first is checked out, is set up the same way.
    with store.engine.connect() as held, store.engine.connect() as other:
        assert held.connection.dbapi_connection is not other.connection.dbapi_connection
        assert other.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert other.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrations_are_found_from_the_package_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hallclient

    package_dir = Path(hallclient.__file__).resolve().parent
    assert migrations_dir().is_relative_to(package_dir)
    assert (migrations_dir() / "env.py").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    open_store(tmp_path / "cwd.db").close()
    assert not list(elsewhere.iterdir())  # no alembic.ini needed, nothing written to the CWD


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db_path: Path, now: dt.datetime) -> None:
    store = open_store(db_path)
    _rate(store, "r1", now)
    store.close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as caught:
        open_store(db_path)
    assert caught.value.code == "schema_too_new"
    assert "更新版本" in caught.value.message
    assert caught.value.params["revision"] == "ffffffffffff"
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "counter.db"
    path.write_bytes(b"this is not a database at all, just some text " * 100)
    with pytest.raises(StorageError) as caught:
        open_store(path)
    assert caught.value.code == "corrupt"
    assert "损坏" in caught.value.message


def test_a_read_only_database_gives_a_storage_error_and_writes_nothing(
    store: Store, now: dt.datetime
) -> None:
    _rate(store, "r1", now)
    # Root ignores file permissions, so make the connection itself read-only.
    store.engine.dispose()
    from sqlalchemy import event

    event.listen(store.engine, "connect", lambda conn, _rec: conn.execute("PRAGMA query_only = ON"))
    with pytest.raises(StorageError) as caught:
        _rate(store, "r2", now)
    assert caught.value.code == "read_only"
    with store.session(readonly=True) as session:
        assert session.scalars(select(Rating.request_id)).all() == ["r1"]
        assert session.scalar(select(func.count()).select_from(OutboxMutation)) == 1


def test_a_failure_inside_a_session_rolls_everything_back(store: Store, now: dt.datetime) -> None:
    with pytest.raises(RuntimeError, match="printer jammed"), store.session() as session:
        record_rating(
            session,
            request_id="r1",
            window_no="07",
            clerk_username="z",
            channel="counter",
            level=4,
            rated_at=now,
        )
        raise RuntimeError("printer jammed")
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxMutation)) == 0


def test_a_readonly_session_never_commits(store: Store, now: dt.datetime) -> None:
    with store.session(readonly=True) as session:
        session.add(
            Rating(
                request_id="r1", window_no="07", clerk_username="z", channel="counter", rated_at=now, level=3
            )
        )
        session.flush()
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 0


def test_naive_datetimes_are_refused_with_a_validation_error(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        _rate(store, "r1", dt.datetime(2024, 10, 8, 9, 30))
    assert caught.value.code == "naive_datetime"
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 0


def test_times_come_back_as_the_same_instant_in_utc(store: Store, now: dt.datetime) -> None:
    _rate(store, "r1", now)
    with store.session(readonly=True) as session:
        rated_at = session.scalars(select(Rating.rated_at)).one()
    assert rated_at == now
    assert rated_at.utcoffset() == dt.timedelta(0)


def test_worker_threads_can_write_concurrently(store: Store, now: dt.datetime) -> None:
    main_thread = threading.get_ident()
    seen_threads: set[int] = set()

    def write(worker: int) -> int:
        seen_threads.add(threading.get_ident())
        for n in range(25):
            _rate(store, f"w{worker}-{n}", now)
        with store.session(readonly=True) as session:
            return session.scalar(select(func.count()).select_from(Rating)) or 0

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    assert main_thread not in seen_threads
    with store.session(readonly=True) as session:
        ids = session.scalars(select(OutboxMutation.mutation_id).order_by(OutboxMutation.mutation_id)).all()
        ratings = session.scalar(select(func.count()).select_from(Rating))
    assert ratings == 100
    assert ids == list(range(1, 101))
    assert store.integrity_check() == []
