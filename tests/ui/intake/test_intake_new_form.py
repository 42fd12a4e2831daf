"""新受理 (Ctrl+N) on a form that was filled in but not saved asks first: Ctrl+N sits beside
Ctrl+S, and a slip would lose an applicant's form with nothing to bring it back. A saved form,
or an empty one, is cleared at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hallclient.ui.intake.context import IntakeContext
from tests.ui.intake.test_intake_panel import open_panel, press, type_text


def test_ctrl_n_on_an_unsaved_form_asks_and_keeps_it_when_the_clerk_says_no(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    controller, view = panel.controller, panel.view
    asked: list[str] = []
    answers = [False, True]

    def confirm() -> bool:
        asked.append("asked")
        return answers.pop(0)

    controller.confirm_discard = confirm  # type: ignore[method-assign]
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "张小三")
    assert controller.subject is not None and view.applicant.name.edit.text() == "张小三"

    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["asked"]
    assert controller.subject is not None and view.applicant.name.edit.text() == "张小三"

    view.outcome.new_button.click()  # the button asks too; this time the clerk says yes
    assert asked == ["asked", "asked"]
    assert controller.subject is None and view.applicant.name.edit.text() == ""


def test_an_empty_form_is_cleared_without_asking(qtbot: QtBot, context: IntakeContext) -> None:
    panel = open_panel(qtbot, context)

    def never() -> bool:
        raise AssertionError("nothing to lose: no question")

    panel.controller.confirm_discard = never  # type: ignore[method-assign]
    assert not panel.controller.has_unsaved_input()
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.controller.subject is None
