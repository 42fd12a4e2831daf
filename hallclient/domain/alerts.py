"""红黄牌 (electronic supervision): how close a case, pledge or rectification is to its deadline.

Red: the deadline has passed. Yellow: at most N working days remain, counting the working days in
(today, deadline], so on the deadline day itself 0 remain and the alert is yellow. None otherwise.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar


class AlertLevel(enum.IntEnum):
    """Ordered, so that the worst of several alerts is ``max(...)``."""

    NONE = 0
    YELLOW = 1
    RED = 2

    @property
    def label(self) -> str:
        return _ALERT_LABELS[self]


_ALERT_LABELS = {AlertLevel.NONE: "正常", AlertLevel.YELLOW: "黄牌", AlertLevel.RED: "红牌"}


def alert_level(
    *, deadline: date, today: date, calendar: WorkCalendar, yellow_within_workdays: int = 2
) -> AlertLevel:
    if yellow_within_workdays < 0:
        raise ValueError(f"yellow_within_workdays must be >= 0, got {yellow_within_workdays}")
    if today > deadline:
        return AlertLevel.RED
    if calendar.workdays_between(today, deadline) <= yellow_within_workdays:
        return AlertLevel.YELLOW
    return AlertLevel.NONE


@dataclass(frozen=True)
class AlertThresholds:
    """A hall's alert settings (synced from the server)."""

    yellow_within_workdays: int = 2

    def __post_init__(self) -> None:
        if self.yellow_within_workdays < 0:
            raise ValidationError(
                "黄牌预警天数不能为负数", code="alert_threshold", field="yellow_within_workdays"
            )

    def level(self, *, deadline: date, today: date, calendar: WorkCalendar) -> AlertLevel:
        return alert_level(
            deadline=deadline,
            today=today,
            calendar=calendar,
            yellow_within_workdays=self.yellow_within_workdays,
        )
