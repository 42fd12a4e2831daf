"""What the counter says when its window has gone to someone else, against a real server: another
clerk of the same display name is not named as if it were this clerk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.serverproc import ServerProcess
from tests.ui.counterkit import open_counter
from tests.ui.test_counter_window_holder import _create_clerk, _signed_in


def test_a_clerk_of_the_same_name_taking_the_window_is_not_named_as_this_clerk(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    name = counter.controller.session.display_name
    _create_clerk(server, "clerk04twin", name)
    asked: list[str] = []
    counter.controller.relogin_needed.connect(asked.append)
    twin = _signed_in(server.base_url, "clerk04twin", "04")
    try:
        counter.controller.monitor.refresh_snapshot()
        qtbot.waitUntil(lambda: bool(asked), timeout=8000)
        for text in (asked[0], counter.view.queue_panel.ticket_service.text()):
            assert "04 号窗口已不由您登录" in text, text
            assert "另一位同名工作人员" in text and f"（现在：{name}）" not in text, text
    finally:
        twin.close()
        counter.close()


def test_a_clerk_of_another_name_taking_the_window_is_named(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    other = _signed_in(server.base_url, "clerk06", "05")
    try:
        other_name = other.snapshot().window("05").clerk  # type: ignore[union-attr]
        assert other_name and other_name != counter.controller.session.display_name
        asked: list[str] = []
        counter.controller.relogin_needed.connect(asked.append)
        counter.controller.monitor.refresh_snapshot()
        qtbot.waitUntil(lambda: bool(asked), timeout=8000)
        assert f"（现在：{other_name}）" in asked[0] and "同名" not in asked[0], asked[0]
    finally:
        other.close()
        counter.close()
