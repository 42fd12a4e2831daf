"""Request cost: the server's own work per ticket and per window action, counted in instructions.

``queue_load.py`` measures what a hall sees — throughput and latency under load — but on a small
shared machine its figures move by tens of percent from one run to the next with whatever else
the host does, so a change that saves a fifth of the server's work can hide in the noise. This
benchmark counts instead: one server process runs under valgrind's callgrind, requests are sent
one at a time, and the instructions the process executed (every thread of it, its C libraries
included) are read for a known number of requests. The count does not depend on the machine's
load or clock, and repeats within a fraction of a percent, so two versions of the code compare
on any machine. It is not a time: database time, waits and the cost of contention under load
are outside it.

    python bench/request_cost.py              # PostgreSQL from HALLCLIENT_TEST_PG, else SQLite
    python bench/request_cost.py --quick      # 20 requests per measurement

Needs valgrind (Debian: ``apt-get install valgrind``). Prints, per kind, two measurements of
``--requests`` requests each; the last line names ``ticket_minstr=… action_minstr=…`` (millions
of instructions per request, the lower of the two).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from queue_load import make_halls, settle_database  # noqa: E402
from wire import WireClient  # noqa: E402

from tests.serverproc import (  # noqa: E402
    free_port,
    fresh_pg_database,
    hallclient_server,
    sqlite_url,
)


def _instructions(pid: int, out: Path, label: str) -> int:
    """Dump the running process's counters and read the dump's total (``summary:`` line)."""
    subprocess.run(["callgrind_control", "--dump=" + label, str(pid)], check=True, capture_output=True)
    dumps = sorted(out.parent.glob(out.name + ".*"), key=lambda p: p.stat().st_mtime)
    for line in dumps[-1].read_text(errors="replace").splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise RuntimeError(f"no summary in {dumps[-1]}")


def _zero(pid: int) -> None:
    subprocess.run(["callgrind_control", "--zero", str(pid)], check=True, capture_output=True)


@dataclass(frozen=True)
class Served:
    """The server under callgrind: where to reach it, its process, its dump file, its hall."""

    base_url: str
    pid: int
    out: Path
    database_url: str
    hall_code: str
    kiosk_token: str


async def _measure(served: Served, count: int) -> dict[str, float]:
    pid, out = served.pid, served.out
    async with WireClient(served.base_url, timeout=300) as http:
        username = f"{served.hall_code.lower()}_001"
        status, answer = await http.post_json(
            "/api/v1/auth/login", {}, {"username": username, "password": "bench-password", "window_no": "001"}
        )
        if status != 200:
            raise RuntimeError(f"login: {status} {answer}")
        clerk = {"Authorization": "Bearer " + answer["token"]}
        device = {"X-Device-Token": served.kiosk_token}

        async def ticket() -> None:
            status, body = await http.post_json(
                "/api/v1/tickets", device, {"service": "A", "request_id": uuid.uuid4().hex}
            )
            if status != 200:
                raise RuntimeError(f"ticket: {status} {body}")

        async def action(name: str) -> None:
            path = f"/api/v1/windows/001/actions/{name}"
            status, body = await http.post_json(path, clerk, {"request_id": uuid.uuid4().hex})
            if status != 200:
                raise RuntimeError(f"{name}: {status} {body}")

        async def cycle() -> None:
            for name in ("call_next", "start", "finish"):
                await action(name)

        # A queue as a busy morning has it (a few hundred waiting), warm caches and statements.
        for _ in range(300 + 2 * count):
            await ticket()
        for _ in range(10):
            await cycle()
        settle_database(served.database_url)
        best: dict[str, float] = {}
        kinds: list[tuple[str, Callable[[], Awaitable[None]], int]] = [
            ("ticket", ticket, count),
            ("action", cycle, 3 * (count // 3 or 1)),
        ]
        for round_no in (1, 2):
            for kind, send, requests in kinds:
                _zero(pid)
                for _ in range(requests if kind == "ticket" else requests // 3):
                    await send()
                per_request = _instructions(pid, out, f"{kind}{round_no}") / requests / 1e6
                best[kind] = min(best.get(kind, per_request), per_request)
                print(f"  {kind} (round {round_no}): {per_request:.3f} M instructions/request", flush=True)
        return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=60, help="requests per measurement (default 60)")
    parser.add_argument("--quick", action="store_true", help="20 requests per measurement")
    args = parser.parse_args()
    if args.quick:
        args.requests = 20
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("error: valgrind is not installed (Debian: apt-get install valgrind)")
    pg = os.environ.get("HALLCLIENT_TEST_PG", "")
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="request-cost-")))
        url = stack.enter_context(fresh_pg_database(pg)) if pg else sqlite_url(home / "server.sqlite3")
        backend = "pg" if pg else "sqlite"
        hallclient_server("init-demo", "--db", url, home=home)
        code, kiosk, _ = make_halls(url, 2)
        port = free_port()
        out = home / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=str(ROOT), HALLCLIENT_HOME=str(home))
        command = [sys.executable, "-m", "hallclient", "server", "run", "--port", str(port), "--db", url]
        log = stack.enter_context((home / "server.log").open("wb"))
        server = subprocess.Popen(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        stack.callback(server.wait)
        stack.callback(server.terminate)
        print(f"[{backend}] one server process under callgrind, requests one at a time", flush=True)
        served = Served(f"http://127.0.0.1:{port}", server.pid, out, url, code, kiosk)
        deadline = time.monotonic() + 600
        while True:
            try:
                best = asyncio.run(_measure(served, args.requests))
                break
            except (ConnectionError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(1)  # still starting: under valgrind that takes a minute
    figures = f"ticket_minstr={best['ticket']:.3f} action_minstr={best['action']:.3f}"
    print(f"backend={backend} requests={args.requests} {figures}")


if __name__ == "__main__":
    main()
