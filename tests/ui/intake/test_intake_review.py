"""The intake form as a clerk meets it: what is said as the agent's number is typed, and how the
checklist goes on from the keyboard after a licence number or a change of counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from hallclient.domain.catalog import Catalog
from hallclient.domain.outcome import CheckState
from hallclient.ui.intake import IntakePanel
from hallclient.ui.intake.checklist_model import COPIES, LICENSE, ORIGINALS, STATE
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.views.counter_window import CounterWindow
from tests.intake.builders import AGENT_ID, PERSON_ID
from tests.ui.intake.test_intake_panel import focused, open_panel, press, type_text

SAME_PERSON = "代办人与申请人的身份证号码相同"


def choose_item(qtbot: QtBot, panel: IntakePanel, query: str) -> None:
    panel.view.search.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is panel.view.search)
    type_text(qtbot, query)
    press(qtbot, Qt.Key.Key_Return)
    assert panel.controller.subject is not None


def test_the_agent_typed_with_the_applicants_own_number_is_told_at_the_agents_id_field(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    form = panel.view.applicant
    choose_item(qtbot, panel, "spjyxkzhf")
    type_text(qtbot, "张小三")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, PERSON_ID)
    form.agent_check.click()
    qtbot.waitUntil(lambda: focused() is form.agent_name.edit)
    type_text(qtbot, "李四")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.agent_id.edit
    type_text(qtbot, PERSON_ID)

    # As soon as the number is whole, under the agent's number: not a ✓ of the applicant's birth.
    assert SAME_PERSON in form.agent_id.message.text()
    assert form.agent_id.message.isVisible() and not form.id_number.message.text().startswith(SAME_PERSON)
    press(qtbot, Qt.Key.Key_Tab)
    assert SAME_PERSON in form.agent_id.message.text()

    # Fixed by typing the agent's own number: the message goes.
    form.agent_id.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.agent_id.edit)
    form.agent_id.edit.selectAll()
    type_text(qtbot, AGENT_ID)
    assert form.agent_id.message.text().startswith("✓")


def test_the_clash_follows_the_applicants_number_and_the_agent_box(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    form = panel.view.applicant
    choose_item(qtbot, panel, "spjyxkzhf")
    form.agent_check.click()
    form.agent_name.edit.setText("李四")
    form.agent_id.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.agent_id.edit)
    type_text(qtbot, AGENT_ID)
    assert form.agent_id.message.text().startswith("✓")

    # The applicant's number typed afterwards is the agent's: said at the agent's field.
    form.id_number.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.id_number.edit)
    type_text(qtbot, AGENT_ID)
    assert SAME_PERSON in form.agent_id.message.text()

    # 代办 off and on again: the numbers are kept and the clash is still said.
    form.agent_check.click()
    form.agent_check.click()
    assert form.agent_id.edit.text() == AGENT_ID
    assert SAME_PERSON in form.agent_id.message.text()

    # The applicant's number corrected: the agent's is fine again.
    form.id_number.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.id_number.edit)
    form.id_number.edit.selectAll()
    type_text(qtbot, PERSON_ID)
    assert form.agent_id.message.text().startswith("✓")


def retype_count() -> None:
    """The count editor's number selected, so that the next digit replaces it."""
    spin = focused()
    assert isinstance(spin, QSpinBox)
    spin.selectAll()


def open_checklist(qtbot: QtBot, context: IntakeContext) -> IntakePanel:
    panel = open_panel(qtbot, context)
    choose_item(qtbot, panel, "spjyxkzhf")
    panel.view.checklist.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focused() is panel.view.checklist)
    return panel


def test_after_a_licence_number_and_enter_the_next_key_ticks_the_next_row(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_checklist(qtbot, context)
    table, model = panel.view.checklist, panel.checklist_model
    row = next(n for n, r in enumerate(model.rows()) if r.material.e_license_type)
    table.setCurrentIndex(model.index(row, STATE))

    type_text(qtbot, "3")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    assert table.currentIndex().column() == LICENSE
    type_text(qtbot, "L123")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is table)
    assert model.rows()[row].e_license_no == "L123"

    # As after every other key: the cursor is on the next row's state, and "1" ticks that row.
    assert (table.currentIndex().row(), table.currentIndex().column()) == (row + 1, STATE)
    type_text(qtbot, "1")
    qtbot.wait(20)
    assert model.rows()[row].e_license_no == "L123"
    assert model.rows()[row + 1].state is CheckState.ORIGINAL
    assert table.state() != table.State.EditingState


def test_enter_edits_the_counts_of_the_row_and_the_keys_go_on_afterwards(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_checklist(qtbot, context)
    table, model = panel.view.checklist, panel.checklist_model
    type_text(qtbot, "1")  # row 0: 原件, the cursor on row 1
    table.setCurrentIndex(model.index(0, STATE))

    # The hint under the table says "Enter 修改份数".
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QSpinBox))
    assert table.currentIndex().column() == ORIGINALS
    retype_count()
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QSpinBox))
    assert table.currentIndex().column() == COPIES
    retype_count()
    type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is table)
    assert (model.rows()[0].originals, model.rows()[0].copies) == (2, 3)

    # Back on the state column of the next row: the number keys tick again.
    assert (table.currentIndex().row(), table.currentIndex().column()) == (1, STATE)
    type_text(qtbot, "2")
    qtbot.wait(20)
    assert model.rows()[1].state is CheckState.COPY
    assert (model.rows()[0].originals, model.rows()[0].copies) == (2, 3)


def test_escape_from_the_counts_leaves_the_row_as_it_was_and_the_keys_work(
    qtbot: QtBot, context: IntakeContext, catalog: Catalog
) -> None:
    panel = open_checklist(qtbot, context)
    table, model = panel.view.checklist, panel.checklist_model
    type_text(qtbot, "1")
    table.setCurrentIndex(model.index(0, STATE))
    before = model.rows()[0]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QSpinBox))
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is table)
    assert model.rows()[0] == before
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, STATE)
    type_text(qtbot, "4")
    qtbot.wait(20)
    assert model.rows()[0].state is CheckState.MISSING


# A counter window maximized on a 1366×768 screen, under its title bar and the taskbar.
SCREEN_WIDTH, WINDOW_HEIGHT = 1366, 700


def test_the_form_fits_a_1366x768_counter_with_20_materials_and_every_message_shown(
    qtbot: QtBot, context: IntakeContext
) -> None:
    window = CounterWindow()
    qtbot.addWidget(window)
    panel = IntakePanel(context)
    window.set_intake_widget(panel)
    window.show_offline("离线", "与服务器的连接已断开，正在离线工作，数据将在恢复连接后同步")
    window.resize(SCREEN_WIDTH, WINDOW_HEIGHT)
    window.show()
    window.tabs.setCurrentWidget(panel)
    qtbot.waitExposed(window)
    view, controller = panel.view, panel.controller

    # 开餐馆一件事: 21 materials, none ticked yet (a reason for each), a long department line.
    view.search.setText("开餐馆")
    controller.choose(controller.hits[0])
    assert panel.checklist_model.rowCount() >= 20
    form = view.applicant
    form.person_radio.setChecked(True)
    form.agent_check.setChecked(True)
    for field, text in (
        (form.name, "阿卜杜热依木·买买提艾力"),
        (form.id_number, PERSON_ID[:-1] + ("1" if PERSON_ID[-1] != "1" else "2")),
        (form.phone, "1381234"),
        (form.agent_name, "周敏"),
        (form.agent_id, AGENT_ID),
    ):
        field.edit.setText(text)
        field.edit.editingFinished.emit()
    controller._show_applicant_errors()
    view.outcome.override_combo.setCurrentIndex(1)
    qtbot.wait(50)
    assert sum(f.message.isVisible() for f in form.fields.values()) >= 3

    # The window is not pushed past the screen, and nothing the clerk reads or types is squashed.
    assert window.height() <= WINDOW_HEIGHT
    for edit in view.findChildren(QLineEdit):
        if edit.isVisibleTo(view) and not edit.objectName().startswith("qt_"):
            assert edit.height() >= edit.sizeHint().height(), edit.objectName()
    for field in form.fields.values():
        if field.message.isVisibleTo(view):
            message = field.message
            assert message.height() >= message.heightForWidth(message.width()), field.edit.objectName()
    box = view.outcome
    for widget in (box.save_button, box.new_button, box.pledge_check, box.override_reason.edit):
        assert widget.height() >= widget.sizeHint().height(), widget.objectName()
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert window.rect().contains(corner), widget.objectName()
    assert view.checklist.rowAt(view.checklist.viewport().height() - 1) >= 3  # four rows at least
