"""One rating per service contact (一次一评): a 差评 says why, and a prompt still open when the next
applicant is served is closed with what its own applicant gave, never rated by the next one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from hallclient.rating.service import RatingContext
from hallclient.store import Store, outbox
from hallclient.store.models import Rating
from hallclient.ui.controllers.rating import RatingController
from tests.ui.counterkit import rating_controller, stored_rating


@pytest.fixture
def parts(tmp_path: Path) -> Iterator[tuple[RatingController, Store]]:
    with rating_controller(tmp_path, timeout_s=60) as made:
        yield made


def _count(store: Store) -> int:
    with store.session(readonly=True) as session:
        return int(session.scalar(select(func.count()).select_from(Rating)) or 0)


def _ask(controller: RatingController, request_id: str, number: str = "B041") -> None:
    controller.ask(
        RatingContext(
            request_id=request_id,
            window_no="03",
            clerk_username="clerk03",
            ticket_id=int(number[1:]),
            ticket_number=number,
        )
    )


def test_a_bad_rating_is_not_submitted_without_a_reason(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-why")
    prompt = controller.prompt
    prompt.show()
    qtbot.mouseClick(prompt.level_buttons[2], Qt.MouseButton.LeftButton)
    assert prompt.pages.currentIndex() == 1
    assert not prompt.submit.isEnabled()
    qtbot.mouseClick(prompt.submit, Qt.MouseButton.LeftButton)
    prompt.submit.click()
    prompt.reasons_submitted.emit()
    assert controller.open_context is not None and prompt.pages.currentIndex() == 1
    # a reason, or words of the applicant's own, say why
    prompt.comment.setPlainText("材料清单和窗口说的不一样")
    assert prompt.submit.isEnabled()
    prompt.comment.setPlainText("   ")
    assert not prompt.submit.isEnabled()
    qtbot.mouseClick(prompt.reason_buttons[1], Qt.MouseButton.LeftButton)
    assert prompt.submit.isEnabled()
    qtbot.mouseClick(prompt.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_rating(store, "r-why") is not None, timeout=3000)
    record = stored_rating(store, "r-why")
    assert record is not None and (record.level, record.reasons) == (2, ("slow",))


def test_without_a_reason_list_a_bad_rating_can_still_be_submitted(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    controller.set_bad_reasons([])  # none synced yet: nothing to choose from, so nothing is required
    _ask(controller, "r-nolist")
    prompt = controller.prompt
    prompt.show()
    qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
    assert prompt.pages.currentIndex() == 1 and prompt.submit.isEnabled()
    qtbot.mouseClick(prompt.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_rating(store, "r-nolist") is not None, timeout=3000)
    record = stored_rating(store, "r-nolist")
    assert record is not None and (record.level, record.reasons) == (1, ())


def test_serving_the_next_applicant_closes_the_open_prompt_for_the_one_before(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-gone")
    prompt = controller.prompt
    assert prompt.isVisible()
    # the clerk starts serving the next applicant; the first one left without rating
    controller.end_contact()
    qtbot.waitUntil(lambda: stored_rating(store, "r-gone") is not None, timeout=3000)
    record = stored_rating(store, "r-gone")
    assert record is not None and record.level is None and record.ticket_number == "B041"
    assert controller.open_context is None and not prompt.isVisible()
    # a late tap (the next applicant at the pad) rates nobody's contact
    qtbot.mouseClick(prompt.level_buttons[5], Qt.MouseButton.LeftButton)
    controller.end_contact()
    _ask(controller, "r-next", "B042")
    qtbot.mouseClick(prompt.level_buttons[4], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_rating(store, "r-next") is not None, timeout=3000)
    assert _count(store) == 2
    assert stored_rating(store, "r-gone") == record
    with store.session(readonly=True) as session:
        assert outbox.pending_count(session) == 2


def test_serving_the_next_applicant_keeps_a_bad_rating_already_begun(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-begun")
    prompt = controller.prompt
    qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(prompt.reason_buttons[0], Qt.MouseButton.LeftButton)
    controller.end_contact()
    qtbot.waitUntil(lambda: stored_rating(store, "r-begun") is not None, timeout=3000)
    record = stored_rating(store, "r-begun")
    assert record is not None and (record.level, record.reasons) == (1, ("long_wait",))


def test_the_thanks_page_does_not_show_a_stale_countdown(qtbot, parts) -> None:  # type: ignore[no-untyped-def]
    controller, store = parts
    _ask(controller, "r-thanks")
    prompt = controller.prompt
    assert prompt.countdown.text()
    qtbot.mouseClick(prompt.level_buttons[5], Qt.MouseButton.LeftButton)
    assert prompt.pages.currentIndex() == 2
    # it closes by itself in a moment, not in the 60 s the label last said
    assert prompt.countdown.text() == ""
    qtbot.waitUntil(lambda: stored_rating(store, "r-thanks") is not None, timeout=3000)
    _ask(controller, "r-after")
    assert prompt.countdown.text() and prompt.pages.currentIndex() == 0
