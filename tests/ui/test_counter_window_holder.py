"""Who holds the window, as the counter judges it from the hall snapshot, against a real server:
by the clerk's user id, so that two clerks of the same display name (two 王芳 in one hall) are
told apart; by the display name only where the server does not send the id yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.ui.views.actions import CounterAction
from tests.busygateway import BusyGateway
from tests.serverproc import DEMO_PASSWORD, ServerProcess, hallclient_server
from tests.ui.counterkit import issue, kiosk, open_counter, wait_seconds


def _create_clerk(server: ServerProcess, username: str, display_name: str) -> None:
    hallclient_server(
        "create-user",
        "--db",
        server.database_url,
        "--username",
        username,
        "--display-name",
        display_name,
        "--password",
        "-",
        home=server.log_path.parent,
        stdin=DEMO_PASSWORD + "\n",
    )


def _signed_in(base_url: str, username: str, window_no: str) -> ServerClient:
    client = ServerClient(base_url)
    client.login(username=username, password=DEMO_PASSWORD, window_no=window_no)
    return client


def test_a_clerk_of_the_same_name_taking_the_window_over_is_noticed(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    twin_name = counter.controller.session.display_name
    _create_clerk(server, "clerk04b", twin_name)  # a second 刘洋 joins the hall
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    feeder = kiosk(server.base_url)
    twin = _signed_in(server.base_url, "clerk04b", "04")
    try:
        snapshot_window = twin.snapshot().window("04")
        assert snapshot_window is not None and snapshot_window.clerk == twin_name
        issue(feeder, "B")
        called = queue_service.call_next(
            client=twin, window_no="04", request_id=queue_service.new_request_id()
        )
        assert called.ticket is not None
        qtbot.waitUntil(lambda: bool(asked), timeout=8000)
        assert not counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
        assert not counter.view.counter_actions[CounterAction.RECALL].isEnabled()
        assert counter.controller.current_ticket is None  # the twin's applicant is not this screen's
    finally:
        twin.close()
        feeder.close()
        counter.close()


def test_the_clerk_who_holds_the_window_keeps_it_by_id(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk10", window_no="10")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    feeder = kiosk(server.base_url)
    try:
        issue(feeder, "E")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        counter.controller.monitor.refresh_snapshot()
        wait_seconds(qtbot, 1.0)
        assert asked == []
        assert counter.view.counter_actions[CounterAction.RECALL].isEnabled()
    finally:
        feeder.close()
        counter.close()


def test_an_older_server_without_the_id_is_judged_by_the_display_name(
    qtbot: Any, server: ServerProcess, gateway: BusyGateway, tmp_path: Path
) -> None:
    gateway.strip("/api/v1/hall/snapshot", "windows", "clerk_user_id")
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk11", window_no="11")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    try:
        wait_seconds(qtbot, 1.0)
        assert asked == [] and counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
        other = _signed_in(server.base_url, "clerk12", "11")
        try:
            counter.controller.monitor.refresh_snapshot()
            qtbot.waitUntil(lambda: bool(asked), timeout=8000)
            assert not counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()
        finally:
            other.close()
    finally:
        counter.close()
