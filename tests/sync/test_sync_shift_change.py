"""A shift change before the counter could sync: what clerk01 recorded offline is pushed under
clerk02's sign-in and still reaches the server as clerk01's (real server, real SQLite stores)."""

from __future__ import annotations

from collections.abc import Callable

from hallclient.store import Store, outbox
from hallclient.sync.engine import retry_mutation
from hallclient.sync.status import ADVICE_RETRY
from tests.serverproc import ServerProcess, login
from tests.sync.conftest import make_engine, outbox_counts, server_count, write_work


def test_the_next_clerk_at_the_window_syncs_the_first_clerks_offline_ratings(
    server: ServerProcess, database_url: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("counter")
    write_work(store, ratings=3, prefix="shift")  # clerk01 at window 01, the network down
    next_shift: str = login(server.base_url, "clerk02", window_no="01").login_body["token"]  # type: ignore[assignment]

    make_engine(store, server.base_url, next_shift).run_until_synced(max_rounds=5)

    counts = outbox_counts(store)
    assert counts.get("rejected", 0) == 0 and counts.get("pending", 0) == 0, counts
    kept_under_clerk01 = server_count(
        database_url,
        "ratings r JOIN users u ON u.id = r.user_id",
        "u.username = 'clerk01' AND r.request_id LIKE :prefix",
        prefix=f"shift-{store.client_id()[:8]}-%",
    )
    assert kept_under_clerk01 == 3


def test_a_rating_an_older_server_refused_as_another_clerks_can_be_sent_again(
    server: ServerProcess, database_url: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("counter")
    write_work(store, ratings=1, prefix="refused")
    with store.session() as session:  # what settle() kept from an older server's answer
        [m] = outbox.pending_batch(session, limit=10)
        reply = {"code": "clerk_mismatch", "data": {"field": "clerk_username"}, "duplicate": False}
        reason = "这条评价记在工作人员 clerk01 名下，但正在同步的是 clerk02，未记录。"
        outbox.mark_rejected(session, m.mutation_id, reason=reason, server_reply=reply)
    next_shift: str = login(server.base_url, "clerk02", window_no="01").login_body["token"]  # type: ignore[assignment]
    engine = make_engine(store, server.base_url, next_shift)

    [problem] = engine.status().problems
    assert problem.code == "clerk_mismatch" and problem.advice == ADVICE_RETRY
    retry_mutation(store, m.mutation_id)
    assert engine.sync_once().applied == 1
    assert (
        server_count(database_url, "ratings", "request_id LIKE :p", p=f"refused-{store.client_id()[:8]}-%")
        == 1
    )
