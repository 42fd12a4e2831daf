"""The intake form driven from the keyboard only, as a clerk at the counter does."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hallclient.domain.catalog import Catalog
from hallclient.store import Store
from hallclient.store.models import Case, OutboxMutation, Pledge
from hallclient.ui.intake import IntakePanel
from hallclient.ui.intake.context import IntakeContext
from tests.intake.builders import CREDIT_CODE, PERSON_ID, resident_id


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    """Keys for ASCII; Chinese arrives as an input method's commit, as it does from a real IME."""
    widget = focused()
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def open_panel(qtbot: QtBot, context: IntakeContext) -> IntakePanel:
    panel = IntakePanel(context)
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.view.search)
    return panel


def case_count(store: Store) -> int:
    with store.session(readonly=True) as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_keyboard_only_intake_of_a_deficiency_case_from_search_to_save(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    item = catalog.item("SCJG-006")  # 食品经营许可证核发

    type_text(qtbot, "spjyxkzhf")  # pinyin initials of 食品经营许可证核发
    assert view.results.count() >= 1
    press(qtbot, Qt.Key.Key_Return)
    assert panel.controller.subject is not None and panel.controller.subject.code == item.code
    assert focused() is view.applicant.name.edit

    type_text(qtbot, "张小三")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.applicant.id_number.edit
    type_text(qtbot, PERSON_ID)
    assert view.applicant.id_number.message.text().startswith("✓")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.applicant.phone.edit
    type_text(qtbot, "13812345678")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.applicant.agent_check
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.checklist

    # One key per material: 1 原件, 2 复印件, 4 缺, 0 不适用 (the cursor moves down by itself).
    for material in item.materials:
        if material.condition is not None:
            key = "0"
        elif material.key == "food_safety_rules":
            key = "4"
        else:
            key = "1" if material.originals else "2"
        type_text(qtbot, key)
    assert "容缺受理" not in view.outcome.recommendation.text()  # no pledge yet: 一次性告知
    assert "一次性告知" in view.outcome.recommendation.text()

    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.all_received
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is view.outcome.pledge_check
    press(qtbot, Qt.Key.Key_Space)
    assert view.outcome.pledge_check.isChecked()
    assert "容缺受理" in view.outcome.recommendation.text()
    assert view.outcome.pledge_due.text()

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.controller.saved is not None, timeout=10_000)
    summary = panel.controller.saved
    assert summary is not None
    assert summary.case_no in view.outcome.result.text()

    with store.session(readonly=True) as session:
        case = session.scalar(select(Case))
        assert case is not None
        assert (case.outcome, case.status) == ("accept_with_deficiency", "awaiting_supplement")
        assert (case.applicant_name, case.applicant_id_number, case.ticket_number) == (
            "张小三",
            PERSON_ID,
            "A012",
        )
        pledge = session.scalar(select(Pledge))
        assert pledge is not None and pledge.due == summary.pledge_due
        assert pledge.commitments == item.material("food_safety_rules").name
        [payload] = session.scalars(
            select(OutboxMutation.payload).where(OutboxMutation.name == "case.create")
        )
        assert json.loads(payload)["case_no"] == summary.case_no

    # A second Ctrl+S does not save the same applicant twice; Ctrl+N starts the next one.
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert case_count(store) == 1
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert focused() is view.search and panel.controller.subject is None
    assert view.applicant.name.edit.text() == ""


def test_invalid_id_blocks_the_save_with_the_reason_at_the_field(
    qtbot: QtBot, context: IntakeContext, store: Store
) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "张小三")
    press(qtbot, Qt.Key.Key_Tab)
    wrong = PERSON_ID[:-1] + ("1" if PERSON_ID[-1] != "1" else "2")
    type_text(qtbot, wrong)
    message = view.applicant.id_number.message
    assert message.isVisibleTo(panel)
    assert "校验位不正确" in message.text() and f"应为 {PERSON_ID[-1]}" in message.text()
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "13812345678")
    view.all_received.click()

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(200)
    assert case_count(store) == 0
    assert panel.controller.saved is None
    assert "校验位不正确" in message.text()
    assert focused() is view.applicant.id_number.edit
    assert "申请人信息有误" in view.outcome.result.text()

    # Correcting the number clears the message and the save goes through.
    view.applicant.id_number.edit.selectAll()
    type_text(qtbot, PERSON_ID)
    assert message.text().startswith("✓")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.controller.saved is not None, timeout=10_000)
    assert case_count(store) == 1


def test_short_id_is_reported_when_leaving_the_field(qtbot: QtBot, context: IntakeContext) -> None:
    panel = open_panel(qtbot, context)
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "1101051949")
    assert not panel.view.applicant.id_number.message.text()  # nothing shouted while typing
    press(qtbot, Qt.Key.Key_Tab)
    assert "应为 18 位" in panel.view.applicant.id_number.message.text()


def type_keys_one_by_one(qtbot: QtBot, text: str, field_message: QWidget) -> None:
    """Type ``text`` a character at a time; nothing may be reported before the last one."""
    for char in text:
        type_text(qtbot, char)
        assert not field_message.isVisible(), (char, field_message.property("text"))


def test_organisation_phone_takes_a_landline_with_its_extension(
    qtbot: QtBot, context: IntakeContext, store: Store
) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    form = view.applicant
    type_text(qtbot, "SCJG-006")
    press(qtbot, Qt.Key.Key_Return)
    assert form.phone.edit.placeholderText() == "11位手机号码"
    form.org_radio.click()
    assert form.org_radio.isChecked()
    assert form.phone_label.text() == "联系电话(选填)"
    assert "0591-87654321 转 801" in form.phone.edit.placeholderText()
    assert "400/800" in form.phone.edit.toolTip()
    form.name.edit.setText("示范县某某餐饮有限公司")
    form.credit_code.edit.setText(CREDIT_CODE)
    form.legal_rep.edit.setText("李四")
    form.phone.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.phone.edit)

    type_keys_one_by_one(qtbot, "(0591) 8765 4321 转 801", form.phone.message)
    press(qtbot, Qt.Key.Key_Tab)
    assert not form.phone.message.text()
    view.all_received.click()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.controller.saved is not None, timeout=10_000)
    with store.session(readonly=True) as session:
        assert session.scalar(select(Case.applicant_phone)) == "0591-87654321-801"

    # Back to a person: the same field asks for a mobile again.
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.phone.edit.placeholderText() == "11位手机号码" and not form.phone.edit.toolTip()


def test_a_phone_is_judged_as_typed_only_once_all_its_digits_are_in(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    form = panel.view.applicant
    type_text(qtbot, "SCJG-006")
    press(qtbot, Qt.Key.Key_Return)
    form.phone.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.phone.edit)
    type_keys_one_by_one(qtbot, "+86 138-1234-5678", form.phone.message)

    # A person's number must be a mobile: a landline is refused once it is whole.
    form.phone.edit.clear()
    type_keys_one_by_one(qtbot, "0591-8765432", form.phone.message)
    type_text(qtbot, "1")
    assert "手机号码应为 11 位" in form.phone.message.text()

    # For an organisation the same number is fine, and a short one is reported on leaving.
    form.org_radio.click()
    form.phone.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.phone.edit)
    press(qtbot, Qt.Key.Key_Tab)
    assert form.phone.edit.text() == "0591-87654321" and not form.phone.message.text()
    form.phone.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.phone.edit)
    form.phone.edit.clear()
    type_keys_one_by_one(qtbot, "0591-876543", form.phone.message)
    press(qtbot, Qt.Key.Key_Tab)
    assert "区号 0591 后的电话号码应为 7 或 8 位，输入的是 6 位" in form.phone.message.text()


def test_choosing_a_bundle_merges_its_materials(
    qtbot: QtBot, context: IntakeContext, catalog: Catalog
) -> None:
    panel = open_panel(qtbot, context)
    type_text(qtbot, "企业开办")
    hit = panel.controller.hits[0]
    assert hit.code == "YJS-001"
    press(qtbot, Qt.Key.Key_Return)
    bundle = catalog.bundle("YJS-001")
    merged = catalog.materials_for_bundle(bundle)
    rows = panel.checklist_model.rows()
    keys = [row.material.key for row in rows]
    assert keys == [m.key for m in merged]
    assert len(keys) == len(set(keys))
    every_item = [m.key for code in bundle.item_codes for m in catalog.item(code).materials]
    assert len(every_item) > len(keys)  # the same material is asked for once
    assert "business_license" not in keys  # produced by the bundle itself
    shared = next(row for row in rows if row.material.key == "legal_rep_id_card")
    assert len(shared.sources) > 1
    assert "一件事" in panel.view.subject.text()
    assert panel.view.applicant.org_radio.isChecked()  # the bundle serves organisations only


def test_override_needs_a_written_reason(qtbot: QtBot, context: IntakeContext, store: Store) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "张小三")
    view.applicant.id_number.edit.setText(PERSON_ID)
    view.applicant.phone.edit.setText("13812345678")
    assert "一次性告知" in view.outcome.recommendation.text()  # nothing ticked yet
    view.outcome.override_combo.setCurrentIndex(1)  # 改为：受理
    assert view.outcome.override_reason.isVisibleTo(panel)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "理由" in view.outcome.result.text(), timeout=10_000)
    assert case_count(store) == 0
    assert "理由" in view.outcome.override_reason.message.text()
    view.outcome.override_reason.edit.setText("材料已在部门系统核验，科长同意受理")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.controller.saved is not None, timeout=10_000)
    assert panel.controller.saved is not None and panel.controller.saved.overridden


def test_numbers_are_not_judged_before_their_last_character(qtbot: QtBot, context: IntakeContext) -> None:
    panel = open_panel(qtbot, context)
    form = panel.view.applicant
    type_text(qtbot, "SCJG-006")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)
    # 15 characters is only part of the way to 18: no 旧身份证 or 应为 18 位 in red mid-number.
    type_keys_one_by_one(qtbot, PERSON_ID[:-1], form.id_number.message)
    type_text(qtbot, PERSON_ID[-1])
    assert form.id_number.message.text().startswith("✓")

    form.org_radio.click()
    form.credit_code.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.credit_code.edit)
    type_keys_one_by_one(qtbot, CREDIT_CODE, form.credit_code.message)
    # A 15-digit old ID number is still explained, when the clerk leaves the field.
    form.person_radio.click()
    form.id_number.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is form.id_number.edit)
    form.id_number.edit.clear()
    type_keys_one_by_one(qtbot, "110105491231002", form.id_number.message)
    press(qtbot, Qt.Key.Key_Tab)
    assert "15 位旧身份证号码" in form.id_number.message.text()


def test_retyping_a_checked_id_number_is_judged_again_only_once_it_is_whole(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    field = panel.view.applicant.id_number
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, PERSON_ID)
    assert field.message.text().startswith("✓")

    # The clerk sees it is the agent's number and types the applicant's over it: the old ✓ goes
    # at the first key, and nothing is reported until the new number is whole.
    field.edit.selectAll()
    other = resident_id("44030419900307123")
    type_keys_one_by_one(qtbot, other[:-1], field.message)
    type_text(qtbot, other[-1])
    assert field.message.text().startswith("✓ 出生日期 1990-03-07")


def test_an_agent_makes_the_power_of_attorney_required_as_the_clerk_sees_it(
    qtbot: QtBot, context: IntakeContext
) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    type_text(qtbot, "BDC-001")
    press(qtbot, Qt.Key.Key_Return)
    view.all_received.click()
    assert "系统建议：受理" in view.outcome.recommendation.text()  # nobody acts for the applicant

    # Ticking 代办 alone changes what the form recommends, before anything else is touched.
    view.applicant.agent_check.setChecked(True)
    assert "授权委托书" in view.outcome.reasons.text()
    assert "系统建议：受理" not in view.outcome.recommendation.text()

    # "全部收到" with an agent ticked first takes the agent's papers as handed in, not as not
    # applicable: the form recommends 受理 again.
    second = open_panel(qtbot, context)
    type_text(qtbot, "BDC-001")
    press(qtbot, Qt.Key.Key_Return)
    second.view.applicant.agent_check.setChecked(True)
    second.view.all_received.click()
    assert "系统建议：受理" in second.view.outcome.recommendation.text()
    assert "授权委托书" not in second.view.outcome.reasons.text()
