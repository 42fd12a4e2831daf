"""The kiosk when things go wrong: a lost answer behind a gateway, a scanner, an error left up."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from hallclient.domain.errors import SyncError
from hallclient.ui.kiosk import controller as kiosk_controller
from hallclient.ui.kiosk.view import Page
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess
from tests.ui.roles.rolekit import waiting
from tests.ui.roles.test_kiosk_role import open_kiosk


def test_a_gateway_error_after_the_ticket_was_issued_gives_the_same_ticket_on_the_next_touch(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    """Behind a load balancer a 502/504 can come back for a request the server carried out. The
    applicant touches again: the server must be asked with the same request, so that it answers
    with the ticket it issued, not a second one nobody will come for."""
    client = device_client("kiosk")
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    real_issue = client.issue_ticket
    lost: list[Any] = []

    def gateway_lost_the_answer(**kwargs: Any) -> Any:
        lost.append(real_issue(**kwargs))
        raise SyncError("服务器内部错误 (504)", code="server_error", status=504)

    button = parts.view.service_buttons["D"]
    try:
        before = waiting(server.base_url, "D")
        client.issue_ticket = gateway_lost_the_answer  # type: ignore[method-assign]
        button.click()
        qtbot.waitUntil(lambda: len(lost) == 1 and parts.controller.issuing is None, timeout=10000)
        assert parts.view.current_page() is Page.SERVICES
        assert waiting(server.base_url, "D") == before + 1

        client.issue_ticket = real_issue  # type: ignore[method-assign]
        qtbot.waitUntil(button.isEnabled, timeout=5000)
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as issued:
            button.click()
        assert issued.args[0].number == lost[0].number
        assert parts.view.ticket_number.text() == lost[0].number
        assert waiting(server.base_url, "D") == before + 1
    finally:
        client.issue_ticket = real_issue  # type: ignore[method-assign]
        parts.close()


def test_a_scanned_appointment_code_reaches_the_code_field(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    """A scanner is a keyboard: it types the code and presses Enter into whatever has the focus.
    On the code page that must be the code field, without the applicant touching it first."""
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), tmp_path / "tickets")
    try:
        parts.view.activateWindow()
        qtbot.waitActive(parts.view)
        parts.view.appointment_button.click()
        assert parts.view.current_page() is Page.APPOINTMENT
        window = parts.view.windowHandle()
        for ch in "BK-20260915":
            QTest.keyClick(window, ch)
        QTest.keyClick(window, Qt.Key.Key_Return)
        assert parts.view.current_page() is Page.SERVICES
        assert "BK-20260915" in parts.view.mode_banner.text()
    finally:
        parts.close()


def test_an_error_and_a_half_done_choice_do_not_wait_for_the_next_applicant(  # noqa: PLR0917 (pytest fixtures)
    qtbot: Any,
    monkeypatch: Any,
    server: ServerProcess,
    runner: TaskRunner,
    device_client: Any,
    tmp_path: Path,
) -> None:
    """An applicant chose 绿色通道, the request failed, and they walked away. The red error and the
    green-channel choice go after the idle time, as any half-done choice does; the next applicant
    does not get a priority ticket by the previous one's choice."""
    monkeypatch.setattr(kiosk_controller, "IDLE_RESET_MS", 400)
    client = device_client("kiosk")
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    real_issue = client.issue_ticket

    def slow_then_failed(**kwargs: Any) -> Any:
        time.sleep(0.6)  # the idle time runs out while the request is out
        raise SyncError("服务器内部错误 (503)", code="server_error", status=503)

    try:
        client.issue_ticket = slow_then_failed  # type: ignore[method-assign]
        parts.view.green_button.click()
        parts.view.service_buttons["D"].click()
        qtbot.waitUntil(lambda: parts.controller.issuing is None, timeout=10000)
        assert "稍后再试" in parts.view.message.text()
        qtbot.waitUntil(lambda: parts.view.message.text() == "", timeout=3000)
        assert not parts.view.green_button.isChecked()
    finally:
        client.issue_ticket = real_issue  # type: ignore[method-assign]
        parts.close()
