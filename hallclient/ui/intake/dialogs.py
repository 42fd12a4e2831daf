"""Questions the case list asks the clerk: which materials came in (补正), why a case is
withdrawn. ``CaseListPrompts`` is the one place that opens dialogs, so tests can answer them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.intake.models import CaseDetail, MaterialLine
from hallclient.ui.intake.labels import check_state_label

SUPPLY_STATES = (CheckState.ORIGINAL, CheckState.COPY, CheckState.E_LICENSE)


def supplied_check(line: MaterialLine, state: CheckState, e_license_no: str = "") -> MaterialCheck:
    """What the clerk means by "brought it" for one outstanding material."""
    if state is CheckState.ORIGINAL:
        return MaterialCheck(
            line.key, state, originals=max(line.required_originals, 1), copies=line.required_copies
        )
    if state is CheckState.COPY:
        return MaterialCheck(line.key, state, copies=max(line.required_copies, 1))
    return MaterialCheck(line.key, state, e_license_no=e_license_no.strip() or None)


class SupplementDialog(QDialog):
    """One row per outstanding material: tick (Space) what was brought and how (原件/复印件/电子证照)."""

    def __init__(self, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("补正 — %1").replace("%1", detail.case_no))
        self.lines = detail.outstanding
        self.table = QTableWidget(len(self.lines), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("待补材料"), self.tr("收取方式"), self.tr("电子证照编号")]
        )
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, line in enumerate(self.lines):
            item = QTableWidgetItem(line.name)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            for state in SUPPLY_STATES:
                combo.addItem(check_state_label(state), state.value)
            self.combos.append(combo)
            self.table.setCellWidget(row, 1, combo)
            self.table.setItem(row, 2, QTableWidgetItem(""))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("备注（选填）"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选申请人本次补交的材料（空格键勾选）：")))
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def checks(self) -> list[MaterialCheck]:
        out = []
        for row, line in enumerate(self.lines):
            item = self.table.item(row, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            state = CheckState(self.combos[row].currentData())
            number = self.table.item(row, 2)
            out.append(supplied_check(line, state, number.text() if number else ""))
        return out


class CaseListPrompts:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def supplement(self, detail: CaseDetail) -> tuple[list[MaterialCheck], str] | None:
        dialog = SupplementDialog(detail, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.checks(), dialog.note.text()

    def withdraw_reason(self, case_no: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.parent,
            self.parent.tr("撤回申请"),
            self.parent.tr("办件 %1 的撤回原因：").replace("%1", case_no),
        )
        return text if ok else None
