"""What the intake panels need from the composition root, in one frozen value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hallclient.domain.alerts import AlertThresholds
from hallclient.domain.catalog import Catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.models import TicketRef
from hallclient.intake.search import CatalogIndex
from hallclient.store import Store
from hallclient.ui.tasks import TaskRunner


def utc_now() -> datetime:
    return datetime.now(UTC)


def _no_ticket() -> TicketRef | None:
    return None


@dataclass(frozen=True)
class IntakeContext:
    """The intake panels' dependencies.

    ``ticket_provider`` is asked at save time for the ticket being served (None when there is
    none), so the case is linked to the ticket of that moment. ``index`` may be passed in when
    the composition root already built it (it is built from ``catalog`` otherwise).
    """

    runner: TaskRunner
    store: Store
    catalog: Catalog
    calendar: WorkCalendar
    clerk: str
    window_no: str
    hall_code: str
    ticket_provider: Callable[[], TicketRef | None] = _no_ticket
    clock: Callable[[], datetime] = utc_now
    thresholds: AlertThresholds = field(default_factory=AlertThresholds)
    index: CatalogIndex | None = None
