"""A shift change before the counter could sync: what clerk01 recorded offline is pushed under
clerk02's sign-in and still reaches the server as clerk01's (real server, real SQLite stores)."""

from __future__ import annotations

from collections.abc import Callable

from hallclient.store import Store
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
