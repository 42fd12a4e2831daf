"""Plugging the intake panels into the counter's main window (called by the composition root)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject

from hallclient.intake.models import TicketRef
from hallclient.intake.references import IntakeReferences, load_intake_references
from hallclient.intake.search import CatalogIndex
from hallclient.store import Store
from hallclient.ui.intake.context import IntakeContext, utc_now
from hallclient.ui.intake.panels import CaseListPanel, IntakePanel
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.counter_window import CounterWindow

log = logging.getLogger("hallclient.ui.intake")

# The reference documents (sync's kinds) the intake panels are built on.
INTAKE_REFERENCES = frozenset({"catalog", "calendar"})


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


def reload_references(parts: IntakeParts) -> None:
    """Read the catalog and calendar again on the db lane (with a new search index, as at start)
    and give both panels a context with them. If they cannot be read, the panels keep theirs."""
    context = parts.intake.context

    def loaded(result: tuple[IntakeReferences, CatalogIndex]) -> None:
        references, index = result
        # The panels' context of now: a reload finishing after another keeps the last one read.
        renewed = dataclasses.replace(
            parts.intake.context, catalog=references.catalog, calendar=references.calendar, index=index
        )
        parts.intake.set_context(renewed)
        parts.case_list.set_context(renewed)
        log.info("intake now uses catalog %s", references.catalog.catalog_version)

    def failed(error: BaseException) -> None:
        log.error("the catalog or calendar sync brought could not be loaded", exc_info=error)

    context.runner.submit("db", _load, context.store, on_done=loaded, on_error=failed)


class SyncFollower(QObject):
    """Keeps the intake panels on what sync brings into the store while the counter runs: a new
    catalog or calendar, cases from other windows. Connected to the sync driver before the
    panels exist; what comes before they do is caught up once they are attached."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts: IntakeParts | None = None
        self._missed = False

    def attach(self, parts: IntakeParts) -> None:
        self.parts = parts
        if self._missed:
            # Saved while the panels were loading: their load may have read the store before.
            self._missed = False
            reload_references(parts)

    def references_changed(self, kinds: Collection[str]) -> None:
        if not INTAKE_REFERENCES.intersection(kinds):
            return
        if self.parts is None:
            self._missed = True
        else:
            reload_references(self.parts)

    def cases_pulled(self, *_args: object) -> None:
        if self.parts is not None:
            self.parts.case_list.refresh_if_shown()


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
