"""The task runner: results arrive on the GUI thread, lanes behave as documented, shutdown is clean."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread

from hallclient.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = TaskRunner(net_workers=3)
    yield r
    r.shutdown()


def test_result_is_delivered_on_gui_thread(qtbot, runner):  # type: ignore[no-untyped-def]
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(a: int, b: int) -> int:
        seen["worker"] = threading.current_thread().name
        return a + b

    def done(value: int) -> None:
        seen["value"] = value
        seen["on_gui"] = QThread.currentThread() is gui_thread

    runner.submit("net", work, 2, 3, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen["value"] == 5
    assert seen["on_gui"] is True
    assert str(seen["worker"]).startswith("hall-net-")


def test_error_goes_to_on_error(qtbot, runner):  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad input")

    runner.submit("db", boom, on_done=lambda _v: pytest.fail("must not succeed"), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)


def test_db_lane_is_one_thread_in_order(qtbot, runner):  # type: ignore[no-untyped-def]
    names: set[str] = set()
    order: list[int] = []
    active = [0]
    overlap = [False]

    def job(i: int) -> int:
        active[0] += 1
        if active[0] > 1:
            overlap[0] = True
        names.add(threading.current_thread().name)
        time.sleep(0.005)
        active[0] -= 1
        return i

    for i in range(20):
        runner.submit("db", job, i, on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=5000)
    assert order == list(range(20))
    assert names == {"hall-db-0"}
    assert not overlap[0]


def test_net_lane_runs_in_parallel(qtbot, runner):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(3, timeout=3)
    done: list[int] = []
    for i in range(3):
        runner.submit("net", lambda i=i: (barrier.wait(), i)[1], on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 3, timeout=5000)
    assert sorted(done) == [0, 1, 2]


def test_cancelled_result_is_dropped(qtbot, runner):  # type: ignore[no-untyped-def]
    got: list[int] = []
    gate = threading.Event()
    handle = runner.submit("net", lambda: (gate.wait(3), 1)[1], on_done=got.append)
    handle.cancel()
    gate.set()
    assert handle.finished.wait(3)
    qtbot.wait(50)
    assert got == []


def test_shutdown_drains_db_lane_and_does_not_wait_for_long_net_calls(qtbot):  # type: ignore[no-untyped-def]
    runner = TaskRunner(net_workers=1)
    written: list[int] = []
    runner.submit("net", time.sleep, 30)  # a long-poll that will not return in time
    for i in range(5):
        runner.submit("db", lambda i=i: (time.sleep(0.01), written.append(i)))
    started = time.monotonic()
    runner.shutdown(net_timeout_s=0.3)
    assert written == [0, 1, 2, 3, 4]
    assert time.monotonic() - started < 5
    with pytest.raises(RuntimeError):
        runner.submit("db", print)
