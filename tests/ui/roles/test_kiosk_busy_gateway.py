"""The kiosk behind a gateway that answers 429 (a rate limit in front of the server): a busy moment
is told as one, with what to do, and the kiosk goes on issuing; it never takes itself out of
service as if its device token had been refused. A screen starting up behind it keeps trying."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from hallclient.queue.client import ServerClient
from hallclient.ui.kiosk.view import Page
from hallclient.ui.roles.access import Access
from hallclient.ui.roles.launch import RETRY_AUTH_MS, Connector
from hallclient.ui.tasks import TaskRunner
from tests.busygateway import BusyGateway
from tests.serverproc import DEMO_PASSWORD, ServerProcess
from tests.ui.roles.rolekit import register_device
from tests.ui.roles.test_kiosk_role import open_kiosk

API = "/api/v1"


@pytest.fixture
def gateway(server: ServerProcess) -> Iterator[BusyGateway]:
    proxy = BusyGateway(server.base_url)
    yield proxy
    proxy.close()


def test_a_busy_gateway_does_not_take_the_kiosk_out_of_service(
    qtbot: Any, gateway: BusyGateway, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    client = device_client("kiosk", gateway.base_url)
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    button = parts.view.service_buttons["D"]
    try:
        gateway.busy("POST", f"{API}/tickets", retry_after="1")
        button.click()
        qtbot.waitUntil(lambda: parts.controller.issuing is None, timeout=10000)
        assert gateway.answered == [f"POST {API}/tickets"]
        text = parts.view.message.text()
        assert "繁忙" in text and "稍后再试" in text and ("咨询台" in text or "导服台" in text), text
        assert "429" not in text and "次数过多" not in text, text
        assert parts.view.current_page() is Page.SERVICES
        assert "未获授权" not in parts.view.offline_banner.text()
        assert button.isEnabled()

        gateway.clear()
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000):
            button.click()
        # the feed and snapshot reads around it were never taken for a refusal either
        assert parts.controller.can_issue
    finally:
        parts.close()


def test_a_busy_gateway_at_start_up_is_retried_soon_not_taken_for_an_unknown_device(
    qtbot: Any, gateway: BusyGateway, server: ServerProcess, runner: TaskRunner
) -> None:
    client = ServerClient(gateway.base_url)
    connector = Connector(
        runner=runner, client=client, access=Access(device_token=register_device(server.base_url, "display"))
    )
    failures: list[str] = []
    connector.failed.connect(failures.append)
    gateway.busy("GET", f"{API}/hall")
    try:
        connector.start()
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
        assert "设备未登记" not in failures[0] and "繁忙" in failures[0], failures
        gateway.clear()
        started = time.monotonic()
        with qtbot.waitSignal(connector.connected, timeout=10000):
            pass
        assert time.monotonic() - started < 10
    finally:
        connector.stop()
        client.close()


def test_a_throttled_sign_in_at_start_up_says_the_servers_words_and_waits_as_told(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    """A screen signing in with a user (the monitor) whose sign-ins the server throttles: not an
    unknown device or account, and no try before the server's wait is over."""
    for _ in range(6):
        requests.post(
            server.base_url + f"{API}/auth/login",
            json={"username": "clerk08", "password": "not-the-password"},
            timeout=10,
        )
    client = ServerClient(server.base_url)
    connector = Connector(
        runner=runner, client=client, access=Access(username="clerk08", password=DEMO_PASSWORD)
    )
    failures: list[str] = []
    connector.failed.connect(failures.append)
    try:
        connector.start()
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
        assert "设备未登记" not in failures[0] and "次数过多" in failures[0], failures
        assert connector._timer.remainingTime() > RETRY_AUTH_MS
    finally:
        connector.stop()
        client.close()
