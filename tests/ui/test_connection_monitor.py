"""The connection monitor against a real server, with one request held or refused at the worst
moment: the event feed must come back after a reconnect whatever was in flight, and a refused
request must not start a second feed loop (every event would then arrive twice)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from hallclient.domain.errors import HallError
from hallclient.queue.client import ServerClient
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, login
from tests.ui.holding import held


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner(net_workers=3)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def watched(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> Iterator[tuple[ConnectionMonitor, ServerClient, list[int]]]:
    """A started monitor whose feed is running, and the seqs of every event it delivered."""
    client = ServerClient(server.base_url)
    sign_in_manager(client, "manager", "demo1234")
    monitor = ConnectionMonitor(runner=runner, client=client, poll_timeout_s=1.0)
    seqs: list[int] = []
    monitor.events_received.connect(lambda batch: seqs.extend(e.seq for e in batch.events))
    with qtbot.waitSignal(monitor.snapshot_loaded, timeout=10000):
        monitor.start(online=True)
    yield monitor, client, seqs
    monitor.stop()
    client.close()


def issue_one(base_url: str) -> None:
    clerk = login(base_url, "clerk01", window_no="01")
    try:
        clerk.issue("A").raise_for_status()
    finally:
        clerk.session.close()


def test_the_feed_resumes_after_a_reconnect_while_an_older_snapshot_read_was_in_flight(
    qtbot: Any, server: ServerProcess, watched: tuple[ConnectionMonitor, ServerClient, list[int]]
) -> None:
    monitor, client, seqs = watched
    real_snapshot = client.snapshot
    answered, release = threading.Event(), threading.Event()
    client.snapshot = held(real_snapshot, answered, release)  # type: ignore[method-assign]
    try:
        monitor.refresh_snapshot()  # e.g. a debounced re-read after a burst of events
        assert answered.wait(5)
        client.snapshot = real_snapshot  # type: ignore[method-assign]
        # An action could not reach the server: offline; the probe answers at once and asks for
        # a snapshot to resume the feed from, while the older read is still in flight.
        monitor.report_offline("test")
        qtbot.waitUntil(lambda: monitor.online, timeout=5000)
    finally:
        release.set()  # the older read arrives now, from before the reconnect: dropped as stale
    with qtbot.waitSignal(monitor.snapshot_loaded, timeout=5000):
        pass  # the resume's own read
    before = len(seqs)
    issue_one(server.base_url)
    qtbot.waitUntil(lambda: len(seqs) > before, timeout=5000)  # the feed runs again


def test_a_refused_snapshot_read_is_retried_without_starting_a_second_feed_loop(
    qtbot: Any, server: ServerProcess, watched: tuple[ConnectionMonitor, ServerClient, list[int]]
) -> None:
    monitor, client, seqs = watched
    real_snapshot = client.snapshot

    def refused() -> Any:
        client.snapshot = real_snapshot  # type: ignore[method-assign]
        raise HallError("服务器暂时无法处理请求（503），请稍后再试。")

    client.snapshot = refused  # type: ignore[method-assign]
    with qtbot.waitSignal(monitor.snapshot_loaded, timeout=5000):
        monitor.refresh_snapshot()  # refused once, then read again a second later
    qtbot.wait(1500)  # a second poll loop, if one were started, would be running by now
    start = len(seqs)
    for _ in range(3):
        issue_one(server.base_url)
    qtbot.waitUntil(lambda: len(seqs) >= start + 3, timeout=5000)
    qtbot.wait(1500)  # time for any copy to arrive
    delivered = seqs[start:]
    assert len(delivered) == len(set(delivered)), delivered  # each event once (a sign-in makes one too)
