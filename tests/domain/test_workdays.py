from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar

CAL = WorkCalendar.default()


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# The State Council's published arrangements (国务院办公厅关于20xx年部分节假日安排的通知).
GOLDEN_WEEKS = [
    # (days off, make-up working days on a weekend)
    (days("2024-02-10", "2024-02-17"), ["2024-02-04", "2024-02-18"]),
    (days("2024-10-01", "2024-10-07"), ["2024-09-29", "2024-10-12"]),
    (days("2025-01-28", "2025-02-04"), ["2025-01-26", "2025-02-08"]),
    (days("2025-10-01", "2025-10-08"), ["2025-09-28", "2025-10-11"]),
    (days("2026-02-15", "2026-02-23"), ["2026-02-14", "2026-02-28"]),
    (days("2026-10-01", "2026-10-07"), ["2026-09-20", "2026-10-10"]),
]


@pytest.mark.parametrize(("off", "make_up"), GOLDEN_WEEKS)
def test_spring_festival_and_national_day_weeks(off: list[date], make_up: list[str]) -> None:
    for day in off:
        assert not CAL.is_workday(day), day
        assert not CAL.is_estimated(day)
    for text in make_up:
        assert d(text).weekday() >= 5
        assert CAL.is_workday(d(text)), text


@pytest.mark.parametrize(
    ("accepted", "count", "due"),
    [
        # Accepted the Monday before National Day 2024: Oct 8, 9, 10, 11 and make-up Saturday Oct 12.
        ("2024-09-30", 5, "2024-10-12"),
        ("2024-09-30", 6, "2024-10-14"),
        # The make-up Sunday before a golden week is itself a working day to count from.
        ("2025-09-28", 1, "2025-09-29"),
        ("2025-09-28", 5, "2025-10-11"),
        ("2025-09-30", 1, "2025-10-09"),
        # Accepted on a day off: the count still starts with the next working day.
        ("2025-10-03", 1, "2025-10-09"),
        ("2025-10-03", 0, "2025-10-03"),
        # Spring Festival 2026: Fri 13th, make-up Sat 14th, then nine days off.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-27", 1, "2026-02-28"),
        # An ordinary week: Friday + 1 is Monday.
        ("2025-06-06", 1, "2025-06-09"),
        ("2025-06-06", 20, "2025-07-04"),
    ],
)
def test_add_workdays(accepted: str, count: int, due: str) -> None:
    assert CAL.add_workdays(d(accepted), count) == d(due)
    if count:
        assert CAL.workdays_between(d(accepted), d(due)) == count


def test_workdays_between_counts_the_half_open_interval() -> None:
    assert CAL.workdays_between(d("2025-06-09"), d("2025-06-09")) == 0
    assert CAL.workdays_between(d("2025-06-09"), d("2025-06-10")) == 1
    assert CAL.workdays_between(d("2025-06-06"), d("2025-06-08")) == 0
    assert CAL.workdays_between(d("2024-09-30"), d("2024-10-12")) == 5
    assert CAL.workdays_between(d("2024-10-12"), d("2024-09-30")) == -5
    # The whole of 2025: 261 weekdays, 18 of them off (1 New Year, 6 Spring Festival, 1 Qingming,
    # 3 Labour Day, 1 Dragon Boat, 6 National Day), plus 5 make-up weekend days.
    assert CAL.workdays_between(d("2024-12-31"), d("2025-12-31")) == 261 - 18 + 5


def test_next_workday_and_on_or_after() -> None:
    assert CAL.next_workday(d("2025-09-30")) == d("2025-10-09")
    assert CAL.next_workday(d("2025-10-09")) == d("2025-10-10")
    assert CAL.workday_on_or_after(d("2025-10-09")) == d("2025-10-09")
    assert CAL.workday_on_or_after(d("2025-10-04")) == d("2025-10-09")


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_workdays(d("2025-06-06"), -1)


def test_default_covers_the_package_years() -> None:
    package_years = {day.year for day in chinese_calendar.holidays}
    assert CAL.known_from == date(min(package_years), 1, 1)
    assert CAL.known_until == date(max(package_years), 12, 31)
    assert WorkCalendar.default() is CAL


# --- beyond the known years -------------------------------------------------------------------


def test_past_the_known_years_is_monday_to_friday_and_estimated() -> None:
    assert CAL.known_until is not None
    after = CAL.known_until + timedelta(days=1)
    assert CAL.is_estimated(after)
    assert not CAL.is_estimated(CAL.known_until)
    monday = after + timedelta(days=(7 - after.weekday()) % 7)
    assert CAL.is_workday(monday)
    assert not CAL.is_workday(monday + timedelta(days=5))
    # Across the edge: known days first, then Monday–Friday.
    last_known_workday = CAL.known_until
    while not CAL.is_workday(last_known_workday):
        last_known_workday -= timedelta(days=1)
    first_estimated_workday = after if after.weekday() < 5 else monday
    assert CAL.add_workdays(last_known_workday, 1) == first_estimated_workday
    assert CAL.is_range_estimated(last_known_workday, first_estimated_workday)
    assert not CAL.is_range_estimated(last_known_workday, CAL.known_until)


def test_2027_new_year_is_only_a_guess_until_the_server_says_so() -> None:
    assert CAL.is_estimated(d("2027-01-01"))
    assert CAL.is_workday(d("2027-01-01"))  # a Friday, and nothing is known yet
    synced = CAL.with_overrides(holidays=[d("2027-01-01")], workdays=[], replace_years=[2027])
    assert not synced.is_workday(d("2027-01-01"))
    assert not synced.is_estimated(d("2027-06-01"))
    assert synced.known_until == d("2027-12-31")
    assert synced.add_workdays(d("2026-12-31"), 1) == d("2027-01-04")


def test_a_single_hall_override_does_not_make_its_year_known() -> None:
    # A hall closed for a day in 2027 says nothing about the Spring Festival of 2027: the date
    # counts, but deadlines in 2027 stay estimates until the whole year is given.
    synced = CAL.with_overrides(holidays=[d("2027-01-01")], workdays=[])
    assert not synced.is_workday(d("2027-01-01"))
    assert synced.add_workdays(d("2026-12-31"), 1) == d("2027-01-04")
    assert synced.is_estimated(d("2027-02-10"))
    assert synced.is_range_estimated(d("2026-12-28"), d("2027-01-04"))
    assert synced.known_until == CAL.known_until


def test_before_the_known_years_is_estimated_too() -> None:
    assert CAL.known_from is not None
    before = CAL.known_from - timedelta(days=1)
    assert CAL.is_estimated(before)
    assert CAL.workdays_between(d("1999-12-31"), d("2000-01-07")) == 5
    assert CAL.add_workdays(d("1999-12-31"), 5) == d("2000-01-07")


def test_weekdays_only() -> None:
    plain = WorkCalendar.weekdays_only()
    assert plain.known_until is None
    assert plain.is_estimated(d("2025-10-01"))
    assert plain.is_workday(d("2025-10-01"))
    assert plain.add_workdays(d("2025-06-06"), 6) == d("2025-06-16")


# --- server overrides -------------------------------------------------------------------------


def test_overrides_win_over_the_package() -> None:
    # Suppose the server moves a day: 2025-10-08 becomes a working day and 2025-10-10 a day off.
    synced = CAL.with_overrides(holidays=[d("2025-10-10")], workdays=[d("2025-10-08")])
    assert synced.is_workday(d("2025-10-08"))
    assert not synced.is_workday(d("2025-10-10"))
    assert synced.add_workdays(d("2025-09-30"), 2) == d("2025-10-09")
    assert synced.add_workdays(d("2025-09-30"), 3) == d("2025-10-11")
    assert CAL.is_workday(d("2025-10-10")), "the original calendar is unchanged"


def test_overrides_can_cancel_a_make_up_day() -> None:
    synced = CAL.with_overrides(holidays=[d("2025-10-11")], workdays=[])
    assert not synced.is_workday(d("2025-10-11"))


def test_replace_years_makes_the_server_the_whole_truth() -> None:
    replaced = CAL.with_overrides(holidays=[d("2025-05-01")], workdays=[], replace_years=[2025])
    assert replaced.is_workday(d("2025-10-01"))  # the package's holiday is gone
    assert not replaced.is_workday(d("2025-09-28"))  # and its make-up Sunday too
    assert not replaced.is_workday(d("2025-05-01"))
    assert not replaced.is_workday(d("2024-10-01"))  # other years keep the package's dates
    assert not replaced.is_estimated(d("2025-10-01"))


def test_known_until_stops_at_a_gap() -> None:
    gap = CAL.with_overrides(holidays=[d("2028-01-03")], workdays=[], replace_years=[2028])
    assert gap.known_until == CAL.known_until
    assert not gap.is_estimated(d("2028-01-03"))
    assert gap.is_estimated(d("2027-06-01"))
    assert not gap.is_workday(d("2028-01-03"))


def test_a_day_both_off_and_on_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        WorkCalendar.from_dates(holidays=[d("2027-01-01")], workdays=[d("2027-01-01")])
    assert caught.value.code == "calendar_conflict"


def test_calendars_are_values() -> None:
    once = CAL.with_overrides(holidays=[d("2027-01-01")])
    again = CAL.with_overrides(holidays=[d("2027-01-01")])
    assert once == again
    assert hash(once) == hash(again)


# --- properties against a day-by-day reference ------------------------------------------------


def brute_is_workday(calendar: WorkCalendar, day: date) -> bool:
    if day in calendar.workdays:
        return True
    return day not in calendar.holidays and day.weekday() < 5


def brute_add(calendar: WorkCalendar, start: date, count: int) -> date:
    day = start
    while count:
        day += timedelta(days=1)
        if brute_is_workday(calendar, day):
            count -= 1
    return day


any_day = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))
extra_days = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)), max_size=20)


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    holidays = draw(extra_days)
    workdays = draw(extra_days) - holidays
    return CAL.with_overrides(holidays=holidays, workdays=workdays) if draw(st.booleans()) else CAL


@given(calendars(), any_day, st.integers(min_value=0, max_value=80))
def test_add_workdays_lands_on_a_workday_n_workdays_later(
    calendar: WorkCalendar, start: date, count: int
) -> None:
    due = calendar.add_workdays(start, count)
    assert due == brute_add(calendar, start, count)
    assert calendar.workdays_between(start, due) == count
    if count:
        assert calendar.is_workday(due)
        assert due > start


@given(calendars(), any_day, any_day)
def test_workdays_between_matches_counting_day_by_day(calendar: WorkCalendar, a: date, b: date) -> None:
    low, high = min(a, b), max(a, b)
    expected = sum(
        brute_is_workday(calendar, low + timedelta(days=i)) for i in range(1, (high - low).days + 1)
    )
    assert calendar.workdays_between(low, high) == expected
    assert calendar.workdays_between(high, low) == -expected


@given(calendars(), any_day)
def test_is_workday_matches_the_rule(calendar: WorkCalendar, day: date) -> None:
    assert calendar.is_workday(day) == brute_is_workday(calendar, day)
