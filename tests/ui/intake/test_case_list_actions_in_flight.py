"""Case list actions while the db lane is busy: a double click acts once and says so once."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hallclient.domain.catalog import Catalog
from hallclient.intake.models import CaseStatus
from hallclient.store import Store
from hallclient.store.models import OutboxMutation
from hallclient.ui.intake.case_list_model import CASE_NO
from hallclient.ui.intake.context import IntakeContext
from tests.ui.intake.test_case_list_panel import open_list, seed


def test_a_double_click_on_complete_completes_once_without_an_error(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    numbers = seed(store, catalog, context.calendar)
    panel = open_list(qtbot, context)
    model, detail = panel.model, panel.view.detail
    row = next(r for r in range(model.rowCount()) if model.index(r, CASE_NO).data() == numbers["today"])
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(row)
    assert detail.complete_button.isEnabled()

    gate = threading.Event()
    context.runner.submit("db", gate.wait, 30)  # the lane is busy (a sync round, a slow disk)
    try:
        QTest.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
        QTest.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    finally:
        gate.set()

    def settled() -> bool:
        shown = panel.controller.detail
        completed = shown is not None and shown.status is CaseStatus.COMPLETED
        return completed and context.runner.pending("db") == 0

    qtbot.waitUntil(settled, timeout=10_000)
    QApplication.processEvents()
    assert detail.message.text() == "已当场办结"
    with store.session(readonly=True) as session:
        completions = select(func.count()).where(OutboxMutation.name == "case.complete")
        assert session.scalar(completions) == 1
