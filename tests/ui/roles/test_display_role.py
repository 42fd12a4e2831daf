"""The calling display follows the hall's event feed of a real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.queue.client import ServerClient
from hallclient.ui.display.app import DisplayParts, build_display
from hallclient.ui.display.speech import spoken_call
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, demo_server, login, start_server
from tests.ui.roles.rolekit import register_device


class RecordingAnnouncer:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def announce(self, text: str) -> None:
        self.texts.append(text)


def open_display(
    qtbot: Any, runner: TaskRunner, client: ServerClient
) -> tuple[DisplayParts, RecordingAnnouncer]:
    announcer = RecordingAnnouncer()
    parts = build_display(runner=runner, client=client, announcer=announcer, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.resize(1280, 720)
    parts.view.show()
    parts.controller.start()
    qtbot.waitUntil(lambda: parts.controller.snapshot is not None, timeout=10000)
    return parts, announcer


def test_call_and_recall_are_shown_and_announced(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any
) -> None:
    parts, announcer = open_display(qtbot, runner, device_client("display"))
    try:
        clerk = login(server.base_url, "clerk12", window_no="12")
        issued = clerk.issue("F").json()
        qtbot.waitUntil(
            lambda: "户籍出入境（F）等候" in " ".join(c.text() for c in parts.view.waiting_cells),
            timeout=5000,
        )
        called = clerk.act("12", "call_next").json()["ticket"]
        assert called["number"] == issued["number"]
        expected = spoken_call(called["number"], "12")
        qtbot.waitUntil(lambda: announcer.texts == [expected], timeout=5000)
        assert parts.view.call_line1.text() == f"请 {called['number']} 号"
        assert parts.view.call_line2.text() == "到 12 号窗口办理"
        assert parts.view.recent_numbers[0].text() == called["number"]
        assert parts.view.recent_windows[0].text() == "12 号"

        # A call at another window goes on top; a recall brings the first one back and speaks again.
        other = login(server.base_url, "clerk10", window_no="10")
        other.issue("E")
        second = other.act("10", "call_next").json()["ticket"]
        qtbot.waitUntil(lambda: len(announcer.texts) == 2, timeout=5000)
        assert parts.view.recent_numbers[0].text() == second["number"]
        assert parts.view.recent_numbers[1].text() == called["number"]
        clerk.act("12", "recall").raise_for_status()
        qtbot.waitUntil(lambda: len(announcer.texts) == 3, timeout=5000)
        assert announcer.texts[2] == expected
        assert parts.view.recent_numbers[0].text() == called["number"]
        assert parts.view.recent_numbers[1].text() == second["number"]
        assert parts.view.recent_numbers[2].text() == ""  # one line per ticket, never twice
        assert parts.view.offline_mark.text() == ""
        for api in (clerk, other):
            api.act(api.login_body["window"]["no"], "no_show").raise_for_status()
    finally:
        parts.close()


def test_spoken_call_reads_digits_one_by_one() -> None:
    assert spoken_call("A012", "05") == "请 A 零 一 二 号 到 五 号窗口办理"
    assert spoken_call("B100", "12") == "请 B 一 零 零 号 到 十二 号窗口办理"
    assert spoken_call("C007", "20") == "请 C 零 零 七 号 到 二十 号窗口办理"


def test_offline_mark_when_the_server_dies_and_catch_up_after(
    qtbot: Any, tmp_path: Path, runner: TaskRunner
) -> None:
    with demo_server(tmp_path) as own:
        client = ServerClient(own.base_url, device_token=register_device(own.base_url, "display"))
        parts, _announcer = open_display(qtbot, runner, client)
        try:
            assert parts.view.offline_mark.text() == ""
            own.stop()
            qtbot.waitUntil(lambda: parts.view.offline_mark.text() != "", timeout=15000)
            assert "离线" in parts.view.offline_mark.text()
            qtbot.wait(3000)  # the display now probes only every few seconds

            # The server comes back and a window calls at once: the display must show that call,
            # whether the feed or the snapshot it re-reads after reconnecting brings it.
            again = start_server(own.database_url, home=tmp_path / "server-home", port=own.port)
            try:
                clerk = login(again.base_url, "clerk01", window_no="01")
                clerk.issue("A")
                number = clerk.act("01", "call_next").json()["ticket"]["number"]
                # generous: the machine may be busy, and the probe backs off to 5 s between tries
                qtbot.waitUntil(lambda: parts.view.offline_mark.text() == "", timeout=30000)
                qtbot.waitUntil(lambda: parts.view.recent_numbers[0].text() == number, timeout=15000)
                assert parts.view.call_line2.text() == "到 01 号窗口办理"
            finally:
                again.stop()
        finally:
            parts.close()
            client.close()
