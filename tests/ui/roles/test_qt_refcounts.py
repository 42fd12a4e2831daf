"""A wall display or kiosk makes millions of Qt calls a day; none may leak a reference.

PySide6 6.12.0 on CPython 3.11 drops a reference to ``None`` on every void Qt call and to
``True``/``False`` on every ``emit`` made from Python; after a few thousand calls the interpreter
aborts ("deallocating None"). The project excludes that release; these tests fail on any
binding with the same fault, and the self-test (``check_qt_signals``) guards installed copies.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from hallclient.ui.display.view import DisplayWindow


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(object)


def test_void_qt_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("A012")
    assert sys.getrefcount(None) - before > -100


def test_emits_keep_true_and_false_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.carried.connect(received.append)
    before = sys.getrefcount(True) + sys.getrefcount(False)
    for index in range(1000):
        emitter.fired.emit()
        emitter.carried.emit(index)
    assert len(received) == 1000
    assert sys.getrefcount(True) + sys.getrefcount(False) - before > -100


def test_an_hour_of_the_display_ticker_keeps_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = DisplayWindow()
    qtbot.addWidget(view)
    view.resize(960, 540)
    view.show()
    view.ticker.set_text("请按号码顺序等候")
    before = sys.getrefcount(None)
    for _ in range(500):  # ~17 s of frames; an hour is 120,000
        view.ticker.repaint()
    assert sys.getrefcount(None) - before > -100
