"""The applicant-facing rating prompt (好差评 一次一评).

A top-level window of its own — never a child of the clerk's window — shown on the second screen
when there is one. Page 1: five big level buttons; page 2 (差评, levels 1–2): reasons and an
optional comment; page 3: thanks. It only emits ``answered``; the controller stores it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

LEVEL_COLORS = {5: "#1b7a2f", 4: "#3c9a4f", 3: "#8a8f2a", 2: "#c4661f", 1: "#b00020"}


class RatingPrompt(QWidget):
    level_chosen = Signal(int)
    reasons_submitted = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("ratingPrompt")
        self.setWindowTitle(self.tr("服务评价"))
        self.setStyleSheet("#ratingPrompt { background: #f7f9fc; }")
        self.resize(960, 600)

        self.title = QLabel(self.tr("请对本次服务进行评价"))
        self.title.setObjectName("ratingTitle")
        title_font = QFont(self.font())
        title_font.setPointSize(26)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ratingSubtitle")
        sub_font = QFont(self.font())
        sub_font.setPointSize(15)
        self.subtitle.setFont(sub_font)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel()
        self.countdown.setObjectName("ratingCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._levels_page())
        self.pages.addWidget(self._reasons_page())
        self.pages.addWidget(self._thanks_page())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.countdown)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.pages, 1)

    def _levels_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setSpacing(16)
        labels = {
            5: self.tr("非常满意"),
            4: self.tr("满意"),
            3: self.tr("基本满意"),
            2: self.tr("不满意"),
            1: self.tr("非常不满意"),
        }
        self.level_buttons: dict[int, QPushButton] = {}
        font = QFont(self.font())
        font.setPointSize(22)
        font.setBold(True)
        for level in (5, 4, 3, 2, 1):
            button = QPushButton(labels[level])
            button.setObjectName(f"ratingLevel{level}")
            button.setFont(font)
            button.setMinimumSize(150, 180)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(
                f"QPushButton {{ background: {LEVEL_COLORS[level]}; color: white; border-radius: 12px; }}"
                "QPushButton:pressed { background: #333; }"
            )
            button.clicked.connect(lambda _checked=False, lv=level: self.level_chosen.emit(lv))
            row.addWidget(button)
            self.level_buttons[level] = button
        return page

    def _reasons_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        ask = QLabel(self.tr("很抱歉没有让您满意，请告诉我们原因（可多选）："))
        font = QFont(self.font())
        font.setPointSize(16)
        ask.setFont(font)
        self.reason_grid = QGridLayout()
        self.reason_boxes: list[QCheckBox] = []
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("ratingComment")
        self.comment.setPlaceholderText(self.tr("其他意见或建议（可选）"))
        self.comment.setMaximumHeight(110)
        self.submit = QPushButton(self.tr("提交评价"))
        self.submit.setObjectName("ratingSubmit")
        self.submit.setFont(font)
        self.submit.setMinimumHeight(56)
        self.submit.clicked.connect(self.reasons_submitted)
        layout.addWidget(ask)
        layout.addLayout(self.reason_grid)
        layout.addWidget(self.comment)
        layout.addWidget(self.submit)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        thanks = QLabel(self.tr("感谢您的评价！"))
        font = QFont(self.font())
        font.setPointSize(30)
        thanks.setFont(font)
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(thanks)
        return page

    # -- display --------------------------------------------------------------------------------

    def show_levels(self, *, ticket_number: str, window_no: str) -> None:
        self.subtitle.setText(
            self.tr("窗口 %1 · 号码 %2").replace("%1", window_no).replace("%2", ticket_number or "—")
        )
        self.comment.clear()
        self.pages.setCurrentIndex(0)

    def show_reasons(self, reasons: list[tuple[str, str]]) -> None:
        for box in self.reason_boxes:
            self.reason_grid.removeWidget(box)
            box.deleteLater()
        self.reason_boxes = []
        font = QFont(self.font())
        font.setPointSize(15)
        for i, (code, label) in enumerate(reasons):
            box = QCheckBox(label)
            box.setFont(font)
            box.setProperty("reasonCode", code)
            self.reason_grid.addWidget(box, i // 2, i % 2)
            self.reason_boxes.append(box)
        self.pages.setCurrentIndex(1)

    def chosen_reasons(self) -> tuple[str, ...]:
        return tuple(str(b.property("reasonCode")) for b in self.reason_boxes if b.isChecked())

    def show_thanks(self) -> None:
        self.pages.setCurrentIndex(2)

    def set_countdown(self, seconds: int) -> None:
        self.countdown.setText(self.tr("%1 秒后自动关闭").replace("%1", str(seconds)))
