"""Words for sync states and mutation kinds (translated through Qt)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from hallclient.sync.status import ADVICE_RESOLVE, ADVICE_RETRY


def mutation_label(name: str) -> str:
    labels = {
        "case.create": QCoreApplication.translate("SyncTexts", "新建办件"),
        "case.supplement": QCoreApplication.translate("SyncTexts", "补正材料"),
        "case.withdraw": QCoreApplication.translate("SyncTexts", "撤回办件"),
        "case.complete": QCoreApplication.translate("SyncTexts", "当场办结"),
        "case.update": QCoreApplication.translate("SyncTexts", "修改办件"),
        "rating.record": QCoreApplication.translate("SyncTexts", "好差评"),
        "audit.add": QCoreApplication.translate("SyncTexts", "审计记录"),
        "manual_ticket.add": QCoreApplication.translate("SyncTexts", "手工排队号"),
        "printed_document.add": QCoreApplication.translate("SyncTexts", "打印记录"),
    }
    return labels.get(name, name)


def status_label(status: str) -> str:
    return {
        "pending": QCoreApplication.translate("SyncTexts", "待同步"),
        "conflict": QCoreApplication.translate("SyncTexts", "冲突"),
        "rejected": QCoreApplication.translate("SyncTexts", "被拒绝"),
    }.get(status, status)


def advice_text(advice: str) -> str:
    if advice == ADVICE_RETRY:
        return QCoreApplication.translate("SyncTexts", "服务器升级后可点“重新提交”")
    if advice == ADVICE_RESOLVE:
        return QCoreApplication.translate("SyncTexts", "核对后选“采用服务器版本”或“保留我的修改”")
    return QCoreApplication.translate("SyncTexts", "请交值班长处理（可点“复制给值班长”）")


def clock_text(when: dt.datetime | None) -> str:
    return when.astimezone().strftime("%m-%d %H:%M:%S") if when is not None else "—"
