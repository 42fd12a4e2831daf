"""Faults: a process killed mid-write, a full disk. Nothing acknowledged is lost, nothing is half-written."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from hallclient.domain.errors import StorageError
from hallclient.store import Store, open_store, outbox
from hallclient.store.models import OutboxMutation, Rating
from hallclient.store.repo import add_audit, record_rating

REPO_ROOT = Path(__file__).resolve().parents[2]

# Each committed rating is acknowledged on stdout only after its transaction committed.
WRITER = """
import datetime as dt, sys
from pathlib import Path
from hallclient.store import open_store
from hallclient.store.repo import add_audit, record_rating

store = open_store(Path(sys.argv[1]))
now = dt.datetime(2024, 10, 8, 9, 30, tzinfo=dt.UTC)
n = 0
while True:
    with store.session() as session:
        record_rating(session, request_id=f"req-{n}", window_no="07", clerk_username="z",
                      channel="counter", level=n % 5 + 1, rated_at=now, comment="很好" * (n % 50))
        add_audit(session, who="z", what="view_full_id", subject=f"case-{n}", at=now)
    print(n, flush=True)
    n += 1
"""


def _acknowledged_after_kill(db_path: Path, *, at_least: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    last = -1
    deadline = time.monotonic() + 60
    try:
        while last < at_least and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            last = int(line)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # Anything printed before the kill was acknowledged too.
    for line in process.stdout.read().split():
        last = int(line)
    assert last >= at_least, "the writer did not get going"
    return last


@pytest.mark.slow
@pytest.mark.parametrize("rounds", [3])
def test_a_killed_writer_loses_nothing_acknowledged_and_leaves_no_orphans(
    tmp_path: Path, rounds: int
) -> None:
    db_path = tmp_path / "counter.db"
    # Several kills at different moments, each round continuing on the same file.
    for round_no in range(rounds):
        store = open_store(db_path)
        with store.session() as session:
            session.query(Rating).delete()
            session.query(OutboxMutation).delete()
        store.close()
        acknowledged = _acknowledged_after_kill(db_path, at_least=40 + 25 * round_no)
        store = open_store(db_path)
        try:
            assert store.integrity_check() == []
            with store.session(readonly=True) as session:
                request_ids = set(session.scalars(select(Rating.request_id)))
                rating_ids = set(session.scalars(select(Rating.id)))
                mutations = outbox.pending_batch(session, limit=100_000)
        finally:
            store.close()
        # Every acknowledged write is there (one more may have committed just before the kill).
        assert {f"req-{n}" for n in range(acknowledged + 1)} <= request_ids
        assert len(request_ids) in (acknowledged + 1, acknowledged + 2)
        # Every domain row has its outbox row and no outbox row is without its domain row.
        rating_payload_ids = {m.payload["id"] for m in mutations if m.name == "rating.record"}
        audit_subjects = {m.payload["subject"] for m in mutations if m.name == "audit.add"}
        assert rating_payload_ids == rating_ids
        assert audit_subjects == {f"case-{r.removeprefix('req-')}" for r in request_ids}
        assert all(json.loads(m.payload_json) == m.payload for m in mutations)


def _rate(store: Store, request_id: str, now: dt.datetime, comment: str = "") -> None:
    with store.session() as session:
        record_rating(
            session,
            request_id=request_id,
            window_no="07",
            clerk_username="z",
            channel="counter",
            level=3,
            rated_at=now,
            comment=comment,
        )
        add_audit(session, who="z", what="rate", subject=request_id, at=now)


def test_a_full_disk_gives_disk_full_and_keeps_earlier_data(db_path: Path, now: dt.datetime) -> None:
    store = open_store(db_path)
    for n in range(20):
        _rate(store, f"ok-{n}", now)
    page_count = store.pragma("page_count")
    # Cap the file at its current size on every new connection: SQLite then answers SQLITE_FULL.
    store.engine.dispose()
    event.listen(
        store.engine, "connect", lambda conn, _rec: conn.execute(f"PRAGMA max_page_count = {page_count}")
    )
    with pytest.raises(StorageError) as caught:
        _rate(store, "too-big", now, comment="很长的意见" * 20_000)
    assert caught.value.code == "disk_full"
    assert "磁盘空间已满" in caught.value.message
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 20
        assert outbox.pending_count(session) == 40
        assert session.scalar(select(Rating).where(Rating.request_id == "too-big")) is None
    assert store.integrity_check() == []
    store.close()
    # With space again, the same write goes through.
    store = open_store(db_path)
    try:
        _rate(store, "too-big", now, comment="很长的意见" * 20_000)
        with store.session(readonly=True) as session:
            assert session.scalar(select(func.count()).select_from(Rating)) == 21
            assert outbox.pending_count(session) == 42
    finally:
        store.close()
