"""The intake form while its save waits on the db lane: what the clerk sees is what is saved."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import NoReturn

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.errors import StorageError
from hallclient.intake import cases
from hallclient.store import Store
from hallclient.store.models import Case
from hallclient.ui.intake import IntakePanel
from hallclient.ui.intake.context import IntakeContext
from tests.intake.builders import PERSON_ID
from tests.ui.intake.test_intake_panel import case_count, focused, open_panel, press, type_text


@pytest.fixture
def db_gate(context: IntakeContext) -> Iterator[threading.Event]:
    """Holds the db lane busy (as a long sync apply or a locked store does) until set."""
    gate = threading.Event()
    context.runner.submit("db", gate.wait, 30)
    yield gate
    gate.set()


def fill_pension_case(qtbot: QtBot, panel: IntakePanel) -> None:
    view = panel.view
    type_text(qtbot, "SB-001")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "张小三")
    view.applicant.id_number.edit.setText(PERSON_ID)
    view.applicant.phone.edit.setText("13812345678")
    view.all_received.click()


def stored_case(store: Store) -> tuple[str | None, str]:
    with store.session(readonly=True) as session:
        case = session.scalar(select(Case))
        assert case is not None
        return case.item_code, case.applicant_phone


def test_what_the_clerk_changes_while_the_save_waits_is_not_silently_dropped(
    qtbot: QtBot, context: IntakeContext, store: Store, db_gate: threading.Event
) -> None:
    panel = open_panel(qtbot, context)
    view = panel.view
    fill_pension_case(qtbot, panel)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert panel.controller.saving

    # The clerk spots a wrong digit and fixes the phone, then looks up another item.
    phone = view.applicant.phone.edit
    qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    QTest.keyClick(phone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(phone, "13900000000")
    qtbot.mouseClick(view.search, Qt.MouseButton.LeftButton)
    QTest.keyClick(view.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(view.search, "SCJG-006")
    QTest.keyClick(view.search, Qt.Key.Key_Return)

    db_gate.set()
    qtbot.waitUntil(lambda: panel.controller.saved is not None, timeout=10_000)
    item_code, saved_phone = stored_case(store)
    subject = panel.controller.subject
    assert subject is not None
    # The form next to "已保存" shows the case as it was saved.
    assert (subject.code, phone.text()) == (item_code, saved_phone)
    # The keyboard stays in the form: Ctrl+N starts the next applicant.
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert focused() is view.search and panel.controller.subject is None
    assert view.applicant.phone.edit.isEnabled()


def test_a_failed_save_gives_the_form_back_as_typed(
    qtbot: QtBot, context: IntakeContext, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(**_kwargs: object) -> NoReturn:
        raise StorageError("磁盘空间已满，本次操作未保存。", code="disk_full")

    monkeypatch.setattr(cases, "save_case", disk_full)
    panel = open_panel(qtbot, context)
    view = panel.view
    fill_pension_case(qtbot, panel)
    view.applicant.phone.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: focused() is view.applicant.phone.edit)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not panel.controller.saving, timeout=10_000)

    assert "磁盘空间已满" in view.outcome.result.text()
    assert view.applicant.phone.edit.text() == "13812345678"
    assert view.outcome.save_button.isEnabled()
    # The clerk carries on where they were, and can change the form before trying again.
    assert focused() is view.applicant.phone.edit
    QTest.keyClicks(view.applicant.phone.edit, "0")
    assert view.applicant.phone.edit.text() == "138123456780"
    assert case_count(store) == 0
