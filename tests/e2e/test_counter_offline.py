"""Server down and back: the counter says so at once, stays responsive, works offline, recovers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hallclient.domain.errors import OfflineError
from hallclient.queue.client import ServerClient
from hallclient.store import repo
from hallclient.ui.controllers.signin import sign_in
from hallclient.ui.views.actions import CounterAction
from tests.serverproc import init_demo, sqlite_url, start_server
from tests.ui.counterkit import StallProbe, issue, kiosk, open_counter


@pytest.fixture
def own_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "server-home"
    url = sqlite_url(tmp_path / "server.sqlite3")
    init_demo(url, home=home)
    holder = {"server": start_server(url, home=home)}
    yield holder, url, home
    holder["server"].stop()


def test_offline_at_once_responsive_manual_ticket_and_recovery(qtbot, own_server, tmp_path: Path):  # type: ignore[no-untyped-def]
    holder, url, home = own_server
    server = holder["server"]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk01", window_no="01")
    probe = StallProbe()
    try:
        issue(feeder, "A", 2)
        feeder.close()
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        current = counter.controller.current_ticket
        view = counter.view
        assert not view.banner.isVisible()

        probe.start()
        server.process.kill()  # like a crash or a pulled cable
        server.process.wait(10)
        qtbot.waitUntil(view.banner.isVisible, timeout=6000)
        assert "离线" in view.status_connection.text()
        # the current applicant's work is kept on screen
        assert counter.shown_number() == current.number
        # offline sign-in with the verifier cached at the online sign-in
        offline = sign_in(
            client=ServerClient(server.base_url),
            credentials=counter.credentials,
            username="clerk01",
            password="demo1234",
            window_no="01",
        )
        assert offline.offline and offline.user.username == "clerk01"
        with pytest.raises(Exception, match="密码"):
            sign_in(
                client=ServerClient(server.base_url),
                credentials=counter.credentials,
                username="clerk01",
                password="wrong",
                window_no="01",
            )
        # a few seconds offline: the probe keeps retrying in the background, the GUI never stalls
        deadline = datetime.now(UTC) + timedelta(seconds=3)
        while datetime.now(UTC) < deadline:
            qtbot.wait(50)
        stall_ms = probe.stop()
        assert stall_ms < 1000, f"GUI event loop stalled {stall_ms:.0f} ms while the server was down"

        # server-side actions are unavailable, and say why
        assert not view.counter_actions[CounterAction.RECALL].isEnabled()
        with pytest.raises(OfflineError):
            ServerClient(server.base_url).health(timeout=0.5)

        # the clerk finishes the current applicant's paperwork... then takes a paper ticket
        counter.controller._window = None  # the applicant left while offline
        counter.controller._render_all()
        assert view.counter_actions[CounterAction.MANUAL_TICKET].isEnabled()
        counter.prompts.ticket_answer = ("a088", "纸质号")
        counter.press(CounterAction.MANUAL_TICKET)
        qtbot.waitUntil(lambda: counter.controller.manual_ticket is not None, timeout=5000)
        assert counter.shown_number() == "A088"
        with counter.store.session(readonly=True) as session:
            stored = repo.list_manual_tickets(session, since=datetime.now(UTC) - timedelta(hours=1))
        assert [(t.number, t.window_no, t.clerk_username, t.status) for t in stored] == [
            ("A088", "01", "clerk01", "pending")
        ]
        sync_widget = counter.parts.sync.widget
        assert sync_widget is not None
        qtbot.waitUntil(lambda: "待同步 1" in sync_widget.pending.text(), timeout=8000)

        # bad input is refused with a clear message and stores nothing
        counter.controller.add_manual_ticket("不是号码")
        qtbot.waitUntil(lambda: view.notice.isVisible() and "格式" in view.notice.text(), timeout=5000)

        # the server comes back on the same address: online again by itself
        holder["server"] = start_server(url, home=home, port=server.port)
        qtbot.waitUntil(lambda: not view.banner.isVisible(), timeout=15000)
        assert "已连接" in view.status_connection.text()
        qtbot.waitUntil(lambda: counter.controller._snapshot is not None, timeout=5000)
    finally:
        probe.stop()
        counter.close()
