"""The counter's function keys act like a hardware caller's buttons: one press, one action."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from hallclient.ui.views.actions import CounterAction, build_actions


def _key(widget: QWidget, key: Qt.Key, *, repeat: bool) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "", repeat))


def test_a_held_key_does_not_repeat_its_action(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    actions = build_actions(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    fired: list[CounterAction] = []
    for name, action in actions.items():
        action.triggered.connect(lambda _checked=False, n=name: fired.append(n))
    # F2 (重呼) held down: one press, then the keyboard's auto-repeat
    _key(window, Qt.Key.Key_F2, repeat=False)
    for _ in range(5):
        _key(window, Qt.Key.Key_F2, repeat=True)
    qtbot.wait(50)
    assert fired == [CounterAction.RECALL]
    _key(window, Qt.Key.Key_F2, repeat=False)  # a second press is a second recall
    assert fired == [CounterAction.RECALL, CounterAction.RECALL]
