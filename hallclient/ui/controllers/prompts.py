"""The questions the counter asks the clerk, behind one object so tests can answer them."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from hallclient.ui.views.queue_dialogs import PauseDialog, ShortcutHelp, TicketNumberDialog, TransferDialog


class CounterPrompts(QObject):
    def __init__(self, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self._parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def error(self, text: str) -> None:
        QMessageBox.warning(self._parent, self.tr("操作未完成"), text)

    def transfer(
        self, *, ticket_number: str, services: list[tuple[str, str]], windows: list[tuple[str, str]]
    ) -> tuple[str | None, str | None, str, bool] | None:
        """(to_service, to_window, note, keep_time) or None when cancelled."""
        dialog = TransferDialog(
            ticket_number=ticket_number, services=services, windows=windows, parent=self._parent
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        to_service, to_window = dialog.target()
        return to_service, to_window, dialog.note.text().strip(), dialog.keep_time.isChecked()

    def pause_reason(self, reasons: list[tuple[str, str]]) -> str | None:
        dialog = PauseDialog(reasons=reasons, parent=self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason()

    def ticket_number(self, *, title: str, prompt: str) -> tuple[str, str] | None:
        """(number, note) or None."""
        dialog = TicketNumberDialog(title=title, prompt=prompt, parent=self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.value():
            return None
        return dialog.value(), dialog.note.text().strip()

    def shortcuts(self) -> None:
        ShortcutHelp(self._parent).exec()
