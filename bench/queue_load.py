"""Queue load: N windows and K kiosks over HTTP against a real server, then again with idle followers.

Each window loops call_next → start → finish, paced so that all windows together offer ``--rate``
window actions per second, by default 3 per window (300 for 100 windows): a clerk does not press
keys back to back, and with windows that never pause, latency would only be N / throughput by
Little's law, whatever the server does. Kiosks issue tickets at a third of that rate on top of a
backlog, so queues never run dry; each phase starts with the same queue (at least four tickets per
window), whatever the phase before left. The figures: achieved window actions/s and their p50/p99
latency, first alone, then with F idle long-poll followers of the event feed held open by a
separate client process (they follow a second, quiet hall, as monitors and displays of another
floor would; each is a display of its own, with its own device token to verify, as in a hall), then
alone again once they are gone. The followers' p99 is compared with the two runs without them taken
together: a small shared machine's speed drifts over minutes, and a single run before them made the
ratio depend on which way it drifted. ``--saturate`` adds a run in which the windows do not pause,
for the throughput ceiling.

Where the machine's cores went, per phase: the server processes' CPU, PostgreSQL's (its backends
for the benchmark's database and its own helpers, when it runs on this machine: on a small machine
the database, the server and this client share the same cores), this client's, and the whole
machine's busy cores. A p99 far above the median with the machine busy on (nearly) every core is
the machine's ceiling, not the server's.

Under each phase: its slowest second (a p99 is the 60 slowest of 6,000 requests, which one bad
second can hold) and how many seconds had a p99 over 100 ms; and how fast the host ran a fixed
task meanwhile (``probe_host``: 1.00x is the fastest it ran it in the whole run), so that a second
in which the host slowed down can be told from one in which the server did. ``--timeline`` prints
every second's p99.

PostgreSQL is served by ``--workers`` processes (default 2), as deployed; SQLite by one. Before
each measured phase the PostgreSQL database is vacuumed and analysed, as autovacuum keeps a hall's
database (``settle_database``).

    python bench/queue_load.py            # SQLite and (if HALLCLIENT_TEST_PG is set) PostgreSQL, 100 windows
    python bench/queue_load.py --quick    # one backend (PostgreSQL if set, else SQLite), 20 windows, < 1 min

Last line: ``actions_per_s=… p50_ms=… p99_ms=… p99_with_followers_ms=… p99_ratio=…`` for the last
backend (``p99_ms`` of both runs without followers, ``p99_before_ms``/``p99_after_ms`` of each),
with the load average of the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Connection  # noqa: E402
from wire import WireClient, WireError  # noqa: E402

from hallclient.domain.queue import TicketState  # noqa: E402
from hallclient.server.config import ServerConfig  # noqa: E402
from tests.serverproc import fresh_pg_database, init_demo, sqlite_url, start_server  # noqa: E402


@dataclass
class Phase:
    window_actions: int
    issued: int
    seconds: float
    latencies_ms: list[float]
    issue_latencies_ms: list[float]
    client_cpu: float  # share of one core used by this client process
    server_cpu: float  # cores used by the server processes
    load: float  # 1-minute load average at the end
    database_cpu: float | None = None  # cores used by PostgreSQL's processes (None: not seen)
    machine_busy: float | None = None  # cores of the whole machine not idle (None: not Linux)
    started_at: float = 0.0  # time.monotonic() at the start
    answered_at: list[float] = field(default_factory=list)  # monotonic, one per latencies_ms entry
    host_speed: HostSpeed | None = None

    @property
    def per_s(self) -> float:
        return self.window_actions / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.ms_per_request(self.server_cpu)

    def ms_per_request(self, cores: float) -> float:
        requests = self.window_actions + self.issued
        return cores * self.seconds * 1000 / requests if requests else 0.0

    def pct(self, q: float, values: list[float] | None = None) -> float:
        return percentile(self.latencies_ms if values is None else values, q)

    def per_second_p99(self) -> dict[int, float]:
        """The window actions' p99 in each whole second of the phase, by second from its start."""
        if len(self.answered_at) != len(self.latencies_ms):
            return {}  # runs pooled together have no single timeline
        seconds: dict[int, list[float]] = {}
        for at, latency in zip(self.answered_at, self.latencies_ms, strict=True):
            seconds.setdefault(int(at - self.started_at), []).append(latency)
        return {second: percentile(values, 0.99) for second, values in sorted(seconds.items())}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pooled(first: Phase, second: Phase) -> Phase:
    """Two runs of the same load as one (their requests together, their CPU figures averaged by
    duration): the reference the followers' run is compared with."""
    seconds = first.seconds + second.seconds

    def mean(a: float | None, b: float | None) -> float | None:
        if a is None or b is None:
            return None
        return (a * first.seconds + b * second.seconds) / seconds

    return Phase(
        first.window_actions + second.window_actions,
        first.issued + second.issued,
        seconds,
        first.latencies_ms + second.latencies_ms,
        first.issue_latencies_ms + second.issue_latencies_ms,
        client_cpu=mean(first.client_cpu, second.client_cpu) or 0.0,
        server_cpu=mean(first.server_cpu, second.server_cpu) or 0.0,
        load=second.load,
        database_cpu=mean(first.database_cpu, second.database_cpu),
        machine_busy=mean(first.machine_busy, second.machine_busy),
    )


@dataclass
class Counters:
    window_actions: int = 0
    issued: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)
    issue_latencies_ms: list[float] = field(default_factory=list)


def reference_ms() -> float:
    """A fixed pure-Python task (build, sort and JSON-encode records), best of 5: this machine's
    speed for the kind of work the server does, printed with the figures so that runs on
    different machines can be told apart from changes of the code."""
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        rows: list[dict[str, Any]] = [
            {"seq": i, "number": f"A{i % 1000:03d}", "at": i * 0.5} for i in range(60_000)
        ]
        rows.sort(key=lambda r: (r["number"], -r["seq"]))
        json.dumps(rows)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


@dataclass(frozen=True)
class HostSpeed:
    """How fast the host ran a fixed task during a phase, against the fastest it ran it in the
    whole run (1.0: as fast as it gets; 2.0: half speed)."""

    median: float
    slowest: float  # the slowest whole second
    slowest_second: int  # from the phase's start


PROBE_INTERVAL_S = 0.1


def _probe_task() -> int:
    total = 0
    for i in range(10_000):
        total += i * i % 7
    return total


def probe_host(path: str, stop: EventType) -> None:
    """In its own process: a fixed task (about half a millisecond) ten times a second, timed in
    the CPU time of its own thread, so that waiting for a core does not count — only how fast the
    host ran it. On a virtual machine whose host takes the cores away without the guest seeing it
    as steal time, that is how such seconds show: the same work costs more CPU. About 0.5 % of a
    core."""
    samples: list[tuple[float, float]] = []
    while not stop.is_set():
        started = time.thread_time()
        _probe_task()
        samples.append((time.monotonic(), time.thread_time() - started))
        time.sleep(PROBE_INTERVAL_S)
    Path(path).write_text(json.dumps(samples))


def host_speed(samples: list[tuple[float, float]], phase: Phase) -> HostSpeed | None:
    if len(samples) < 20:
        return None
    # The run's fastest tenth: the host at full speed on this machine.
    best = percentile([cost for _, cost in samples], 0.1)
    inside = [(at, cost) for at, cost in samples if phase.started_at <= at < phase.started_at + phase.seconds]
    if not inside or best <= 0:
        return None
    by_second: dict[int, list[float]] = {}
    for at, cost in inside:
        by_second.setdefault(int(at - phase.started_at), []).append(cost)
    second, costs = max(by_second.items(), key=lambda item: sum(item[1]) / len(item[1]))
    return HostSpeed(
        median=percentile([cost for _, cost in inside], 0.5) / best,
        slowest=sum(costs) / len(costs) / best,
        slowest_second=second,
    )


def cpu_seconds(pids: list[int]) -> float:
    """User+system CPU seconds of these processes and their children (Linux /proc; 0 elsewhere)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return total


@contextmanager
def _connection(url: str, *, autocommit: bool = False) -> Iterator[Connection]:
    """A connection of its own to the benchmark's database, outside the server's pools."""
    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT") if autocommit else create_engine(url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def database_pids(url: str) -> list[int]:
    """PostgreSQL's processes that work for this benchmark, when the database runs on this
    machine: the backends connected to its database and the server's own helpers (WAL writer,
    checkpointer…), not the backends of other databases on the same server."""
    from sqlalchemy import text

    with _connection(url) as connection:
        listed = connection.execute(
            text(
                "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND (datname = current_database() OR backend_type <> 'client backend')"
            )
        ).scalars()
        pids = [int(pid) for pid in listed]
    return [pid for pid in pids if _is_postgres(pid)]  # a database on another machine: none


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().startswith("postgres")
    except OSError:
        return False


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine spent not idle, summed over its cores (Linux; else None)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / tick


def server_pids(root: int) -> list[int]:
    pids = [root]
    try:
        children = Path(f"/proc/{root}/task/{root}/children").read_text().split()
    except OSError:
        return pids
    return pids + [int(c) for c in children]


def settle_database(url: str) -> str:
    """Before each measured phase on PostgreSQL: VACUUM ANALYZE, which autovacuum does in a hall's
    database (for ``tickets`` after every 2,000 dead rows, migration 0006). Here the database was
    created minutes before — no planner statistics — and this machine's PostgreSQL may run with
    autovacuum off, as CI's does: left so, the benchmark measures a database no hall runs (p99
    150–700 ms instead of 40–100 ms at 300 actions/s, as dead ticket rows pile up). SQLite updates
    rows in place and is left as it is."""
    if not url.startswith("postgresql"):
        return ""
    from sqlalchemy import text

    with _connection(url, autocommit=True) as connection:
        autovacuum = connection.execute(text("SHOW autovacuum")).scalar_one()
        t0 = time.perf_counter()
        connection.execute(text("VACUUM ANALYZE"))
        took = time.perf_counter() - t0
    return f"VACUUM ANALYZE {took:.2f} s (autovacuum {autovacuum} on this server)"


def table_sizes(url: str) -> str:
    """The written tables' size on disk with their indexes, on PostgreSQL: what each phase leaves
    for the next to read past."""
    if not url.startswith("postgresql"):
        return ""
    from sqlalchemy import text

    names = ("tickets", "hall_events", "idempotency_records")
    with _connection(url) as connection:
        rows = connection.execute(
            text("SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname = ANY(:names)"),
            {"names": list(names)},
        ).all()
    sizes: dict[str, int] = {name: int(size) for name, size in rows}
    return ", ".join(f"{name} {sizes.get(name, 0) / 1e6:.1f} MB" for name in names)


def waiting_tickets(url: str) -> int:
    from sqlalchemy import func, select

    from hallclient.server.models import Ticket

    with _connection(url) as connection:
        statement = select(func.count()).where(Ticket.state == TicketState.WAITING.value)
        return int(connection.execute(statement).scalar_one())


def make_halls(url: str, windows: int, screens: int = 1) -> tuple[str, str, list[str]]:
    """A busy hall with ``windows`` windows (services A and B) and a quiet hall with ``screens``
    displays; returns (busy hall code, kiosk token, the quiet hall's display tokens)."""
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
            # Each follower is a screen of its own, as in a hall: its own token to verify.
            displays = []
            for i in range(screens):
                _, token = create_device(
                    session, hall_id=quiet.id, name=f"大屏{i}", kind="display", window_no=None, now=now
                )
                displays.append(token)
    finally:
        db.dispose()
    return code, kiosk, displays


def follow(base_url: str, tokens: list[str], ready: multiprocessing.Queue[int], stop: EventType) -> None:
    """In its own process: a long-poll follower per token, so their client work does not slow the
    windows' client; reports how many polls are open once they have settled."""

    async def run() -> None:
        open_polls = 0

        async def follower(token: str) -> None:
            nonlocal open_polls
            since = 0
            headers = {"X-Device-Token": token}
            async with WireClient(base_url, timeout=60) as http:
                while not stop.is_set():
                    open_polls += 1
                    try:
                        _, answer = await http.get_json(
                            "/api/v1/events", headers, {"since": since, "timeout": 25}
                        )
                    finally:
                        open_polls -= 1
                    since = answer["last_seq"]

        tasks = [asyncio.create_task(follower(token)) for token in tokens]
        await asyncio.sleep(3)  # let every follower reach its long poll
        ready.put(open_polls)
        while not stop.is_set():
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(run())


async def run_backend(
    label: str,
    url: str,
    home: Path,
    *,
    windows: int,
    kiosks: int,
    followers: int,
    seconds: float,
    rate: float,
    workers: int,
    saturate: bool,
    db_connections: int,
) -> Runs:
    init_demo(url, home=home)
    code, kiosk_token, display_tokens = make_halls(url, windows, screens=followers)
    extra: tuple[str, ...] = ("--workers", str(workers)) if workers > 1 else ()
    if url.startswith("postgresql"):
        extra += ("--db-connections", str(db_connections))
    server = start_server(url, home=home, extra_args=extra)
    pids = server_pids(server.process.pid)
    ctx = multiprocessing.get_context("spawn")
    probe_path = home / "host-probe.json"
    probe_stop = ctx.Event()
    probe = ctx.Process(target=probe_host, args=(str(probe_path), probe_stop), daemon=True)
    probe.start()
    try:
        # A connection per window as in a hall, up to 8 per kiosk, each opened on first use.
        async with AsyncExitStack() as clients:

            async def own_client() -> WireClient:
                return await clients.enter_async_context(WireClient(server.base_url, timeout=60))

            http = await own_client()
            tokens = []
            for i in range(1, windows + 1):
                no = f"{i:03d}"
                status, answer = await http.post_json(
                    "/api/v1/auth/login",
                    {},
                    {"username": f"{code.lower()}_{no}", "password": "bench-password", "window_no": no},
                )
                if status != 200:
                    raise RuntimeError(f"login {no}: {status} {answer}")
                tokens.append((no, answer["token"]))
            kiosk_headers = {"X-Device-Token": kiosk_token}
            retries = 0

            async def post(
                client: WireClient, path: str, headers: dict[str, str], body: dict[str, str]
            ) -> tuple[int, Any]:
                # As the real clients do: a lost connection is retried with the same request_id.
                nonlocal retries
                for attempt in range(5):
                    try:
                        return await client.post_json(path, headers, body)
                    except WireError:
                        if attempt == 4:
                            raise
                        retries += 1
                raise AssertionError("unreachable")

            async def issue(client: WireClient, counters: Counters | None, k: int) -> None:
                started = time.perf_counter()
                body = {"service": "AB"[k % 2], "request_id": uuid.uuid4().hex}
                status, answer = await post(client, "/api/v1/tickets", kiosk_headers, body)
                if status != 200:
                    raise RuntimeError(f"{status} {answer}")
                if counters is not None:
                    counters.issued += 1
                    counters.issue_latencies_ms.append((time.perf_counter() - started) * 1000)

            backlog_clients = [await own_client() for _ in range(50)]

            async def backlog(n: int) -> None:
                for start in range(0, n, 50):
                    batch = range(start, min(n, start + 50))
                    await asyncio.gather(
                        *(issue(c, None, k) for c, k in zip(backlog_clients, batch, strict=False))
                    )

            queue_length = windows * 4  # no window starts idle

            async def top_up() -> None:
                # Each phase starts with the same queue, so that phases compare: see announce().
                await backlog(max(0, queue_length - waiting_tickets(url)))

            await top_up()
            next_step = dict.fromkeys((no for no, _ in tokens), 0)  # a window's cycle spans runs
            window_clients = {no: await own_client() for no, _ in tokens}
            kiosk_clients = [[await own_client() for _ in range(8)] for _ in range(kiosks)]

            async def measure(duration: float, paced: bool, stagger: bool = False) -> Phase:
                counters = Counters()
                started = time.perf_counter()
                started_at = time.monotonic()
                deadline = started + duration
                cpu0, server_cpu0 = time.process_time(), cpu_seconds(pids)
                db_pids = database_pids(url) if url.startswith("postgresql") else []
                db_cpu0, busy0 = cpu_seconds(db_pids), machine_busy_seconds()

                async def timed(client: WireClient, path: str, headers: dict[str, str]) -> Any:
                    t0 = time.perf_counter()
                    status, answer = await post(client, path, headers, {"request_id": uuid.uuid4().hex})
                    counters.latencies_ms.append((time.perf_counter() - t0) * 1000)
                    counters.answered_at.append(time.monotonic())
                    counters.window_actions += 1
                    if status != 200:
                        raise RuntimeError(f"{status} {answer}")
                    return answer

                async def window(no: str, token: str) -> None:
                    headers = {"Authorization": f"Bearer {token}"}
                    path = f"/api/v1/windows/{no}/actions/"
                    interval = windows / rate if paced else 0.0
                    first_delay = random.uniform(0, interval * (3 if stagger else 1))
                    next_at = time.perf_counter() + first_delay
                    steps = ("call_next", "start", "finish")
                    while True:
                        if paced:
                            # An action due after the deadline is not waited for: that wait would
                            # stretch the run and understate the rate achieved.
                            if next_at >= deadline:
                                return
                            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                            next_at += interval
                        if time.perf_counter() >= deadline:
                            return
                        action = steps[next_step[no]]
                        answer = await timed(window_clients[no], path + action, headers)
                        if action == "call_next" and answer["ticket"] is None:
                            await asyncio.sleep(0.05)  # nobody waiting: try again shortly
                            continue
                        next_step[no] = (next_step[no] + 1) % len(steps)

                async def kiosk(k: int) -> None:
                    # A third of the window actions are calls: issue about as many tickets. Paced
                    # kiosks do not wait for one answer before the next applicant (up to 8 at once,
                    # each on its own connection), so a slow server shows as latency, not as fewer
                    # tickets.
                    interval = kiosks / (rate / 3) if paced else 0.0
                    next_at = time.perf_counter() + random.uniform(0, interval)
                    idle: asyncio.Queue[WireClient] = asyncio.Queue()
                    for client in kiosk_clients[k][: 8 if paced else 1]:
                        idle.put_nowait(client)
                    pending: set[asyncio.Task[None]] = set()
                    i = k

                    async def one(n: int) -> None:
                        client = await idle.get()
                        try:
                            await issue(client, counters, n)
                        finally:
                            idle.put_nowait(client)

                    while True:
                        if paced:
                            if next_at >= deadline:
                                break
                            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                            next_at += interval
                        if time.perf_counter() >= deadline:
                            break
                        if paced:
                            task = asyncio.create_task(one(i))
                            pending.add(task)
                            task.add_done_callback(pending.discard)
                        else:
                            await one(i)
                        i += 1
                    await asyncio.gather(*pending)

                await asyncio.gather(*(window(no, t) for no, t in tokens), *(kiosk(k) for k in range(kiosks)))
                elapsed = time.perf_counter() - started
                return Phase(
                    counters.window_actions,
                    counters.issued,
                    elapsed,
                    counters.latencies_ms,
                    counters.issue_latencies_ms,
                    client_cpu=(time.process_time() - cpu0) / elapsed,
                    server_cpu=(cpu_seconds(pids) - server_cpu0) / elapsed,
                    load=os.getloadavg()[0],
                    # Backends that live through the phase (the servers' pooled connections).
                    database_cpu=(cpu_seconds(db_pids) - db_cpu0) / elapsed if db_pids else None,
                    machine_busy=(busy - busy0) / elapsed
                    if busy0 is not None and (busy := machine_busy_seconds()) is not None
                    else None,
                    started_at=started_at,
                    answered_at=counters.answered_at,
                )

            def announce(what: str) -> None:
                settled = settle_database(url)
                # A new ticket's place in line counts the waiting tickets of its queue: the
                # database's work per ticket grows with this number (a call-next reads only the
                # heads of the queues).
                waiting = waiting_tickets(url)
                sizes = table_sizes(url)
                print(
                    f"[{label}] measuring {seconds:.0f} s: {what}; {waiting} waiting {settled}"
                    + (f"; {sizes}" if sizes else ""),
                    flush=True,
                )

            # Warm-up. Its windows start at random points of their call → start → finish cycle, as
            # clerks do, and keep those points in the runs measured: started in step, every window
            # would call in the same third of a second, then start, then finish, in lockstep for ever.
            await measure(min(3.0, seconds / 3), paced=True, stagger=True)
            announce("windows and kiosks")
            alone = await measure(seconds, paced=True)

            ready: multiprocessing.Queue[int] = ctx.Queue()
            stop = ctx.Event()
            process = ctx.Process(
                target=follow, args=(server.base_url, display_tokens, ready, stop), daemon=True
            )
            process.start()
            try:
                held = ready.get(timeout=120)
                await top_up()
                announce(f"with {held} idle followers")
                with_followers = await measure(seconds, paced=True)
            finally:
                stop.set()
                process.join(timeout=40)
                if process.is_alive():
                    process.terminate()
            print(f"[{label}] followers held open during the second run: {held}; retried requests: {retries}")
            # The same load once more without them: the machine's speed drifts over minutes, and
            # the followers' run is compared with the runs before and after it together.
            await top_up()
            announce("windows and kiosks again, the followers gone")
            alone_after = await measure(seconds, paced=True)
            saturated = None
            if saturate:
                await backlog(windows * 4)
                announce("windows without pauses")
                saturated = await measure(seconds, paced=False)
    finally:
        server.stop()
        probe_stop.set()
        probe.join(timeout=10)
    samples = json.loads(probe_path.read_text()) if probe_path.exists() else []
    for phase in (alone, with_followers, alone_after, saturated):
        if phase is not None:
            phase.host_speed = host_speed([(at, cost) for at, cost in samples], phase)
    return Runs(alone, with_followers, alone_after, saturated)


@dataclass(frozen=True)
class Runs:
    alone: Phase
    with_followers: Phase
    alone_after: Phase  # the followers gone again
    saturated: Phase | None

    @property
    def without_followers(self) -> Phase:
        return pooled(self.alone, self.alone_after)

    @property
    def p99_ratio(self) -> float:
        reference = self.without_followers.pct(0.99)
        return self.with_followers.pct(0.99) / reference if reference else 0.0


def describe(phase: Phase) -> str:
    return (
        f"{phase.per_s:.0f} window actions/s (+{phase.issued / phase.seconds:.0f} tickets/s), "
        f"p50 {phase.pct(0.5):.1f} ms, p99 {phase.pct(0.99):.1f} ms, "
        f"issue p99 {phase.pct(0.99, phase.issue_latencies_ms):.1f} ms; "
        f"server CPU {phase.server_cpu:.2f} cores ({phase.cpu_ms_per_request:.1f} ms per request), "
        + (
            f"database CPU {phase.database_cpu:.2f} cores "
            f"({phase.ms_per_request(phase.database_cpu):.1f} ms per request), "
            if phase.database_cpu is not None
            else ""
        )
        + f"client CPU {phase.client_cpu:.2f}, "
        + (
            f"machine busy {phase.machine_busy:.2f} of {os.cpu_count()} cores, "
            if phase.machine_busy is not None
            else ""
        )
        + f"load {phase.load:.1f}"
    )


AIM_P99_MS = 100.0


def seconds_view(phase: Phase) -> str:
    """Whether the p99 was the whole run's or a few seconds' (and then whether the host ran slow
    in them): a p99 of 60 requests in 6,000 can come from a single second."""
    by_second = phase.per_second_p99()
    if not by_second:
        return ""
    worst = max(by_second, key=lambda second: by_second[second])
    over = sum(1 for p99 in by_second.values() if p99 > AIM_P99_MS)
    text = (
        f"slowest second p99 {by_second[worst]:.0f} ms (s {worst}), "
        f"{over} of {len(by_second)} s over {AIM_P99_MS:.0f} ms"
    )
    host = phase.host_speed
    if host is not None:
        text += (
            f"; host probe {host.median:.2f}x its best, slowest second {host.slowest:.2f}x "
            f"(s {host.slowest_second})"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one backend, 20 windows, short runs (< 1 min)")
    parser.add_argument("--windows", type=int)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--seconds", type=float)
    parser.add_argument(
        "--rate", type=float, help="window actions/s offered by all windows (default 3 per window)"
    )
    parser.add_argument("--workers", type=int, default=2, help="server processes on PostgreSQL")
    parser.add_argument(
        "--db-connections",
        type=int,
        help="request threads and connections per server process (default: the server's own)",
    )
    parser.add_argument("--saturate", action="store_true", help="also run with windows that never pause")
    parser.add_argument("--timeline", action="store_true", help="print every phase's p99 second by second")
    args = parser.parse_args(argv)
    windows = args.windows or (20 if args.quick else 100)
    seconds = args.seconds or (6.0 if args.quick else 20.0)
    rate = args.rate or 3.0 * windows  # a clerk's key press every ~0.3 s: call, start, finish
    pg = os.environ.get("HALLCLIENT_TEST_PG")
    backends = (["pg"] if pg else ["sqlite"]) if args.quick else (["sqlite", "pg"] if pg else ["sqlite"])
    results: list[tuple[str, Runs]] = []
    reference = reference_ms()
    print(
        f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        f"machine reference task: {reference:.0f} ms (lower is faster)"
    )
    with tempfile.TemporaryDirectory(prefix="queue-load-") as tmp, ExitStack() as stack:
        for backend in backends:
            home = Path(tmp) / backend
            home.mkdir()
            url = (
                sqlite_url(home / "bench.sqlite3")
                if backend == "sqlite"
                else stack.enter_context(fresh_pg_database(pg or ""))
            )
            workers = args.workers if backend == "pg" else 1
            runs = asyncio.run(
                run_backend(
                    backend,
                    url,
                    home,
                    windows=windows,
                    kiosks=args.kiosks,
                    followers=args.followers,
                    seconds=seconds,
                    rate=rate,
                    workers=workers,
                    saturate=args.saturate,
                    db_connections=args.db_connections or ServerConfig.request_threads,
                )
            )
            head = f"[{backend}] {windows} windows offering {rate:.0f} actions/s, {workers} server process"
            named = [
                (head, runs.alone),
                (f"[{backend}] with {args.followers} idle followers", runs.with_followers),
                (f"[{backend}] again, the followers gone", runs.alone_after),
            ]
            if runs.saturated is not None:
                named.append((f"[{backend}] windows without pauses (ceiling)", runs.saturated))
            for name, phase in named:
                print(f"{name}: {describe(phase)}")
                print(f"    {seconds_view(phase)}")
                if args.timeline:
                    by_second = phase.per_second_p99()
                    print("    p99 by second (ms):", " ".join(f"{p99:.0f}" for p99 in by_second.values()))
            print(
                f"[{backend}] p99 without followers (both runs) {runs.without_followers.pct(0.99):.1f} ms, "
                f"with followers {runs.with_followers.pct(0.99):.1f} ms: ratio {runs.p99_ratio:.2f}x"
            )
            results.append((backend, runs))
    if len(results) == 2:
        (_, sqlite_runs), (_, pg_runs) = results
        ratio = pg_runs.without_followers.per_s / sqlite_runs.without_followers.per_s
        print(f"PostgreSQL / SQLite throughput ratio: {ratio:.2f}")
    backend, runs = results[-1]
    alone, loaded, ratio = runs.without_followers, runs.with_followers, runs.p99_ratio
    print(
        f"backend={backend} windows={windows} offered_per_s={rate:.0f} followers={args.followers} "
        f"actions_per_s={alone.per_s:.0f} p50_ms={alone.pct(0.5):.1f} p99_ms={alone.pct(0.99):.1f} "
        f"p99_before_ms={runs.alone.pct(0.99):.1f} p99_after_ms={runs.alone_after.pct(0.99):.1f} "
        f"actions_per_s_with_followers={loaded.per_s:.0f} p99_with_followers_ms={loaded.pct(0.99):.1f} "
        f"p99_ratio={ratio:.2f} server_cpu_ms_per_request={alone.cpu_ms_per_request:.1f} "
        + (
            f"database_cpu_ms_per_request={alone.ms_per_request(alone.database_cpu):.1f} "
            if alone.database_cpu is not None
            else ""
        )
        + (f"machine_busy_cores={alone.machine_busy:.2f} " if alone.machine_busy is not None else "")
        + f"load_avg={os.getloadavg()[0]:.1f} reference_ms={reference:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
