"""The kiosk's touch screen: layout only; ``KioskController`` decides what it does.

Three pages: the services (big buttons, 绿色通道, 预约签到), the appointment code with an
on-screen keypad, and the issued ticket. Every target is at least ~1/12 of the screen high.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import cast

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

SERVICE_COLUMNS = 3
STYLE = """
#kioskWindow { background: #eef3f9; }
QPushButton { border-radius: 14px; padding: 8px; }
QPushButton[role="service"] { background: #1f5fae; color: white; }
QPushButton[role="service"]:disabled { background: #9aa8ba; color: #eef3f9; }
QPushButton[role="green"] { background: white; color: #17803d; border: 3px solid #17803d; }
QPushButton[role="green"]:checked { background: #17803d; color: white; }
QPushButton[role="plain"] { background: white; color: #1f3b5c; border: 2px solid #1f5fae; }
QPushButton[role="key"] { background: white; color: #1f3b5c; border: 2px solid #9aa8ba; }
QLabel#offlineBanner { background: #b00020; color: white; border-radius: 8px; padding: 8px; }
QLabel#modeBanner { background: #fff4d6; color: #6b4e00; border-radius: 8px; padding: 8px; }
QLineEdit#appointmentCode { background: white; border: 2px solid #1f5fae; border-radius: 8px; }
"""


class Page(IntEnum):
    SERVICES = 0
    APPOINTMENT = 1
    TICKET = 2


@dataclass(frozen=True)
class ServiceButton:
    code: str
    name: str
    prefix: str
    waiting: int | None


@dataclass(frozen=True)
class IssuedTicket:
    number: str
    service_name: str
    ahead_text: str
    hint: str
    green_channel: bool


BUTTON_ROOM_PX = 32  # a button's padding and border on both sides, with a little air
LABEL_ROOM_PX = 8


def _fitted(font: QFont, text: str, room: int) -> QFont:
    """``font``, made smaller if the widest line of ``text`` would not fit in ``room`` pixels."""
    widest = max((QFontMetrics(font).horizontalAdvance(line) for line in text.split("\n")), default=0)
    if room <= 0 or widest <= room:
        return font
    smaller = QFont(font)
    smaller.setPixelSize(max(12, int(font.pixelSize() * room / widest)))
    return smaller


class _ShrinksToFit:
    """Text that shrinks to the widget's width: the four overrides ``FitButton`` and ``FitLabel``
    share, kept in one place. Listed before the Qt class, so that its ``setText`` and
    ``resizeEvent`` come first and hand on to Qt's."""

    _base_font: QFont

    def _keep_base_font(self) -> None:
        self._base_font = QFont(cast(QWidget, self).font())

    def _room(self) -> int:
        raise NotImplementedError

    def set_base_font(self, font: QFont) -> None:
        self._base_font = QFont(font)
        self._refit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)  # type: ignore[misc]
        self._refit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[misc]
        self._refit()

    def _refit(self) -> None:
        widget = cast(QPushButton | QLabel, self)
        widget.setFont(_fitted(self._base_font, widget.text(), self._room()))


class FitButton(_ShrinksToFit, QPushButton):
    """A button whose text shrinks to the button's width.

    The hall names the services and the screen may stand upright (1080 px wide): a name that
    sized its own button would widen the whole grid and push the last column off the screen.
    """

    def __init__(self, text: str = "") -> None:
        QPushButton.__init__(self, text)
        self._keep_base_font()

    def _room(self) -> int:
        return self.width() - BUTTON_ROOM_PX


class FitLabel(_ShrinksToFit, QLabel):
    """A one-line label whose text shrinks to the label's width (see ``FitButton``)."""

    def __init__(self) -> None:
        QLabel.__init__(self)
        self._keep_base_font()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _room(self) -> int:
        return self.contentsRect().width() - LABEL_ROOM_PX


def _button(text: str, role: str, name: str = "") -> FitButton:
    button = FitButton(text)
    button.setProperty("role", role)
    if name:
        button.setObjectName(name)
    # Ignored: the width comes from the layout's stretch, never from the text
    button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def _emit_with(signal: SignalInstance, value: str) -> Callable[[], None]:
    # A closure, not a lambda with a default argument: PySide6 6.12 mis-counts references to
    # the bool that clicked(bool) passes into such lambdas and the process aborts.
    def emit() -> None:
        signal.emit(value)

    return emit


class KioskWindow(QWidget):
    service_chosen = Signal(str)
    key_pressed = Signal(str)  # a character, or "back" / "clear"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(self.tr("自助取号"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)

        self.hall_name = FitLabel()
        self.hall_name.setObjectName("hallName")
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.hall_name, 1)
        header.addWidget(self.clock)
        self.offline_banner = QLabel()
        self.offline_banner.setObjectName("offlineBanner")
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline_banner.hide()
        self.message = QLabel()
        self.message.setObjectName("kioskMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._services_page())
        self.pages.addWidget(self._appointment_page())
        self.pages.addWidget(self._ticket_page())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(self.offline_banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self._apply_sizes()

    # -- pages ----------------------------------------------------------------------------------

    def _services_page(self) -> QWidget:
        page = QWidget()
        self.services_title = FitLabel()
        self.services_title.setText(self.tr("请选择您要办理的业务"))
        self.services_title.setObjectName("servicesTitle")
        self.services_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mode_banner = QLabel()
        self.mode_banner.setObjectName("modeBanner")
        self.mode_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mode_banner.setWordWrap(True)  # it quotes an appointment code of up to 32 characters
        self.mode_banner.hide()
        self.service_grid = QGridLayout()
        self.service_grid.setSpacing(18)
        for column in range(SERVICE_COLUMNS):
            self.service_grid.setColumnStretch(column, 1)
        self.service_buttons: dict[str, QPushButton] = {}
        self.green_button = _button(
            self.tr("绿色通道\n老年人、残疾人、军人、孕妇优先"), "green", "greenChannelButton"
        )
        self.green_button.setCheckable(True)
        self.appointment_button = _button(self.tr("预约签到"), "plain", "appointmentButton")
        self.cancel_mode_button = _button(self.tr("取消预约签到"), "plain", "cancelModeButton")
        self.cancel_mode_button.hide()
        bottom = QHBoxLayout()
        bottom.setSpacing(18)
        bottom.addWidget(self.green_button, 2)
        bottom.addWidget(self.appointment_button, 1)
        bottom.addWidget(self.cancel_mode_button, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.services_title)
        layout.addWidget(self.mode_banner)
        layout.addLayout(self.service_grid, 4)
        layout.addLayout(bottom, 1)
        return page

    def _appointment_page(self) -> QWidget:
        page = QWidget()
        title = FitLabel()
        title.setText(self.tr("请输入预约码，或扫描预约二维码"))
        title.setObjectName("appointmentTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.appointment_title = title
        self.appointment_code = QLineEdit()
        self.appointment_code.setObjectName("appointmentCode")
        self.appointment_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.appointment_code.setMaxLength(32)
        keys = QGridLayout()
        keys.setSpacing(12)
        self.key_buttons: dict[str, QPushButton] = {}
        labels = [*"123456789", "clear", "0", "back"]
        texts = {"clear": self.tr("清空"), "back": self.tr("删除")}
        for i, key in enumerate(labels):
            button = _button(texts.get(key, key), "key", f"key_{key}")
            button.clicked.connect(_emit_with(self.key_pressed, key))
            keys.addWidget(button, i // 3, i % 3)
            self.key_buttons[key] = button
        self.appointment_next = _button(self.tr("下一步：选择业务"), "service", "appointmentNext")
        self.appointment_back = _button(self.tr("返回"), "plain", "appointmentBack")
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.appointment_back, 1)
        row.addWidget(self.appointment_next, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addWidget(self.appointment_code)
        layout.addLayout(keys, 4)
        layout.addLayout(row, 1)
        return page

    def _ticket_page(self) -> QWidget:
        page = QWidget()
        self.ticket_caption = FitLabel()
        self.ticket_caption.setText(self.tr("您的排队号"))
        self.ticket_number = FitLabel()  # "A1000" at full size is wider than an upright screen
        self.ticket_number.setObjectName("ticketNumber")
        self.ticket_service = FitLabel()
        self.ticket_ahead = FitLabel()
        self.ticket_ahead.setObjectName("ticketAhead")
        self.ticket_hint = QLabel()
        self.ticket_hint.setWordWrap(True)
        self.print_status = QLabel()
        self.print_status.setObjectName("printStatus")
        self.print_status.setWordWrap(True)
        for label in (
            self.ticket_caption,
            self.ticket_number,
            self.ticket_service,
            self.ticket_ahead,
            self.ticket_hint,
            self.print_status,
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_number.setStyleSheet("color: #1f5fae;")
        self.done_button = _button(self.tr("完成"), "service", "doneButton")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.ticket_caption)
        layout.addWidget(self.ticket_number)
        layout.addWidget(self.ticket_service)
        layout.addWidget(self.ticket_ahead)
        layout.addWidget(self.ticket_hint)
        layout.addWidget(self.print_status)
        layout.addStretch(1)
        layout.addWidget(self.done_button)
        return page

    # -- what the controller sets ---------------------------------------------------------------

    def show_page(self, page: Page) -> None:
        self.pages.setCurrentIndex(int(page))
        if page is Page.APPOINTMENT:
            # A code scanner types into whatever has the focus, and nothing else here takes it.
            self.appointment_code.setFocus()

    def current_page(self) -> Page:
        return Page(self.pages.currentIndex())

    def set_services(self, services: list[ServiceButton], waiting_template: str) -> None:
        """Buttons in the hall's order; ``waiting_template`` has %1 for the count."""
        for code in [c for c in self.service_buttons if c not in {s.code for s in services}]:
            self.service_buttons.pop(code).deleteLater()
        for i, service in enumerate(services):
            button = self.service_buttons.get(service.code)
            if button is None:
                button = _button("", "service", f"service_{service.code}")
                button.clicked.connect(_emit_with(self.service_chosen, service.code))
                self.service_buttons[service.code] = button
            self.service_grid.addWidget(button, i // SERVICE_COLUMNS, i % SERVICE_COLUMNS)
            waiting = "" if service.waiting is None else waiting_template.replace("%1", str(service.waiting))
            button.setText(f"{service.name}\n{waiting}".strip())
        self._apply_sizes()

    def set_issuing_enabled(self, enabled: bool) -> None:
        for button in self.service_buttons.values():
            button.setEnabled(enabled)
        self.appointment_next.setEnabled(enabled)

    def set_mode_banner(self, text: str) -> None:
        self.mode_banner.setText(text)
        self.mode_banner.setVisible(bool(text))
        self.cancel_mode_button.setVisible(bool(text))
        self.appointment_button.setVisible(not text)
        self.green_button.setVisible(not text)

    def set_offline(self, text: str) -> None:
        self.offline_banner.setText(text)
        self.offline_banner.setVisible(bool(text))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1f3b5c;")
        self.message.setText(text)

    def show_ticket(self, ticket: IssuedTicket) -> None:
        self.ticket_caption.setText(
            self.tr("您的排队号（绿色通道）") if ticket.green_channel else self.tr("您的排队号")
        )
        self.ticket_number.setText(ticket.number)
        self.ticket_service.setText(ticket.service_name)
        self.ticket_ahead.setText(ticket.ahead_text)
        self.ticket_hint.setText(ticket.hint)
        self.print_status.setText("")
        self.show_page(Page.TICKET)

    # -- sizes ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._apply_sizes()

    def _apply_sizes(self) -> None:
        unit = max(self.height(), 480) / 1080

        def size(widget: QWidget, px: float, *, bold: bool = False) -> None:
            font = QFont(self.font())
            font.setPixelSize(max(12, int(px * unit)))
            font.setBold(bold)
            if isinstance(widget, FitButton | FitLabel):
                widget.set_base_font(font)
            else:
                widget.setFont(font)

        size(self.hall_name, 40, bold=True)
        size(self.clock, 32)
        size(self.offline_banner, 34, bold=True)
        size(self.message, 30)
        size(self.services_title, 48, bold=True)
        size(self.mode_banner, 32)
        for button in self.service_buttons.values():
            size(button, 46, bold=True)
        size(self.green_button, 32, bold=True)
        size(self.appointment_button, 36, bold=True)
        size(self.cancel_mode_button, 32)
        size(self.appointment_title, 42, bold=True)
        size(self.appointment_code, 56, bold=True)
        for button in self.key_buttons.values():
            size(button, 44, bold=True)
        size(self.appointment_next, 36, bold=True)
        size(self.appointment_back, 36)
        size(self.ticket_caption, 40)
        size(self.ticket_number, 200, bold=True)
        size(self.ticket_service, 48)
        size(self.ticket_ahead, 44, bold=True)
        size(self.ticket_hint, 34)
        size(self.print_status, 32)
        size(self.done_button, 40, bold=True)
        self.done_button.setMinimumHeight(int(110 * unit))
