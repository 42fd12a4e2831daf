"""好差评: rating levels, the 差评 predicate, and the rectification loop a 差评 opens.

Levels follow the national 好差评 scheme: five levels from 非常满意 (5) to 非常不满意 (1); the two
lowest are 差评. A prompt nobody answers is NOT_RATED and carries no level at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.domain.workdays import WorkCalendar


class RatingLevel(enum.IntEnum):
    VERY_SATISFIED = 5
    SATISFIED = 4
    BASIC = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def is_bad(self) -> bool:
        return is_bad_rating(self)

    @classmethod
    def from_value(cls, value: object) -> RatingLevel:
        """A level from untrusted input (a payload, a form); ``ValidationError`` unless 1–5."""
        # bool is an int subclass: True must not quietly become 非常不满意.
        if isinstance(value, bool) or not isinstance(value, int) or value not in {m.value for m in cls}:
            raise ValidationError(
                f"评价等级必须是 1 到 5 的整数：{value!r}", code="rating_level", field="level"
            )
        return cls(value)


_RATING_LABELS = {
    RatingLevel.VERY_SATISFIED: "非常满意",
    RatingLevel.SATISFIED: "满意",
    RatingLevel.BASIC: "基本满意",
    RatingLevel.DISSATISFIED: "不满意",
    RatingLevel.VERY_DISSATISFIED: "非常不满意",
}


def is_bad_rating(level: RatingLevel) -> bool:
    """差评: 不满意 or 非常不满意."""
    return level <= RatingLevel.DISSATISFIED


class RatingStatus(enum.StrEnum):
    RATED = "rated"
    NOT_RATED = "not_rated"
    """The prompt timed out or the applicant walked away; no level is recorded or implied."""


@dataclass(frozen=True)
class RatingOutcome:
    """What one rating prompt produced: a level, or NOT_RATED and no level."""

    status: RatingStatus
    level: RatingLevel | None = None

    def __post_init__(self) -> None:
        if (self.status is RatingStatus.RATED) != (self.level is not None):
            raise ValueError(f"a {self.status.value} outcome cannot have level {self.level!r}")

    @classmethod
    def rated(cls, level: RatingLevel) -> RatingOutcome:
        return cls(RatingStatus.RATED, level)

    @classmethod
    def not_rated(cls) -> RatingOutcome:
        return cls(RatingStatus.NOT_RATED)

    @classmethod
    def from_value(cls, value: object) -> RatingOutcome:
        """From a stored or sent level, where None means not rated."""
        return cls.not_rated() if value is None else cls.rated(RatingLevel.from_value(value))

    @property
    def is_rated(self) -> bool:
        return self.status is RatingStatus.RATED

    @property
    def is_bad(self) -> bool:
        """A 差评; an unanswered prompt is never one."""
        return self.level is not None and is_bad_rating(self.level)

    @property
    def label(self) -> str:
        return self.level.label if self.level is not None else "未评价"


# --- 差评整改 ------------------------------------------------------------------------------------


class RectificationStage(enum.StrEnum):
    VERIFY = "verify"
    RECTIFY = "rectify"
    FEED_BACK = "feed_back"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]

    @property
    def next_stage(self) -> RectificationStage | None:
        """The stage after this one; None once closed."""
        order = list(RectificationStage)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    def advance(self) -> RectificationStage:
        """The next stage; ``ConflictError`` for a closed rectification."""
        following = self.next_stage
        if following is None:
            raise ConflictError("差评整改已办结，不能再推进", code="rectification_closed")
        return following


_STAGE_LABELS = {
    RectificationStage.VERIFY: "核实",
    RectificationStage.RECTIFY: "整改",
    RectificationStage.FEED_BACK: "反馈",
    RectificationStage.CLOSED: "办结",
}


@dataclass(frozen=True)
class RectificationConfig:
    """Working days allowed for each open stage, counted from the day the stage starts.

    Halls set these themselves (local rules vary); the defaults are a starting point.
    """

    verify_workdays: int = 1
    rectify_workdays: int = 5
    feed_back_workdays: int = 1

    def __post_init__(self) -> None:
        for name in ("verify_workdays", "rectify_workdays", "feed_back_workdays"):
            if getattr(self, name) < 0:
                raise ValidationError(f"整改时限不能为负数：{name}", code="rectification_config", field=name)

    def workdays_for(self, stage: RectificationStage) -> int | None:
        """Working days allowed for ``stage``; None for CLOSED, which has no deadline."""
        return {
            RectificationStage.VERIFY: self.verify_workdays,
            RectificationStage.RECTIFY: self.rectify_workdays,
            RectificationStage.FEED_BACK: self.feed_back_workdays,
            RectificationStage.CLOSED: None,
        }[stage]

    @property
    def total_workdays(self) -> int:
        return self.verify_workdays + self.rectify_workdays + self.feed_back_workdays


def stage_deadline(
    *, stage: RectificationStage, started_on: date, calendar: WorkCalendar, config: RectificationConfig
) -> date | None:
    """The last day to finish ``stage`` begun on ``started_on`` (day 0); None for CLOSED."""
    allowed = config.workdays_for(stage)
    if allowed is None:
        return None
    return calendar.add_workdays(started_on, allowed)
