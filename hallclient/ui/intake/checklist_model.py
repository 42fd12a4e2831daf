"""The material checklist as a Qt table model: one row per material, what the clerk received.

Editing goes through ``setData`` like any Qt table (the state column takes a ``CheckState``
value, the count columns integers, the licence column text), so keyboard editing, delegates and
tests all use the one path. ``checks()`` hands the ticks to the domain rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from hallclient.domain.catalog import Material
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.ui.intake.labels import check_state_label

NAME, KIND, REQUIRED, STATE, ORIGINALS, COPIES, LICENSE = range(7)
COLUMN_COUNT = 7
_Index = QModelIndex | QPersistentModelIndex

# Key → state on the checklist (the hint under the table lists them).
STATE_KEYS: dict[str, CheckState] = {
    "1": CheckState.ORIGINAL,
    "2": CheckState.COPY,
    "3": CheckState.E_LICENSE,
    "4": CheckState.MISSING,
    "5": CheckState.DEFICIENT,
    "0": CheckState.NOT_APPLICABLE,
}
_PROBLEM = QColor("#fde0e0")
_GOOD = QColor("#e6f4e6")
_OPEN = QColor("#fffbe6")


@dataclass(frozen=True)
class ChecklistRow:
    material: Material
    state: CheckState | None = None  # None: not ticked yet
    originals: int = 0
    copies: int = 0
    e_license_no: str = ""
    sources: tuple[str, ...] = ()  # for a bundle: the item codes that ask for this material


def with_state(row: ChecklistRow, state: CheckState) -> ChecklistRow:
    """The row with a new state and the counts that state usually comes with."""
    material = row.material
    if state is CheckState.ORIGINAL:
        return replace(row, state=state, originals=max(material.originals, 1), copies=material.copies)
    if state is CheckState.COPY:
        return replace(row, state=state, originals=0, copies=max(material.copies, 1))
    return replace(row, state=state, originals=0, copies=0)


def satisfied_state(material: Material, conditions_met: frozenset[str] = frozenset()) -> CheckState:
    """What "everything handed in" means for one material. ``conditions_met``: the conditions
    known to hold for this case (an 代办人 hands it in); a material with another condition is
    taken as not applicable."""
    if material.condition is not None and material.condition not in conditions_met:
        return CheckState.NOT_APPLICABLE
    return CheckState.ORIGINAL if material.originals else CheckState.COPY


class ChecklistModel(QAbstractTableModel):
    checks_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ChecklistRow] = []
        self._problems: frozenset[str] = frozenset()
        self._headers = [
            QCoreApplication.translate("ChecklistModel", "申请材料"),
            QCoreApplication.translate("ChecklistModel", "类别"),
            QCoreApplication.translate("ChecklistModel", "要求"),
            QCoreApplication.translate("ChecklistModel", "状态"),
            QCoreApplication.translate("ChecklistModel", "原件"),
            QCoreApplication.translate("ChecklistModel", "复印件"),
            QCoreApplication.translate("ChecklistModel", "电子证照编号"),
        ]

    # --- content -----------------------------------------------------------------------------

    def load(
        self, materials: tuple[Material, ...], sources: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = [ChecklistRow(material=m, sources=(sources or {}).get(m.key, ())) for m in materials]
        self._problems = frozenset()
        self.endResetModel()
        self.checks_changed.emit()

    def clear(self) -> None:
        self.load(())

    def rows(self) -> tuple[ChecklistRow, ...]:
        return tuple(self._rows)

    def checks(self) -> tuple[MaterialCheck, ...]:
        return tuple(
            MaterialCheck(
                material_key=row.material.key,
                state=row.state,
                originals=row.originals,
                copies=row.copies,
                e_license_no=row.e_license_no.strip() or None,
            )
            for row in self._rows
            if row.state is not None
        )

    def counts(self) -> dict[CheckState | None, int]:
        """How many rows are in each state (None: not ticked yet)."""
        counted: dict[CheckState | None, int] = {}
        for row in self._rows:
            counted[row.state] = counted.get(row.state, 0) + 1
        return counted

    def set_state(self, row: int, state: CheckState) -> None:
        self.setData(self.index(row, STATE), state, Qt.ItemDataRole.EditRole)

    def mark_all_received(self, conditions_met: frozenset[str] = frozenset()) -> None:
        """Every unticked row as handed in the usual way (the clerk then marks the exceptions)."""
        for number, row in enumerate(self._rows):
            if row.state is None:
                self._rows[number] = with_state(row, satisfied_state(row.material, conditions_met))
        self._changed(0, len(self._rows) - 1)

    def set_problems(self, keys: frozenset[str]) -> None:
        """The materials the rule finds missing or deficient (coloured red)."""
        if keys != self._problems:
            self._problems = keys
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMN_COUNT - 1))

    def _changed(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))
        self.checks_changed.emit()

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self._headers[section]
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        row = self._rows[index.row()]
        column = index.column()
        editable = column == STATE
        editable |= column in (ORIGINALS, COPIES) and row.state in (CheckState.ORIGINAL, CheckState.COPY)
        editable |= column == LICENSE and row.state is CheckState.E_LICENSE
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        material = row.material
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return {
                STATE: row.state,
                ORIGINALS: row.originals,
                COPIES: row.copies,
                LICENSE: row.e_license_no,
            }.get(column)
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            parts = [material.name]
            if material.condition:
                parts.append(QCoreApplication.translate("ChecklistModel", "适用情形：") + material.condition)
            if material.notes:
                parts.append(material.notes)
            if material.e_license_type:
                parts.append(
                    QCoreApplication.translate("ChecklistModel", "可用电子证照：") + material.e_license_type
                )
            if row.sources:
                parts.append(
                    QCoreApplication.translate("ChecklistModel", "所属事项：") + "、".join(row.sources)
                )
            return "\n".join(parts)
        if role == Qt.ItemDataRole.BackgroundRole:
            if material.key in self._problems:
                return QBrush(_PROBLEM)
            if row.state is None:
                return QBrush(_OPEN)
            return QBrush(_GOOD)
        hint = column == LICENSE and row.state is not CheckState.E_LICENSE
        if role == Qt.ItemDataRole.ForegroundRole and hint:
            return QBrush(QColor("#777"))
        if role == Qt.ItemDataRole.FontRole and column == KIND and material.core:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, row: ChecklistRow, column: int) -> str:
        material = row.material
        if column == NAME:
            return material.name + (f"（{material.condition}）" if material.condition else "")
        if column == KIND:
            kind = (
                QCoreApplication.translate("ChecklistModel", "主要")
                if material.core
                else QCoreApplication.translate("ChecklistModel", "次要")
            )
            return kind + (
                QCoreApplication.translate("ChecklistModel", "·可容缺") if material.deficiency_allowed else ""
            )
        if column == REQUIRED:
            return material.requirement_text.replace("、", " ")
        if column == STATE:
            return (
                check_state_label(row.state)
                if row.state is not None
                else QCoreApplication.translate("ChecklistModel", "未勾选")
            )
        if column == ORIGINALS:
            return str(row.originals) if row.state in (CheckState.ORIGINAL, CheckState.COPY) else ""
        if column == COPIES:
            return str(row.copies) if row.state in (CheckState.ORIGINAL, CheckState.COPY) else ""
        if column == LICENSE:
            if row.state is CheckState.E_LICENSE or not material.e_license_type:
                return row.e_license_no
            return QCoreApplication.translate("ChecklistModel", "可用电子证照")
        return ""

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt override
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        number, column = index.row(), index.column()
        row = self._rows[number]
        if column == STATE:
            try:
                state = CheckState(value)
            except ValueError:
                return False
            updated = with_state(row, state) if state is not row.state else row
        elif column in (ORIGINALS, COPIES) and row.state in (CheckState.ORIGINAL, CheckState.COPY):
            try:
                count = int(value)
            except (TypeError, ValueError):
                return False
            if count < 0:
                return False
            updated = replace(row, originals=count) if column == ORIGINALS else replace(row, copies=count)
        elif column == LICENSE and row.state is CheckState.E_LICENSE:
            updated = replace(row, e_license_no=" ".join(str(value).split()))
        else:
            return False
        self._rows[number] = updated
        self._changed(number, number)
        return True
