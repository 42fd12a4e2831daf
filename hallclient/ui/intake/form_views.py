"""The intake form's parts: the applicant form and the outcome box. Layout only; the controller
fills them and reads them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.outcome import Outcome
from hallclient.intake.models import ApplicantKind
from hallclient.ui.intake.labels import outcome_label

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b7a2f;"
RECOMMENDATION_STYLE = "font-size: 16px; font-weight: bold; padding: 2px 0;"


class FieldWithMessage(QWidget):
    """A line edit with its own message line right under it (validation as you type)."""

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = edit
        self.message = QLabel()
        self.message.setObjectName(edit.objectName() + "_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(edit)
        layout.addWidget(self.message)

    def show_message(self, text: str, *, ok: bool = False) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))


def _edit(name: str, placeholder: str, max_length: int = 100) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    edit.setClearButtonEnabled(True)
    return edit


class ReasonsArea(QScrollArea):
    """The reasons under the recommendation: as tall as they are while there is room, scrolled
    when there is not (a checklist of 20 unticked materials gives 20 reasons; the choices and the
    save button under them must stay on a 768-pixel screen)."""

    MIN_LINES = 3

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonsArea")
        self._label = label
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)
        self._width = -1

    def _content_height(self) -> int:
        label = self._label
        # The width the label gets with a scroll bar beside it, so that the hint does not change
        # when one appears.
        width = max(1, self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width())
        height = label.heightForWidth(width) if label.hasHeightForWidth() else -1
        return (height if height >= 0 else label.sizeHint().height()) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self._content_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        lines = self.fontMetrics().lineSpacing() * self.MIN_LINES + 2 * self.frameWidth()
        return QSize(super().minimumSizeHint().width(), min(lines, self._content_height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()  # wrapped to another width: another height


class ApplicantForm(QGroupBox):
    """Person (name, 公民身份号码, mobile) or organisation (name, 统一社会信用代码, legal
    representative, contact phone), and an optional agent (代办人) with their own ID."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("申请人"), parent)
        self.person_radio = QRadioButton(self.tr("自然人(&P)"))
        self.person_radio.setObjectName("applicantPerson")
        self.org_radio = QRadioButton(self.tr("法人/其他组织(&O)"))
        self.org_radio.setObjectName("applicantOrg")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.person_radio)
        self.kind_group.addButton(self.org_radio)
        self.person_radio.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.person_radio)
        kinds.addWidget(self.org_radio)
        kinds.addStretch(1)

        self.name = FieldWithMessage(_edit("applicantName", self.tr("与证件一致")))
        self.id_number = FieldWithMessage(_edit("applicantIdNumber", self.tr("18位，末位可为X"), 24))
        self.credit_code = FieldWithMessage(_edit("applicantCreditCode", self.tr("18位统一社会信用代码"), 24))
        self.legal_rep = FieldWithMessage(_edit("applicantLegalRep", self.tr("法定代表人姓名")))
        # Room for "(0591) 8765 4321 分机 801" or "+86 591 …" as typed; what is stored is shorter.
        self.phone = FieldWithMessage(_edit("applicantPhone", self.tr("11位手机号码"), 32))
        self.agent_check = QCheckBox(self.tr("代办人办理(&D)"))
        self.agent_check.setObjectName("agentCheck")
        self.agent_name = FieldWithMessage(_edit("agentName", self.tr("代办人姓名")))
        self.agent_id = FieldWithMessage(_edit("agentIdNumber", self.tr("代办人公民身份号码"), 24))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_label = QLabel(self.tr("姓名(&N)"))
        self.name_label.setBuddy(self.name.edit)
        self.phone_label = QLabel(self.tr("手机号码"))
        self.phone_label.setBuddy(self.phone.edit)
        self.form.addRow(kinds)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.tr("公民身份号码"), self.id_number)
        self.form.addRow(self.tr("统一社会信用代码"), self.credit_code)
        self.form.addRow(self.tr("法定代表人"), self.legal_rep)
        self.form.addRow(self.phone_label, self.phone)
        self.form.addRow(self.agent_check)
        self.form.addRow(self.tr("代办人姓名"), self.agent_name)
        self.form.addRow(self.tr("代办人身份号码"), self.agent_id)
        self.setLayout(self.form)
        self.fields: dict[str, FieldWithMessage] = {
            "applicant.name": self.name,
            "applicant.id_number": self.id_number,
            "applicant.credit_code": self.credit_code,
            "applicant.legal_rep": self.legal_rep,
            "applicant.phone": self.phone,
            "agent.name": self.agent_name,
            "agent.id_number": self.agent_id,
        }
        self.show_kind(ApplicantKind.PERSON, agent=False)

    def kind(self) -> ApplicantKind:
        return ApplicantKind.PERSON if self.person_radio.isChecked() else ApplicantKind.ORGANISATION

    def show_kind(self, kind: ApplicantKind, *, agent: bool) -> None:
        person = kind is ApplicantKind.PERSON
        self.form.setRowVisible(self.id_number, person)
        self.form.setRowVisible(self.credit_code, not person)
        self.form.setRowVisible(self.legal_rep, not person)
        self.form.setRowVisible(self.agent_name, agent)
        self.form.setRowVisible(self.agent_id, agent)
        self.name_label.setText(self.tr("姓名(&N)") if person else self.tr("单位名称(&N)"))
        self.phone_label.setText(self.tr("手机号码") if person else self.tr("联系电话(选填)"))
        if person:
            self.phone.edit.setPlaceholderText(self.tr("11位手机号码"))
            self.phone.edit.setToolTip("")
        else:
            self.phone.edit.setPlaceholderText(self.tr("手机或带区号的固话，如 0591-87654321 转 801"))
            self.phone.edit.setToolTip(
                self.tr("可填：11位手机号码；带区号的固定电话，分机号前写“转”；400/800 电话")
            )

    def clear(self) -> None:
        for field in self.fields.values():
            field.edit.clear()
            field.show_message("")
        self.agent_check.setChecked(False)
        self.person_radio.setChecked(True)


class OutcomeBox(QGroupBox):
    """The rule's recommendation and reasons, the clerk's override, 容缺 pledge, 不予受理, 即办件."""

    OVERRIDE_CHOICES: tuple[Outcome | None, ...] = (None, *Outcome)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("受理结论"), parent)
        self.recommendation = QLabel()
        self.recommendation.setObjectName("recommendation")
        self.recommendation.setStyleSheet(RECOMMENDATION_STYLE)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reasons_area = ReasonsArea(self.reasons)

        self.pledge_check = QCheckBox(self.tr("申请人签署容缺受理承诺书(&L)"))
        self.pledge_check.setObjectName("pledgeCheck")
        self.pledge_days = QSpinBox()
        self.pledge_days.setObjectName("pledgeDays")
        self.pledge_days.setRange(1, 60)
        self.pledge_days.setSuffix(self.tr(" 个工作日内补齐"))
        self.pledge_due = QLabel()
        self.pledge_due.setObjectName("pledgeDue")
        self.promised_due = QLabel()
        self.promised_due.setObjectName("promisedDue")

        self.scope_check = QCheckBox(self.tr("不属于本大厅受理范围或无法律依据(&R)"))
        self.scope_check.setObjectName("outOfScope")
        self.reject_reason = FieldWithMessage(_edit("rejectReason", self.tr("不予受理的理由"), 300))
        self.referral = _edit("referral", self.tr("告知申请人应向何处申请（选填）"), 300)

        self.override_combo = QComboBox()
        self.override_combo.setObjectName("overrideOutcome")
        self.override_combo.addItem(self.tr("按系统建议"))
        for outcome in Outcome:
            self.override_combo.addItem(self.tr("改为：") + outcome_label(outcome))
        override_label = QLabel(self.tr("结论(&V)"))
        override_label.setBuddy(self.override_combo)
        self.override_reason = FieldWithMessage(
            _edit("overrideReason", self.tr("改判理由（将记入审计）"), 300)
        )

        self.complete_check = QCheckBox(self.tr("即办件当场办结(&J)"))
        self.complete_check.setObjectName("completeNow")

        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"))
        self.save_button.setObjectName("saveCase")
        self.save_button.setDefault(False)
        self.new_button = QPushButton(self.tr("新受理 (Ctrl+N)"))
        self.new_button.setObjectName("newCase")
        self.result = QLabel()
        self.result.setObjectName("saveResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.recommendation)
        layout.addWidget(self.reasons_area)
        layout.addWidget(self.promised_due)
        # The clerk's choices in one widget, so that they can be locked together during a save
        # without losing the enabled state the controller gave each of them.
        self.inputs = QWidget()
        inputs = QVBoxLayout(self.inputs)
        inputs.setContentsMargins(0, 0, 0, 0)
        pledge_row = QHBoxLayout()
        pledge_row.addWidget(self.pledge_days)
        pledge_row.addWidget(self.pledge_due, 1)
        inputs.addWidget(self.pledge_check)
        inputs.addLayout(pledge_row)
        inputs.addWidget(self.scope_check)
        inputs.addWidget(self.reject_reason)
        inputs.addWidget(self.referral)
        override_row = QHBoxLayout()
        override_row.addWidget(override_label)
        override_row.addWidget(self.override_combo, 1)
        inputs.addLayout(override_row)
        inputs.addWidget(self.override_reason)
        inputs.addWidget(self.complete_check)
        layout.addWidget(self.inputs)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.show_scope(False)
        self.show_override(False)

    def set_reasons(self, text: str) -> None:
        self.reasons.setText(text)
        self.reasons_area.updateGeometry()

    def chosen_outcome(self) -> Outcome | None:
        return self.OVERRIDE_CHOICES[max(0, self.override_combo.currentIndex())]

    def show_scope(self, out_of_scope: bool) -> None:
        self.reject_reason.setVisible(out_of_scope)
        self.referral.setVisible(out_of_scope)

    def show_override(self, overriding: bool) -> None:
        self.override_reason.setVisible(overriding)

    def show_result(self, text: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.result.setText(text)

    def reset(self, *, pledge_days: int) -> None:
        self.pledge_check.setChecked(False)
        self.pledge_days.setValue(pledge_days)
        self.scope_check.setChecked(False)
        self.reject_reason.edit.clear()
        self.reject_reason.show_message("")
        self.referral.clear()
        self.override_combo.setCurrentIndex(0)
        self.override_reason.edit.clear()
        self.override_reason.show_message("")
        self.complete_check.setChecked(False)
