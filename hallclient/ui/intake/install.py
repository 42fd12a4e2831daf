"""Plugging the intake panels into the counter's main window (called by the composition root)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication

from hallclient.intake.models import TicketRef
from hallclient.intake.references import IntakeReferences, load_intake_references
from hallclient.intake.search import CatalogIndex
from hallclient.store import Store
from hallclient.ui.intake.context import IntakeContext, utc_now
from hallclient.ui.intake.panels import CaseListPanel, IntakePanel
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.counter_window import CounterWindow

log = logging.getLogger("hallclient.ui.intake")


@dataclass
class IntakeParts:
    intake: IntakePanel
    case_list: CaseListPanel


def install_intake(window: CounterWindow, context: IntakeContext) -> IntakeParts:
    """The intake form goes into the window's 受理 tab; the case list becomes a 办件 tab after it.
    A saved case refreshes the list."""
    intake = IntakePanel(context)
    case_list = CaseListPanel(context)
    window.set_intake_widget(intake, QCoreApplication.translate("Intake", "受理"))
    window.tabs.insertTab(
        window.intake_tab_index + 1, case_list, QCoreApplication.translate("Intake", "办件")
    )
    intake.case_saved.connect(lambda _summary: case_list.refresh())
    return IntakeParts(intake=intake, case_list=case_list)


class _ServesTickets(Protocol):
    @property
    def current_ticket(self) -> Any: ...

    @property
    def manual_ticket(self) -> Any: ...


def current_ticket_ref(counter: _ServesTickets) -> TicketRef | None:
    """The ticket the counter is serving (a called ticket, else a manual paper ticket)."""
    ticket = counter.current_ticket
    if ticket is not None:
        return TicketRef(id=str(ticket.id), number=str(ticket.number))
    manual = counter.manual_ticket
    if manual is not None:
        return TicketRef(id=str(manual.id), number=str(manual.number))
    return None


def _load(store: Store) -> tuple[IntakeReferences, CatalogIndex]:
    with store.session(readonly=True) as session:
        references = load_intake_references(session=session)
    return references, CatalogIndex(references.catalog)


def start_intake(
    *,
    window: CounterWindow,
    runner: TaskRunner,
    store: Store,
    clerk: str,
    window_no: str,
    hall_code: str,
    ticket_provider: Callable[[], TicketRef | None],
    clock: Callable[[], datetime] | None = None,
    on_ready: Callable[[IntakeParts], None] | None = None,
) -> None:
    """Load the cached catalog and calendar on the db lane (building the search index there too),
    then install the panels. ``hall_code`` falls back to the catalog's hall when empty."""

    def ready(loaded: tuple[IntakeReferences, CatalogIndex]) -> None:
        references, index = loaded
        hall = (hall_code or (references.catalog.hall.code if references.catalog.hall else "")).upper()
        context = IntakeContext(
            runner=runner,
            store=store,
            catalog=references.catalog,
            calendar=references.calendar,
            clerk=clerk,
            window_no=window_no,
            hall_code=hall,
            ticket_provider=ticket_provider,
            clock=clock or utc_now,
            index=index,
        )
        parts = install_intake(window, context)
        if on_ready is not None:
            on_ready(parts)

    def failed(error: BaseException) -> None:
        log.error("intake could not start", exc_info=error)
        window.show_notice(
            QCoreApplication.translate("Intake", "受理功能无法启动：") + str(error), error=True, seconds=30
        )

    runner.submit("db", _load, store, on_done=ready, on_error=failed)
