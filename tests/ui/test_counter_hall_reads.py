"""The counter while the hall layout cannot be read: the server answers 503 for a while (its
database restarting). The read is retried every few seconds; the log says so once, not once per
retry, and the layout is read as soon as the server answers again."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from hallclient.domain.errors import SyncError
from hallclient.queue.models import HallInfo
from tests.ui.counterkit import open_counter

FAILURES = 4


def test_a_hall_read_failing_for_a_while_is_logged_once_and_read_when_the_server_answers(
    qtbot: Any, server: Any, tmp_path: Path, caplog: Any
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk03", window_no="03")
    reader = counter.parts.controller.hall_reader
    reader._retry_ms = 50  # the test's pause between retries
    # A read the counter started itself may still be out, with the real method: its answer
    # would count as this test's.
    qtbot.waitUntil(lambda: not reader._pending, timeout=10_000)
    real = counter.client.hall
    calls: list[str] = []

    def hall() -> HallInfo:
        calls.append("read")
        if len(calls) <= FAILURES:
            raise SyncError("服务器数据库暂时不可用，请稍后重试。", code="server_error", status=503)
        return real()

    loaded: list[object] = []
    reader.loaded.connect(loaded.append)
    counter.client.hall = hall  # type: ignore[method-assign]
    try:
        with caplog.at_level(logging.DEBUG, logger="hallclient"):
            reader.read(changed=True)
            qtbot.waitUntil(lambda: len(loaded) == 1, timeout=10_000)
        assert len(calls) == FAILURES + 1
        assert reader.consecutive_failures == 0
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        about_it = [r for r in warnings if "数据库暂时不可用" in r.getMessage()]
        assert len(about_it) == 1, [r.getMessage() for r in warnings]
    finally:
        counter.close()
