"""The ticket kiosk against a real server: one touch, one ticket, one printed PDF."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt

from hallclient.domain.errors import AuthError
from hallclient.printing import DocumentType, TicketData, render_document
from hallclient.queue.client import ServerClient
from hallclient.ui.kiosk.app import KioskParts, build_kiosk
from hallclient.ui.kiosk.printer import PdfFolderPrinter, QtTicketPrinter, print_error
from hallclient.ui.kiosk.view import Page
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, demo_server, login
from tests.ui.holding import held
from tests.ui.roles.rolekit import register_device, waiting


def open_kiosk(qtbot: Any, runner: TaskRunner, client: ServerClient, folder: Path) -> KioskParts:
    parts = build_kiosk(runner=runner, client=client, printer=PdfFolderPrinter(folder), poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.resize(1080, 1400)
    parts.view.show()
    parts.controller.start()
    qtbot.waitUntil(
        lambda: "D" in parts.view.service_buttons and parts.view.service_buttons["D"].isEnabled(),
        timeout=10000,
    )
    return parts


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_double_tap_issues_one_ticket_and_prints_it(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "tickets"
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), folder)
    try:
        before = waiting(server.base_url, "D")
        issued: list[Any] = []
        parts.controller.ticket_issued.connect(issued.append)
        button = parts.view.service_buttons["D"]
        assert "公积金" in button.text()
        with qtbot.waitSignal(parts.controller.ticket_printed, timeout=10000) as printed:
            qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # and a third impatient touch
        assert len(issued) == 1
        ticket = issued[0]
        assert waiting(server.base_url, "D") == before + 1
        assert parts.view.current_page() is Page.TICKET
        assert parts.view.ticket_number.text() == ticket.number
        assert parts.view.ticket_ahead.text() == f"您前面还有 {before} 人等候"
        assert "08" in parts.view.ticket_hint.text() and "09" in parts.view.ticket_hint.text()

        path = Path(printed.args[0])
        assert path.parent == folder and path.suffix == ".pdf"
        text = pdf_text(path)
        assert ticket.number in text
        assert "公积金" in text
        assert list(folder.glob("*.pdf")) == [path]

        parts.view.done_button.click()
        assert parts.view.current_page() is Page.SERVICES
        # The next applicant's touch is a new ticket.
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as second:
            qtbot.mouseClick(parts.view.service_buttons["D"], Qt.MouseButton.LeftButton)
        assert second.args[0].number != ticket.number
        assert waiting(server.base_url, "D") == before + 2
    finally:
        parts.close()


@pytest.mark.parametrize("first_prints", [True, False], ids=["first-printed", "first-failed"])
def test_a_late_print_result_does_not_overwrite_the_next_tickets_status(  # noqa: PLR0917 (pytest fixtures)
    qtbot: Any,
    caplog: Any,
    server: ServerProcess,
    runner: TaskRunner,
    device_client: Any,
    tmp_path: Path,
    first_prints: bool,
) -> None:
    """Two applicants within one print's time: the first ticket's print answers while the second
    ticket is on screen and waiting for the printer; the screen keeps saying the second is
    printing. (Tickets print one at a time: the second print starts after the first.)"""
    folder = tmp_path / "tickets"
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), folder)
    printer = parts.controller.printer
    real_print = printer.print_pdf

    def jammed(pdf: bytes, *, name: str) -> str:
        raise print_error("卡纸")

    first_started, first_release = threading.Event(), threading.Event()
    second_started, second_release = threading.Event(), threading.Event()
    status = parts.view.print_status
    try:
        printer.print_pdf = held(real_print if first_prints else jammed, first_started, first_release)  # type: ignore[method-assign]
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as first:
            qtbot.mouseClick(parts.view.service_buttons["D"], Qt.MouseButton.LeftButton)
        assert first_started.wait(5)
        printer.print_pdf = held(real_print, second_started, second_release)  # type: ignore[method-assign]

        parts.view.done_button.click()
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as second:
            qtbot.mouseClick(parts.view.service_buttons["D"], Qt.MouseButton.LeftButton)
        assert parts.view.ticket_number.text() == second.args[0].number != first.args[0].number
        assert status.text() == "正在打印号票…"

        if first_prints:
            with qtbot.waitSignal(parts.controller.ticket_printed, timeout=5000) as printed:
                first_release.set()
            assert first.args[0].number in Path(printed.args[0]).name  # still reported to listeners
        else:
            with caplog.at_level(logging.ERROR, logger="hallclient.ui.kiosk"):
                first_release.set()
                qtbot.waitUntil(lambda: "not printed" in caplog.text, timeout=5000)
        assert second_started.wait(5)
        assert status.text() == "正在打印号票…"
        if not first_prints:
            assert first.args[0].number in caplog.text  # the lost print is still on record

        with qtbot.waitSignal(parts.controller.ticket_printed, timeout=5000) as printed:
            second_release.set()
        assert second.args[0].number in Path(printed.args[0]).name
        assert status.text() == "请取走号票，留意叫号屏幕和语音提示。"
    finally:
        first_release.set()
        second_release.set()
        parts.close()


def test_a_printer_that_hangs_does_not_stop_the_kiosk_issuing(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    """A driver that blocks (printer out of paper or offline) holds its prints, not the network:
    applicants still get their numbers on screen, and the prints come out in order afterwards."""
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), tmp_path / "tickets")
    release = threading.Event()
    printed: list[str] = []

    def hanging(pdf: bytes, *, name: str) -> str:
        release.wait(30)
        printed.append(name)
        return name

    parts.controller.printer.print_pdf = hanging  # type: ignore[method-assign]
    try:
        numbers = []
        for _ in range(4):
            qtbot.waitUntil(parts.view.service_buttons["D"].isEnabled, timeout=5000)
            with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as issued:
                qtbot.mouseClick(parts.view.service_buttons["D"], Qt.MouseButton.LeftButton)
            numbers.append(issued.args[0].number)
            assert parts.view.ticket_number.text() == numbers[-1]
            parts.view.done_button.click()
        assert len(set(numbers)) == 4
        release.set()
        qtbot.waitUntil(lambda: len(printed) == 4, timeout=10000)
        assert [name.rsplit("-", 1)[1] for name in printed] == numbers
    finally:
        release.set()
        parts.close()


def test_green_channel_and_appointment_check_in(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), tmp_path / "tickets")
    manager = login(server.base_url, "manager")
    try:
        parts.view.green_button.click()
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as green:
            parts.view.service_buttons["D"].click()
        assert green.args[0].green_channel is True
        assert not parts.view.green_button.isChecked()  # the choice was for that applicant only
        parts.view.done_button.click()

        parts.view.appointment_button.click()
        assert parts.view.current_page() is Page.APPOINTMENT
        for key in "12":
            parts.view.key_buttons[key].click()
        parts.view.appointment_next.click()
        assert parts.view.current_page() is Page.APPOINTMENT  # too short: said so, nothing issued
        assert "4 到 32 位" in parts.view.message.text()
        for key in "3456":
            parts.view.key_buttons[key].click()
        parts.view.key_buttons["back"].click()
        parts.view.appointment_next.click()
        assert parts.view.current_page() is Page.SERVICES
        assert "12345" in parts.view.mode_banner.text()
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as booked:
            parts.view.service_buttons["D"].click()
        stored = manager.get(f"/api/v1/tickets/{booked.args[0].id}").json()
        assert stored["source"] == "appointment"
        assert not parts.view.mode_banner.isVisible()
    finally:
        manager.session.close()
        parts.close()


def test_offline_kiosk_says_so_and_does_not_issue(qtbot: Any, tmp_path: Path, runner: TaskRunner) -> None:
    with demo_server(tmp_path) as own:
        client = ServerClient(own.base_url, device_token=register_device(own.base_url, "kiosk"))
        parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
        try:
            own.stop()
            qtbot.waitUntil(parts.view.offline_banner.isVisible, timeout=15000)
            assert "无法取号" in parts.view.offline_banner.text()
            assert not parts.view.service_buttons["D"].isEnabled()
            parts.view.service_buttons["D"].click()  # disabled: nothing happens, nothing is sent
            assert parts.controller.issuing is None
            assert list((tmp_path / "tickets").glob("*.pdf")) == []
        finally:
            parts.close()
            client.close()


def test_a_display_device_may_not_issue(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    parts = open_kiosk(qtbot, runner, device_client("display"), tmp_path / "tickets")
    try:
        parts.view.service_buttons["D"].click()
        qtbot.waitUntil(lambda: parts.view.message.text() != "正在取号，请稍候…", timeout=5000)
        assert "不能取号" in parts.view.message.text()
        assert parts.view.current_page() is Page.SERVICES
    finally:
        parts.close()


def test_a_kiosk_refused_on_issuing_stays_disabled_until_it_signs_in_again(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    """A revoked token can still read for a few seconds (the server's sign-in cache) but never
    write: the snapshots that keep arriving must not turn the buttons back on under the red
    banner. Only a credential the server has not refused does."""
    client = device_client("kiosk")
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    button = parts.view.service_buttons["D"]
    real_issue = client.issue_ticket

    def refused(**_kw: Any) -> Any:
        raise AuthError("设备未登记或已停用。", status=401)

    def reread() -> None:
        with qtbot.waitSignal(parts.controller.monitor.snapshot_loaded, timeout=10000):
            parts.controller.monitor.refresh_snapshot()

    try:
        client.issue_ticket = refused  # type: ignore[method-assign]
        button.click()
        qtbot.waitUntil(lambda: parts.controller.issuing is None, timeout=5000)
        assert "未获授权" in parts.view.offline_banner.text()
        assert not button.isEnabled()
        reread()  # the same token, still answered from the cache
        assert not button.isEnabled()
        assert "未获授权" in parts.view.offline_banner.text()

        client.issue_ticket = real_issue  # type: ignore[method-assign]
        client.device_token = register_device(server.base_url, "kiosk")  # registered anew
        reread()
        assert button.isEnabled()
        assert not parts.view.offline_banner.isVisible()
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000):
            button.click()
    finally:
        parts.close()


def test_qt_printing_path_draws_the_ticket(qtbot: Any, tmp_path: Path) -> None:
    ticket = render_document(
        DocumentType.TICKET,
        TicketData(
            hall_name="示范县政务服务中心",
            service_name="公积金",
            number="D007",
            people_ahead=2,
            issued_at=datetime.now().astimezone(),
            status_url="http://127.0.0.1/t/x",
        ),
    )
    out = tmp_path / "printed.pdf"
    QtTicketPrinter(output_file=out).print_pdf(ticket.pdf, name="D007")
    reader = pypdf.PdfReader(out)
    source = pypdf.PdfReader(__import__("io").BytesIO(ticket.pdf))
    assert len(reader.pages) == len(source.pages) == 1
    assert abs(float(reader.pages[0].mediabox.width) - float(source.pages[0].mediabox.width)) < 2
    assert "/XObject" in reader.pages[0]["/Resources"]  # the rasterised ticket is on the page
