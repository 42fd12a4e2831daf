"""Queue load: N windows and K kiosks over HTTP against a real server, then again with idle followers.

Each window loops call_next → start → finish; kiosks issue tickets so the queues never run dry.
Every HTTP request is one action; the figures are actions per second and the p50/p99 latency of
the window actions, first alone, then with F idle long-poll followers of the event feed held open
(they follow a second, quiet hall, as monitors and displays of another floor would).

    python bench/queue_load.py            # SQLite and (if HALLCLIENT_TEST_PG is set) PostgreSQL, 100 windows
    python bench/queue_load.py --quick    # one backend (PostgreSQL if set, else SQLite), 20 windows, < 1 min

Last line: ``actions_per_s=… p50_ms=… p99_ms=… p99_with_followers_ms=… …`` for the last backend.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serverproc import fresh_pg_database, init_demo, sqlite_url, start_server  # noqa: E402


@dataclass
class Phase:
    actions: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_s(self) -> float:
        return self.actions / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def make_halls(url: str, windows: int) -> tuple[str, str, str]:
    """A busy hall with ``windows`` windows (services A and B) and a quiet hall; returns
    (busy hall code, kiosk token, quiet display token)."""
    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.demo import create_hall
    from hallclient.server.models import Service, User, Window
    from hallclient.server.routes.auth import create_device
    from hallclient.server.security import hash_password

    now = datetime.now(UTC)
    password_hash = hash_password("bench-password")
    code = "B" + uuid.uuid4().hex[:6].upper()
    db = Database(ServerConfig(database_url=url))
    try:
        with db.write() as session:
            busy = create_hall(session, code=code, name="压测大厅", now=now)
            quiet = create_hall(session, code="Q" + code[1:], name="安静大厅", now=now)
            for hall in (busy, quiet):
                for pos, (svc, name) in enumerate([("A", "综合受理"), ("B", "不动产登记")]):
                    session.add(Service(hall_id=hall.id, code=svc, prefix=svc, name=name, position=pos))
            for i in range(1, windows + 1):
                no = f"{i:03d}"
                session.add(
                    Window(hall_id=busy.id, no=no, name=f"{no}号窗口", services=["A", "B"], state="offline")
                )
                session.add(
                    User(
                        hall_id=busy.id,
                        username=f"{code.lower()}_{no}",
                        display_name=f"窗口{no}",
                        role="clerk",
                        password_hash=password_hash,
                        active=True,
                        created_at=now,
                    )
                )
            session.flush()
            _, kiosk = create_device(
                session, hall_id=busy.id, name="取号机", kind="kiosk", window_no=None, now=now
            )
            _, display = create_device(
                session, hall_id=quiet.id, name="大屏", kind="display", window_no=None, now=now
            )
    finally:
        db.dispose()
    return code, kiosk, display


async def run_backend(
    label: str, url: str, home: Path, *, windows: int, kiosks: int, followers: int, seconds: float
) -> tuple[Phase, Phase]:
    init_demo(url, home=home)
    code, kiosk_token, display_token = make_halls(url, windows)
    server = start_server(url, home=home)
    try:
        limits = httpx.Limits(max_connections=windows + kiosks + 10, max_keepalive_connections=None)
        # Followers get a pool of their own: the client's pool scans its connections per request,
        # and 1,000 long-polls in the windows' pool would measure the client, not the server.
        follower_limits = httpx.Limits(max_connections=followers + 10, max_keepalive_connections=None)
        async with (
            httpx.AsyncClient(base_url=server.base_url, limits=limits, timeout=60) as http,
            httpx.AsyncClient(base_url=server.base_url, limits=follower_limits, timeout=60) as follow_http,
        ):
            tokens = []
            for i in range(1, windows + 1):
                no = f"{i:03d}"
                r = await http.post(
                    "/api/v1/auth/login",
                    json={"username": f"{code.lower()}_{no}", "password": "bench-password", "window_no": no},
                )
                r.raise_for_status()
                tokens.append((no, r.json()["token"]))
            kiosk_headers = {"X-Device-Token": kiosk_token}
            for i in range(windows * 3):  # a backlog so that no window starts idle
                (
                    await http.post(
                        "/api/v1/tickets",
                        headers=kiosk_headers,
                        json={"service": "AB"[i % 2], "request_id": uuid.uuid4().hex},
                    )
                ).raise_for_status()

            async def measure(duration: float) -> Phase:
                latencies: list[float] = []
                count = 0
                deadline = time.perf_counter() + duration

                async def timed(coro: object) -> httpx.Response:
                    nonlocal count
                    started = time.perf_counter()
                    response: httpx.Response = await coro  # type: ignore[misc]
                    latencies.append((time.perf_counter() - started) * 1000)
                    count += 1
                    if response.status_code != 200:
                        raise RuntimeError(f"{response.status_code} {response.text}")
                    return response

                async def window(no: str, token: str) -> None:
                    headers = {"Authorization": f"Bearer {token}"}
                    path = f"/api/v1/windows/{no}/actions/"
                    while time.perf_counter() < deadline:
                        called = await timed(
                            http.post(
                                path + "call_next", headers=headers, json={"request_id": uuid.uuid4().hex}
                            )
                        )
                        if called.json()["ticket"] is None:
                            await asyncio.sleep(0.05)
                            continue
                        await timed(
                            http.post(path + "start", headers=headers, json={"request_id": uuid.uuid4().hex})
                        )
                        await timed(
                            http.post(path + "finish", headers=headers, json={"request_id": uuid.uuid4().hex})
                        )

                async def kiosk(k: int) -> None:
                    i = 0
                    while time.perf_counter() < deadline:
                        await timed(
                            http.post(
                                "/api/v1/tickets",
                                headers=kiosk_headers,
                                json={"service": "AB"[(i + k) % 2], "request_id": uuid.uuid4().hex},
                            )
                        )
                        i += 1

                started = time.perf_counter()
                await asyncio.gather(*(window(no, t) for no, t in tokens), *(kiosk(k) for k in range(kiosks)))
                return Phase(count, time.perf_counter() - started, latencies)

            await measure(min(2.0, seconds / 3))  # warm-up
            alone = await measure(seconds)

            stop = asyncio.Event()
            open_polls = 0

            async def follower() -> None:
                nonlocal open_polls
                since = 0
                headers = {"X-Device-Token": display_token}
                while not stop.is_set():
                    open_polls += 1
                    try:
                        r = await follow_http.get(
                            "/api/v1/events", headers=headers, params={"since": since, "timeout": 25}
                        )
                    finally:
                        open_polls -= 1
                    since = r.json()["last_seq"]

            tasks = [asyncio.create_task(follower()) for _ in range(followers)]
            await asyncio.sleep(3)  # let every follower reach its long poll
            held = open_polls
            with_followers = await measure(seconds)
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            print(f"[{label}] followers held open during the second run: {held}")
        return alone, with_followers
    finally:
        server.stop()


def report(label: str, *, windows: int, kiosks: int, followers: int, alone: Phase, loaded: Phase) -> None:
    print(
        f"[{label}] {windows} windows + {kiosks} kiosks: {alone.per_s:.0f} actions/s, "
        f"p50 {alone.pct(0.5):.1f} ms, p99 {alone.pct(0.99):.1f} ms "
        f"({alone.actions} actions in {alone.seconds:.1f} s)"
    )
    ratio = loaded.pct(0.99) / alone.pct(0.99) if alone.pct(0.99) else 0.0
    print(
        f"[{label}] with {followers} idle followers: {loaded.per_s:.0f} actions/s, "
        f"p50 {loaded.pct(0.5):.1f} ms, p99 {loaded.pct(0.99):.1f} ms (p99 ratio {ratio:.2f}x)"
    )
    if alone.latencies_ms:
        print(
            f"[{label}] mean latency {statistics.fmean(alone.latencies_ms):.1f} ms alone, "
            f"{statistics.fmean(loaded.latencies_ms):.1f} ms with followers"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one backend, 20 windows, short runs (< 1 min)")
    parser.add_argument("--windows", type=int)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args(argv)
    windows = args.windows or (20 if args.quick else 100)
    seconds = args.seconds or (8.0 if args.quick else 20.0)
    pg = os.environ.get("HALLCLIENT_TEST_PG")
    backends = (["pg"] if pg else ["sqlite"]) if args.quick else (["sqlite", "pg"] if pg else ["sqlite"])
    results: list[tuple[str, Phase, Phase]] = []
    with tempfile.TemporaryDirectory(prefix="queue-load-") as tmp, ExitStack() as stack:
        for backend in backends:
            home = Path(tmp) / backend
            home.mkdir()
            url = (
                sqlite_url(home / "bench.sqlite3")
                if backend == "sqlite"
                else stack.enter_context(fresh_pg_database(pg or ""))
            )
            alone, loaded = asyncio.run(
                run_backend(
                    backend,
                    url,
                    home,
                    windows=windows,
                    kiosks=args.kiosks,
                    followers=args.followers,
                    seconds=seconds,
                )
            )
            report(
                backend,
                windows=windows,
                kiosks=args.kiosks,
                followers=args.followers,
                alone=alone,
                loaded=loaded,
            )
            results.append((backend, alone, loaded))
    if len(results) == 2:
        (_, s_alone, _), (_, p_alone, _) = results
        print(f"PostgreSQL / SQLite throughput ratio: {p_alone.per_s / s_alone.per_s:.2f}")
    backend, alone, loaded = results[-1]
    ratio = loaded.pct(0.99) / alone.pct(0.99) if alone.pct(0.99) else 0.0
    print(
        f"backend={backend} windows={windows} followers={args.followers} actions_per_s={alone.per_s:.0f} "
        f"p50_ms={alone.pct(0.5):.1f} p99_ms={alone.pct(0.99):.1f} "
        f"actions_per_s_with_followers={loaded.per_s:.0f} p99_with_followers_ms={loaded.pct(0.99):.1f} "
        f"p99_ratio={ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
