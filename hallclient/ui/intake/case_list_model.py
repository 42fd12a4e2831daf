"""The case list as a Qt table model over frozen ``CaseRow`` values (personal data masked)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hallclient.intake.models import CHINA_TZ, CaseRow, CaseStatus
from hallclient.ui.intake.labels import ALERT_COLOURS, alert_label, status_label

_Index = QModelIndex | QPersistentModelIndex
CASE_NO, CREATED, SUBJECT, APPLICANT, NUMBER, STATUS, DUE, PLEDGE, ALERT, TICKET = range(10)
_OVERDUE = QColor("#b00020")


class CaseListModel(QAbstractTableModel):
    def __init__(self, subject_name: Callable[[str], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseRow] = []
        self._subject_name = subject_name
        self._headers = [
            QCoreApplication.translate("CaseListModel", "受理编号"),
            QCoreApplication.translate("CaseListModel", "受理时间"),
            QCoreApplication.translate("CaseListModel", "事项"),
            QCoreApplication.translate("CaseListModel", "申请人"),
            QCoreApplication.translate("CaseListModel", "证件号码"),
            QCoreApplication.translate("CaseListModel", "状态"),
            QCoreApplication.translate("CaseListModel", "承诺办结"),
            QCoreApplication.translate("CaseListModel", "补正期限"),
            QCoreApplication.translate("CaseListModel", "预警"),
            QCoreApplication.translate("CaseListModel", "排队号"),
        ]

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: str) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == case_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.alert in ALERT_COLOURS:
            return QBrush(QColor(ALERT_COLOURS[row.alert]))
        if role == Qt.ItemDataRole.ForegroundRole and column == PLEDGE and row.pledge_overdue:
            return QBrush(_OVERDUE)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        if column == CASE_NO:
            return row.case_no
        if column == CREATED:
            return row.created_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")
        if column == SUBJECT:
            return ("【一件事】" if row.is_bundle else "") + self._subject_name(row.subject_code)
        if column == APPLICANT:
            return row.applicant_name
        if column == NUMBER:
            return row.applicant_number
        if column == STATUS:
            return status_label(row.status)
        if column == DUE:
            return row.promised_due.isoformat() if row.promised_due and row.status.is_open else ""
        if column == PLEDGE:
            if row.pledge_due is None or row.status is not CaseStatus.AWAITING_SUPPLEMENT:
                return ""
            return row.pledge_due.isoformat() + (
                QCoreApplication.translate("CaseListModel", "（逾期）") if row.pledge_overdue else ""
            )
        if column == ALERT:
            return alert_label(row.alert)
        if column == TICKET:
            return row.ticket_number or ""
        return ""
