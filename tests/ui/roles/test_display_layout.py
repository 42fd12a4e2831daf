"""The calling display stays on a 1920×1080 or 1366×768 screen whatever the hall's names are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from hallclient.ui.display.view import CallRow, DisplayWindow, WaitingCell
from hallclient.ui.fonts import apply_application_font, register_cjk_fonts

NAMES = [
    "综合受理",
    "不动产登记交易缴税一件事联办",
    "社会保障卡及医疗保险参保登记",
    "住房公积金提取与贷款",
    "税务登记及发票申领",
    "户籍出入境证件办理",
    "企业开办一件事（设立登记、公章刻制、银行开户）",
    "工程建设项目审批",
    "残疾人两项补贴申请",
]


@pytest.fixture
def cjk_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    apply_application_font(app, register_cjk_fonts())  # as the display command does: real CJK widths
    yield
    app.setFont(before)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1080p", "768p"])
def test_long_names_stay_on_the_screen(qtbot: Any, cjk_font: None, size: tuple[int, int]) -> None:
    view = DisplayWindow()
    qtbot.addWidget(view)
    view.hall_name.setText("示范县政务服务中心（行政审批服务局）不动产登记交易和税收征缴分中心")
    view.clock.setText("2026-09-15  09:30:12")
    view.show_offline("● 正在连接服务器…")
    view.show_call(("请 BDC1000 号", "到 A-12 号窗口办理"))
    view.show_recent([CallRow(number=f"BDC{100 + i}", window=f"A-{10 + i} 号") for i in range(8)])
    view.show_waiting(
        [WaitingCell(name=name, prefix=chr(65 + i), waiting=128) for i, name in enumerate(NAMES)],
        "%1（%2）等候 %3 人",
    )
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert (view.width(), view.height()) == size  # not pushed wider (or taller) by the text
    labels = [
        view.hall_name,
        view.clock,
        view.offline_mark,
        view.call_line1,
        view.call_line2,
        *view.recent_numbers,
        *view.recent_windows,
        *view.waiting_cells,
    ]
    for label in labels:
        assert isinstance(label, QLabel)
        right = label.mapTo(view, label.rect().topRight()).x()
        assert right <= view.width(), label.text()
        text_width = label.fontMetrics().horizontalAdvance(label.text())
        assert text_width <= label.contentsRect().width(), label.text()
    # Short names keep their full size; only what would not fit is made smaller.
    short, long = view.waiting_cells[0], view.waiting_cells[6]
    assert short.font().pixelSize() > long.font().pixelSize()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1080p", "768p"])
def test_many_services_and_a_full_board_stay_on_the_screen(
    qtbot: Any, cjk_font: None, size: tuple[int, int]
) -> None:
    """Fifteen queues (five rows of waiting counts) and eight calls: the notice line at the bottom
    stays on the screen, and the window does not grow when the board fills up."""
    view = DisplayWindow()
    qtbot.addWidget(view)
    view.hall_name.setText("示范县政务服务中心")
    view.clock.setText("2026-09-15  09:30:12")
    view.show_waiting(
        [WaitingCell(name="综合受理", prefix=chr(65 + i), waiting=12) for i in range(15)],
        "%1（%2）等候 %3 人",
    )
    view.ticker.set_text("请按号码顺序等候")
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.show_call(("请 A100 号", "到 12 号窗口办理"))
    view.show_recent([CallRow(number=f"A{100 + i}", window=f"{10 + i} 号") for i in range(8)])
    qtbot.wait(50)
    assert (view.width(), view.height()) == size
    bottom = view.ticker.mapTo(view, view.ticker.rect().bottomLeft()).y()
    assert bottom < view.height()
    for label in [*view.recent_numbers, *view.waiting_cells]:
        assert label.height() >= label.fontMetrics().height(), label.text()  # not cut off
