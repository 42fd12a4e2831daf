"""Push faults that are not the mutations' fault: a request refused as a whole, a transient
database error on the server, an answer still in flight while the clerk resolves a conflict.
Nothing of these may end as a rejected mutation, be lost, or be applied twice. Real server
processes, real SQLite counter stores (PostgreSQL where a real lock is needed)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.errors import ConflictError, HallError, OfflineError, SyncError
from hallclient.store import Store, outbox
from hallclient.sync import HttpSyncTransport, SyncEngine
from hallclient.sync.conflicts import is_resolved, keep_mine
from hallclient.sync.engine import retry_mutation
from hallclient.sync.status import ADVICE_RETRY
from hallclient.sync.transport import PushAnswer
from tests.serverproc import ServerProcess, fresh_pg_database, init_demo, login, start_server
from tests.sync.conftest import (
    NOW,
    PG_URL,
    deficiency_case,
    make_engine,
    outbox_counts,
    server_count,
    supply,
    write_work,
)
from tests.sync.faultproxy import FaultProxy


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


class _RefusedEnvelope(HttpSyncTransport):
    """Sends a clock skew no server accepts: the request is refused whatever its mutations, as a
    server before protocol fixes refused the skew of a clock more than ten years off."""

    def push(self, **kwargs: Any) -> PushAnswer:
        return super().push(**{**kwargs, "clock_skew_ms": 2**60})


def test_a_request_the_server_refuses_as_a_whole_rejects_no_mutation(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("envelope")
    write_work(store, ratings=2, audits=5, prefix="envelope")
    transport = _RefusedEnvelope(server.base_url, token=lambda: clerk_token)
    engine = SyncEngine(store, transport, client_id=store.client_id())
    with pytest.raises(SyncError) as refused:
        engine.sync_once()
    assert refused.value.code == "request_refused"
    assert outbox_counts(store) == {"pending": 7, "applied": 0, "conflict": 0, "rejected": 0}
    status = engine.status()
    assert status.rejected == 0 and status.problems == ()
    assert status.last_error is not None and "clock_skew_ms" in status.last_error
    assert all(m.last_error == status.last_error for m in status.oldest_pending)
    assert server_count(server.database_url, "sync_mutations", "client_id = :c", c=store.client_id()) == 0

    engine.transport = make_engine(store, server.base_url, clerk_token).transport  # the server is fixed
    report = engine.sync_once()
    assert (report.applied, report.rejected, report.pending) == (7, 0, 0)


def test_a_fault_outside_our_errors_stops_the_round_with_words_for_the_clerk(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("unexpected")
    write_work(store, ratings=1, prefix="unexpected")
    engine = make_engine(store, server.base_url, clerk_token)

    def broken_push(**_kwargs: Any) -> PushAnswer:
        raise RuntimeError("a fault no error of ours describes")

    real_push = engine.transport.push
    engine.transport.push = broken_push  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        engine.sync_once()
    status = engine.status()
    assert status.last_error == "同步时发生意外错误，已记入日志，稍后自动重试"
    assert outbox_counts(store)["pending"] == 1  # nothing lost

    engine.transport.push = real_push  # type: ignore[method-assign]
    assert engine.sync_once().applied == 1


def test_a_server_error_stored_by_an_older_server_can_be_sent_again(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("old-server-error")
    write_work(store, audits=1, prefix="old-server-error")
    with store.session() as session:  # what settle() kept from an older server's answer
        [m] = outbox.pending_batch(session, limit=10)
        reason = "服务器处理这条变更时出错，未应用。请把同步详情交给信息技术人员。"
        reply = {"code": "server_error", "data": {}, "duplicate": False}
        outbox.mark_rejected(session, m.mutation_id, reason=reason, server_reply=reply, at=NOW)
    engine = make_engine(store, server.base_url, clerk_token)
    [problem] = engine.status().problems
    assert problem.code == "server_error" and problem.advice == ADVICE_RETRY
    retry_mutation(store, m.mutation_id)
    assert engine.sync_once().applied == 1
    assert server_count(server.database_url, "sync_records", "client_id = :c", c=store.client_id()) == 1


def test_a_mutation_sent_again_no_longer_needs_the_clerk_and_cannot_be_sent_twice(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("retried")
    write_work(store, audits=1, prefix="retried")
    with store.session() as session:  # what settle() kept from an older server's answer
        [m] = outbox.pending_batch(session, limit=10)
        reply = {"code": "server_error", "data": {}, "duplicate": False}
        outbox.mark_rejected(session, m.mutation_id, reason="服务器出错", server_reply=reply, at=NOW)
    engine = make_engine(store, server.base_url, clerk_token)
    new_id = retry_mutation(store, m.mutation_id)
    assert engine.sync_once().applied == 1

    # The clerk's work is on the server: nothing is left for the clerk to deal with.
    status = engine.status()
    assert (status.pending, status.rejected, status.conflicts, status.problems) == (0, 0, 0, ())
    with store.session(readonly=True) as session:
        old = outbox.get_mutation(session, m.mutation_id)
    assert old.status == "rejected" and is_resolved(old.server_reply)
    assert old.server_reply is not None and old.server_reply["resolution"]["new_mutation_id"] == new_id
    # A second click on "重新提交" (the dialog not refreshed yet) sends nothing again.
    with pytest.raises(SyncError) as again:
        retry_mutation(store, m.mutation_id)
    assert again.value.code == "not_retryable"
    assert outbox_counts(store) == {"pending": 0, "applied": 1, "conflict": 0, "rejected": 1}


@pytest.fixture
def locking_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A PostgreSQL server whose statements give up after 300 ms waiting for a row lock."""
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    with fresh_pg_database(PG_URL) as url:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                name = make_url(url).database
                connection.execute(text(f"ALTER DATABASE \"{name}\" SET lock_timeout = '300ms'"))
        finally:
            admin.dispose()
        home = tmp_path / "server-home"
        init_demo(url, home=home)
        process = start_server(url, home=home)
        try:
            yield process
        finally:
            process.stop()


@pytest.mark.pg
def test_a_lock_timeout_inside_a_mutation_keeps_it_pending_and_the_next_push_applies_it(
    locking_server: ServerProcess, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    token: str = login(locking_server.base_url, "clerk01", window_no="01").login_body["token"]  # type: ignore[assignment]
    store = make_store("locked")
    engine = make_engine(store, locking_server.base_url, token)
    case_id = deficiency_case(store, catalog)
    engine.sync_once()
    supply(store, catalog, case_id, "food_safety_rules")
    with store.session(readonly=True) as session:
        [supplement] = [m.mutation_id for m in outbox.pending_batch(session, limit=10)]
    db = locking_server.database_url
    blocker = create_engine(db)
    try:
        with blocker.connect() as connection, connection.begin():
            # Another transaction holds the case's row (a long report, a stuck admin session).
            connection.execute(text("SELECT id FROM sync_cases WHERE id = :i FOR UPDATE"), {"i": case_id})
            with pytest.raises(OfflineError):
                engine.sync_once()
            with store.session(readonly=True) as session:
                assert outbox.get_mutation(session, supplement).status == "pending"
    finally:
        blocker.dispose()
    where = "client_id = :c AND mutation_id = :m"
    assert server_count(db, "sync_mutations", where, c=store.client_id(), m=supplement) == 0
    report = engine.sync_once()
    assert (report.applied, report.rejected, report.pending) == (1, 0, 0)
    assert server_count(db, "sync_cases", "id = :i AND version = 2", i=case_id) == 1
    assert "Traceback" not in locking_server.log_text()


def test_resolving_a_conflict_while_an_edit_of_the_case_is_in_flight_loses_nothing(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    proxy = FaultProxy(server.port)
    try:
        a, b = make_store("flight-a"), make_store("flight-b")
        engine_a = make_engine(a, server.base_url, clerk_token)
        engine_b = make_engine(b, proxy.base_url, clerk_token)
        case_id = deficiency_case(a, catalog)
        engine_a.sync_once()
        engine_b.sync_once()
        supply(a, catalog, case_id, "food_safety_rules")
        engine_a.sync_once()  # the server's version 2 is A's
        supply(b, catalog, case_id, "health_certificates")  # B, on version 1
        assert engine_b.sync_once().conflicts == 1
        [problem] = engine_b.status().problems
        supply(b, catalog, case_id, "food_safety_rules")  # a second edit, first time sent below

        proxy.hold_next_push_response()
        errors: list[HallError] = []

        def push() -> None:
            try:
                engine_b.push_once()
            except HallError as exc:
                errors.append(exc)

        worker = threading.Thread(target=push)
        worker.start()
        try:
            assert proxy.holding.wait(30), "the push never reached the server"
            try:  # the clerk presses 保留我的修改 while the answer is on its way
                with b.session() as session:
                    resolution = keep_mine(
                        session=session, mutation_id=problem.mutation_id, clerk="clerk03", now=NOW
                    )
            except ConflictError as exc:
                assert exc.code == "sync_first"
                resolution = None
        finally:
            proxy.release()
            worker.join(60)
        assert not errors
        if resolution is not None:  # a resolution, if made, survives the answer
            with b.session(readonly=True) as session:
                for mutation_id in resolution.resolved:
                    assert is_resolved(outbox.get_mutation(session, mutation_id).server_reply)
        else:
            with b.session() as session:
                keep_mine(session=session, mutation_id=problem.mutation_id, clerk="clerk03", now=NOW)
        engine_b.run_until_synced(max_rounds=3)
        status = engine_b.status()
        assert (status.pending, status.conflicts, status.rejected) == (0, 0, 0)
        # Each of B's two edits was applied once, on top of A's: versions 3 and 4.
        applied = "client_id = :c AND name = 'case.supplement' AND outcome = 'applied'"
        assert server_count(server.database_url, "sync_mutations", applied, c=b.client_id()) == 2
        assert server_count(server.database_url, "sync_cases", "id = :i AND version = 4", i=case_id) == 1
    finally:
        proxy.close()
