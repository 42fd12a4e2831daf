"""The counter's window actions as QActions with hardware-caller style function keys.

The actions live on the main window, so the keys work from every tab (also while the intake
form is in front); the queue panel's buttons mirror them (text, key, enabled state).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


class CounterAction(enum.StrEnum):
    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    SUSPEND = "suspend"
    PAUSE = "pause"  # toggles: pause / unpause
    CALL_TICKET = "call_ticket"
    RESUME = "resume"
    MANUAL_TICKET = "manual_ticket"
    HELP = "help"


@dataclass(frozen=True)
class ActionSpec:
    action: CounterAction
    key: str
    label: str
    hint: str


def action_specs() -> list[ActionSpec]:
    return [
        ActionSpec(
            CounterAction.CALL_NEXT,
            "F1",
            QCoreApplication.translate("CounterActions", "叫号"),
            QCoreApplication.translate("CounterActions", "呼叫下一位等候的申请人"),
        ),
        ActionSpec(
            CounterAction.RECALL,
            "F2",
            QCoreApplication.translate("CounterActions", "重呼"),
            QCoreApplication.translate("CounterActions", "再次呼叫当前号"),
        ),
        ActionSpec(
            CounterAction.START,
            "F3",
            QCoreApplication.translate("CounterActions", "开始办理"),
            QCoreApplication.translate("CounterActions", "申请人已到窗口，开始办理"),
        ),
        ActionSpec(
            CounterAction.FINISH,
            "F4",
            QCoreApplication.translate("CounterActions", "办结"),
            QCoreApplication.translate("CounterActions", "办理完毕，请申请人评价"),
        ),
        ActionSpec(
            CounterAction.NO_SHOW,
            "F5",
            QCoreApplication.translate("CounterActions", "过号"),
            QCoreApplication.translate("CounterActions", "申请人未到，标记过号（需确认）"),
        ),
        ActionSpec(
            CounterAction.TRANSFER,
            "F6",
            QCoreApplication.translate("CounterActions", "转移"),
            QCoreApplication.translate("CounterActions", "转到其他业务或窗口（需确认）"),
        ),
        ActionSpec(
            CounterAction.SUSPEND,
            "F7",
            QCoreApplication.translate("CounterActions", "挂起"),
            QCoreApplication.translate("CounterActions", "申请人暂离补材料，回来无需重新取号"),
        ),
        ActionSpec(
            CounterAction.PAUSE,
            "F8",
            QCoreApplication.translate("CounterActions", "暂停服务"),
            QCoreApplication.translate("CounterActions", "暂停或恢复本窗口叫号"),
        ),
        ActionSpec(
            CounterAction.CALL_TICKET,
            "F9",
            QCoreApplication.translate("CounterActions", "指定叫号"),
            QCoreApplication.translate("CounterActions", "按号码呼叫指定的号"),
        ),
        ActionSpec(
            CounterAction.RESUME,
            "F10",
            QCoreApplication.translate("CounterActions", "恢复挂起"),
            QCoreApplication.translate("CounterActions", "恢复选中的挂起号"),
        ),
        ActionSpec(
            CounterAction.MANUAL_TICKET,
            "F11",
            QCoreApplication.translate("CounterActions", "手工登记"),
            QCoreApplication.translate("CounterActions", "离线时登记纸质号票"),
        ),
        ActionSpec(
            CounterAction.HELP,
            "F12",
            QCoreApplication.translate("CounterActions", "快捷键"),
            QCoreApplication.translate("CounterActions", "显示快捷键说明"),
        ),
    ]


def build_actions(owner: QWidget) -> dict[CounterAction, QAction]:
    actions: dict[CounterAction, QAction] = {}
    for spec in action_specs():
        action = QAction(f"{spec.label}\n{spec.key}", owner)
        action.setObjectName(f"action_{spec.action.value}")
        action.setShortcut(QKeySequence(spec.key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        # A key held a moment too long must not 重呼 an applicant three times (using up the hall's
        # recall limit) or pause and resume in a loop: one press, one action, as on a caller.
        action.setAutoRepeat(False)
        action.setToolTip(f"{spec.hint} ({spec.key})")
        action.setStatusTip(spec.hint)
        owner.addAction(action)
        actions[spec.action] = action
    return actions
