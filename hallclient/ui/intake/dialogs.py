"""Questions the case list asks the clerk: the applicant's ID number for a case another window
took in, which materials came in (补正), why a case is withdrawn. ``CaseListPrompts`` is the one
place that opens dialogs, so tests can answer them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
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

from hallclient.domain.errors import ValidationError
from hallclient.domain.identity import normalize_id_text, validate_resident_id
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.intake.models import CaseDetail, MaterialLine
from hallclient.ui.intake.form_views import FieldWithMessage
from hallclient.ui.intake.labels import check_state_label

RESIDENT_ID_LENGTH = 18

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
    """One row per outstanding material: tick (Space) what was brought and how (原件/复印件/电子证照).

    Nothing is ticked at first and OK waits for a tick: the clerk says what came, row by row, and
    an Enter pressed out of habit records nothing."""

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
            item.setCheckState(Qt.CheckState.Unchecked)
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
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.table.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选申请人本次补交的材料（空格键勾选）：")))
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(560, 320)
        if self.lines:
            # Space ticks the row under the cursor: start it on the first material.
            self.table.setCurrentCell(0, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ticked(self) -> bool:
        return any(
            item is not None and item.checkState() == Qt.CheckState.Checked
            for item in (self.table.item(row, 0) for row in range(len(self.lines)))
        )

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        self.ok_button.setEnabled(self._ticked())

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


class IdentityCheckDialog(QDialog):
    """The clerk types the 公民身份号码 from the applicant's (or agent's) card for a case another
    window took in. The number is judged as it is typed; OK is enabled only for a valid one.
    Echo is plain on purpose: the clerk reads the number off the card in front of them."""

    def __init__(
        self,
        detail: CaseDetail,
        *,
        today: dt.date,
        error: str = "",
        typed: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.setWindowTitle(self.tr("核验申请人身份 — %1").replace("%1", detail.case_no))
        self.intro = QLabel(
            self.tr(
                "该办件由 %1 号窗口受理，本机只存证件号码后四位。"
                "请查看申请人（或代办人）的身份证件，输入其公民身份号码："
            ).replace("%1", detail.window_no)
        )
        self.intro.setWordWrap(True)
        edit = QLineEdit()
        edit.setObjectName("identityNumber")
        edit.setPlaceholderText(self.tr("18位，末位可为X"))
        edit.setMaxLength(24)
        edit.setClearButtonEnabled(True)
        self.field = FieldWithMessage(edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("核验"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        edit.textChanged.connect(self._on_text_changed)
        edit.setText(typed)
        if error:
            self.field.show_message(error)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(460, 180)

    @property
    def edit(self) -> QLineEdit:
        return self.field.edit

    def number(self) -> str:
        return self.edit.text()

    def _on_text_changed(self, text: str) -> None:
        typed = normalize_id_text(text)
        if len(typed) < RESIDENT_ID_LENGTH:
            # Not judged before the last character: a half-typed number is not a mistake yet.
            self.field.show_message("")
            self.ok_button.setEnabled(False)
            return
        try:
            validate_resident_id(typed, today=self.today)
        except ValidationError as error:
            self.field.show_message(error.message)
            self.ok_button.setEnabled(False)
            return
        self.field.show_message("")
        self.ok_button.setEnabled(True)


class CaseListPrompts:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def identity_number(
        self, detail: CaseDetail, *, today: dt.date, error: str = "", typed: str = ""
    ) -> str | None:
        """The number the clerk typed from the ID card (None: cancelled). ``error``: why the
        previous attempt was refused, shown at the field with the number typed then."""
        dialog = IdentityCheckDialog(detail, today=today, error=error, typed=typed, parent=self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.number()

    def supplement(self, detail: CaseDetail) -> tuple[list[MaterialCheck], str] | None:
        dialog = SupplementDialog(detail, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.checks(), dialog.note.text()

    def withdraw_reason(self, case_no: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.parent,
            QCoreApplication.translate("CaseListPrompts", "撤回申请"),
            QCoreApplication.translate("CaseListPrompts", "办件 %1 的撤回原因：").replace("%1", case_no),
        )
        return text if ok else None
