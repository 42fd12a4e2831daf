"""F2 (重呼) and the hall's recall limit, against a real server (the demo hall allows 3): at the
limit the key goes grey and says why, instead of the clerk learning it from the server's refusal;
a server that does not tell the limit leaves F2 to the server as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.ui.views.actions import CounterAction
from tests.busygateway import BusyGateway
from tests.serverproc import ServerProcess
from tests.ui.counterkit import Counter, issue, kiosk, open_counter

DEMO_RECALL_LIMIT = 3


def _call_and_recall(qtbot: Any, counter: Counter, service: str, times: int) -> None:
    feeder = kiosk(counter.client.base_url)
    try:
        issue(feeder, service)
    finally:
        feeder.close()
    qtbot.waitUntil(counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled, timeout=5000)
    counter.press(CounterAction.CALL_NEXT)
    qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
    for n in range(1, times + 1):
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        counter.press(CounterAction.RECALL)
        qtbot.waitUntil(
            lambda n=n: (
                counter.controller.current_ticket is not None
                and counter.controller.current_ticket.recall_count == n
            ),
            timeout=5000,
        )
    qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)


def test_f2_goes_grey_at_the_halls_recall_limit_and_says_why(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk07", window_no="07")
    recall = counter.view.counter_actions[CounterAction.RECALL]
    normal_tip = recall.toolTip()
    try:
        qtbot.waitUntil(lambda: counter.controller._hall is not None, timeout=5000)
        _call_and_recall(qtbot, counter, "C", DEMO_RECALL_LIMIT - 1)
        assert recall.isEnabled() and recall.toolTip() == normal_tip
        counter.press(CounterAction.RECALL)
        qtbot.waitUntil(
            lambda: counter.controller.current_ticket.recall_count == DEMO_RECALL_LIMIT, timeout=5000
        )
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert not recall.isEnabled()
        reason = f"已达重呼次数上限（{DEMO_RECALL_LIMIT} 次）"
        assert reason in recall.toolTip() and reason in recall.statusTip()
        assert reason in counter.view.queue_panel.buttons[CounterAction.RECALL].toolTip()
        assert "已达上限" in counter.view.queue_panel.ticket_details.text()
        # the rest of the ticket's keys are untouched
        assert counter.view.counter_actions[CounterAction.START].isEnabled()
        assert counter.view.counter_actions[CounterAction.NO_SHOW].isEnabled()

        counter.press(CounterAction.START)  # the applicant came after all
        qtbot.waitUntil(lambda: counter.controller.current_ticket.state == "serving", timeout=5000)
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        counter.controller.rating.end_contact()
        _call_and_recall(qtbot, counter, "C", 0)  # the next applicant: F2 as before
        assert recall.isEnabled() and recall.toolTip() == normal_tip
    finally:
        counter.close()


def test_a_server_that_does_not_tell_the_limit_leaves_f2_to_the_server(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    gateway.strip("/api/v1/hall", None, "recall_limit")
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk09", window_no="09")
    recall = counter.view.counter_actions[CounterAction.RECALL]
    try:
        qtbot.waitUntil(lambda: counter.controller._hall is not None, timeout=5000)
        _call_and_recall(qtbot, counter, "D", DEMO_RECALL_LIMIT)
        assert recall.isEnabled()
        counter.press(CounterAction.RECALL)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert "上限" in counter.view.notice.text()  # the server's refusal
    finally:
        counter.close()
