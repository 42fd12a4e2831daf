"""The clerk's counter screen at a busy window, against a real server: a window another PC took
over, the transfer dialog's choices, and long service names at 1366×768."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from hallclient.domain.queue import TicketState
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.models import ServiceInfo
from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
from hallclient.ui.views.actions import CounterAction
from hallclient.ui.views.queue_dialogs import TransferDialog
from tests.ui.counterkit import PASSWORD, issue, kiosk, open_counter, wait_seconds

WINDOW_ACTIONS = (
    CounterAction.CALL_NEXT,
    CounterAction.RECALL,
    CounterAction.START,
    CounterAction.FINISH,
    CounterAction.NO_SHOW,
    CounterAction.TRANSFER,
    CounterAction.SUSPEND,
    CounterAction.PAUSE,
    CounterAction.CALL_TICKET,
)


def _signed_in(base_url: str, username: str, window_no: str) -> ServerClient:
    client = ServerClient(base_url)
    client.login(username=username, password=PASSWORD, window_no=window_no)
    return client


def _display_name(client: ServerClient, window_no: str) -> str:
    window = client.snapshot().window(window_no)
    assert window is not None and window.clerk
    return window.clerk


def test_a_window_another_clerk_signed_in_to_is_no_longer_worked_from_this_screen(
    qtbot: Any, server: Any, tmp_path: Path
) -> None:
    """Another PC signs in to this window (a spare PC, a typo in the window number): this screen
    must not go on showing that clerk's applicant as its own, with keys that the server refuses,
    but say what happened and ask for a sign-in."""
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    other = _signed_in(server.base_url, "clerk08", "04")
    try:
        issue(feeder, "B")
        request_id = queue_service.new_request_id()
        called = queue_service.call_next(client=other, window_no="04", request_id=request_id)
        assert called.ticket is not None
        qtbot.waitUntil(lambda: bool(asked), timeout=8000)
        actions = counter.view.counter_actions
        assert not any(actions[name].isEnabled() for name in WINDOW_ACTIONS)
        # the other clerk's applicant is not this screen's to serve (nor to link a case to)
        assert counter.controller.current_ticket is None
        assert counter.shown_number() != called.ticket.number
        shown = counter.view.queue_panel.ticket_service.text()
        assert "04" in shown and _display_name(feeder, "04") in shown
        assert feeder.ticket(called.ticket.id).state == TicketState.CALLED
    finally:
        counter.close()
        other.close()
        feeder.close()


def test_a_window_its_clerk_left_for_another_one_stops_calling_here(
    qtbot: Any, server: Any, tmp_path: Path
) -> None:
    """The same clerk signs in at another window on another PC: this window is closed on the server
    (nobody signed in), so F1 here could only be refused."""
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk06", window_no="06")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    elsewhere = _signed_in(server.base_url, "clerk06", "09")
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=8000)
        assert not counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
        assert not counter.view.counter_actions[CounterAction.PAUSE].isEnabled()
    finally:
        counter.close()
        elsewhere.close()


def test_transfer_offers_only_windows_someone_is_signed_in_to(
    qtbot: Any, server: Any, tmp_path: Path
) -> None:
    """A ticket sent to a window nobody is signed in to waits for a counter that is closed."""
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk10", window_no="10")
    open_window = _signed_in(server.base_url, "clerk12", "12")
    offered: list[list[tuple[str, str]]] = []

    def transfer(**kwargs: Any) -> None:
        offered.append(kwargs["windows"])

    counter.prompts.transfer = transfer  # type: ignore[method-assign]
    try:
        issue(feeder, "E")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.TRANSFER].isEnabled, timeout=5000)
        qtbot.waitUntil(lambda: counter.controller._hall is not None, timeout=5000)
        snapshot = feeder.snapshot()
        qtbot.waitUntil(
            lambda: (w := counter.controller._snapshot.window("12")) is not None and w.clerk is not None,
            timeout=5000,
        )
        counter.press(CounterAction.TRANSFER)
        assert offered
        numbers = [no for no, _name in offered[0]]
        assert "12" in numbers
        closed = {w.no for w in snapshot.windows if w.clerk is None}
        assert closed, "the demo hall has windows nobody signed in to"
        assert not closed & set(numbers)
    finally:
        counter.close()
        open_window.close()
        feeder.close()


def test_transfer_dialog_cannot_choose_a_window_when_there_is_none(qtbot: Any) -> None:
    dialog = TransferDialog(ticket_number="A001", services=[("A", "综合受理")], windows=[])
    qtbot.addWidget(dialog)
    assert not dialog.to_window.isEnabled()
    dialog.to_window.setChecked(True)
    assert dialog.target() == ("A", None)


def test_a_long_service_name_fits_a_1366_screen(qtbot: Any, server: Any, tmp_path: Path) -> None:
    """Service names in a hall can be a line long (不动产登记…); the current-ticket panel must
    wrap it, not widen the window past the screen or squeeze the waiting list."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    # as the app starts: Chinese in the shipped font, as wide as it is on a clerk's PC
    apply_application_font(app, register_cjk_fonts())
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk02", window_no="02")
    try:
        counter.view.resize(1366, 768)
        qtbot.waitUntil(lambda: counter.controller._hall is not None, timeout=5000)
        hall = counter.controller._hall
        long_name = "不动产登记（抵押权首次登记、变更登记、注销登记及预告登记）与契税缴纳一窗受理"
        services = tuple(replace(s, name=long_name) if s.code == "A" else s for s in hall.services)
        assert any(isinstance(s, ServiceInfo) and s.name == long_name for s in services)
        counter.controller._on_hall_loaded(replace(hall, services=services))
        issue(feeder, "A")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        wait_seconds(qtbot, 0.3)
        assert long_name in counter.view.queue_panel.ticket_service.text()
        assert counter.view.minimumSizeHint().width() <= 1000
        right = counter.view.queue_panel.waiting_table
        assert right.width() >= 400
    finally:
        counter.close()
        feeder.close()
        app.setFont(before)


def test_a_transfer_that_did_not_go_through_keeps_the_clerks_choice_and_note(
    qtbot: Any, server: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The network drops as the clerk confirms a transfer; the counter says to press again once
    it is back. The dialog then opens as the clerk left it (target, note), so the press is that
    same request, not a blank form to fill in again from memory."""
    from PySide6.QtCore import QTimer

    from hallclient.domain.errors import OfflineError
    from hallclient.ui.controllers.prompts import CounterPrompts

    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk11", window_no="11")
    counter.controller.prompts = CounterPrompts(counter.view)  # the real dialog
    sent: list[tuple[str, Any, Any, str]] = []

    def unanswered_transfer(**fields: Any) -> None:
        sent.append((fields["request_id"], fields["to_service"], fields["to_window"], fields["note"]))
        raise OfflineError("连接已断开")

    seen: list[tuple[str, str]] = []

    def answer(fill: bool) -> None:
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, TransferDialog) and w.isVisible()
        )
        seen.append((dialog.note.text(), str(dialog.service_box.currentData())))
        if fill:
            dialog.service_box.setCurrentIndex(dialog.service_box.findData("B"))
            dialog.note.setText("缺户口本原件，已告知申请人")
        dialog.accept()

    try:
        issue(feeder, "E")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.TRANSFER].isEnabled, timeout=5000)
        monkeypatch.setattr(queue_service, "transfer", unanswered_transfer)
        QTimer.singleShot(200, lambda: answer(True))
        counter.press(CounterAction.TRANSFER)
        qtbot.waitUntil(lambda: len(sent) == 1 and counter.controller.actions.busy is None, timeout=5000)
        monkeypatch.undo()
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.TRANSFER].isEnabled, timeout=10000)
        QTimer.singleShot(200, lambda: answer(False))
        counter.press(CounterAction.TRANSFER)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        assert seen[1] == ("缺户口本原件，已告知申请人", "B")
    finally:
        counter.close()
        feeder.close()
