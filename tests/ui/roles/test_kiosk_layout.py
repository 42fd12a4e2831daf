"""The kiosk's screen fits an upright 1080×1920 screen whatever the hall calls its services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
from hallclient.ui.kiosk.view import BUTTON_ROOM_PX, IssuedTicket, KioskWindow, Page, ServiceButton

NAMES = [
    "综合受理",
    "不动产登记",
    "社保医保",
    "公积金",
    "税务",
    "户籍出入境",
    "企业开办一件事",
    "不动产登记交易缴税",
]


def widest_line(widget: QLabel | QPushButton) -> int:
    return max(widget.fontMetrics().horizontalAdvance(line) for line in widget.text().split("\n"))


@pytest.fixture
def upright(qtbot: Any) -> Iterator[KioskWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    apply_application_font(app, register_cjk_fonts())  # as the kiosk command does: real CJK widths
    view = KioskWindow()
    qtbot.addWidget(view)
    view.set_services(
        [ServiceButton(code=f"S{i}", name=name, prefix="A", waiting=128) for i, name in enumerate(NAMES)],
        "等候 %1 人",
    )
    view.hall_name.setText("示范县政务服务中心")
    view.resize(1080, 1920)
    view.show()
    qtbot.waitExposed(view)
    yield view
    app.setFont(before)


def test_every_service_button_stays_on_an_upright_screen(qtbot: Any, upright: KioskWindow) -> None:
    qtbot.waitUntil(lambda: upright.width() == 1080)  # not pushed wider by the buttons' text
    for button in [*upright.service_buttons.values(), upright.green_button]:
        right = button.mapTo(upright, button.rect().topRight()).x()
        assert right <= upright.width(), button.text()
        assert widest_line(button) <= button.width() - BUTTON_ROOM_PX, button.text()
    # Short names keep their full size; only what would not fit is made smaller.
    short, long = upright.service_buttons["S3"], upright.service_buttons["S7"]
    assert short.font().pixelSize() > long.font().pixelSize()


def test_a_four_digit_ticket_number_fits_an_upright_screen(qtbot: Any, upright: KioskWindow) -> None:
    upright.show_ticket(
        IssuedTicket(
            number="A1000",
            service_name="不动产登记交易缴税",
            ahead_text="您前面还有 128 人等候",
            hint="",
            green_channel=False,
        )
    )
    assert upright.current_page() is Page.TICKET
    qtbot.waitUntil(lambda: upright.ticket_number.width() > 0)
    assert upright.width() == 1080
    for label in (upright.ticket_number, upright.ticket_service, upright.ticket_ahead):
        assert widest_line(label) <= label.width(), label.text()
