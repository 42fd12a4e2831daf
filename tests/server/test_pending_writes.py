"""Which pending ORM changes ride along with the final statement, and which are flushed first."""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm.state import AttributeState

from hallclient.server.config import ServerConfig
from hallclient.server.db import Database, migrate
from hallclient.server.demo import create_hall
from hallclient.server.models import Service, Window
from hallclient.server.pending_writes import RowUpdate, take_plain_updates, updates_as_ctes
from tests.serverproc import sqlite_url

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _database(tmp_path: Path) -> Database:
    url = sqlite_url(tmp_path / "pending.sqlite3")
    migrate(url)
    db = Database(ServerConfig(database_url=url))
    with db.write() as session:
        hall = create_hall(session, code="PW", name="测试大厅", now=NOW)
        session.add(Window(hall_id=hall.id, no="01", name="1号窗口", services=["A"], state="idle"))
        session.add(Window(hall_id=hall.id, no="02", name="2号窗口", services=["A"], state="idle"))
    return db


def test_plain_column_changes_are_taken_and_the_rest_is_flushed(tmp_path: Path) -> None:
    db = _database(tmp_path)
    try:
        with db.write() as session:
            first, second = session.execute(select(Window).order_by(Window.no)).scalars()
            first.state = "paused"
            first.pause_reason = "meeting"
            first.state_since = NOW
            second.services = ["A", "B"]  # JSON: needs the ORM's flush
            session.add(Service(hall_id=first.hall_id, code="A", prefix="A", name="综合", position=0))

            updates = take_plain_updates(session)

            assert updates == [
                RowUpdate(
                    "windows",
                    "id",
                    first.id,
                    {"state": "paused", "pause_reason": "meeting", "state_since": NOW},
                )
            ]
            assert first not in session  # detached: the caller writes it
            assert not session.dirty and not session.new  # everything else went out already
            stored = session.execute(select(Window.state, Window.services).order_by(Window.no)).all()
            assert [tuple(row) for row in stored] == [("idle", ["A"]), ("idle", ["A", "B"])]
            assert session.execute(select(Service.code)).scalars().all() == ["A"]
    finally:
        db.dispose()


def _attribute_states() -> int:
    return sum(isinstance(o, AttributeState) for o in gc.get_objects())


def test_taking_updates_builds_no_per_column_attribute_states(tmp_path: Path) -> None:
    # ``state.attrs`` would build one AttributeState per column of each changed row, each in a
    # reference cycle with the row's state: garbage that only the cyclic collector frees, and it
    # stops every request thread of the process to do so.
    db = _database(tmp_path)
    try:
        with db.write() as session:
            windows = session.execute(select(Window)).scalars().all()
            for window in windows:
                window.state = "paused"
            gc.collect()
            before = _attribute_states()
            updates = take_plain_updates(session)
            assert len(updates) == len(windows) == 2
            assert _attribute_states() == before
    finally:
        db.dispose()


def test_nothing_changed_gives_nothing(tmp_path: Path) -> None:
    db = _database(tmp_path)
    try:
        with db.write() as session:
            window = session.execute(select(Window).where(Window.no == "01")).scalar_one()
            window.state = window.state  # set, not changed
            assert take_plain_updates(session) == []
    finally:
        db.dispose()


def test_ctes_quote_names_and_bind_every_value() -> None:
    update = RowUpdate("windows", "id", 7, {"state": "idle", "pause_reason": None})
    sql, binds = updates_as_ctes([update], lambda name: f'"{name}"')
    assert sql == 'u0 AS (UPDATE "windows" SET "state" = :u0_0, "pause_reason" = :u0_1 WHERE "id" = :u0_key),'
    assert binds == {"u0_0": "idle", "u0_1": None, "u0_key": 7}
