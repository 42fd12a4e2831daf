"""Words for the intake enums, through Qt's translator (the domain's own labels are not)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hallclient.domain.alerts import AlertLevel
from hallclient.domain.outcome import CheckState, Outcome
from hallclient.intake.models import CaseChip, CaseStatus, PledgeStatus


def check_state_label(state: CheckState) -> str:
    return {
        CheckState.ORIGINAL: QCoreApplication.translate("IntakeLabels", "原件"),
        CheckState.COPY: QCoreApplication.translate("IntakeLabels", "复印件"),
        CheckState.E_LICENSE: QCoreApplication.translate("IntakeLabels", "电子证照(免提交)"),
        CheckState.MISSING: QCoreApplication.translate("IntakeLabels", "缺"),
        CheckState.DEFICIENT: QCoreApplication.translate("IntakeLabels", "不符合"),
        CheckState.NOT_APPLICABLE: QCoreApplication.translate("IntakeLabels", "不适用"),
    }[state]


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.ACCEPT: QCoreApplication.translate("IntakeLabels", "受理"),
        Outcome.ACCEPT_WITH_DEFICIENCY: QCoreApplication.translate("IntakeLabels", "容缺受理"),
        Outcome.NOTIFY_ONCE: QCoreApplication.translate("IntakeLabels", "一次性告知"),
        Outcome.REJECT: QCoreApplication.translate("IntakeLabels", "不予受理"),
    }[outcome]


def status_label(status: CaseStatus) -> str:
    return {
        CaseStatus.ACCEPTED: QCoreApplication.translate("IntakeLabels", "已受理"),
        CaseStatus.AWAITING_SUPPLEMENT: QCoreApplication.translate("IntakeLabels", "容缺待补正"),
        CaseStatus.NOTIFIED: QCoreApplication.translate("IntakeLabels", "已一次性告知"),
        CaseStatus.REJECTED: QCoreApplication.translate("IntakeLabels", "不予受理"),
        CaseStatus.COMPLETED: QCoreApplication.translate("IntakeLabels", "已办结"),
        CaseStatus.WITHDRAWN: QCoreApplication.translate("IntakeLabels", "已撤回"),
    }[status]


def pledge_label(status: PledgeStatus) -> str:
    return {
        PledgeStatus.OPEN: QCoreApplication.translate("IntakeLabels", "待补正"),
        PledgeStatus.FULFILLED: QCoreApplication.translate("IntakeLabels", "已补齐"),
        PledgeStatus.OVERDUE: QCoreApplication.translate("IntakeLabels", "承诺逾期"),
        PledgeStatus.LAPSED: QCoreApplication.translate("IntakeLabels", "随办件撤回"),
    }[status]


def alert_label(level: AlertLevel) -> str:
    return {
        AlertLevel.NONE: "",
        AlertLevel.YELLOW: QCoreApplication.translate("IntakeLabels", "黄牌"),
        AlertLevel.RED: QCoreApplication.translate("IntakeLabels", "红牌"),
    }[level]


def chip_label(chip: CaseChip) -> str:
    return {
        CaseChip.TODAY: QCoreApplication.translate("IntakeLabels", "今日"),
        CaseChip.AWAITING_SUPPLEMENT: QCoreApplication.translate("IntakeLabels", "待补正"),
        CaseChip.PLEDGE_OVERDUE: QCoreApplication.translate("IntakeLabels", "承诺逾期"),
        CaseChip.YELLOW: QCoreApplication.translate("IntakeLabels", "黄牌"),
        CaseChip.RED: QCoreApplication.translate("IntakeLabels", "红牌"),
    }[chip]


ALERT_COLOURS = {AlertLevel.YELLOW: "#fff3c4", AlertLevel.RED: "#fde0e0"}
