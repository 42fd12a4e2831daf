"""The counter's queue panel against a real server: actions, live counts, concurrency."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from hallclient.domain.queue import TicketState, WindowState
from hallclient.ui.views.actions import CounterAction
from tests.ui.counterkit import issue, kiosk, open_counter


def test_call_recall_start_finish(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk03", window_no="03")
    try:
        issue(feeder, "B")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        ticket = counter.controller.current_ticket
        assert counter.shown_number() == ticket.number
        assert ticket.state == TicketState.CALLED
        # the server agrees: this window is calling that ticket
        assert counter.client.snapshot().window("03").current_ticket.id == ticket.id

        counter.press(CounterAction.RECALL)
        qtbot.waitUntil(lambda: counter.controller.current_ticket.recall_count == 1, timeout=5000)
        assert "重呼 1 次" in counter.view.queue_panel.ticket_details.text()

        counter.press(CounterAction.START)
        qtbot.waitUntil(lambda: counter.controller.current_ticket.state == TicketState.SERVING, timeout=5000)
        assert not counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()

        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        assert counter.client.ticket(ticket.id).state == TicketState.DONE
        # It opens once the case taken in for the ticket (if any) has been looked up on the db lane.
        qtbot.waitUntil(counter.parts.rating.prompt.isVisible, timeout=5000)
    finally:
        counter.close()
        feeder.close()


def test_waiting_counts_follow_the_event_feed(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk12", window_no="12")
    try:
        panel = counter.view.queue_panel
        before = panel.waiting_counts().get("F", 0)
        issue(feeder, "F", 3)
        qtbot.waitUntil(lambda: panel.waiting_counts().get("F") == before + 3, timeout=8000)
        # a service this window does not serve is not listed
        assert "A" not in panel.waiting_counts()
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: panel.waiting_counts().get("F") == before + 2, timeout=8000)
    finally:
        counter.close()
        feeder.close()


def test_two_counters_calling_at_once_never_share_a_ticket(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    first = open_counter(qtbot, server.base_url, tmp_path, username="clerk01", window_no="01")
    second = open_counter(qtbot, server.base_url, tmp_path, username="clerk02", window_no="02")
    served: list[tuple[str, int]] = []
    try:
        issue(feeder, "A", 8)
        for _ in range(3):
            # both presses are in flight together on two runners' net lanes
            first.press(CounterAction.CALL_NEXT)
            second.press(CounterAction.CALL_NEXT)
            qtbot.waitUntil(
                lambda: (
                    first.controller.current_ticket is not None
                    and second.controller.current_ticket is not None
                ),
                timeout=8000,
            )
            a, b = first.controller.current_ticket, second.controller.current_ticket
            served += [("01", a.id), ("02", b.id)]
            assert a.id != b.id
            for counter in (first, second):
                counter.press(CounterAction.NO_SHOW)  # confirmed by the scripted prompts
            qtbot.waitUntil(
                lambda: first.controller.current_ticket is None and second.controller.current_ticket is None,
                timeout=8000,
            )
        ids = [ticket_id for _, ticket_id in served]
        assert len(ids) == len(set(ids)) == 6
        for window_no, ticket_id in served:
            ticket = feeder.ticket(ticket_id)
            assert ticket.window_no == window_no and ticket.state == TicketState.NO_SHOW
    finally:
        first.close()
        second.close()
        feeder.close()


def test_no_show_asks_first_and_a_no_keeps_the_ticket(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk10", window_no="10")
    try:
        issue(feeder, "E")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        ticket = counter.controller.current_ticket
        counter.prompts.confirm_answer = False
        counter.press(CounterAction.NO_SHOW)
        qtbot.wait(300)
        assert counter.prompts.asked == ["confirm:过号"]
        assert counter.client.ticket(ticket.id).state == TicketState.CALLED

        counter.prompts.transfer_answer = ("C", None, "需社保窗口核对", True)
        counter.press(CounterAction.TRANSFER)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        assert counter.client.ticket(ticket.id).state == TicketState.TRANSFERRED
    finally:
        counter.close()
        feeder.close()


def test_pause_with_reason_then_resume_service(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk08", window_no="08")
    try:
        counter.prompts.pause_answer = "meal"
        counter.press(CounterAction.PAUSE)
        qtbot.waitUntil(lambda: counter.controller.window_status.state == WindowState.PAUSED, timeout=5000)
        assert "用餐" in counter.view.queue_panel.window_state.text()
        assert not counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
        assert counter.client.snapshot().window("08").pause_reason == "meal"
        counter.press(CounterAction.PAUSE)
        qtbot.waitUntil(lambda: counter.controller.window_status.state == WindowState.IDLE, timeout=5000)
        assert counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
    finally:
        counter.close()


def test_suspend_then_resume_from_the_list(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk06", window_no="06")
    try:
        issue(feeder, "C")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        ticket = counter.controller.current_ticket
        counter.press(CounterAction.SUSPEND)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        panel = counter.view.queue_panel
        qtbot.waitUntil(lambda: panel.selected_suspended() == ticket.id, timeout=8000)
        counter.press(CounterAction.RESUME)
        qtbot.waitUntil(lambda: counter.client.ticket(ticket.id).state != TicketState.SUSPENDED, timeout=5000)
        qtbot.waitUntil(
            lambda: panel.suspended_list.count() == 0 or panel.selected_suspended() != ticket.id, timeout=8000
        )
    finally:
        counter.close()
        feeder.close()


def test_function_keys_reach_the_actions(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk09", window_no="09")
    try:
        view = counter.view
        keys = {action: view.counter_actions[action].shortcut().toString() for action in CounterAction}
        assert keys[CounterAction.CALL_NEXT] == "F1" and keys[CounterAction.FINISH] == "F4"
        assert len(set(keys.values())) == len(keys)
        # every button shows its key
        for action, button in view.queue_panel.buttons.items():
            assert keys[action] in button.text()
        counter.press(CounterAction.HELP)
        assert counter.prompts.asked == ["shortcuts"]
    finally:
        counter.close()


def test_f9_calls_a_ticket_by_its_number_and_says_why_it_cannot(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    view = counter.view

    def call(typed: str) -> None:
        counter.prompts.ticket_answer = (typed, "")
        counter.press(CounterAction.CALL_TICKET)

    def notice_says(words: str) -> bool:
        return view.notice.isVisible() and words in view.notice.text()

    try:
        first, second = issue(feeder, "B", 2)
        # typed as on paper, short and in lower case: "b7" for B007
        call(f"{second.number[0].lower()}{int(second.number[1:])}")
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        assert counter.controller.current_ticket.id == second.id
        assert counter.shown_number() == second.number
        assert counter.client.ticket(first.id).state == TicketState.WAITING  # skipped, still waiting

        counter.press(CounterAction.NO_SHOW)  # confirmed by the scripted prompt
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        qtbot.waitUntil(view.counter_actions[CounterAction.CALL_TICKET].isEnabled, timeout=5000)

        # not waiting any more: the server names the ticket's state, nothing changes
        call(second.number)
        qtbot.waitUntil(lambda: notice_says(f"{second.number} 号当前为“已过号”"), timeout=5000)
        assert counter.controller.current_ticket is None
        assert counter.client.ticket(second.id).state == TicketState.NO_SHOW

        # never issued today
        qtbot.waitUntil(view.counter_actions[CounterAction.CALL_TICKET].isEnabled, timeout=5000)
        call("B998")
        qtbot.waitUntil(lambda: notice_says("今天没有 B998 号"), timeout=5000)
        assert counter.controller.current_ticket is None

        # not a number at all: refused before anything is sent
        call("不是号码")
        qtbot.waitUntil(lambda: notice_says("格式"), timeout=5000)
        assert counter.controller.current_ticket is None
        assert counter.client.ticket(first.id).state == TicketState.WAITING
    finally:
        counter.close()
        feeder.close()


def test_starting_the_next_ticket_ends_the_last_applicants_prompt(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    # A prompt left open is closed when the next applicant is served: a tap on it now would most
    # likely be the next applicant's, and would rate the last contact.
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    try:
        issue(feeder, "B")
        issue(feeder, "B")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        first = counter.controller.current_ticket
        counter.press(CounterAction.START)
        qtbot.waitUntil(lambda: counter.controller.current_ticket.state == TicketState.SERVING, timeout=5000)
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(counter.parts.rating.prompt.isVisible, timeout=5000)

        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(
            lambda: (
                counter.controller.current_ticket is not None
                and counter.controller.current_ticket.id != first.id
            ),
            timeout=5000,
        )
        assert counter.parts.rating.prompt.isVisible()  # calling alone leaves time to rate
        counter.press(CounterAction.START)
        qtbot.waitUntil(lambda: not counter.parts.rating.prompt.isVisible(), timeout=5000)

        def stored() -> list[tuple[str, int | None]]:
            with counter.store.session(readonly=True) as session:
                rows = session.execute(text("SELECT ticket_number, level FROM ratings")).all()
            return [(number, level) for number, level in rows]

        qtbot.waitUntil(lambda: stored() != [], timeout=5000)  # saved on the db lane
        assert stored() == [(first.number, None)]  # not rated: nothing invented
    finally:
        counter.close()
        feeder.close()
