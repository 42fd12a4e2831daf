"""The hall's calendar overrides: extra holidays, make-up workdays, and the years they describe whole.

The statutory calendar comes with the program (chinese-calendar), one release behind a new year's
schedule at best: the State Council publishes it in the late autumn before. A hall enters that
schedule here and names the year in ``years``; for such a year the hall's list is the whole truth
(the program's own dates for it are dropped) and deadlines in it are exact, not "预计". Dates in a
year not named only add to or remove from what the program knows.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar
from hallclient.server.models import CalendarOverride, CalendarYear

YEARS_FROM = 2000
YEARS_UNTIL = 2100


def _overrides(session: Session, hall_id: int) -> tuple[list[date], list[date], list[int]]:
    """The hall's holidays, workdays and whole years, in order."""
    holidays: list[date] = []
    workdays: list[date] = []
    for row in session.execute(
        select(CalendarOverride).where(CalendarOverride.hall_id == hall_id).order_by(CalendarOverride.day)
    ).scalars():
        (holidays if row.kind == "holiday" else workdays).append(row.day)
    years = list(
        session.execute(
            select(CalendarYear.year).where(CalendarYear.hall_id == hall_id).order_by(CalendarYear.year)
        ).scalars()
    )
    return holidays, workdays, years


def calendar_document(session: Session, hall_id: int) -> dict[str, Any]:
    """``{"holidays": [...], "workdays": [...], "years": [...]}`` as GET /calendar and sync carry it."""
    holidays, workdays, years = _overrides(session, hall_id)
    return {
        "holidays": [d.isoformat() for d in holidays],
        "workdays": [d.isoformat() for d in workdays],
        "years": years,
    }


def hall_calendar(session: Session, hall_id: int) -> WorkCalendar:
    """The statutory calendar with this hall's overrides, for the server's own deadlines."""
    holidays, workdays, years = _overrides(session, hall_id)
    return WorkCalendar.default().with_overrides(holidays=holidays, workdays=workdays, replace_years=years)


def replace_calendar(
    session: Session,
    *,
    hall_id: int,
    holidays: Collection[date],
    workdays: Collection[date],
    years: Collection[int],
) -> None:
    """The hall's overrides replaced whole. Refused: a day both holiday and workday; a year outside
    2000–2100; a year named whole with no holiday listed in it (its Spring Festival would be lost,
    every weekday of it a working day)."""
    both = set(holidays) & set(workdays)
    if both:
        raise ValidationError(
            "同一天不能既是节假日又是调休工作日。", field="workdays", days=sorted(d.isoformat() for d in both)
        )
    for year in years:
        if not YEARS_FROM <= year <= YEARS_UNTIL:
            raise ValidationError(f"年份 {year} 不在 {YEARS_FROM}–{YEARS_UNTIL} 之间。", field="years")
        if not any(day.year == year for day in holidays):
            raise ValidationError(
                f"{year} 年标为完整日历，却没有列出该年的节假日：请录入国务院公布的全年放假安排。",
                field="years",
                year=year,
            )
    session.execute(delete(CalendarOverride).where(CalendarOverride.hall_id == hall_id))
    session.execute(delete(CalendarYear).where(CalendarYear.hall_id == hall_id))
    session.add_all(CalendarOverride(hall_id=hall_id, day=d, kind="holiday") for d in holidays)
    session.add_all(CalendarOverride(hall_id=hall_id, day=d, kind="workday") for d in workdays)
    session.add_all(CalendarYear(hall_id=hall_id, year=y) for y in set(years))
    session.flush()
