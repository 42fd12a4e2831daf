from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.alerts import AlertLevel, AlertThresholds, alert_level
from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.default()


def level(deadline: str, today: str, within: int = 2) -> AlertLevel:
    return alert_level(
        deadline=date.fromisoformat(deadline),
        today=date.fromisoformat(today),
        calendar=CAL,
        yellow_within_workdays=within,
    )


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        ("2025-06-13", "2025-06-09", AlertLevel.NONE),  # 4 working days left
        ("2025-06-13", "2025-06-10", AlertLevel.NONE),  # 3 left
        ("2025-06-13", "2025-06-11", AlertLevel.YELLOW),  # 2 left
        ("2025-06-13", "2025-06-13", AlertLevel.YELLOW),  # the deadline day
        ("2025-06-13", "2025-06-14", AlertLevel.RED),  # a Saturday after a Friday deadline
        ("2025-06-13", "2025-06-16", AlertLevel.RED),
        # A deadline just after National Day: from Sep 29 only Sep 30 and Oct 9 remain.
        ("2025-10-09", "2025-09-29", AlertLevel.YELLOW),
        ("2025-10-10", "2025-09-29", AlertLevel.NONE),
        ("2025-10-09", "2025-10-08", AlertLevel.YELLOW),
    ],
)
def test_alert_levels(deadline: str, today: str, expected: AlertLevel) -> None:
    assert level(deadline, today) is expected


def test_threshold_zero_only_warns_on_the_day() -> None:
    assert level("2025-06-13", "2025-06-12", within=0) is AlertLevel.NONE
    assert level("2025-06-13", "2025-06-13", within=0) is AlertLevel.YELLOW


def test_thresholds_config() -> None:
    wide = AlertThresholds(yellow_within_workdays=5)
    assert wide.level(deadline=date(2025, 6, 13), today=date(2025, 6, 6), calendar=CAL) is AlertLevel.YELLOW
    assert (
        AlertThresholds().level(deadline=date(2025, 6, 13), today=date(2025, 6, 6), calendar=CAL)
        is AlertLevel.NONE
    )
    with pytest.raises(ValidationError):
        AlertThresholds(yellow_within_workdays=-1)
    with pytest.raises(ValueError):
        level("2025-06-13", "2025-06-06", within=-1)


def test_levels_order_and_labels() -> None:
    assert max(AlertLevel.YELLOW, AlertLevel.RED, AlertLevel.NONE) is AlertLevel.RED
    assert [a.label for a in AlertLevel] == ["正常", "黄牌", "红牌"]


days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


@given(days, days, st.integers(min_value=0, max_value=10))
def test_alert_only_gets_worse_as_time_passes(deadline: date, today: date, within: int) -> None:
    now = alert_level(deadline=deadline, today=today, calendar=CAL, yellow_within_workdays=within)
    later = alert_level(
        deadline=deadline, today=today + timedelta(days=1), calendar=CAL, yellow_within_workdays=within
    )
    assert later >= now
    assert (now is AlertLevel.RED) == (today > deadline)
