"""The applicant-facing rating prompt (好差评 一次一评).

A top-level window of its own — never a child of the clerk's window — shown on the second screen
when there is one. Page 1: five big level buttons; page 2 (差评, levels 1–2): reasons and an
optional comment; page 3: thanks. It only emits what the applicant did; the controller stores it.

Showing it never activates it: the clerk's keyboard stays with the clerk's window (function keys,
typing), so no key pressed there can answer for the applicant.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

LEVEL_COLORS = {5: "#1b7a2f", 4: "#3c9a4f", 3: "#8a8f2a", 2: "#c4661f", 1: "#b00020"}

REASON_CHECKED = "#c4661f"
REASON_MIN_HEIGHT = 64  # a finger-sized target on a touch screen (guidelines ask for >= 48 px)
REASON_ICON_PX = 30


def _tick_box(*, checked: bool) -> QPixmap:
    """The large box drawn on each reason button: empty when off, white with a tick when on."""
    size = REASON_ICON_PX * 2  # drawn large: QIcon shrinks a pixmap but never enlarges it
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white" if checked else "#6b7686"), 5))
    painter.setBrush(QColor("white") if checked else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(3, 3, size - 6, size - 6), 10, 10)
    if checked:
        tick = QPainterPath(QPointF(size * 0.24, size * 0.52))
        tick.lineTo(QPointF(size * 0.43, size * 0.72))
        tick.lineTo(QPointF(size * 0.78, size * 0.3))
        pen = QPen(QColor(REASON_CHECKED), 7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
    painter.end()
    return pixmap


class ReasonButton(QPushButton):
    """One 差评 reason as a large toggle: tap (or Tab to it and press Space) to choose, tap again
    to drop it. Clicks do not take focus, so no reason looks chosen just because it was touched."""

    def __init__(self, code: str, label: str) -> None:
        super().__init__(label)
        self.code = code
        self.setObjectName("ratingReason")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        icon = QIcon()
        icon.addPixmap(_tick_box(checked=False), QIcon.Mode.Normal, QIcon.State.Off)
        icon.addPixmap(_tick_box(checked=True), QIcon.Mode.Normal, QIcon.State.On)
        self.setIcon(icon)
        self.setStyleSheet(
            "#ratingReason { background: white; color: #1f2933; border: 2px solid #b8c2cf;"
            " border-radius: 10px; padding: 6px 16px; text-align: left; }"
            "#ratingReason:focus { border-color: #2f6fd6; }"
            f"#ratingReason:checked {{ background: {REASON_CHECKED}; color: white;"
            f" border-color: {REASON_CHECKED}; font-weight: bold; }}"
            "#ratingReason:checked:focus { border-color: #2f6fd6; }"
        )

    def apply_scale(self, scale: float, font: QFont) -> None:
        self.setFont(font)
        self.setMinimumHeight(round(REASON_MIN_HEIGHT * scale))
        self.setIconSize(QSize(round(REASON_ICON_PX * scale), round(REASON_ICON_PX * scale)))


class RatingPrompt(QWidget):
    """Laid out for 1024x600; on a larger screen the text and targets grow with it (up to
    ``MAX_SCALE``) so a 1920x1080 monitor is not a small form lost in empty space."""

    level_chosen = Signal(int)
    reasons_submitted = Signal()
    answer_edited = Signal()  # a reason toggled or the comment typed in: the applicant is still here

    BASE_SIZE = QSize(1024, 600)
    MAX_SCALE = 1.8

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("ratingPrompt")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle(self.tr("服务评价"))
        self.setStyleSheet("#ratingPrompt { background: #f7f9fc; }")
        self._scale = 1.0
        # (widget, point size at scale 1, bold): fonts that follow the window's size.
        self._scaled_fonts: list[tuple[QWidget, int, bool]] = []

        self.title = QLabel(self.tr("请对本次服务进行评价"))
        self.title.setObjectName("ratingTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scales(self.title, 26, bold=True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ratingSubtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scales(self.subtitle, 15)
        self.countdown = QLabel()
        self.countdown.setObjectName("ratingCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._scales(self.countdown, 11)

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
        self.resize(self.BASE_SIZE)
        self._apply_scale(force=True)

    def _scales(self, widget: QWidget, point_size: int, *, bold: bool = False) -> None:
        self._scaled_fonts.append((widget, point_size, bold))

    def _font(self, point_size: int, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(point_size * self._scale)
        font.setBold(bold)
        return font

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
        for level in (5, 4, 3, 2, 1):
            button = QPushButton(labels[level])
            button.setObjectName(f"ratingLevel{level}")
            self._scales(button, 22, bold=True)
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
        self._scales(ask, 16)
        self.reason_grid = QGridLayout()
        self.reason_grid.setSpacing(12)
        self.reason_buttons: list[ReasonButton] = []
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("ratingComment")
        self._scales(self.comment, 15)
        self.comment.setPlaceholderText(self.tr("其他意见或建议（可选）"))
        self.comment.setMinimumHeight(60)
        self.comment.textChanged.connect(self._update_submit)
        self.comment.textChanged.connect(self.answer_edited)
        self.submit = QPushButton(self.tr("提交评价"))
        self.submit.setObjectName("ratingSubmit")
        self._scales(self.submit, 17, bold=True)
        self.submit.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.submit.setStyleSheet(
            "#ratingSubmit { background: #2f6fd6; color: white; border-radius: 10px; }"
            "#ratingSubmit:pressed { background: #1d4f9e; }"
            "#ratingSubmit:focus { border: 3px solid #1d4f9e; }"
            "#ratingSubmit:disabled { background: #b8c2cf; color: #eef1f5; }"
        )
        self.submit.clicked.connect(self.reasons_submitted)
        layout.setSpacing(12)
        layout.addWidget(ask)
        layout.addLayout(self.reason_grid)
        layout.addWidget(self.comment, 1)
        layout.addWidget(self.submit)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        thanks = QLabel(self.tr("感谢您的评价！"))
        self._scales(thanks, 30)
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(thanks)
        return page

    # -- size -----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self, *, force: bool = False) -> None:
        size = self.size()
        fit = min(size.width() / self.BASE_SIZE.width(), size.height() / self.BASE_SIZE.height())
        scale = round(min(max(fit, 1.0), self.MAX_SCALE), 2)
        if scale == self._scale and not force:
            return
        self._scale = scale
        for widget, point_size, bold in self._scaled_fonts:
            widget.setFont(self._font(point_size, bold=bold))
        # The viewport keeps the first font it was given; the placeholder is drawn with it.
        self.comment.viewport().setFont(self._font(15))
        self.submit.setMinimumHeight(round(56 * scale))
        self.comment.setMaximumHeight(round(140 * scale))
        reason_font = self._font(16)
        for button in self.reason_buttons:
            button.apply_scale(scale, reason_font)

    # -- display --------------------------------------------------------------------------------

    def show_levels(self, *, ticket_number: str, window_no: str) -> None:
        self.subtitle.setText(
            self.tr("窗口 %1 · 号码 %2").replace("%1", window_no).replace("%2", ticket_number or "—")
        )
        self.comment.clear()
        self.pages.setCurrentIndex(0)

    def show_reasons(self, reasons: list[tuple[str, str]]) -> None:
        for button in self.reason_buttons:
            self.reason_grid.removeWidget(button)
            button.deleteLater()
        self.reason_buttons = []
        reason_font = self._font(16)
        # Three across keeps eight reasons to three rows, which fits a 1024x600 screen.
        columns = 2 if len(reasons) <= 4 else 3
        for i, (code, label) in enumerate(reasons):
            button = ReasonButton(code, label)
            button.apply_scale(self._scale, reason_font)
            button.toggled.connect(self._update_submit)
            button.toggled.connect(self.answer_edited)
            self.reason_grid.addWidget(button, i // columns, i % columns)
            self.reason_buttons.append(button)
        chain: list[QWidget] = [*self.reason_buttons, self.comment, self.submit]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        for column in range(max(columns, self.reason_grid.columnCount())):
            self.reason_grid.setColumnStretch(column, 1 if column < columns else 0)
        self._update_submit()
        self.pages.setCurrentIndex(1)

    def says_why(self) -> bool:
        """Whether a 差评 gives a reason: one from the list, or the applicant's own words. Without a
        list (none synced yet) nothing can be required."""
        return not self.reason_buttons or bool(self.chosen_reasons() or self.typed_comment())

    def _update_submit(self) -> None:
        self.submit.setEnabled(self.says_why())

    def chosen_reasons(self) -> tuple[str, ...]:
        return tuple(button.code for button in self.reason_buttons if button.isChecked())

    def typed_comment(self, *, max_chars: int = 500) -> str:
        return self.comment.toPlainText().strip()[:max_chars]

    def show_thanks(self) -> None:
        # It closes in a moment by itself, whatever the countdown last said.
        self.countdown.clear()
        self.pages.setCurrentIndex(2)

    # -- placement ------------------------------------------------------------------------------

    def show_full_screen_on(self, screen: QScreen) -> None:
        """The applicant's own monitor: all of it, above anything else that ends up there."""
        self._set_on_top(True)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        # Not showFullScreen(): that activates the window and takes the clerk's keyboard.
        self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        self.show()
        self.raise_()

    def show_window_on(self, screen: QScreen) -> None:
        """No monitor of the applicant's: a window on the clerk's screen. It may have been full
        screen on a monitor since unplugged, which would now cover all of the clerk's screen."""
        self._set_on_top(False)
        was_full_screen = bool(self.windowState() & Qt.WindowState.WindowFullScreen)
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowFullScreen)
        self.setScreen(screen)
        area = screen.availableGeometry()
        # Centred the first time and when it no longer fits; otherwise where the clerk left it.
        placed_before = self.testAttribute(Qt.WidgetAttribute.WA_Moved)
        if was_full_screen or not placed_before or not area.contains(self.frameGeometry()):
            frame = self.frameGeometry().size() - self.geometry().size()
            size = self.BASE_SIZE.boundedTo(area.size() - frame)
            placed = QRect(area.topLeft(), size)
            placed.moveCenter(area.center())
            self.setGeometry(placed)
        self.show()
        self.raise_()

    def _set_on_top(self, on_top: bool) -> None:
        if bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on_top:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on_top)

    def set_countdown(self, seconds: int) -> None:
        self.countdown.setText(self.tr("%1 秒后自动关闭").replace("%1", str(seconds)))
