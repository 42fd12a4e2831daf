"""The 补正 dialog opens with nothing ticked: Enter alone cannot record every outstanding material
as delivered, and OK waits until the clerk ticks what the applicant brought."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from hallclient.domain.catalog import Catalog
from hallclient.domain.outcome import CheckState
from hallclient.intake import cases
from hallclient.intake.models import CaseDetail, CaseDraft
from hallclient.store import Store
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.dialogs import SupplementDialog
from tests.intake.builders import checks, person
from tests.ui.intake.conftest import NOW


def outstanding_case(store: Store, catalog: Catalog, context: IntakeContext) -> CaseDetail:
    """A 容缺 case waiting for two materials."""
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(
            item.materials, food_safety_rules=CheckState.MISSING, health_certificates=CheckState.MISSING
        ),
        applicant_pledges=True,
        pledge_days=3,
    )
    with store.session() as session:
        summary = cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=context.calendar,
            now=NOW,
            clerk="zhangsan",
            window_no="07",
            hall_code="DEMO",
        )
        return cases.get_case_detail(
            session=session, case_id=summary.id, viewer="zhangsan", now=NOW, calendar=context.calendar
        )


def open_dialog(qtbot: QtBot, detail: CaseDetail) -> SupplementDialog:
    dialog = SupplementDialog(detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def ticked(dialog: SupplementDialog) -> list[bool]:
    return [
        item is not None and item.checkState() == Qt.CheckState.Checked
        for item in (dialog.table.item(row, 0) for row in range(dialog.table.rowCount()))
    ]


def test_nothing_is_ticked_and_enter_records_nothing(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    detail = outstanding_case(store, catalog, context)
    assert len(detail.outstanding) == 2
    dialog = open_dialog(qtbot, detail)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ticked(dialog) == [False, False]
    assert dialog.checks() == []
    assert not ok.isEnabled()
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted


def test_ticking_with_space_enables_ok_and_unticking_disables_it(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    detail = outstanding_case(store, catalog, context)
    dialog = open_dialog(qtbot, detail)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    # The cursor starts on the first material, so Space ticks it (as the dialog says).
    assert dialog.focusWidget() is dialog.table
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert ticked(dialog) == [True, False]
    assert ok.isEnabled()
    assert [check.material_key for check in dialog.checks()] == [detail.outstanding[0].key]
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert ticked(dialog) == [False, False] and not ok.isEnabled()
    QTest.keyClick(dialog.table, Qt.Key.Key_Down)
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert ticked(dialog) == [False, True] and ok.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [check.material_key for check in dialog.checks()] == [detail.outstanding[1].key]
