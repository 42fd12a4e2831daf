"""Words for sync states and mutation kinds (translated through Qt)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from hallclient.sync.status import ADVICE_RESOLVE, ADVICE_RETRY


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncTexts", text)


def mutation_label(name: str) -> str:
    labels = {
        "case.create": _tr("新建办件"),
        "case.supplement": _tr("补正材料"),
        "case.withdraw": _tr("撤回办件"),
        "case.complete": _tr("当场办结"),
        "case.update": _tr("修改办件"),
        "rating.record": _tr("好差评"),
        "audit.add": _tr("审计记录"),
        "manual_ticket.add": _tr("手工排队号"),
        "printed_document.add": _tr("打印记录"),
    }
    return labels.get(name, name)


def status_label(status: str) -> str:
    return {
        "pending": _tr("待同步"),
        "conflict": _tr("冲突"),
        "rejected": _tr("被拒绝"),
    }.get(status, status)


def advice_text(advice: str) -> str:
    if advice == ADVICE_RETRY:
        return _tr("服务器升级后可点“重新提交”")
    if advice == ADVICE_RESOLVE:
        return _tr("核对后选“采用服务器版本”或“保留我的修改”")
    return _tr("请交值班长处理（可点“复制给值班长”）")


def clock_text(when: dt.datetime | None) -> str:
    return when.astimezone().strftime("%m-%d %H:%M:%S") if when is not None else "—"
