"""Dialogs of the queue panel: transfer, pause reason, ticket number entry, shortcut help."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.views.actions import action_specs

TICKET_NUMBER_PATTERN = r"[A-Za-z]{1,2}\d{1,4}"


@dataclass(frozen=True)
class _TransferChoice:
    ticket_number: str
    to_window: bool
    service: object
    window: object
    note: str
    keep_time: bool


class TransferDialog(QDialog):
    """Target is a service or a window; the note goes with the ticket. The clerk confirms here.

    Opened again for the same ticket (the transfer did not go through: the network dropped, the
    server refused), it shows what the clerk chose last: pressing again is then the same request,
    and the note need not be typed again."""

    _last: ClassVar[_TransferChoice | None] = None

    def __init__(
        self,
        *,
        ticket_number: str,
        services: list[tuple[str, str]],
        windows: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("转移 %1").replace("%1", ticket_number))
        self.to_service = QRadioButton(self.tr("转到业务"))
        self.to_window = QRadioButton(self.tr("转到窗口"))
        self.to_service.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_service)
        group.addButton(self.to_window)
        self.service_box = QComboBox()
        self.service_box.setObjectName("transferService")
        for code, name in services:
            self.service_box.addItem(f"{code}  {name}", code)
        self.window_box = QComboBox()
        self.window_box.setObjectName("transferWindow")
        for no, name in windows:
            self.window_box.addItem(f"{no}  {name}", no)
        self.note = QLineEdit()
        self.note.setObjectName("transferNote")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("给下一个窗口的说明（可选）"))
        if not windows:
            # No open window to send to: the choice would send neither a service nor a window.
            self.to_window.setEnabled(False)
            self.window_box.setEnabled(False)
        self.keep_time = QCheckBox(self.tr("保留原取号时间（不重新排队）"))
        self.keep_time.setChecked(True)
        self._ticket_number = ticket_number
        self._restore()
        self.accepted.connect(self._remember)
        warning = QLabel(self.tr("确认后 %1 将离开本窗口。").replace("%1", ticket_number))
        form = QFormLayout()
        form.addRow(self.to_service, self.service_box)
        form.addRow(self.to_window, self.window_box)
        form.addRow(self.tr("说明"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("确认转移"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keep_time)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)

    def _restore(self) -> None:
        last = TransferDialog._last
        if last is None or last.ticket_number != self._ticket_number:
            return
        for box, value in ((self.service_box, last.service), (self.window_box, last.window)):
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)
        if last.to_window and self.to_window.isEnabled() and self.window_box.findData(last.window) >= 0:
            self.to_window.setChecked(True)
        self.note.setText(last.note)
        self.keep_time.setChecked(last.keep_time)

    def _remember(self) -> None:
        TransferDialog._last = _TransferChoice(
            ticket_number=self._ticket_number,
            to_window=self.to_window.isChecked(),
            service=self.service_box.currentData(),
            window=self.window_box.currentData(),
            note=self.note.text(),
            keep_time=self.keep_time.isChecked(),
        )

    def target(self) -> tuple[str | None, str | None]:
        """(to_service, to_window): exactly one is set."""
        if self.to_window.isChecked() and self.to_window.isEnabled():
            return None, self.window_box.currentData()
        return self.service_box.currentData(), None


class PauseDialog(QDialog):
    def __init__(self, *, reasons: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pauseDialog")
        self.setWindowTitle(self.tr("暂停服务"))
        self.reasons = QListWidget()
        self.reasons.setObjectName("pauseReasons")
        for code, label in reasons:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.reasons.addItem(item)
        if self.reasons.count():
            self.reasons.setCurrentRow(0)
        self.reasons.itemDoubleClicked.connect(self.accept)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("请选择暂停原因：")))
        layout.addWidget(self.reasons)
        layout.addWidget(self.buttons)

    def reason(self) -> str | None:
        item = self.reasons.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class TicketNumberDialog(QDialog):
    """Asks for a ticket number: to call a specific ticket, or (offline) to log a paper ticket."""

    def __init__(self, *, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketNumberDialog")
        self.setWindowTitle(title)
        self.number = QLineEdit()
        self.number.setObjectName("ticketNumber")
        self.number.setPlaceholderText("A012")
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(TICKET_NUMBER_PATTERN), self))
        self.note = QLineEdit()
        self.note.setObjectName("ticketNote")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("备注（可选）"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.number)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    def value(self) -> str:
        return self.number.text().strip().upper()


class ShortcutHelp(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutHelp")
        self.setWindowTitle(self.tr("快捷键"))
        specs = action_specs()
        table = QTableWidget(len(specs), 3)
        table.setHorizontalHeaderLabels([self.tr("按键"), self.tr("操作"), self.tr("说明")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, spec in enumerate(specs):
            for col, text in enumerate((spec.key, spec.label, spec.hint)):
                table.setItem(row, col, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 440)
