"""The rating prompt's countdown on the 差评 page: what the applicant typed is never thrown away,
and an applicant still choosing reasons or typing is not cut off mid-sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hallclient.rating.service import RatingContext
from hallclient.store import Store, outbox
from hallclient.ui.controllers.rating import RatingController
from tests.ui.counterkit import rating_controller, stored_rating, wait_seconds


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[RatingController, Store]]:
    with rating_controller(tmp_path, timeout_s=2) as made:
        yield made


def _ask(controller: RatingController, request_id: str) -> None:
    controller.ask(
        RatingContext(
            request_id=request_id,
            window_no="03",
            clerk_username="clerk03",
            ticket_id=41,
            ticket_number="B041",
        )
    )


def test_a_bad_rating_that_times_out_keeps_the_applicants_comment(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-comment")
    prompt = controller.prompt
    qtbot.mouseClick(prompt.level_buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(prompt.reason_buttons[0], Qt.MouseButton.LeftButton)
    prompt.comment.setPlainText("材料清单和窗口说的不一样")
    # the applicant walks away without pressing 提交评价
    qtbot.waitUntil(lambda: stored_rating(store, "r-comment") is not None, timeout=6000)
    record = stored_rating(store, "r-comment")
    assert record is not None
    assert (record.level, record.reasons, record.comment) == (2, ("long_wait",), "材料清单和窗口说的不一样")
    assert (record.ticket_id, record.ticket_number, record.clerk_username) == ("41", "B041", "clerk03")
    with store.session(readonly=True) as session:
        assert outbox.pending_count(session) == 1


def test_typing_or_choosing_reasons_restarts_the_countdown(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-typing")
    prompt = controller.prompt
    qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
    # 3.5 s of steady typing and tapping: longer than the 2 s timeout
    for i in range(7):
        if i == 3:
            qtbot.mouseClick(prompt.reason_buttons[1], Qt.MouseButton.LeftButton)
        else:
            prompt.comment.insertPlainText("等")
        wait_seconds(qtbot, 0.5)
    assert controller.open_context is not None and stored_rating(store, "r-typing") is None
    qtbot.mouseClick(prompt.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_rating(store, "r-typing") is not None, timeout=3000)
    record = stored_rating(store, "r-typing")
    assert record is not None
    assert (record.level, record.reasons, record.comment) == (1, ("slow",), "等" * 6)


def test_the_next_prompt_keeps_a_bad_rating_already_chosen(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    controller._timeout_s = 60
    _ask(controller, "r-first")
    prompt = controller.prompt
    qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(prompt.reason_buttons[0], Qt.MouseButton.LeftButton)
    # the clerk finishes the next applicant before the first one pressed 提交评价
    _ask(controller, "r-second")
    qtbot.waitUntil(lambda: stored_rating(store, "r-first") is not None, timeout=3000)
    record = stored_rating(store, "r-first")
    assert record is not None and (record.level, record.reasons) == (1, ("long_wait",))
    assert controller.open_context is not None and controller.open_context.request_id == "r-second"
    assert prompt.pages.currentIndex() == 0
