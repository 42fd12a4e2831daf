"""A window action whose answer leaves open whether the server did it (a gateway's 502 after
forwarding the request), against a real server behind a loopback gateway: pressing the key again
sends the same request_id and gets the server's first answer, so nothing is done twice. A refusal
(4xx) stays final: the key pressed again is a new request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hallclient.domain.queue import TicketState
from hallclient.ui.controllers import window_actions
from hallclient.ui.views.actions import CounterAction
from tests.busygateway import BusyGateway
from tests.serverproc import ServerProcess
from tests.ui.counterkit import issue, kiosk, open_counter

API = "/api/v1"


def _bad_gateway(gateway: BusyGateway, method: str, path: str, *, times: int | None = None) -> None:
    """The gateway answers 502; a POST reaches the server first (the gateway gave up waiting)."""
    gateway.busy(
        method,
        path,
        status=502,
        body=b"Bad Gateway",
        content_type="text/plain",
        forward=method == "POST",
        times=times,
    )


def _request_ids(gateway: BusyGateway, path: str) -> list[str]:
    return [json.loads(body)["request_id"] for where, body in gateway.bodies if where == f"POST {path}"]


def _serving(qtbot: Any, counter: Any, feeder: Any, service: str) -> Any:
    """A new ticket of ``service``, called and started at the counter."""
    (ticket,) = issue(feeder, service)
    counter.press(CounterAction.CALL_NEXT)
    qtbot.waitUntil(lambda: counter.shown_number() == ticket.number, timeout=5000)
    counter.press(CounterAction.START)
    qtbot.waitUntil(lambda: counter.controller.current_ticket.state == TicketState.SERVING, timeout=5000)
    return ticket


def test_call_next_pressed_again_after_a_502_gets_the_first_answer(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk08", window_no="08")
    feeder = kiosk(server.base_url)
    call_next = f"{API}/windows/08/actions/call_next"
    try:
        first, second = issue(feeder, "D", 2)
        # The gateway's trouble lasts a while: the hall state does not tell the screen of the call
        # either, so the clerk sees no applicant and presses F1 again.
        _bad_gateway(gateway, "GET", f"{API}/hall/snapshot")
        _bad_gateway(gateway, "POST", call_next, times=1)
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: f"POST {call_next}" in gateway.answered, timeout=5000)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert feeder.ticket(first.id).state == TicketState.CALLED  # the server did call
        assert counter.shown_number() == "—"  # the screen has not heard of it
        notice = counter.view.notice.text()
        assert "结果未知" in notice and "不会重复" in notice, notice

        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        assert counter.shown_number() == first.number
        assert feeder.ticket(second.id).state == TicketState.WAITING  # one applicant called, not two
        ids = _request_ids(gateway, call_next)
        assert len(ids) == 2 and ids[0] == ids[1], ids
    finally:
        feeder.close()
        counter.close()


def test_call_next_pressed_again_after_a_reconnect_is_still_the_same_request(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk12", window_no="12")
    feeder = kiosk(server.base_url)
    call_next = f"{API}/windows/12/actions/call_next"
    monitor = counter.controller.monitor
    try:
        # An applicant served before, so the window's answers have moved the hall's event seq on.
        _serving(qtbot, counter, feeder, "F")
        first, second = issue(feeder, "F", 2)
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)

        _bad_gateway(gateway, "GET", f"{API}/hall/snapshot")
        _bad_gateway(gateway, "POST", call_next, times=1)
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: f"POST {call_next}" in gateway.answered, timeout=5000)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert feeder.ticket(first.id).state == TicketState.CALLED

        # The connection drops and comes back before the clerk presses F1 again.
        monitor.report_offline("test: connection lost")
        assert not monitor.online
        qtbot.waitUntil(lambda: monitor.online, timeout=10_000)

        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        assert counter.shown_number() == first.number
        assert feeder.ticket(second.id).state == TicketState.WAITING
        earlier, lost, again = _request_ids(gateway, call_next)
        assert lost == again != earlier
    finally:
        feeder.close()
        counter.close()


def test_finish_pressed_again_after_a_502_asks_the_applicant_to_rate(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk06", window_no="06")
    feeder = kiosk(server.base_url)
    finish = f"{API}/windows/06/actions/finish"
    try:
        ticket = _serving(qtbot, counter, feeder, "C")
        _bad_gateway(gateway, "GET", f"{API}/hall/snapshot")
        _bad_gateway(gateway, "POST", finish, times=1)
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: f"POST {finish}" in gateway.answered, timeout=5000)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert feeder.ticket(ticket.id).state == TicketState.DONE
        assert not counter.parts.rating.prompt.isVisible()

        # Pressed again, the finish is the same request: the server's first answer, not a
        # refusal of a ticket finished already, and the applicant is asked to rate.
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(counter.parts.rating.prompt.isVisible, timeout=5000)
        assert counter.controller.current_ticket is None
        ids = _request_ids(gateway, finish)
        assert len(ids) == 2 and ids[0] == ids[1], ids
    finally:
        feeder.close()
        counter.close()


def test_finish_after_a_502_is_sent_again_by_itself_when_the_screen_already_shows_it_done(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk10", window_no="10")
    feeder = kiosk(server.base_url)
    finish = f"{API}/windows/10/actions/finish"
    try:
        ticket = _serving(qtbot, counter, feeder, "E")
        # Twice: the first resend meets the same trouble and is tried again later.
        _bad_gateway(gateway, "POST", finish, times=2)
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: f"POST {finish}" in gateway.answered, timeout=5000)
        qtbot.waitUntil(lambda: "自动补发" in counter.view.notice.text(), timeout=5000)
        # The hall state, read again, shows the window free: F4 is grey, nothing to press.
        counter.controller.monitor.refresh_snapshot()
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        assert not counter.parts.rating.prompt.isVisible()

        qtbot.waitUntil(counter.parts.rating.prompt.isVisible, timeout=15_000)
        assert feeder.ticket(ticket.id).state == TicketState.DONE
        ids = _request_ids(gateway, finish)
        assert len(ids) == 3 and len(set(ids)) == 1, ids
        qtbot.wait(2500)  # nothing is sent after the answer is heard
        assert len(_request_ids(gateway, finish)) == 3
    finally:
        feeder.close()
        counter.close()


def test_a_finish_the_server_never_answers_is_sent_again_a_few_times_then_left_to_the_clerk(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window_actions, "RESEND_AFTER_S", (0.3, 0.3))
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk11", window_no="11")
    feeder = kiosk(server.base_url)
    finish = f"{API}/windows/11/actions/finish"
    try:
        ticket = _serving(qtbot, counter, feeder, "E")
        _bad_gateway(gateway, "POST", finish)  # for good
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: len(_request_ids(gateway, finish)) == 3, timeout=5000)
        qtbot.waitUntil(lambda: "再按一次" in counter.view.notice.text(), timeout=5000)
        qtbot.wait(1000)
        ids = _request_ids(gateway, finish)
        assert len(ids) == 3 and len(set(ids)) == 1, ids

        # By then the applicant has left: nothing more is sent, even once the gateway is fixed.
        gateway.clear()
        qtbot.wait(1000)
        assert len(_request_ids(gateway, finish)) == 3
        assert feeder.ticket(ticket.id).state == TicketState.DONE  # the first one got through
        assert not counter.parts.rating.prompt.isVisible()
    finally:
        feeder.close()
        counter.close()


def test_a_refusal_is_final_and_the_key_pressed_again_is_a_new_request(
    qtbot: Any, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk09", window_no="09")
    call_ticket = f"{API}/windows/09/actions/call"
    try:
        for _ in range(2):
            counter.controller.call_ticket_number("D999")  # no such ticket today: 404
            qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
            qtbot.waitUntil(lambda: "D999" in counter.view.notice.text(), timeout=5000)
        ids = _request_ids(gateway, call_ticket)
        assert len(ids) == 2 and ids[0] != ids[1], ids
    finally:
        counter.close()
