"""Words for the intake enums, through Qt's translator (the domain's own labels are not)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hallclient.domain.alerts import AlertLevel
from hallclient.domain.outcome import CheckState, Outcome
from hallclient.intake.models import CaseChip, CaseStatus, PledgeStatus


def _t(text: str) -> str:
    return QCoreApplication.translate("IntakeLabels", text)


def check_state_label(state: CheckState) -> str:
    return {
        CheckState.ORIGINAL: _t("原件"),
        CheckState.COPY: _t("复印件"),
        CheckState.E_LICENSE: _t("电子证照(免提交)"),
        CheckState.MISSING: _t("缺"),
        CheckState.DEFICIENT: _t("不符合"),
        CheckState.NOT_APPLICABLE: _t("不适用"),
    }[state]


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.ACCEPT: _t("受理"),
        Outcome.ACCEPT_WITH_DEFICIENCY: _t("容缺受理"),
        Outcome.NOTIFY_ONCE: _t("一次性告知"),
        Outcome.REJECT: _t("不予受理"),
    }[outcome]


def status_label(status: CaseStatus) -> str:
    return {
        CaseStatus.ACCEPTED: _t("已受理"),
        CaseStatus.AWAITING_SUPPLEMENT: _t("容缺待补正"),
        CaseStatus.NOTIFIED: _t("已一次性告知"),
        CaseStatus.REJECTED: _t("不予受理"),
        CaseStatus.COMPLETED: _t("已办结"),
        CaseStatus.WITHDRAWN: _t("已撤回"),
    }[status]


def pledge_label(status: PledgeStatus) -> str:
    return {
        PledgeStatus.OPEN: _t("待补正"),
        PledgeStatus.FULFILLED: _t("已补齐"),
        PledgeStatus.OVERDUE: _t("承诺逾期"),
    }[status]


def alert_label(level: AlertLevel) -> str:
    return {AlertLevel.NONE: "", AlertLevel.YELLOW: _t("黄牌"), AlertLevel.RED: _t("红牌")}[level]


def chip_label(chip: CaseChip) -> str:
    return {
        CaseChip.TODAY: _t("今日"),
        CaseChip.AWAITING_SUPPLEMENT: _t("待补正"),
        CaseChip.PLEDGE_OVERDUE: _t("承诺逾期"),
        CaseChip.YELLOW: _t("黄牌"),
        CaseChip.RED: _t("红牌"),
    }[chip]


ALERT_COLOURS = {AlertLevel.YELLOW: "#fff3c4", AlertLevel.RED: "#fde0e0"}
