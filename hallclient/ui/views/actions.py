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
    def tr(text: str) -> str:
        return QCoreApplication.translate("CounterActions", text)

    return [
        ActionSpec(CounterAction.CALL_NEXT, "F1", tr("叫号"), tr("呼叫下一位等候的申请人")),
        ActionSpec(CounterAction.RECALL, "F2", tr("重呼"), tr("再次呼叫当前号")),
        ActionSpec(CounterAction.START, "F3", tr("开始办理"), tr("申请人已到窗口，开始办理")),
        ActionSpec(CounterAction.FINISH, "F4", tr("办结"), tr("办理完毕，请申请人评价")),
        ActionSpec(CounterAction.NO_SHOW, "F5", tr("过号"), tr("申请人未到，标记过号（需确认）")),
        ActionSpec(CounterAction.TRANSFER, "F6", tr("转移"), tr("转到其他业务或窗口（需确认）")),
        ActionSpec(CounterAction.SUSPEND, "F7", tr("挂起"), tr("申请人暂离补材料，回来无需重新取号")),
        ActionSpec(CounterAction.PAUSE, "F8", tr("暂停服务"), tr("暂停或恢复本窗口叫号")),
        ActionSpec(CounterAction.CALL_TICKET, "F9", tr("指定叫号"), tr("按号码呼叫指定的号")),
        ActionSpec(CounterAction.RESUME, "F10", tr("恢复挂起"), tr("恢复选中的挂起号")),
        ActionSpec(CounterAction.MANUAL_TICKET, "F11", tr("手工登记"), tr("离线时登记纸质号票")),
        ActionSpec(CounterAction.HELP, "F12", tr("快捷键"), tr("显示快捷键说明")),
    ]


def build_actions(owner: QWidget) -> dict[CounterAction, QAction]:
    actions: dict[CounterAction, QAction] = {}
    for spec in action_specs():
        action = QAction(f"{spec.label}\n{spec.key}", owner)
        action.setObjectName(f"action_{spec.action.value}")
        action.setShortcut(QKeySequence(spec.key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{spec.hint} ({spec.key})")
        action.setStatusTip(spec.hint)
        owner.addAction(action)
        actions[spec.action] = action
    return actions
