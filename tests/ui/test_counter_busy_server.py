"""The counter behind a gateway that answers 429 (its rate limit), against a real server: a busy
moment is said as such and passes; nothing signs the clerk out. The server's own login throttle
still reaches the sign-in dialog in the server's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hallclient.queue.client import ServerClient
from hallclient.queue.credentials import OfflineCredentials
from hallclient.settings import Settings
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.signin import SignInFlow
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.actions import CounterAction
from hallclient.ui.views.dialogs import LoginDialog
from tests.busygateway import BusyGateway
from tests.serverproc import ServerProcess
from tests.ui.counterkit import issue, kiosk, open_counter, wait_seconds

API = "/api/v1"


def test_a_busy_gateway_on_the_hall_feed_does_not_sign_the_clerk_out(
    qtbot: Any, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk03", window_no="03")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    try:
        gateway.busy("GET", f"{API}/hall/snapshot")
        gateway.busy("GET", f"{API}/events")
        counter.controller.monitor.refresh_snapshot()
        qtbot.waitUntil(lambda: f"GET {API}/hall/snapshot" in gateway.answered, timeout=5000)
        wait_seconds(qtbot, 3.5)  # the feed's poll (2 s) comes back and is refused too, and retried
        assert f"GET {API}/events" in gateway.answered
        assert asked == []
        assert counter.controller.monitor.online
        assert counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled()

        gateway.clear()
        feeder = kiosk(gateway.base_url)
        try:
            waiting_before = counter.view.queue_panel.waiting_counts().get("A", 0)
            issue(feeder, "A")
            # the feed and the snapshot are read again by themselves
            qtbot.waitUntil(
                lambda: counter.view.queue_panel.waiting_counts().get("A", 0) > waiting_before, timeout=10000
            )
        finally:
            feeder.close()
        assert asked == []
    finally:
        counter.close()


def test_a_busy_gateway_on_a_key_says_busy_and_the_key_works_afterwards(
    qtbot: Any, gateway: BusyGateway, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, gateway.base_url, tmp_path, username="clerk05", window_no="05")
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    feeder = kiosk(gateway.base_url)
    try:
        issue(feeder, "B")
        gateway.busy("POST", f"{API}/windows/05/actions/call_next")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        notice = counter.view.notice.text()
        assert "繁忙" in notice and "稍后再试" in notice and "429" not in notice, notice
        assert asked == []
        assert counter.controller.monitor.online

        gateway.clear()
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled, timeout=5000)
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        assert asked == []
    finally:
        feeder.close()
        counter.close()


def test_the_servers_login_throttle_reaches_the_sign_in_dialog_in_its_words(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    runner = TaskRunner(net_workers=2)
    client = ServerClient(server.base_url)
    flow = SignInFlow(
        runner=runner,
        client=client,
        credentials=OfflineCredentials(tmp_path, offline_login_hours=72),
        settings=Settings(server_url=server.base_url, window_no="12"),
    )
    shown: list[str] = []

    def clerk() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        tries = 0

        def again() -> None:
            nonlocal tries
            text = dialog.message.text()
            if "次数过多" in text or tries >= 10:
                shown.append(text)
                dialog.reject()
                return
            if dialog.sign_in_button.isEnabled():
                tries += 1
                dialog.username.setText("clerk12")
                dialog.password.setText("not-the-password")
                dialog.sign_in_button.click()
            QTimer.singleShot(100, again)

        again()

    QTimer.singleShot(0, clerk)
    try:
        assert flow.run_login_dialog() is None
    finally:
        runner.shutdown()
        client.close()
    assert shown and "次数过多" in shown[0] and "后再试" in shown[0], shown


def test_a_busy_gateway_is_asked_again_only_after_the_wait_it_names(
    qtbot: Any, gateway: BusyGateway, server: ServerProcess
) -> None:
    """Every counter, kiosk and display of the hall retrying each second would keep a rate limit
    tripped: the wait the gateway names in Retry-After is kept."""
    runner = TaskRunner(net_workers=2)
    client = ServerClient(gateway.base_url)
    client.login(username="manager", password="demo1234")
    monitor = ConnectionMonitor(runner=runner, client=client, poll_timeout_s=1.0)
    snapshot = f"GET {API}/hall/snapshot"
    try:
        gateway.busy("GET", f"{API}/hall/snapshot", retry_after="4")
        monitor.start(online=True)
        qtbot.waitUntil(lambda: snapshot in gateway.answered, timeout=5000)
        wait_seconds(qtbot, 2.5)
        assert gateway.answered.count(snapshot) == 1, gateway.answered
        gateway.clear()
        with qtbot.waitSignal(monitor.snapshot_loaded, timeout=6000):
            pass
        assert monitor.online
    finally:
        monitor.stop()
        runner.shutdown()
        client.close()
