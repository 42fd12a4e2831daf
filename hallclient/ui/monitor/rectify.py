"""The dialog in which a hall manager finishes one stage of a 差评's rectification: layout only.

It shows the 差评 (window, number, what the applicant said), the stages finished so far with
their notes, and asks what was found or done in the current stage. ``RectificationController``
fills it, sends the note and keeps it open, note and all, when the server cannot be reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# The server's limit (AdvanceRequest.note); longer notes are refused there.
NOTE_MAX_CHARS = 2000
# What the 差评 and the stages finished so far ask for at first, in lines of text; more scrolls.
SUMMARY_LINES = 14


@dataclass(frozen=True)
class RectificationSummary:
    """What the dialog shows, already in words."""

    title: str  # "08 号窗口 · D001"
    clerk: str  # who served the applicant ("" when not known)
    item: str  # the service item (事项) of the case taken in ("" when none)
    rating: str  # "不满意 · 服务态度差、办事效率低"
    comment: str
    rated_at: str
    stage: str  # "核实（限 11-24 前）"
    history: list[str]  # one line per finished stage
    advance_label: str  # the OK button: "完成核实，转入整改"


class RectificationDialog(QDialog):
    submitted = Signal(str)  # the note, stripped

    def __init__(self, summary: RectificationSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rectificationDialog")
        self.setWindowTitle(self.tr("差评整改"))
        self.setMinimumWidth(520)
        heading = QLabel(summary.title)
        heading.setObjectName("rectificationTitle")
        heading.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1f3b5c;")
        summary_panel = QWidget()
        form = QFormLayout(summary_panel)
        form.setContentsMargins(0, 0, 0, 0)
        if summary.clerk:
            form.addRow(self.tr("工作人员"), QLabel(summary.clerk))
        if summary.item:
            form.addRow(self.tr("事项"), _wrapped(summary.item))
        form.addRow(self.tr("评价"), _wrapped(summary.rating))
        if summary.comment:
            form.addRow(self.tr("评价人留言"), _wrapped(summary.comment))
        form.addRow(self.tr("评价时间"), QLabel(summary.rated_at))
        self.stage_label = QLabel(summary.stage)
        self.stage_label.setObjectName("rectificationStage")
        form.addRow(self.tr("当前阶段"), self.stage_label)
        if summary.history:
            history = _wrapped("\n".join(summary.history))
            history.setObjectName("rectificationHistory")
            form.addRow(self.tr("已完成"), history)
        self.note = QPlainTextEdit()
        self.note.setObjectName("rectificationNote")
        self.note.setPlaceholderText(self.tr("本阶段核实或处理的情况（必填）"))
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(96)
        self.message = QLabel()
        self.message.setObjectName("rectificationMessage")
        self.message.setWordWrap(True)
        self.advance_button = QPushButton(summary.advance_label)
        self.advance_button.setObjectName("advanceButton")
        self.advance_button.setDefault(True)
        self.advance_button.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.advance_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.note.textChanged.connect(self._on_note_text_changed)
        # Three stages' notes of 2,000 characters each and a long comment: scrolled, so the note
        # box and the buttons stay on a 768-pixel-high screen and every word can still be read.
        summary_area = _SummaryArea()
        summary_area.setObjectName("rectificationSummary")
        summary_area.setWidget(summary_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary_area, 2)
        layout.addWidget(QLabel(self.tr("处理情况")))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)
        self._busy = False
        self._stale = False

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.note.setReadOnly(busy)
        self._update_button()
        if busy:
            self.show_message(self.tr("正在提交…"))

    def set_stale(self, text: str) -> None:
        """Someone else has moved this 差评 on: nothing more to send from here."""
        self._stale = True
        self._update_button()
        self.show_message(text, error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #3a4a5c;")
        self.message.setText(text)

    def _update_button(self) -> None:
        text = self.note_text()
        fits = 0 < len(text) <= NOTE_MAX_CHARS
        self.advance_button.setEnabled(fits and not self._busy and not self._stale)

    def _on_note_text_changed(self) -> None:
        self._update_button()
        if len(self.note_text()) > NOTE_MAX_CHARS:
            self.show_message(self.tr("处理情况最多 %1 字。").replace("%1", str(NOTE_MAX_CHARS)), error=True)
        elif not self._busy and not self._stale:
            self.show_message("")

    def _on_buttons_accepted(self) -> None:
        if self.advance_button.isEnabled():
            self.submitted.emit(self.note_text())


class _SummaryArea(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        inner = self.widget()
        wanted = inner.sizeHint().height() if inner is not None else hint.height()
        return QSize(hint.width(), min(wanted, SUMMARY_LINES * self.fontMetrics().lineSpacing()))


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
