"""差评整改 on the manager's monitor, against a real server: the open 差评 with their stage and
deadline, a stage finished with a note, a step someone else took meanwhile, an unreachable server
(the note stays), and a monitor device that may only look."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hallclient.ui.monitor.app import MonitorParts, build_monitor
from hallclient.ui.monitor.rectify import NOTE_MAX_CHARS, RectificationDialog
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, free_port, login
from tests.ui.holding import held
from tests.ui.roles.test_monitor_role import bad_row, open_monitor

# Window 07 serves C and A: its A ticket is called by number, so no other test's queue moves.
WINDOW = "07"


def served_bad_rating(base_url: str) -> tuple[str, int]:
    """A ticket served at window 07 and rated 非常不满意: its number and the rating's id."""
    clerk = login(base_url, "clerk07", window_no=WINDOW)
    try:
        number = clerk.issue("A").json()["number"]
        ticket = clerk.act(WINDOW, "call", number=number).json()["ticket"]
        for action in ("start", "finish"):
            clerk.act(WINDOW, action).raise_for_status()
        reason = clerk.get("/api/v1/reasons").json()["bad_rating"][0]["code"]
        rating = clerk.post(
            "/api/v1/ratings",
            {
                "request_id": uuid.uuid4().hex,
                "ticket_id": ticket["id"],
                "window_no": WINDOW,
                "level": 1,
                "reasons": [reason],
                "comment": "等了很久没人理",
                "item_code": "SCJG-001",  # the case taken in during the contact
                "channel": "counter_pad",
                "rated_at": datetime.now(UTC).isoformat(),
            },
        )
        rating.raise_for_status()
        return number, int(rating.json()["id"])
    finally:
        clerk.session.close()


def select(parts: MonitorParts, number: str) -> None:
    table = parts.view.bad_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == number)
    table.selectRow(row)


def alerts(parts: MonitorParts) -> list[str]:
    view = parts.view
    return [view.alerts_list.item(i).text() for i in range(view.alerts_list.count())]


def server_stage(base_url: str, rating_id: int) -> dict[str, Any]:
    manager = login(base_url, "manager")
    try:
        listed = manager.get("/api/v1/rectifications", status="all").json()["rectifications"]
        return dict(next(r for r in listed if r["rating_id"] == rating_id))
    finally:
        manager.session.close()


def submit(qtbot: Any, dialog: RectificationDialog, note: str) -> None:
    dialog.note.setPlainText(note)
    assert dialog.advance_button.isEnabled()
    qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)


def dialog_closed(parts: MonitorParts) -> bool:
    """The dialog has closed (it is deleted then: only the controller's reference is asked)."""
    return parts.controller.rectification.rectification_dialog is None


def test_a_manager_moves_a_bad_rating_through_its_rectification(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    parts, client = open_monitor(qtbot, runner, server.base_url)
    try:
        number, rating_id = served_bad_rating(server.base_url)
        # The feed's rating_recorded event brings the server's list within a second.
        qtbot.waitUntil(lambda: bad_row(parts, number) is not None, timeout=5000)
        row = bad_row(parts, number)
        assert row is not None
        assert row[1] == "07 号" and row[3] == "个体工商户设立登记" and row[4] == "非常不满意"
        assert row[6] == "核实"
        assert row[7].endswith(" 前") or row[7] == "今天到期", row
        assert any(f"差评：07 号窗口 {number}（非常不满意），待核实" in a for a in alerts(parts))
        assert not parts.view.advance_button.isEnabled()  # nothing selected yet

        select(parts, number)
        assert parts.view.advance_button.isEnabled()
        dialog = parts.controller.open_rectification()
        assert dialog is not None
        assert dialog.advance_button.text() == "完成“核实”，转入“整改”"
        # Who served the applicant (window 07's clerk, 赵敏), as the server recorded it.
        # and what the case taken in was about.
        shown = [label.text() for label in dialog.findChildren(QLabel)]
        assert "赵敏" in shown and "个体工商户设立登记" in shown
        assert not dialog.advance_button.isEnabled()  # no note, nothing to send
        dialog.note.setPlainText("   ")
        assert not dialog.advance_button.isEnabled()
        dialog.note.setPlainText("字" * (NOTE_MAX_CHARS + 1))
        assert not dialog.advance_button.isEnabled()
        assert "最多" in dialog.message.text()
        submit(qtbot, dialog, "调取录像核实：窗口人员离岗 10 分钟")
        qtbot.waitUntil(lambda: dialog_closed(parts), timeout=5000)
        assert bad_row(parts, number) is not None and bad_row(parts, number)[6] == "整改"  # type: ignore[index]
        stored = server_stage(server.base_url, rating_id)
        assert stored["stage"] == "rectify"
        assert [(h["stage"], h["note"], h["by"]) for h in stored["history"]] == [
            ("verify", "调取录像核实：窗口人员离岗 10 分钟", "值班长郑红")
        ]
        # Past verification it is no longer an alert (it is not overdue).
        assert not any(number in a for a in alerts(parts))

        # The dialog is open on 整改 when another manager finishes that stage elsewhere.
        select(parts, number)
        dialog = parts.controller.open_rectification()
        assert dialog is not None
        assert "调取录像核实" in dialog.findChild(QLabel, "rectificationHistory").text()
        other = login(server.base_url, "admin")
        other.post(
            f"/api/v1/rectifications/{rating_id}/advance",
            {"request_id": uuid.uuid4().hex, "note": "已约谈并调整排班", "stage": "rectify"},
        ).raise_for_status()
        other.session.close()
        submit(qtbot, dialog, "已整改")
        qtbot.waitUntil(lambda: "反馈" in dialog.message.text(), timeout=5000)
        assert dialog.isVisible() and not dialog.advance_button.isEnabled()
        qtbot.waitUntil(lambda: (bad_row(parts, number) or [""] * 8)[6] == "反馈", timeout=5000)
        assert server_stage(server.base_url, rating_id)["history"][-1]["note"] == "已约谈并调整排班"
        dialog.reject()

        # The server cannot be reached: the note stays in the box and is sent again later.
        select(parts, number)
        dialog = parts.controller.open_rectification()
        assert dialog is not None
        assert dialog.advance_button.text() == "完成“反馈”，办结"
        reachable = client.base_url
        client.base_url = f"http://127.0.0.1:{free_port()}"
        submit(qtbot, dialog, "已电话回访，申请人认可")
        qtbot.waitUntil(lambda: "可再次提交" in dialog.message.text(), timeout=10000)
        assert dialog.isVisible()
        assert dialog.note.toPlainText() == "已电话回访，申请人认可"
        assert server_stage(server.base_url, rating_id)["stage"] == "feed_back"
        client.base_url = reachable
        qtbot.mouseClick(dialog.advance_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog_closed(parts), timeout=5000)
        closed = server_stage(server.base_url, rating_id)
        assert closed["stage"] == "closed" and closed["deadline"] is None
        assert closed["history"][-1]["note"] == "已电话回访，申请人认可"
        assert bad_row(parts, number) is None  # closed: off the open list
        assert parts.view.rectification_hint.text() == f"已推进：{number} → 办结"
    finally:
        parts.close()
        client.close()


def test_a_list_read_before_a_step_does_not_undo_it(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    """The net lane runs requests side by side: a re-read that the server answered before this
    monitor's step, but that arrives after it, must not put the old stage back on the screen."""
    parts, client = open_monitor(qtbot, runner, server.base_url)
    try:
        number, _ = served_bad_rating(server.base_url)
        qtbot.waitUntil(lambda: (bad_row(parts, number) or [""] * 8)[6] == "核实", timeout=5000)
        qtbot.waitUntil(lambda: not parts.controller.rectification._rectifications_pending, timeout=5000)

        real_read = client.rectifications
        answered, release = threading.Event(), threading.Event()

        def held_read(**kwargs: Any) -> Any:
            rows = real_read(**kwargs)
            answered.set()
            release.wait(10)
            return rows

        client.rectifications = held_read  # type: ignore[method-assign]
        parts.controller.rectification.refresh_rectifications()
        assert answered.wait(5)  # the server has answered with the stage still 核实
        client.rectifications = real_read  # type: ignore[method-assign]

        select(parts, number)
        dialog = parts.controller.open_rectification()
        assert dialog is not None
        submit(qtbot, dialog, "已核实")
        qtbot.waitUntil(lambda: dialog_closed(parts), timeout=5000)
        assert (bad_row(parts, number) or [""] * 8)[6] == "整改"

        release.set()  # the old answer arrives now; the monitor reads the list again instead
        qtbot.waitUntil(lambda: not parts.controller.rectification._rectifications_pending, timeout=5000)
        assert (bad_row(parts, number) or [""] * 8)[6] == "整改"
    finally:
        release.set()
        parts.close()
        client.close()


def test_a_failure_after_the_dialog_was_closed_is_shown_on_the_monitor_not_in_the_dialog(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    """The manager gives up waiting and closes the dialog; the step then fails (not a conflict):
    the closed dialog is left alone and the notice line under the list says the step was not taken."""
    parts, client = open_monitor(qtbot, runner, server.base_url)
    answered, release = threading.Event(), threading.Event()
    try:
        number, rating_id = served_bad_rating(server.base_url)
        qtbot.waitUntil(lambda: (bad_row(parts, number) or [""] * 8)[6] == "核实", timeout=5000)
        select(parts, number)
        dialog = parts.controller.open_rectification()
        assert dialog is not None

        real_advance = client.advance_rectification
        client.advance_rectification = held(real_advance, answered, release)  # type: ignore[method-assign]
        reachable = client.base_url
        client.base_url = f"http://127.0.0.1:{free_port()}"
        submit(qtbot, dialog, "调取录像核实")
        assert answered.wait(10)  # refused: the failure is on its way
        client.base_url = reachable
        client.advance_rectification = real_advance  # type: ignore[method-assign]
        assert dialog.message.text() == "正在提交…"
        dialog.reject()
        assert parts.controller.rectification.rectification_dialog is None

        hint = parts.view.rectification_hint
        # Closed, the dialog is deleted: a write to it now would raise in the failure's callback,
        # which pytest-qt reports as an error in the event loop.
        qtbot.waitUntil(lambda: not parts.view.findChildren(RectificationDialog), timeout=5000)
        release.set()
        qtbot.waitUntil(lambda: "未能推进" in hint.text(), timeout=5000)
        assert hint.text().startswith(f"未能推进：{number}。无法连接服务器"), hint.text()
        assert server_stage(server.base_url, rating_id)["stage"] == "verify"
    finally:
        release.set()
        parts.close()
        client.close()


def test_no_dialog_is_kept_after_it_closes(qtbot: Any, server: ServerProcess, runner: TaskRunner) -> None:
    """A dialog per step, all day long: each is deleted once closed, cancelled or done."""
    parts, client = open_monitor(qtbot, runner, server.base_url)
    try:
        number, _ = served_bad_rating(server.base_url)
        qtbot.waitUntil(lambda: (bad_row(parts, number) or [""] * 8)[6] == "核实", timeout=5000)
        for _ in range(3):
            select(parts, number)
            dialog = parts.controller.open_rectification()
            assert dialog is not None and dialog.isVisible()
            dialog.reject()
        select(parts, number)
        dialog = parts.controller.open_rectification()
        assert dialog is not None
        submit(qtbot, dialog, "已核实")
        qtbot.waitUntil(lambda: dialog_closed(parts), timeout=5000)
        assert (bad_row(parts, number) or [""] * 8)[6] == "整改"
        qtbot.waitUntil(lambda: not parts.view.findChildren(RectificationDialog), timeout=5000)
        select(parts, number)
        assert parts.controller.open_rectification() is not None  # the next step has one of its own
        assert len(parts.view.findChildren(RectificationDialog)) == 1
    finally:
        parts.close()
        client.close()


def test_a_monitor_device_shows_rectifications_but_cannot_advance(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any
) -> None:
    number, _ = served_bad_rating(server.base_url)
    client = device_client("monitor")
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    try:
        qtbot.waitUntil(lambda: bad_row(parts, number) is not None, timeout=10000)
        assert not parts.view.advance_button.isVisible()
        # The row can come from the feed before the server's rectification list has been read.
        hint = parts.view.rectification_hint
        qtbot.waitUntil(lambda: hint.text() != "正在读取整改进度…", timeout=5000)
        assert hint.text() == "以管理员账号登录后可推进整改。"
        select(parts, number)
        assert parts.controller.open_rectification() is None
    finally:
        parts.close()
