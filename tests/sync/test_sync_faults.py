"""Sync under faults: lost answers, a killed server, duplicate pushes, a restored server, wrong
device clocks, two counters editing one case. Real server processes, real SQLite files."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.errors import OfflineError
from hallclient.intake import cases
from hallclient.store import Store, outbox
from hallclient.store.models import Case, CaseEvent, OutboxMutation
from hallclient.sync.transport import push_body
from tests.serverproc import ServerProcess, init_demo, start_server
from tests.sync.conftest import (
    NOW,
    copy_db,
    deficiency_case,
    enqueue_audits,
    make_engine,
    outbox_counts,
    server_count,
    supply,
    token_for,
    write_work,
)
from tests.sync.faultproxy import FaultProxy


def test_a_lost_answer_is_retried_and_nothing_is_applied_twice(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    proxy = FaultProxy(server.port)
    try:
        store = make_store("lost")
        write_work(store, ratings=5, audits=20, prefix="lost")
        engine = make_engine(store, proxy.base_url, clerk_token)
        proxy.drop_next_push_response()
        with pytest.raises(OfflineError):
            engine.sync_once()
        assert proxy.dropped == 1
        client_id = store.client_id()
        # The server did commit the batch; the client does not know yet.
        assert server_count(server.database_url, "sync_mutations", "client_id = :c", c=client_id) == 25
        assert outbox_counts(store)["pending"] == 25
        with store.session(readonly=True) as session:
            assert {m.attempts for m in outbox.pending_batch(session, limit=100)} == {1}
        report = engine.sync_once()
        assert (report.applied, report.pending) == (25, 0)
        assert server_count(server.database_url, "sync_mutations", "client_id = :c", c=client_id) == 25
        assert server_count(server.database_url, "sync_records", "client_id = :c", c=client_id) == 20
        assert (
            server_count(server.database_url, "ratings", "request_id LIKE :p", p=f"lost-{client_id[:8]}-%")
            == 5
        )
        with store.session(readonly=True) as session:
            replies = [m.server_reply for m in outbox.list_mutations(session, statuses=("applied",))]
        assert all(r is not None and r["duplicate"] for r in replies)
    finally:
        proxy.close()


def test_server_killed_mid_batch_and_restarted(
    own_server: ServerProcess, make_store: Callable[[str], Store], tmp_path: Path
) -> None:
    token = token_for(own_server)
    store = make_store("killed")
    total = 30_000
    enqueue_audits(store, total, prefix="killed")
    engine = make_engine(store, own_server.base_url, token, batch_size=1000)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            engine.sync_once()
        except OfflineError as exc:
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    client_id = store.client_id()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill -9 once some batches are in, long before the last
        if server_count(own_server.database_url, "sync_mutations", "client_id = :c", c=client_id) >= 2000:
            break
        time.sleep(0.02)
    own_server.process.kill()
    worker.join(60)
    assert errors, "the kill should have interrupted the sync"
    committed = server_count(own_server.database_url, "sync_mutations", "client_id = :c", c=client_id)
    assert 0 < committed < total
    restarted = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    try:
        report = engine.run_until_synced(max_rounds=5)
        assert report.pending == 0
        assert outbox_counts(store) == {"pending": 0, "applied": total, "conflict": 0, "rejected": 0}
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == total
        assert server_count(own_server.database_url, "sync_mutations", "client_id = :c", c=client_id) == total
    finally:
        restarted.stop()


def test_duplicate_concurrent_pushes_of_one_batch_apply_once(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("dup")
    write_work(store, ratings=10, audits=90, prefix="dup")
    with store.session(readonly=True) as session:
        batch = outbox.pending_batch(session, limit=500)
    body = push_body(client_id=store.client_id(), mutations=batch, gap_acknowledged=False, clock_skew_ms=None)
    headers = {
        "Authorization": f"Bearer {clerk_token}",
        "X-Hall-Sync-Protocol": "1",
        "Content-Type": "application/json",
    }
    answers: list[dict[str, object]] = []
    barrier = threading.Barrier(6)

    def push() -> None:
        barrier.wait()
        response = requests.post(
            server.base_url + "/api/v1/sync/push", data=body, headers=headers, timeout=60
        )
        assert response.status_code == 200, response.text
        answers.append(response.json())

    threads = [threading.Thread(target=push) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert len(answers) == 6
    fresh = [sum(not r["duplicate"] for r in a["results"]) for a in answers]  # type: ignore[union-attr]
    assert sorted(fresh) == [0, 0, 0, 0, 0, 100]
    assert all(r["status"] == "applied" for a in answers for r in a["results"])  # type: ignore[union-attr]
    client_id = store.client_id()
    assert server_count(server.database_url, "sync_records", "client_id = :c", c=client_id) == 90
    assert (
        server_count(server.database_url, "ratings", "request_id LIKE :p", p=f"dup-{client_id[:8]}-%") == 10
    )


def test_a_server_restored_from_backup_gets_back_what_it_lost(
    own_server: ServerProcess, make_store: Callable[[str], Store], tmp_path: Path
) -> None:
    token = token_for(own_server)
    db_file = Path(own_server.database_url.removeprefix("sqlite:///"))
    store = make_store("restore")
    write_work(store, audits=10, prefix="before")
    engine = make_engine(store, own_server.base_url, token)
    engine.sync_once()
    own_server.stop()
    backup = tmp_path / "backup.sqlite3"
    copy_db(db_file, backup)  # the nightly backup: 10 audits
    server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    write_work(store, audits=15, prefix="after")
    assert engine.sync_once().applied == 15
    server.stop()
    copy_db(backup, db_file)  # the disk died; IT restores last night's backup
    server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    try:
        report = engine.sync_once()
        assert report.server_restored and report.applied == 15 and report.pending == 0
        client_id = store.client_id()
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == 25
        # A brand-new server database (new epoch): everything is sent again, once.
        server.stop()
        db_file.unlink()
        for suffix in ("-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        init_demo(own_server.database_url, home=tmp_path / "server-home")
        server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
        engine.transport = make_engine(store, server.base_url, token_for(server)).transport
        report = engine.sync_once()
        assert report.server_restored and report.applied == 25
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == 25
    finally:
        server.stop()


@pytest.mark.parametrize("offset_h", [-1, 1])
def test_a_device_clock_off_by_an_hour_changes_nothing(
    offset_h: int, server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store(f"clock{offset_h}")
    write_work(store, ratings=2, audits=5, prefix=f"clock{offset_h}")
    skewed = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=offset_h)  # noqa: E731
    engine = make_engine(store, server.base_url, clerk_token, clock=skewed)
    report = engine.sync_once()
    assert (report.applied, report.conflicts, report.rejected, report.pending) == (7, 0, 0, 0)
    # The skew is measured from the server's Date header (whole seconds) and only recorded.
    assert report.clock_skew_ms is not None
    assert abs(report.clock_skew_ms + offset_h * 3_600_000) < 2_500
    assert engine.status().clock_skew_ms == report.clock_skew_ms
    assert engine.sync_once().pushed == 0


def test_a_device_clock_eleven_years_behind_is_recorded_and_refuses_nothing(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    """A counter whose CMOS battery died: its skew is beyond anything plausible, and only shown."""
    store = make_store("clock-years")
    write_work(store, ratings=2, audits=5, prefix="clock-years")
    behind = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(hours=96_400)  # noqa: E731
    engine = make_engine(store, server.base_url, clerk_token, clock=behind)
    report = engine.sync_once()
    assert (report.applied, report.conflicts, report.rejected, report.pending) == (7, 0, 0, 0)
    assert report.clock_skew_ms is not None
    assert abs(report.clock_skew_ms - 96_400 * 3_600_000) < 2_500
    # The server keeps the skew the counter sent, for the people who fix its clock.
    ten_years_ms = 10 * 366 * 86_400_000
    recorded = "client_id = :c AND clock_skew_ms > :s"
    assert (
        server_count(server.database_url, "sync_clients", recorded, c=store.client_id(), s=ten_years_ms) == 1
    )


# ---------------------------------------------------------------------------- two counters, one case


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


def test_two_counters_editing_one_case_surface_the_conflict_and_lose_nothing(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    a, b = make_store("counter-a"), make_store("counter-b")
    engine_a = make_engine(a, server.base_url, clerk_token)
    engine_b = make_engine(b, server.base_url, clerk_token)
    case_id = deficiency_case(a, catalog)
    assert engine_a.sync_once().applied >= 1
    engine_b.sync_once()
    with b.session(readonly=True) as session:
        copy = session.get(Case, case_id)
        assert copy is not None and copy.status == "awaiting_supplement" and copy.version == 1
        assert copy.server_case_no and copy.pledge is not None and len(copy.materials) > 2

    # Offline, both counters continue the same case: A takes one supplement, B withdraws it.
    supply(a, catalog, case_id, "food_safety_rules")
    supply(a, catalog, case_id, "health_certificates")  # A's second edit builds on its first
    with b.session() as session:
        cases.withdraw_case(
            session=session, case_id=case_id, reason="申请人要求撤回申请", clerk="clerk03", now=NOW
        )

    report_a = engine_a.sync_once()
    assert (report_a.applied, report_a.conflicts) == (2, 0)
    report_b = engine_b.sync_once()
    assert (report_b.applied, report_b.conflicts) == (0, 1)

    status = engine_b.status()
    assert status.conflicts == 1 and status.problems[0].name == "case.withdraw"
    assert "别处被修改" in status.problems[0].reason
    with b.session(readonly=True) as session:
        local = session.get(Case, case_id)
        assert local is not None and local.sync_state == "conflict" and local.status == "withdrawn"
        events = [e.kind for e in session.query(CaseEvent).filter_by(case_id=case_id)]
        assert "sync_conflict" in events
        conflict = outbox.list_mutations(session, statuses=("conflict",))[0]
        assert conflict.payload["reason"] == "申请人要求撤回申请"  # B's edit is kept
        assert conflict.server_reply is not None
        assert conflict.server_reply["data"]["server_state"]["status"] == "accepted"
    with a.session(readonly=True) as session:
        mine = session.get(Case, case_id)
        assert (
            mine is not None
            and mine.sync_state == "synced"
            and mine.version == 3
            and mine.status == "accepted"
        )
    # The server kept A's edits and a copy of B's edit for the manager.
    db = server.database_url
    assert server_count(db, "sync_cases", "id = :i AND status = 'accepted' AND version = 3", i=case_id) == 1
    assert server_count(db, "sync_records", "kind = 'conflict' AND case_id = :i", i=case_id) == 1
    stored = server_count(db, "sync_records", "kind = 'case.supplement' AND case_id = :i", i=case_id)
    assert stored == 2
    json.dumps(status.problems[0].__dict__, default=str)  # plain data, ready for the UI


def test_old_applied_mutations_are_pruned_and_a_restore_from_before_them_still_syncs(
    own_server: ServerProcess,
    make_store: Callable[[str], Store],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    token = token_for(own_server)
    db_file = Path(own_server.database_url.removeprefix("sqlite:///"))
    own_server.stop()
    backup = tmp_path / "backup.sqlite3"
    copy_db(db_file, backup)  # a backup from before anything this counter sends
    server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    try:
        store = make_store("prune")
        engine = make_engine(store, own_server.base_url, token)
        write_work(store, audits=10, prefix="spring")
        assert engine.sync_once().applied == 10
        assert outbox_counts(store)["applied"] == 10  # applied today: kept

        # A summer later (by the server's clock, which says when they were applied).
        with store.session() as session:
            for row in session.scalars(select(OutboxMutation).where(OutboxMutation.status == "applied")):
                assert row.settled_at is not None
                row.settled_at -= dt.timedelta(days=outbox.APPLIED_KEEP_DAYS + 10)
        write_work(store, audits=4, prefix="summer")
        engine = make_engine(store, own_server.base_url, token)  # the counter was restarted since
        assert engine.sync_once().applied == 4
        assert outbox_counts(store)["applied"] == 4  # the spring ones are forgotten
        client_id = store.client_id()
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == 14

        # IT restores a backup older than what the counter still keeps: what it keeps is sent
        # again, the rest is named in the log, and sync goes on rather than waiting forever.
        server.stop()
        copy_db(backup, db_file)
        server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
        with caplog.at_level("WARNING", logger="hallclient.sync"):
            report = engine.sync_once()
        assert report.server_restored and report.applied == 4 and report.pending == 0
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == 4
        assert "lacks mutations 1 to 10, which this counter no longer keeps" in caplog.text
    finally:
        server.stop()


def test_work_synced_while_the_device_clock_was_years_behind_is_kept_for_a_restore(
    own_server: ServerProcess, make_store: Callable[[str], Store], tmp_path: Path
) -> None:
    """A counter runs a day on a dead CMOS battery's clock, then IT sets it right. What it synced
    that day was applied yesterday, not eleven years ago: it is kept, and a server restored from
    the night before gets it back."""
    token = token_for(own_server)
    db_file = Path(own_server.database_url.removeprefix("sqlite:///"))
    own_server.stop()
    backup = tmp_path / "backup.sqlite3"
    copy_db(db_file, backup)  # last night's backup
    server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
    try:
        store = make_store("dead-cmos")
        offset = [-dt.timedelta(hours=96_400)]
        engine = make_engine(
            store, own_server.base_url, token, clock=lambda: dt.datetime.now(dt.UTC) + offset[0]
        )
        write_work(store, audits=10, prefix="dead-cmos")
        assert engine.sync_once().applied == 10
        offset[0] = dt.timedelta(0)  # the clock is set right
        write_work(store, audits=1, prefix="clock-set")
        assert engine.sync_once().applied == 1
        assert outbox_counts(store)["applied"] == 11

        server.stop()
        copy_db(backup, db_file)  # the disk died; IT restores last night's backup
        server = start_server(own_server.database_url, home=tmp_path / "server-home", port=own_server.port)
        report = engine.sync_once()
        assert report.server_restored and report.applied == 11 and report.pending == 0
        client_id = store.client_id()
        assert server_count(own_server.database_url, "sync_records", "client_id = :c", c=client_id) == 11
    finally:
        server.stop()
