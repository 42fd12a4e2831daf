from __future__ import annotations

from datetime import date

import pytest

from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.domain.rating import (
    RatingLevel,
    RatingOutcome,
    RatingStatus,
    RectificationConfig,
    RectificationStage,
    is_bad_rating,
    stage_deadline,
)
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.default()


def test_levels_values_and_labels() -> None:
    assert [(level.value, level.label) for level in sorted(RatingLevel, reverse=True)] == [
        (5, "非常满意"),
        (4, "满意"),
        (3, "基本满意"),
        (2, "不满意"),
        (1, "非常不满意"),
    ]


@pytest.mark.parametrize("level", list(RatingLevel))
def test_bad_ratings_are_the_two_lowest(level: RatingLevel) -> None:
    assert is_bad_rating(level) == (level.value in (1, 2))
    assert level.is_bad == is_bad_rating(level)


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_level_from_value(value: int) -> None:
    assert RatingLevel.from_value(value).value == value


@pytest.mark.parametrize("value", [0, 6, -1, "5", 4.0, None, True, False])
def test_level_from_bad_value(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        RatingLevel.from_value(value)
    assert caught.value.code == "rating_level"
    assert caught.value.field == "level"


def test_not_rated_has_no_level_and_is_never_bad() -> None:
    outcome = RatingOutcome.not_rated()
    assert outcome.status is RatingStatus.NOT_RATED
    assert outcome.level is None
    assert not outcome.is_rated
    assert not outcome.is_bad
    assert outcome.label == "未评价"
    assert RatingOutcome.from_value(None) == outcome


def test_rated_outcome() -> None:
    outcome = RatingOutcome.from_value(2)
    assert outcome == RatingOutcome.rated(RatingLevel.DISSATISFIED)
    assert outcome.is_rated
    assert outcome.is_bad
    assert outcome.label == "不满意"
    assert not RatingOutcome.rated(RatingLevel.BASIC).is_bad


def test_outcome_cannot_invent_or_lose_a_level() -> None:
    with pytest.raises(ValueError):
        RatingOutcome(RatingStatus.NOT_RATED, RatingLevel.VERY_SATISFIED)
    with pytest.raises(ValueError):
        RatingOutcome(RatingStatus.RATED)


def test_rectification_stages_run_in_order_and_end() -> None:
    stage = RectificationStage.VERIFY
    seen = [stage]
    while stage.next_stage is not None:
        stage = stage.advance()
        seen.append(stage)
    assert seen == [
        RectificationStage.VERIFY,
        RectificationStage.RECTIFY,
        RectificationStage.FEED_BACK,
        RectificationStage.CLOSED,
    ]
    assert [s.label for s in seen] == ["核实", "整改", "反馈", "办结"]
    with pytest.raises(ConflictError) as caught:
        RectificationStage.CLOSED.advance()
    assert caught.value.code == "rectification_closed"


def test_stage_deadlines_count_working_days() -> None:
    config = RectificationConfig(verify_workdays=1, rectify_workdays=5, feed_back_workdays=2)
    # A 差评 on the last working day before National Day 2025 is verified after the holiday.
    opened = date(2025, 9, 30)
    assert stage_deadline(
        stage=RectificationStage.VERIFY, started_on=opened, calendar=CAL, config=config
    ) == date(2025, 10, 9)
    # Rectification from Oct 9: 10, 11 (make-up Saturday), 13, 14, 15.
    assert stage_deadline(
        stage=RectificationStage.RECTIFY, started_on=date(2025, 10, 9), calendar=CAL, config=config
    ) == date(2025, 10, 15)
    assert stage_deadline(
        stage=RectificationStage.FEED_BACK, started_on=date(2025, 10, 15), calendar=CAL, config=config
    ) == date(2025, 10, 17)
    assert (
        stage_deadline(stage=RectificationStage.CLOSED, started_on=opened, calendar=CAL, config=config)
        is None
    )
    assert config.total_workdays == 8


def test_default_config_and_validation() -> None:
    config = RectificationConfig()
    assert all(config.workdays_for(stage) is not None for stage in list(RectificationStage)[:-1])
    with pytest.raises(ValidationError) as caught:
        RectificationConfig(rectify_workdays=-1)
    assert caught.value.field == "rectify_workdays"
