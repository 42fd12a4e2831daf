"""Sync benchmark: offline mutations converging after the network returns, and a full pull.

1. A counter works offline: N mutations (ratings and audit entries, as the store writes them)
   wait in its outbox. The network returns: time until the server has applied all of them.
2. An empty counter joins a hall whose change feed holds M catalog/case changes: time to pull
   and save every page.

Real server process on loopback, real SQLite files. Prints figures and peak memory (tracemalloc
of this client process); the last line is ``converge_s=… pull_s=… peak_mb=…``.

    python bench/sync.py            # 10,000 mutations, 100,000 changes
    python bench/sync.py --quick    # 2,000 mutations, 10,000 changes
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from hallclient.server.models import Hall  # noqa: E402
from hallclient.server.sync.changes import digest_of  # noqa: E402
from hallclient.server.sync.models import SyncChange  # noqa: E402
from hallclient.store import open_store, repo  # noqa: E402
from hallclient.sync import HttpSyncTransport, SyncEngine  # noqa: E402
from tests.serverproc import demo_server, login  # noqa: E402

CST = dt.timezone(dt.timedelta(hours=8))


def fill_feed(database_url: str, count: int) -> None:
    """``count`` changes in the demo hall's feed: mostly case status changes, some catalog updates."""
    engine = create_engine(database_url)
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        hall_id = session.execute(select(Hall.id).where(Hall.code == "DEMO")).scalar_one()
        rows = []
        for i in range(count):
            if i % 1000 == 999:
                body: dict[str, object] = {"items": [], "version": i}
                kind, key = "catalog", "catalog"
            else:
                body = {
                    "id": f"bench-case-{i % 20000}",
                    "case_no": f"DEMO-BENCH-{i}",
                    "status": "accepted",
                    "version": 1 + i // 20000,
                    "server_case_no": f"DEMO2026{i:07d}",
                }
                kind, key = "case", str(body["id"])
            rows.append(
                {
                    "hall_id": hall_id,
                    "kind": kind,
                    "key": key,
                    "digest": digest_of(body),
                    "body": body,
                    "at": now,
                }
            )
        for start in range(0, len(rows), 5000):
            session.execute(insert(SyncChange), rows[start : start + 5000])
    engine.dispose()


def offline_work(store_path: Path, count: int) -> None:
    store = open_store(store_path)
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)
    with store.session() as session:
        for i in range(count):
            if i % 4 == 0:
                repo.record_rating(
                    session,
                    request_id=f"bench-{i}",
                    window_no="01",
                    clerk_username="clerk01",
                    channel="counter_pad",
                    level=1 + i % 5,
                    rated_at=at,
                )
            else:
                repo.add_audit(session, who="clerk01", what="view_full_id", subject=f"case-{i}", at=at)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, done in under a minute")
    parser.add_argument("--mutations", type=int)
    parser.add_argument("--changes", type=int)
    args = parser.parse_args()
    mutations = args.mutations or (2_000 if args.quick else 10_000)
    changes = args.changes or (10_000 if args.quick else 100_000)

    with tempfile.TemporaryDirectory(prefix="hallclient-bench-sync-") as tmp:
        base = Path(tmp)
        with demo_server(base) as server:
            token = str(login(server.base_url, "clerk01", window_no="01").login_body["token"])
            counter = base / "counter" / "counter.db"
            started = time.perf_counter()
            offline_work(counter, mutations)
            print(f"offline work: {mutations} mutations written in {time.perf_counter() - started:.1f} s")

            tracemalloc.start()
            store = open_store(counter)
            engine = SyncEngine(
                store,
                HttpSyncTransport(server.base_url, token=lambda: token),
                client_id=store.client_id(),
                batch_size=500,
            )
            started = time.perf_counter()
            report = engine.run_until_synced(max_rounds=3)
            converge_s = time.perf_counter() - started
            _, push_peak = tracemalloc.get_traced_memory()
            store.close()
            print(
                f"converge: {report.applied} applied, {report.pending} pending in {converge_s:.2f} s "
                f"({report.applied / converge_s:.0f} mutations/s)"
            )

            fill_feed(server.database_url, changes)
            tracemalloc.reset_peak()
            empty = open_store(base / "empty" / "counter.db")
            puller = SyncEngine(
                empty,
                HttpSyncTransport(server.base_url, token=lambda: token),
                client_id=empty.client_id(),
                page_size=2000,
            )
            started = time.perf_counter()
            pulled = puller.sync_once().pulled
            pull_s = time.perf_counter() - started
            _, pull_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            empty.close()
            rate = pulled / pull_s
            print(f"pull: {pulled} changes into an empty counter in {pull_s:.2f} s ({rate:.0f} changes/s)")
    peak_mb = max(push_peak, pull_peak) / 2**20
    print(f"peak traced memory: push {push_peak / 2**20:.1f} MiB, pull {pull_peak / 2**20:.1f} MiB")
    print(f"aim < 30 s each: converge {converge_s / 30:.2f}x, pull {pull_s / 30:.2f}x of the budget")
    print(
        f"converge_s={converge_s:.2f} pull_s={pull_s:.2f} peak_mb={peak_mb:.1f} mutations={mutations} "
        f"changes={pulled}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
