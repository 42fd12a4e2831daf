"""Working days: statutory holidays and make-up workdays (调休) for deadlines such as 承诺时限.

A :class:`WorkCalendar` knows, for a set of years, exactly which days are working days: the
chinese-calendar package by default, with dates synced from the server taking precedence. Outside
the known years it falls back to Monday–Friday and says so through :meth:`WorkCalendar.is_estimated`.

Counting rule (as 承诺时限 is counted): the day of acceptance is day 0; "5 working days" ends on the
5th working day *after* it. ``workdays_between(a, b)`` counts the working days in (a, b].

Every query is a bisect over one sorted tuple of working-day ordinals plus closed-form Monday–Friday
arithmetic outside it, so no call walks day by day.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hallclient.domain.errors import ValidationError

_DAYS_PER_WEEK = 7
_WORKDAYS_PER_WEEK = 5


def _weekdays_through(ordinal: int) -> int:
    """Mondays–Fridays in ordinals [1, ordinal]; ordinal 1 (0001-01-01) is a Monday."""
    weeks, rest = divmod(ordinal, _DAYS_PER_WEEK)
    return _WORKDAYS_PER_WEEK * weeks + min(rest, _WORKDAYS_PER_WEEK)


def _weekday_with_count(count: int) -> int:
    """The ordinal of the weekday d with ``_weekdays_through(d) == count`` (inverse of the above)."""
    weeks, rest = divmod(count - 1, _WORKDAYS_PER_WEEK)
    return _DAYS_PER_WEEK * weeks + rest + 1


def _is_weekday(day: date) -> bool:
    return day.weekday() < _WORKDAYS_PER_WEEK


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. Build with :meth:`default` or :meth:`from_dates`."""

    holidays: frozenset[date]
    """Days off that would otherwise be working days (or are listed as holidays anyway)."""
    workdays: frozenset[date]
    """Make-up working days on weekends (调休上班)."""
    known_years: frozenset[int]
    """Years whose holidays and make-up days are all known; others are estimated."""
    _first_ordinal: int = field(init=False, repr=False, compare=False)
    _last_ordinal: int = field(init=False, repr=False, compare=False)
    _workday_ordinals: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        clash = self.holidays & self.workdays
        if clash:
            first = min(clash)
            raise ValidationError(
                f"{first.isoformat()} 既是节假日又是调休工作日", code="calendar_conflict", day=first
            )
        # The table spans every year the calendar says anything about, so that listed dates in
        # a year not marked as known still count; Monday–Friday arithmetic covers the rest.
        years = self.known_years | {day.year for day in self.holidays | self.workdays}
        if not years:
            first_ordinal, last_ordinal = 1, 0
        else:
            first_ordinal = date(min(years), 1, 1).toordinal()
            last_ordinal = date(max(years), 12, 31).toordinal()
        ordinals = tuple(
            ordinal
            for ordinal in range(first_ordinal, last_ordinal + 1)
            if self._rule_says_workday(date.fromordinal(ordinal))
        )
        object.__setattr__(self, "_first_ordinal", first_ordinal)
        object.__setattr__(self, "_last_ordinal", last_ordinal)
        object.__setattr__(self, "_workday_ordinals", ordinals)

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def from_dates(
        cls, *, holidays: Iterable[date], workdays: Iterable[date], known_years: Iterable[int] | None = None
    ) -> WorkCalendar:
        """A calendar from explicit dates; known years default to the years the dates fall in."""
        holiday_set, workday_set = frozenset(holidays), frozenset(workdays)
        if known_years is None:
            known_years = {day.year for day in holiday_set | workday_set}
        return cls(holidays=holiday_set, workdays=workday_set, known_years=frozenset(known_years))

    @classmethod
    def default(cls) -> WorkCalendar:
        """The chinese-calendar package's holidays and make-up days, for the years it covers."""
        return _package_calendar()

    @classmethod
    def weekdays_only(cls) -> WorkCalendar:
        """Monday–Friday with no holidays; every date is estimated."""
        return cls(holidays=frozenset(), workdays=frozenset(), known_years=frozenset())

    def with_overrides(
        self,
        *,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        replace_years: Iterable[int] = (),
    ) -> WorkCalendar:
        """This calendar with server-provided dates, which win over what it had.

        A date listed as a holiday stops being a working day and vice versa. For each year in
        ``replace_years`` this calendar's own dates are dropped first, so the server's list for that
        year is the whole truth (use it when an official schedule changed), and the year counts as
        known afterwards. Dates alone do not make their year known: a hall's one day off in a year
        whose statutory schedule is not out says nothing about its Spring Festival, so deadlines
        there stay estimates (they do count the listed dates).
        """
        new_holidays, new_workdays = frozenset(holidays), frozenset(workdays)
        replaced = frozenset(replace_years)
        kept_holidays = {day for day in self.holidays if day.year not in replaced}
        kept_workdays = {day for day in self.workdays if day.year not in replaced}
        return WorkCalendar(
            holidays=frozenset((kept_holidays - new_workdays) | new_holidays),
            workdays=frozenset((kept_workdays - new_holidays) | new_workdays),
            known_years=self.known_years | replaced,
        )

    # --- knowledge --------------------------------------------------------------------------

    @property
    def known_from(self) -> date | None:
        return date(min(self.known_years), 1, 1) if self.known_years else None

    @property
    def known_until(self) -> date | None:
        """The last day of the unbroken run of known years from :attr:`known_from`, or None.

        Every day from ``known_from`` to ``known_until`` is exact; a later known year after a
        gap (a server that sent 2028 but not 2027) does not move it.
        """
        if not self.known_years:
            return None
        year = min(self.known_years)
        while year + 1 in self.known_years:
            year += 1
        return date(year, 12, 31)

    def is_estimated(self, day: date) -> bool:
        """True when ``day`` lies in a year without known holidays: Monday–Friday was assumed."""
        return day.year not in self.known_years

    def is_range_estimated(self, start: date, end: date) -> bool:
        """True when any day between ``start`` and ``end`` (inclusive, either order) is estimated."""
        low, high = min(start, end), max(start, end)
        return any(year not in self.known_years for year in range(low.year, high.year + 1))

    # --- queries ----------------------------------------------------------------------------

    def _rule_says_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return _is_weekday(day)

    def is_workday(self, day: date) -> bool:
        return self._rule_says_workday(day)

    def _rank(self, ordinal: int) -> int:
        """Working days in (first known day - 1, ordinal], negative before the known range."""
        if ordinal < self._first_ordinal:
            return _weekdays_through(ordinal) - _weekdays_through(self._first_ordinal - 1)
        if ordinal <= self._last_ordinal:
            return bisect.bisect_right(self._workday_ordinals, ordinal)
        return (
            len(self._workday_ordinals) + _weekdays_through(ordinal) - _weekdays_through(self._last_ordinal)
        )

    def _ordinal_of_rank(self, rank: int) -> int:
        """The working day whose :meth:`_rank` is ``rank``."""
        if rank <= 0:
            return _weekday_with_count(rank + _weekdays_through(self._first_ordinal - 1))
        known = len(self._workday_ordinals)
        if rank <= known:
            return self._workday_ordinals[rank - 1]
        return _weekday_with_count(rank - known + _weekdays_through(self._last_ordinal))

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative (the count in (end, start]) when end < start."""
        return self._rank(end.toordinal()) - self._rank(start.toordinal())

    def add_workdays(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself for 0).

        ``start`` need not be a working day: a case accepted on a Saturday (or 调休 day off) and
        due in 1 working day is due on the next working day.
        """
        if count < 0:
            raise ValueError(f"count must be >= 0, got {count}")
        if count == 0:
            return start
        return date.fromordinal(self._ordinal_of_rank(self._rank(start.toordinal()) + count))

    def next_workday(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def workday_on_or_after(self, day: date) -> date:
        """``day`` if it is a working day, else the next one."""
        return day if self.is_workday(day) else self.next_workday(day)


@functools.cache
def _package_calendar() -> WorkCalendar:
    import chinese_calendar

    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # The package covers each year it lists completely, from its first to its last.
    years = {day.year for day in holidays | workdays}
    return WorkCalendar(
        holidays=holidays,
        workdays=workdays,
        known_years=frozenset(range(min(years), max(years) + 1)),
    )
