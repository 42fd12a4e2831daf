"""Closing the counter while the store is locked by another program (a backup tool, an antivirus
scan): the ratings still being saved get the time to wait out the store's busy timeout and set
themselves aside in a file, instead of being cut off by the program's exit."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from hallclient.app import shut_down_runner
from hallclient.rating.service import RatingContext, unsaved_ratings_path
from hallclient.store import open_store
from hallclient.ui.controllers.rating import RatingController
from hallclient.ui.tasks import TaskRunner
from tests.ui.counterkit import BAD_REASONS

# The store's busy timeout, short so that the test takes a moment; the program's is 10 s.
BUSY_S = 0.8


def _context(request_id: str, number: str) -> RatingContext:
    return RatingContext(
        request_id=request_id, window_no="03", clerk_username="clerk03", ticket_id=41, ticket_number=number
    )


def test_closing_waits_for_the_last_ratings_to_be_set_aside(qtbot: Any, tmp_path: Path) -> None:
    db_path = tmp_path / "counter.sqlite3"
    store = open_store(db_path, busy_timeout_ms=int(BUSY_S * 1000))
    runner = TaskRunner(net_workers=1)
    controller = RatingController(runner=runner, store=store, timeout_s=60, retry_ms=600_000)
    controller.set_bad_reasons(BAD_REASONS)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        controller.ask(_context("r-before", "B041"))
        qtbot.mouseClick(controller.prompt.level_buttons[5], Qt.MouseButton.LeftButton)
        # The next applicant is on the 差评 page when the clerk closes the program: the save of
        # what they chose waits behind the first one, each for the store's busy timeout.
        controller.ask(_context("r-closing", "B042"))
        qtbot.mouseClick(controller.prompt.level_buttons[2], Qt.MouseButton.LeftButton)
        controller.end_contact()
        started = time.monotonic()
        assert shut_down_runner(runner, busy_timeout_s=BUSY_S)
        waited = time.monotonic() - started
        sidecar = unsaved_ratings_path(store)
        assert sidecar.exists(), f"nothing set aside after {waited:.1f} s"
        kept = [item["request_id"] for item in json.loads(sidecar.read_text(encoding="utf-8"))]
        assert kept == ["r-before", "r-closing"], kept
    finally:
        controller.prompt.close()
        other.execute("ROLLBACK")
        other.close()
        runner.shutdown()
        store.close()


def test_closing_with_nothing_left_to_save_does_not_wait(qtbot: Any, tmp_path: Path) -> None:
    store = open_store(tmp_path / "counter.sqlite3", busy_timeout_ms=10_000)
    runner = TaskRunner(net_workers=1)
    try:
        started = time.monotonic()
        assert shut_down_runner(runner, busy_timeout_s=10.0)
        assert time.monotonic() - started < 2.0
    finally:
        store.close()
