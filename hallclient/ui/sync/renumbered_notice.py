"""Tells the clerk which cases sync gave a new number (sync/renumber.py): the papers already
printed for them show the old number and should be printed again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from hallclient.sync.renumber import RenumberedCase


class RenumberedNotice(QMessageBox):
    """Not modal: the clerk may be in the middle of a case; the list stays until closed."""

    def __init__(self, cases: Sequence[RenumberedCase], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renumberedNotice")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("受理编号已更改"))
        self.setText(
            self.tr(
                "%n个办件的受理编号已被本窗口的其他办件使用（本窗口更换电脑后、同步完成前受理的办件），已自动改号。"
                "已打印的回执、通知书上仍是原编号，请在办件详情中重新打印并交给申请人。",
                "",
                len(cases),
            )
        )
        self.setInformativeText("\n".join(f"{case.old_case_no} → {case.new_case_no}" for case in cases))
        # QMessageBox gives its labels no width of their own: without this each pair of numbers
        # breaks at the arrow.
        self.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 26em; }")
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
