"""The monitor's read of the hall layout fails after ``hall_configured`` (the server answers 503
while its database restarts): it is read again shortly, not left stale until the next reconnect.
A refusal is not retried: signing in again is the screen's to do. Each test has a hall of its
own, changed with ``apply-hall`` on the real server; only the failing answer is the test's."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hallclient.domain.errors import AuthError, HallError, SyncError
from hallclient.queue.client import ServerClient
from hallclient.queue.models import HallInfo
from hallclient.ui.controllers.hall_reader import resume_after_sign_in
from hallclient.ui.monitor import controller as monitor_controller
from hallclient.ui.monitor.app import MonitorParts, build_monitor
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.tasks import TaskRunner
from tests.server.test_hall_setup import EXAMPLE
from tests.serverproc import ServerProcess
from tests.ui.counterkit import PASSWORD
from tests.ui.roles.test_hall_configured import HALL_NAME, _apply, _new_hall, _user

RETRY_MS = 300  # the monitor's pause before a retry, short for the test


def _unavailable() -> SyncError:
    # What ServerClient raises for the server's 503 (its database unavailable).
    return SyncError("服务器数据库暂时不可用，请稍后重试。", code="server_error", status=503)


class FailingHall:
    """``client.hall`` with its next calls made to fail: each armed error is raised by one call
    (after ``release``, when held), then the real read runs again."""

    def __init__(self, client: ServerClient) -> None:
        self.real: Callable[[], HallInfo] = client.hall
        self.errors: list[HallError] = []
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        client.hall = self  # type: ignore[method-assign]

    def __call__(self) -> HallInfo:
        self.calls += 1
        if self.errors:
            error = self.errors.pop(0)
            self.started.set()
            self.release.wait(10)
            raise error
        return self.real()


@pytest.fixture
def monitor(
    qtbot: Any,
    server: ServerProcess,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[MonitorParts, FailingHall, str]]:
    """A running monitor of a hall of its own, its name shown; its hall reads may be made to fail."""
    monkeypatch.setattr(monitor_controller, "HALL_RETRY_MS", RETRY_MS)
    code = _new_hall(server, tmp_path)
    client = ServerClient(server.base_url)
    sign_in_manager(client, _user(server, tmp_path, code, "zhiban", "manager"), PASSWORD)
    hall = FailingHall(client)
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区政务服务中心 · 大厅监控", timeout=10000)
    yield parts, hall, code
    hall.release.set()
    parts.close()
    client.close()


def _rename(server: ServerProcess, tmp_path: Path, code: str, name: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(HALL_NAME, f'name = "{name}"')
    _apply(server, tmp_path, code, text)


def test_a_hall_read_answered_503_after_hall_configured_is_read_again(
    qtbot: Any,
    server: ServerProcess,
    tmp_path: Path,
    monitor: tuple[MonitorParts, FailingHall, str],
) -> None:
    parts, hall, code = monitor
    hall.errors.append(_unavailable())
    _rename(server, tmp_path, code, "鼓楼区市民中心")
    # The feed stays online throughout: no reconnect reads the layout again.
    qtbot.waitUntil(hall.started.is_set, timeout=10000)
    qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区市民中心 · 大厅监控", timeout=10000)
    assert parts.controller.monitor.online


def test_a_change_announced_while_a_read_fails_is_not_dropped(
    qtbot: Any,
    server: ServerProcess,
    tmp_path: Path,
    monitor: tuple[MonitorParts, FailingHall, str],
) -> None:
    parts, hall, code = monitor
    hall.errors.append(_unavailable())
    hall.release.clear()
    parts.controller.hall_reader.read()  # e.g. after a reconnect: held on the worker, then fails
    assert hall.started.wait(5)
    calls = hall.calls
    announced: list[bool] = []
    parts.controller.monitor.events_received.connect(lambda batch: announced.append(batch.hall_configured))
    _rename(server, tmp_path, code, "鼓楼区市民中心")
    # The announcement arrives while that read is out: it waits for it, not a read of its own.
    qtbot.waitUntil(lambda: any(announced), timeout=10000)
    assert hall.calls == calls  # one read at a time
    hall.release.set()
    qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区市民中心 · 大厅监控", timeout=10000)


def test_a_refused_hall_read_is_not_retried(
    qtbot: Any,
    server: ServerProcess,
    tmp_path: Path,
    monitor: tuple[MonitorParts, FailingHall, str],
) -> None:
    parts, hall, _code = monitor
    hall.errors.append(AuthError("没有权限或登录已失效", status=401))
    calls = hall.calls
    with qtbot.waitSignal(parts.controller.hall_reader.failed, timeout=5000):
        parts.controller.hall_reader.read()
    qtbot.wait(RETRY_MS * 4)  # a retry, were there one, would have run by now
    assert hall.calls == calls + 1
    assert parts.view.hall_name.text() == "鼓楼区政务服务中心 · 大厅监控"


def test_signing_in_again_after_a_refusal_reads_the_layout_changed_meanwhile(
    qtbot: Any,
    server: ServerProcess,
    tmp_path: Path,
    monitor: tuple[MonitorParts, FailingHall, str],
) -> None:
    parts, hall, code = monitor
    parts.controller.monitor.stop()  # the token lapsed: the feed is stopped while signed out
    hall.errors.append(AuthError("没有权限或登录已失效", status=401))
    with qtbot.waitSignal(parts.controller.hall_reader.failed, timeout=5000):
        parts.controller.hall_reader.read()
    _rename(server, tmp_path, code, "鼓楼区市民中心")  # announced while nobody follows the feed
    resume_after_sign_in(parts.controller.monitor, parts.controller.hall_reader)
    qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区市民中心 · 大厅监控", timeout=10000)
    assert parts.controller.monitor.online


def test_a_busy_gateways_retry_after_is_waited_out_before_reading_again(
    qtbot: Any, monitor: tuple[MonitorParts, FailingHall, str]
) -> None:
    """A gateway's 429 asks every screen of the hall to wait: on the reader's own short beat they
    would keep its limit tripped. The read comes again once Retry-After has passed, not before."""
    parts, hall, _code = monitor
    # What ServerClient raises for a gateway's 429 with ``Retry-After: 2``.
    hall.errors.append(SyncError("服务器繁忙，请稍后再试", code="server_busy", status=429, retry_after=2))
    with qtbot.waitSignal(parts.controller.hall_reader.failed, timeout=5000):
        parts.controller.hall_reader.read()
    calls = hall.calls
    qtbot.wait(RETRY_MS * 4)  # the reader's own pause, four times over: still waiting
    assert hall.calls == calls
    with qtbot.waitSignal(parts.controller.hall_reader.loaded, timeout=10000):
        pass
    assert hall.calls == calls + 1
