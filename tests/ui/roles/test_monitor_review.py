"""The manager's monitor as a duty manager uses it through a day: a status line that tells the truth
after a lapsed sign-in or a reconnect, a figure that is not shown before it is known, lists that
keep their place, and a screen that fits 1366×768 with long service names and long notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from hallclient.queue.client import ServerClient
from hallclient.queue.models import HallSnapshot, ServiceWaiting
from hallclient.ui.controllers.hall_reader import resume_after_sign_in
from hallclient.ui.monitor.app import build_monitor
from hallclient.ui.monitor.controller import MonitorController
from hallclient.ui.monitor.figures import BadRating, Level
from hallclient.ui.monitor.rectify import RectificationDialog, RectificationSummary
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.monitor.view import AlertLine, MonitorWindow
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess
from tests.ui.roles.test_monitor_day_figures import MORNING, FakeServer, Feed, issued, ticket_event

ONLINE = "● 在线"


@pytest.fixture
def hall(qtbot: Any, runner: TaskRunner) -> Iterator[tuple[MonitorController, FakeServer, Feed]]:
    server = FakeServer([issued(1), issued(2), issued(3)])
    view = MonitorWindow()
    qtbot.addWidget(view)
    controller = MonitorController(
        view=view,
        runner=runner,
        client=server,  # type: ignore[arg-type]
        clock=lambda: MORNING + timedelta(hours=1),
    )
    controller.monitor.refresh_snapshot = lambda **_kw: None  # type: ignore[method-assign]
    yield controller, server, Feed(controller, server)
    server.hold.set()
    controller.shutdown()


def connection_text(controller: MonitorController) -> str:
    return str(controller.view.connection_label.text())


# -- the status line ------------------------------------------------------------------------------


def test_the_status_line_says_online_again_once_a_lapsed_sign_in_is_renewed(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    """The manager's token is refused (the status line turns red); the monitor signs in again and
    follows the hall once more. The line must stop saying the sign-in has lapsed: the connection
    never went offline, so nothing else would ever put it right."""
    client = ServerClient(server.base_url)
    sign_in_manager(client, "manager", "demo1234")
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=1.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    controller = parts.controller
    lost: list[str] = []
    controller.monitor.auth_lost.connect(lost.append)
    controller.start()
    try:
        qtbot.waitUntil(lambda: connection_text(controller) == ONLINE, timeout=10000)
        client.set_token("expired-token")
        qtbot.waitUntil(lambda: bool(lost), timeout=10000)
        assert connection_text(controller).startswith("● 登录已失效")
        sign_in_manager(client, "manager", "demo1234")
        resume_after_sign_in(controller.monitor, controller.hall_reader)
        qtbot.waitUntil(lambda: connection_text(controller) == ONLINE, timeout=10000)
    finally:
        parts.close()
        client.close()


def test_a_reconnect_says_online_only_once_the_hall_is_read_again(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """Between the server answering again and the hall being re-read, the tables still show what
    was there before the outage: the status line must keep saying so until the new read is in."""
    controller, _server, feed = hall
    feed.online()
    assert connection_text(controller) == ONLINE
    feed.offline()
    offline_text = connection_text(controller)
    controller.monitor.online_changed.emit(True)  # the probe answered; the snapshot is still out
    assert connection_text(controller) == offline_text
    feed.snapshot(resume=True)
    assert connection_text(controller) == ONLINE


# -- today's figures ------------------------------------------------------------------------------


def test_the_average_wait_is_not_shown_before_the_days_history_is_read(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """While the day's history is still being read, the live feed alone would give an average of
    the few tickets it has seen: the card waits, as the other day figures do."""
    controller, server, feed = hall
    server.hold.clear()  # the day's read is slow
    feed.online()
    issued_live = issued(4)
    called = ticket_event(10, "ticket_called", 4)
    feed.live(issued_live, called)
    assert not controller.history_loaded
    assert controller.view.cards["average_wait"].value.text() == "…"
    server.hold.set()
    qtbot.waitUntil(lambda: controller.history_loaded, timeout=5000)
    assert controller.view.cards["average_wait"].value.text() == "6 分钟"


# -- lists that keep their place --------------------------------------------------------------------


def test_the_alert_list_keeps_its_scroll_position_when_it_is_refreshed(qtbot: Any) -> None:
    """The alerts are drawn again every few seconds; a manager reading down a long list must not be
    sent back to the top each time."""
    view = MonitorWindow()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    lines = [AlertLine(f"差评：{n:02d} 号窗口 A{n:03d}，待核实", Level.ALERT) for n in range(60)]
    view.set_alerts(lines, "")
    bar = view.alerts_list.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(bar.maximum())
    scrolled = bar.value()
    view.set_alerts(lines, "")
    assert bar.value() == scrolled


def test_the_feeds_bad_ratings_are_not_shown_selected_when_nobody_selected_one(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """Until the server's 差评 list is read, the table shows today's 差评 from the feed; nobody has
    picked one, so no row may look picked."""
    controller, _server, _feed = hall
    bad = [
        BadRating(seq=s, at=MORNING, window_no="06", level=1, reasons=(), ticket_number=f"C00{s}", case_no="")
        for s in (2, 1)
    ]
    controller.rectification.render(bad)
    assert controller.view.bad_table.rowCount() == 2
    assert controller.view.bad_table.selectionModel().selectedRows() == []


# -- 1366×768 ---------------------------------------------------------------------------------------

LONG_SERVICE = "不动产登记（转移、抵押、变更及注销登记）"


def test_long_service_names_are_readable_at_1366x768(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """A county hall's services have long names; the queue table must give the name the room the
    one-letter prefix and the counts do not need, and say the whole name on hover."""
    controller, server, _feed = hall
    view = controller.view
    view.resize(1366, 768)
    view.show()
    services = (
        ServiceWaiting(code="A", prefix="A", name="综合受理", waiting=2, oldest_wait_s=300),
        ServiceWaiting(code="B", prefix="B", name=LONG_SERVICE, waiting=4, oldest_wait_s=4500),
    )
    snapshot = HallSnapshot(
        seq=server.seq, server_time=MORNING + timedelta(hours=1), services=services, windows=(), suspended=()
    )
    controller.monitor.snapshot_loaded.emit(snapshot)
    qtbot.wait(50)
    table = view.services_table
    name = table.item(1, 0)
    assert name is not None
    assert name.text() == LONG_SERVICE
    assert name.toolTip() == LONG_SERVICE
    needed = table.fontMetrics().horizontalAdvance(LONG_SERVICE)
    assert table.columnWidth(0) > needed, (table.columnWidth(0), needed)


def test_long_alerts_wrap_instead_of_running_off_the_list_at_1366x768(qtbot: Any) -> None:
    view = MonitorWindow()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    text = f"{LONG_SERVICE}：23 人等候，最久已等 1 小时 15 分"
    view.set_alerts([AlertLine(text, Level.ALERT), AlertLine(text + "，" + text, Level.WARN)], "")
    qtbot.wait(50)
    assert view.alerts_list.horizontalScrollBar().maximum() == 0
    viewport = view.alerts_list.viewport().width()
    for row in range(view.alerts_list.count()):
        item = view.alerts_list.item(row)
        assert view.alerts_list.visualItemRect(item).width() <= viewport


def test_a_long_rectification_history_can_be_read_and_the_dialog_fits_1366x768(qtbot: Any) -> None:
    """Two stages finished with notes of the full 2,000 characters: every word of them can be read,
    and the note box and buttons stay on a 768-pixel-high screen."""
    note = ("经调取窗口录像并询问当事工作人员，" * 120)[:2000]
    summary = RectificationSummary(
        title="05 号窗口 · E001",
        clerk="陈静",
        item="",
        rating="非常不满意 · 服务态度差",
        comment="等了很久，态度也不好",
        rated_at="2026-11-24 13:59",
        stage="反馈（11-25 前）",
        history=[f"核实 → 整改：{note}（郑红，11-24 14:00）", f"整改 → 反馈：{note}（郑红，11-24 15:00）"],
        advance_label="完成“反馈”，办结",
    )
    dialog = RectificationDialog(summary)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.sizeHint().height() <= 700, dialog.sizeHint()
    dialog.resize(dialog.sizeHint())
    qtbot.wait(50)
    history = dialog.findChild(QLabel, "rectificationHistory")
    assert history is not None
    assert history.height() >= history.heightForWidth(history.width()), "the history is cut off"
    for widget in (dialog.note, dialog.advance_button):
        assert widget.isVisible()
        assert dialog.rect().contains(widget.mapTo(dialog, widget.rect().center()))
