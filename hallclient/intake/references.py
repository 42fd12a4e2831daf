"""The catalog and working-day calendar intake works with: the server's copies cached in the
store by sync, else the shipped sample catalog and the statutory calendar."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hallclient.domain.catalog import Catalog, load_sample_catalog, parse_catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar
from hallclient.store import repo

log = logging.getLogger("hallclient.intake")


@dataclass(frozen=True)
class IntakeReferences:
    catalog: Catalog
    calendar: WorkCalendar
    catalog_from_server: bool
    calendar_overrides: int  # server-provided holidays and make-up days applied


def _days(values: Any) -> list[dt.date]:
    return [dt.date.fromisoformat(str(value)) for value in values or ()]


def load_intake_references(*, session: Session) -> IntakeReferences:
    """Never fails for a missing or broken cached copy: it logs and falls back, so the counter
    can take in cases before its first sync."""
    catalog: Catalog | None = None
    cached = repo.load_cached_document(session, "catalog")
    if cached is not None and cached.body:
        try:
            catalog = parse_catalog(cached.body)
        except ValidationError as error:
            log.error("cached catalog %s is invalid (%s); using the sample catalog", cached.version, error)
    calendar = WorkCalendar.default()
    overrides = 0
    cached_calendar = repo.load_cached_document(session, "calendar")
    if cached_calendar is not None and isinstance(cached_calendar.body, dict):
        try:
            holidays = _days(cached_calendar.body.get("holidays"))
            workdays = _days(cached_calendar.body.get("workdays"))
            # Years the hall gave whole (a server before this field sends none).
            years = [int(year) for year in cached_calendar.body.get("years") or ()]
            calendar = calendar.with_overrides(holidays=holidays, workdays=workdays, replace_years=years)
            overrides = len(holidays) + len(workdays)
        except (ValueError, TypeError, ValidationError) as error:
            log.error(
                "cached calendar %s is invalid (%s); using the statutory calendar",
                cached_calendar.version,
                error,
            )
    return IntakeReferences(
        catalog=catalog or load_sample_catalog(),
        calendar=calendar,
        catalog_from_server=catalog is not None,
        calendar_overrides=overrides,
    )
