"""A crashed counter, a long outage, and a late commit on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from hallclient.server.models import Hall
from hallclient.server.sync import changes as change_log
from hallclient.store import Store, open_store
from hallclient.store.models import AuditEntry, OutboxMutation, Rating
from tests.serverproc import REPO_ROOT, ServerProcess
from tests.sync.conftest import enqueue_audits, make_engine, outbox_counts, server_count

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from hallclient.store import open_store
    from hallclient.store.repo import add_audit, record_rating
    store = open_store(sys.argv[1])
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    i = 0
    while True:
        with store.session() as session:
            record_rating(session, request_id=f"crash-{i}", window_no="01", clerk_username="clerk01",
                          channel="counter_pad", level=1 + i % 5, rated_at=at)
            add_audit(session, who="clerk01", what="view_full_id", subject=f"case-{i}", at=at)
        i += 1
        print(i, flush=True)
    """
)


def test_kill_9_while_writing_loses_nothing_and_everything_syncs_later(
    server: ServerProcess, clerk_token: str, tmp_path: Path
) -> None:
    path = tmp_path / "crash" / "counter.db"
    open_store(path).close()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, env=env, cwd=REPO_ROOT, text=True
    )
    assert writer.stdout is not None
    acknowledged = 0
    while acknowledged < 150:
        line = writer.stdout.readline()
        assert line, "the writer stopped on its own"
        acknowledged = int(line)
    writer.send_signal(signal.SIGKILL)
    writer.wait(10)

    store = open_store(path)
    try:
        assert store.integrity_check() == []
        with store.session(readonly=True) as session:
            ratings = set(session.scalars(select(Rating.id)))
            audits = set(session.scalars(select(AuditEntry.id)))
            mutations = [
                (m.name, json.loads(m.payload)["id"]) for m in session.scalars(select(OutboxMutation))
            ]
        pushed = set(mutations)
        assert len(ratings) >= acknowledged and len(audits) == len(ratings)
        assert pushed == {("rating.record", r) for r in ratings} | {("audit.add", a) for a in audits}
        report = make_engine(store, server.base_url, clerk_token).sync_once()
        assert report.pending == 0 and report.applied == len(mutations)
        assert server_count(
            server.database_url, "sync_mutations", "client_id = :c", c=store.client_id()
        ) == len(mutations)
    finally:
        store.close()


def _hall_id(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            return int(session.execute(select(Hall.id).where(Hall.code == "DEMO")).scalar_one())
    finally:
        engine.dispose()


def _publish(database_url: str, hall_id: int, count: int, prefix: str) -> None:
    engine = create_engine(database_url)
    try:
        with Session(engine) as session, session.begin():
            change_log.publish_changes(
                session,
                hall_id=hall_id,
                changes=[
                    change_log.NewChange(kind="notice", key=f"{prefix}-{i}", body={"n": i})
                    for i in range(count)
                ],
                at=__import__("datetime").datetime.now(__import__("datetime").UTC),
            )
    finally:
        engine.dispose()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_long_outage_drains_50000_mutations_with_bounded_memory_and_paged_pulls(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("outage")
    enqueue_audits(store, 50_000, prefix="outage")
    _publish(server.database_url, _hall_id(server.database_url), 3_000, "outage")
    engine = make_engine(store, server.base_url, clerk_token, batch_size=1000, page_size=500)
    pages = 0
    real_pull = engine.transport.pull

    def counting_pull(**kwargs: int) -> object:
        nonlocal pages
        pages += 1
        return real_pull(**kwargs)

    engine.transport.pull = counting_pull  # type: ignore[method-assign,assignment]
    tracemalloc.start()
    try:
        report = engine.run_until_synced(max_rounds=3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.pending == 0 and outbox_counts(store)["applied"] == 50_000
    assert server_count(server.database_url, "sync_records", "client_id = :c", c=store.client_id()) == 50_000
    assert report.pulled >= 3_000 and pages >= 7
    # One batch of 1,000 mutations and one page are in memory at a time, not the whole outbox
    # (50,000 payloads alone would take far more).
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_a_late_commit_is_never_skipped_by_a_puller(
    server: ServerProcess, clerk_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not server.database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; the late commit needs PostgreSQL")
    hall_id = _hall_id(server.database_url)
    headers = {"Authorization": f"Bearer {clerk_token}", "X-Hall-Sync-Protocol": "1"}

    def pull_all(since: int) -> tuple[list[str], int]:
        keys: list[str] = []
        while True:
            page = requests.get(
                server.base_url + "/api/v1/sync/pull",
                params={"since": since, "limit": 100},
                headers=headers,
                timeout=30,
            ).json()
            keys += [c["key"] for c in page["changes"]]
            since = page["next_since"]
            if not page["has_more"]:
                return keys, since

    def scenario(tag: str) -> tuple[list[str], list[str]]:
        _, cursor = pull_all(0)
        engine = create_engine(server.database_url)
        first = Session(engine)
        first.begin()
        now = __import__("datetime").datetime.now(__import__("datetime").UTC)
        change_log.publish_changes(
            first, hall_id=hall_id, changes=[change_log.NewChange("notice", f"{tag}-first", {})], at=now
        )
        later = threading.Thread(target=_publish, args=(server.database_url, hall_id, 1, f"{tag}-later"))
        later.start()
        later.join(2)  # with the lock it waits for the first; without, it commits now
        seen_before, cursor = pull_all(cursor)
        first.commit()
        first.close()
        later.join(30)
        seen_after, _ = pull_all(cursor)
        engine.dispose()
        return seen_before, seen_after

    before, after = scenario("locked")
    assert before == [] and after == ["locked-first", "locked-later-0"]

    # The control: without the advisory lock the same interleaving loses the first change.
    monkeypatch.setattr(change_log, "lock_change_log", lambda session, hall_id: None)
    before, after = scenario("unlocked")
    assert before == ["unlocked-later-0"] and "unlocked-first" not in after
    time.sleep(0)
