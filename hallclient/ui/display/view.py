"""The calling display's screen: layout only; ``DisplayController`` decides what it says.

Sized for a 16:9 screen seen from across the hall: every font is a fraction of the window
height, white and yellow on a dark blue, no text smaller than 1/40 of the height.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from hallclient.ui.kiosk.view import FitLabel

BACKGROUND = "#0b1f3a"
PANEL = "#12305a"
CALL_COLOUR = "#ffd400"
TEXT_COLOUR = "#ffffff"
DIM_COLOUR = "#9fb3cf"
ROWS = 8
SERVICE_COLUMNS = 3


@dataclass(frozen=True)
class CallRow:
    number: str
    window: str
    recall: bool = False


@dataclass(frozen=True)
class WaitingCell:
    name: str
    prefix: str
    waiting: int


class NoticeTicker(QWidget):
    """One line of notice text scrolling right to left (走马灯)."""

    STEP_PX = 2
    FRAME_MS = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeTicker")
        self._text = ""
        self._offset = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(self.FRAME_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self._offset = 8.0  # readable at once; after its first pass it enters from the right
        if text:
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def _on_timer_timeout(self) -> None:
        width = self.fontMetrics().horizontalAdvance(self._text)
        self._offset -= self.STEP_PX
        if self._offset < -width:
            self._offset = float(self.width())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PANEL))
        painter.setPen(QColor(TEXT_COLOUR))
        painter.setFont(self.font())
        rect = QRectF(self._offset, 0, self.fontMetrics().horizontalAdvance(self._text) + 10, self.height())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), self._text)
        painter.end()


def _label(
    name: str,
    colour: str = TEXT_COLOUR,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    *,
    fit: bool = False,
) -> QLabel:
    """``fit``: the text shrinks to the label's width. For what the hall names (services, the
    hall, ticket and window numbers): such a text sizing its own label would make the window
    wider than the screen, and a full-screen window wider than the screen loses its right edge."""
    label = FitLabel() if fit else QLabel()
    label.setObjectName(name)
    label.setStyleSheet(f"color: {colour}; background: transparent;")
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return label


class DisplayWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("displayWindow")
        self.setWindowTitle(self.tr("叫号大屏"))
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#displayWindow {{ background: {BACKGROUND}; }}")
        self.setCursor(Qt.CursorShape.BlankCursor)  # nobody uses a mouse on a wall screen

        self.hall_name = _label("hallName", fit=True)
        self.clock = _label("clock", TEXT_COLOUR, Qt.AlignmentFlag.AlignRight)
        self.offline_mark = _label("offlineMark", DIM_COLOUR, Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.addWidget(self.hall_name, 1)
        header.addWidget(self.offline_mark)
        header.addWidget(self.clock)

        self.call_caption = _label("callCaption", DIM_COLOUR, Qt.AlignmentFlag.AlignCenter)
        self.call_caption.setText(self.tr("正在叫号"))
        self.call_line1 = _label("callLine1", CALL_COLOUR, Qt.AlignmentFlag.AlignCenter, fit=True)
        self.call_line2 = _label("callLine2", CALL_COLOUR, Qt.AlignmentFlag.AlignCenter, fit=True)
        call_box = QFrame()
        self._call_box = call_box
        call_box.setObjectName("callBox")
        call_box.setStyleSheet(f"#callBox {{ background: {PANEL}; border-radius: 12px; }}")
        call_layout = QVBoxLayout(call_box)
        call_layout.addWidget(self.call_caption)
        call_layout.addStretch(1)
        call_layout.addWidget(self.call_line1)
        call_layout.addWidget(self.call_line2)
        call_layout.addStretch(1)

        recent_box = QFrame()
        self._recent_box = recent_box
        recent_box.setObjectName("recentBox")
        recent_box.setStyleSheet(f"#recentBox {{ background: {PANEL}; border-radius: 12px; }}")
        recent = QGridLayout(recent_box)
        self.recent_number_head = _label("recentNumberHead", DIM_COLOUR, Qt.AlignmentFlag.AlignCenter)
        self.recent_number_head.setText(self.tr("号码"))
        self.recent_window_head = _label("recentWindowHead", DIM_COLOUR, Qt.AlignmentFlag.AlignCenter)
        self.recent_window_head.setText(self.tr("窗口"))
        recent.addWidget(self.recent_number_head, 0, 0)
        recent.addWidget(self.recent_window_head, 0, 1)
        self.recent_numbers: list[QLabel] = []
        self.recent_windows: list[QLabel] = []
        for row in range(ROWS):
            number = _label(f"recentNumber{row}", TEXT_COLOUR, Qt.AlignmentFlag.AlignCenter, fit=True)
            window = _label(f"recentWindow{row}", TEXT_COLOUR, Qt.AlignmentFlag.AlignCenter, fit=True)
            recent.addWidget(number, row + 1, 0)
            recent.addWidget(window, row + 1, 1)
            self.recent_numbers.append(number)
            self.recent_windows.append(window)

        middle = QHBoxLayout()
        middle.addWidget(call_box, 3)
        middle.addWidget(recent_box, 2)

        self.waiting_caption = _label("waitingCaption", DIM_COLOUR)
        self.waiting_caption.setText(self.tr("各业务等候人数"))
        self.waiting_grid = QGridLayout()
        for column in range(SERVICE_COLUMNS):
            self.waiting_grid.setColumnStretch(column, 1)  # the cells' text does not size them
        self.waiting_cells: list[QLabel] = []

        self.ticker = NoticeTicker()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(middle, 1)
        layout.addWidget(self.waiting_caption)
        layout.addLayout(self.waiting_grid)
        layout.addWidget(self.ticker)
        self.show_call(None)
        self.show_recent([])
        self._apply_sizes()

    # -- what the controller sets ---------------------------------------------------------------

    def show_call(self, call: tuple[str, str] | None) -> None:
        """``(line1, line2)`` such as ("请 A012 号", "到 05 号窗口办理"), or None for a blank board."""
        if call is None:
            self.call_line1.setText(self.tr("欢迎光临"))
            self.call_line2.setText(self.tr("请留意叫号"))
        else:
            self.call_line1.setText(call[0])
            self.call_line2.setText(call[1])

    def flash_call(self, on: bool) -> None:
        colour = TEXT_COLOUR if on else CALL_COLOUR
        for label in (self.call_line1, self.call_line2):
            label.setStyleSheet(f"color: {colour}; background: transparent;")

    def show_recent(self, rows: list[CallRow]) -> None:
        for i in range(ROWS):
            row = rows[i] if i < len(rows) else None
            colour = CALL_COLOUR if i == 0 and row is not None else TEXT_COLOUR
            self.recent_numbers[i].setText(row.number if row else "")
            self.recent_windows[i].setText(row.window if row else "")
            for label in (self.recent_numbers[i], self.recent_windows[i]):
                label.setStyleSheet(f"color: {colour}; background: transparent;")

    def show_waiting(self, cells: list[WaitingCell], template: str) -> None:
        """``template`` has %1 name, %2 prefix, %3 count."""
        while len(self.waiting_cells) < len(cells):
            label = _label(f"waiting{len(self.waiting_cells)}", fit=True)
            i = len(self.waiting_cells)
            self.waiting_grid.addWidget(label, i // SERVICE_COLUMNS, i % SERVICE_COLUMNS)
            self.waiting_cells.append(label)
        for i, label in enumerate(self.waiting_cells):
            if i < len(cells):
                cell = cells[i]
                label.setText(
                    template.replace("%1", cell.name)
                    .replace("%2", cell.prefix)
                    .replace("%3", str(cell.waiting))
                )
                label.show()
            else:
                label.hide()
        self._apply_sizes()

    def show_offline(self, text: str) -> None:
        self.offline_mark.setText(text)

    # -- sizes ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._apply_sizes()

    def _apply_sizes(self) -> None:
        height = max(self.height(), 360)
        unit = height / 1080  # designed at 1080 px high
        # Margins and spacing do not scale and a hall may have many services (rows of waiting
        # counts): all is made smaller until it fits. Else the layout would make the window
        # taller than the screen, and the taller window bigger fonts, and so on.
        for _ in range(5):
            self._set_fonts(unit)
            needed = self._minimum_height()
            if needed <= height:
                break
            unit *= height / needed * 0.99

    def _minimum_height(self) -> int:
        # Layouts keep the sizes from before the fonts changed until an event later (and, before
        # the window is first shown, until then): forgotten now, so that this measures the new.
        for box in (self._call_box, self._recent_box):
            box.updateGeometry()
        for inner in self.findChildren(QLayout):
            inner.invalidate()
        layout = self.layout()
        return layout.totalMinimumSize().height() if layout is not None else 0

    def _set_fonts(self, unit: float) -> None:
        def size(label: QWidget, px: float, *, bold: bool = False, line: bool = False) -> None:
            font = QFont(self.font())
            font.setPixelSize(max(12, int(px * unit)))
            font.setBold(bold)
            if isinstance(label, FitLabel):
                label.set_base_font(font)
            else:
                label.setFont(font)
            if line:
                # As high when empty as with text: a board filling up with calls must not grow.
                label.setMinimumHeight(QFontMetrics(font).height())

        size(self.hall_name, 44, bold=True, line=True)
        size(self.clock, 40, line=True)
        size(self.offline_mark, 28)
        size(self.call_caption, 40)
        size(self.call_line1, 150, bold=True, line=True)
        size(self.call_line2, 110, bold=True, line=True)
        size(self.recent_number_head, 34)
        size(self.recent_window_head, 34)
        for label in (*self.recent_numbers, *self.recent_windows):
            size(label, 54, bold=True, line=True)
        size(self.waiting_caption, 30)
        for label in self.waiting_cells:
            size(label, 38, line=True)
        size(self.ticker, 38)
        self.ticker.setFixedHeight(int(64 * unit))
