"""Many windows calling "next" at once while kiosks issue tickets.

On PostgreSQL the windows talk to TWO server processes on one database; every ticket must be
served at most once, none skipped, numbers gap-free, and a follower of the second process must
see every event exactly once, in order.
"""

from __future__ import annotations

import collections
import threading
import time
from pathlib import Path

import pytest

from tests.server.conftest import HallFixture, create_hall
from tests.serverproc import ApiClient, ServerProcess, fresh_pg_database, init_demo, start_server

WINDOWS = {f"{i:02d}": (["A", "B"] if i % 2 else ["B", "A"]) for i in range(1, 23)}  # 22 windows
KIOSKS = 3
TICKETS_PER_KIOSK = 40


def run_hall_load(hall: HallFixture, base_urls: list[str]) -> None:
    kiosk_done = threading.Event()
    issued: list[dict] = []
    called: list[tuple[str, int]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def kiosk(k: int) -> None:
        client = ApiClient(base_urls[k % len(base_urls)], device_token=hall.kiosk_token)
        for i in range(TICKETS_PER_KIOSK):
            response = client.issue("AB"[(k + i) % 2])
            with lock:
                if response.status_code == 200:
                    issued.append(response.json())
                else:
                    errors.append(f"kiosk {response.status_code} {response.text}")

    def window(no: str, index: int) -> None:
        from tests.serverproc import login

        client = login(base_urls[index % len(base_urls)], hall.user(f"clerk{no}"), window_no=no)
        while True:
            done_before = kiosk_done.is_set()
            response = client.act(no, "call_next")
            if response.status_code != 200:
                with lock:
                    errors.append(f"window {no} {response.status_code} {response.text}")
                return
            ticket = response.json()["ticket"]
            if ticket is None:
                if done_before:
                    return  # the kiosks had finished before this empty answer: the queue is drained
                time.sleep(0.05)
                continue
            with lock:
                called.append((no, ticket["id"]))
            finish = client.act(no, "no_show")
            if finish.status_code != 200:
                with lock:
                    errors.append(f"window {no} no_show {finish.status_code} {finish.text}")
                return

    threads = [threading.Thread(target=window, args=(no, i)) for i, no in enumerate(WINDOWS)]
    kiosks = [threading.Thread(target=kiosk, args=(k,)) for k in range(KIOSKS)]
    for t in threads + kiosks:
        t.start()
    for t in kiosks:
        t.join(timeout=240)
    kiosk_done.set()
    for t in threads:
        t.join(timeout=240)

    assert errors == []
    assert len(issued) == KIOSKS * TICKETS_PER_KIOSK
    called_ids = [ticket_id for _, ticket_id in called]
    duplicates = [i for i, n in collections.Counter(called_ids).items() if n > 1]
    assert duplicates == [], "a ticket was called by two windows"
    assert set(called_ids) == {t["id"] for t in issued}, "a ticket was skipped"
    by_service: dict[str, list[int]] = collections.defaultdict(list)
    for ticket in issued:
        by_service[ticket["service"]].append(int(ticket["number"][1:]))
    for numbers in by_service.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), "numbers have a gap or a repeat"
    assert len({w for w, _ in called}) > 1


def follow_all(base_url: str, token: str, stop: threading.Event, seen: list[int]) -> None:
    client = ApiClient(base_url, device_token=token)
    since = 0
    while True:
        finished = stop.is_set()
        page = client.get("/api/v1/events", since=since, timeout=1).json()
        seen.extend(e["seq"] for e in page["events"])
        since = page["last_seq"]
        if finished and not page["events"]:
            return


@pytest.mark.slow
def test_windows_and_kiosks_on_one_server(server: ServerProcess, password_hash: str) -> None:
    hall = create_hall(server.database_url, server.base_url, password_hash, windows=WINDOWS)
    run_hall_load(hall, [server.base_url])


@pytest.mark.pg
@pytest.mark.slow
def test_two_server_processes_on_one_postgresql(
    pg_admin_url: str, tmp_path: Path, password_hash: str
) -> None:
    with fresh_pg_database(pg_admin_url) as url:
        init_demo(url, home=tmp_path / "a")
        first = start_server(url, home=tmp_path / "a")
        second = start_server(url, home=tmp_path / "b")
        try:
            hall = create_hall(url, first.base_url, password_hash, windows=WINDOWS)
            stop = threading.Event()
            seen: list[int] = []
            follower = threading.Thread(
                target=follow_all, args=(second.base_url, hall.display_token, stop, seen)
            )
            follower.start()
            run_hall_load(hall, [first.base_url, second.base_url])
            time.sleep(0.5)  # the second process's poll interval is 0.2 s
            stop.set()
            follower.join(timeout=60)
            last = (
                ApiClient(first.base_url, device_token=hall.display_token)
                .get("/api/v1/hall/snapshot")
                .json()["seq"]
            )
            assert seen == list(range(1, last + 1))
        finally:
            first.stop()
            second.stop()
