"""The applicant-facing rating prompt's reasons page: finger-sized toggles that fit the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from hallclient.ui.views.rating_prompt import RatingPrompt

REASONS = [
    ("bad_attitude", "服务态度差"),
    ("slow", "办事效率低"),
    ("many_trips", "多次跑腿"),
    ("unclear_notice", "一次性告知不清楚"),
    ("long_wait", "等候时间过长"),
    ("system_fault", "系统故障"),
    ("unreasonable_fee", "不合理收费"),
    ("other", "其他"),
]


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return (
        top_left.x() >= 0
        and top_left.y() >= 0
        and top_left.x() + widget.width() <= window.width()
        and top_left.y() + widget.height() <= window.height()
    )


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
def test_reasons_are_large_toggles_that_fit_the_screen(qtbot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    prompt = RatingPrompt()
    qtbot.addWidget(prompt)
    prompt.resize(*size)
    prompt.show()
    prompt.show_reasons(REASONS)
    qtbot.waitUntil(prompt.reason_buttons[-1].isVisible)
    for button in prompt.reason_buttons:
        assert button.isCheckable() and button.height() >= 56
        assert button.width() >= 200
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width()
        assert _inside(button, prompt)
    for widget in (prompt.comment, prompt.submit):
        assert _inside(widget, prompt) and widget.height() >= 56
    rows = {b.mapTo(prompt, QPoint(0, 0)).y() for b in prompt.reason_buttons}
    assert len(rows) == 3  # eight reasons in three rows of up to three
    if size == (1920, 1080):
        # the larger screen gets larger text and targets, not just more empty space
        assert prompt.reason_buttons[0].height() >= 90
        assert prompt.reason_buttons[0].font().pointSizeF() > 20


def test_tapping_toggles_a_reason_and_the_state_is_visible(qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = RatingPrompt()
    qtbot.addWidget(prompt)
    prompt.show()
    prompt.show_reasons(REASONS)
    slow, wait = prompt.reason_buttons[1], prompt.reason_buttons[4]
    unchecked = slow.grab().toImage()
    qtbot.mouseClick(slow, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wait, Qt.MouseButton.LeftButton)
    assert prompt.chosen_reasons() == ("slow", "long_wait")
    checked = slow.grab().toImage()
    centre = QPoint(slow.width() * 3 // 4, slow.height() // 2)  # background, right of the text
    assert unchecked.pixelColor(centre) != checked.pixelColor(centre)
    assert not slow.hasFocus()  # a tap does not leave a focus frame that looks like a choice
    qtbot.mouseClick(slow, Qt.MouseButton.LeftButton)
    assert prompt.chosen_reasons() == ("long_wait",)


def test_keyboard_moves_between_reasons_and_space_toggles(qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = RatingPrompt()
    qtbot.addWidget(prompt)
    with qtbot.waitActive(prompt):
        prompt.show()
        prompt.activateWindow()
    prompt.show_reasons(REASONS)
    first = prompt.reason_buttons[0]
    qtbot.waitUntil(prompt.reason_buttons[-1].isVisible)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    second = prompt.reason_buttons[1]
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Space)
    qtbot.keyClick(second, Qt.Key.Key_Space)
    qtbot.keyClick(second, Qt.Key.Key_Tab)
    qtbot.keyClick(prompt.reason_buttons[2], Qt.Key.Key_Space)
    assert prompt.chosen_reasons() == ("bad_attitude", "many_trips")
    with qtbot.waitSignal(prompt.reasons_submitted, timeout=1000):
        prompt.submit.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(prompt.submit, Qt.Key.Key_Space)


def test_showing_fewer_reasons_again_replaces_the_old_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = RatingPrompt()
    qtbot.addWidget(prompt)
    prompt.show()
    prompt.show_reasons(REASONS)
    prompt.reason_buttons[0].click()
    prompt.show_reasons(REASONS[:3])
    assert [b.code for b in prompt.reason_buttons] == ["bad_attitude", "slow", "many_trips"]
    assert prompt.chosen_reasons() == ()
