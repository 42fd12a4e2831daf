"""Runs the sync engine periodically and on demand on the task runner's "net" lane.

The engine opens its own store sessions in the worker thread that runs it; only the frozen
``SyncStatus`` comes back to the GUI thread. After a failure the next round waits for the
engine's backoff (with jitter) instead of the normal interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from hallclient.domain.errors import HallError
from hallclient.store import Store
from hallclient.sync import HttpSyncTransport, SyncEngine, SyncStatus
from hallclient.sync.conflicts import CHOICE_SERVER, ConflictResolution, keep_mine, use_server_version
from hallclient.sync.engine import SyncReport, retry_mutation
from hallclient.ui.sync.details_dialog import SyncDetailsDialog
from hallclient.ui.sync.renumbered_notice import RenumberedNotice
from hallclient.ui.sync.status_widget import SyncStatusWidget
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.sync")

DEFAULT_INTERVAL_S = 30.0


def _resolve(store: Store, mutation_id: int, choice: str, clerk: str) -> ConflictResolution:
    from hallclient.store.types import utc_now

    resolve = use_server_version if choice == CHOICE_SERVER else keep_mine
    with store.session() as session:
        return resolve(session=session, mutation_id=mutation_id, clerk=clerk, now=utc_now())


def _sync_round(engine: SyncEngine) -> tuple[SyncStatus, SyncReport | None]:
    """One round in the worker: sync, then read the status (errors are part of the status); with
    the round's report when it went through."""
    report: SyncReport | None = None
    try:
        report = engine.sync_once()
    except HallError as exc:
        log.info("sync round ended: %s", exc.code)
    return engine.status(), report


class SyncDriver(QObject):
    status_changed = Signal(object)  # SyncStatus
    resolved = Signal(object)  # ConflictResolution
    resolve_failed = Signal(str)  # why, for the clerk
    cases_renumbered = Signal(object)  # tuple[RenumberedCase, ...]: their papers need printing again
    # The reference kinds a round saved (frozenset[str]: catalog, calendar, reasons, window_config):
    # screens that loaded them read them again.
    references_changed = Signal(object)
    cases_pulled = Signal()  # cases from other windows came in or changed: case lists re-read

    def __init__(
        self,
        *,
        engine: SyncEngine,
        runner: TaskRunner,
        interval_s: float = DEFAULT_INTERVAL_S,
        clerk: Callable[[], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.clerk = clerk
        self.runner = runner
        self.interval_s = interval_s
        self.status: SyncStatus | None = None
        self._running = False
        self._again = False  # asked for during a round, which may have read the outbox before
        self._stopped = False
        self.widget: SyncStatusWidget | None = None
        self.details: SyncDetailsDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self._stopped = False
        self.sync_now()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def sync_now(self) -> None:
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._timer.stop()
        if self.status is not None:
            self.status_changed.emit(_with_syncing(self.status))
        self.runner.submit(
            "net", _sync_round, self.engine, on_done=self._on_round_done, on_error=self._on_round_error
        )

    def refresh(self) -> None:
        """Re-read the status (after a local write) without syncing."""
        self.runner.submit("db", self.engine.status, on_done=self._on_status_read)

    def retry(self, mutation_id: int) -> None:
        self.runner.submit(
            "db",
            retry_mutation,
            self.engine.store,
            mutation_id,
            on_done=lambda _new_id: self.sync_now(),
            on_error=lambda exc: log.warning("retry of %s failed: %s", mutation_id, exc),
        )

    def resolve(self, mutation_id: int, choice: str) -> None:
        """The clerk's choice for a case conflict (CHOICE_SERVER or CHOICE_MINE), audited under
        the signed-in clerk's name."""
        who = (self.clerk() if self.clerk is not None else None) or "counter"
        self.runner.submit(
            "db",
            _resolve,
            self.engine.store,
            mutation_id,
            choice,
            who,
            on_done=self._on_resolved,
            on_error=self._on_resolve_error,
        )

    def _on_resolved(self, resolution: ConflictResolution) -> None:
        self.resolved.emit(resolution)
        if resolution.resent:
            self.sync_now()
        else:
            self.refresh()

    def _on_resolve_error(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, HallError) else str(exc)
        log.warning("conflict resolution failed: %s", message)
        self.resolve_failed.emit(message)
        self.refresh()

    def open_details(self, parent: QWidget | None = None) -> SyncDetailsDialog:
        if self.details is None:
            self.details = SyncDetailsDialog(parent)
            self.details.sync_requested.connect(self.sync_now)
            self.details.retry_requested.connect(self.retry)
            self.details.resolve_requested.connect(self.resolve)
            self.status_changed.connect(self.details.set_status)
        if self.status is not None:
            self.details.set_status(self.status)
        self.refresh()
        self.details.show()
        self.details.raise_()
        return self.details

    def _on_status_read(self, status: SyncStatus) -> None:
        self.status = status
        # Read from the store during a round (the details dialog opened, a conflict resolved):
        # the round is still running, whatever the store says.
        self.status_changed.emit(_with_syncing(status) if self._running else status)

    def _on_round_done(self, result: tuple[SyncStatus, SyncReport | None]) -> None:
        status, report = result
        self._running = False
        if report is not None:
            if report.renumbered:
                self.cases_renumbered.emit(report.renumbered)
            if report.references:
                self.references_changed.emit(report.references)
            if report.cases_pulled:
                self.cases_pulled.emit()
        if self._again and not self._stopped and not status.outdated:
            self._again = False
            self.status = status
            self.sync_now()  # says "syncing" again at once, so nobody takes the pause for the end
            return
        self._on_status_read(status)
        if self._stopped or status.outdated:
            return
        failed = status.online is False or (
            status.last_error is not None
            and status.last_error_at is not None
            and (status.last_success_at is None or status.last_error_at > status.last_success_at)
        )
        delay = self.engine.backoff.next_delay() if failed else self.interval_s
        self._timer.start(int(delay * 1000))

    def _on_round_error(self, exc: BaseException) -> None:
        self._running = False
        self._again = False  # the backoff's round below takes it
        log.error("sync round failed unexpectedly", exc_info=exc)
        if not self._stopped:
            self._timer.start(int(self.engine.backoff.next_delay() * 1000))
        # The screens were told a round is running: tell them it ended, with what the store has
        # now, or they keep saying "同步中" (and keep later nudges waiting) until a round succeeds.
        self.refresh()


def _with_syncing(status: SyncStatus) -> SyncStatus:
    from dataclasses import replace

    return replace(status, syncing=True)


def install_sync(
    *,
    window: QMainWindow,
    runner: TaskRunner,
    store: Store,
    base_url: str,
    token: Callable[[], str | None],
    interval_s: float = DEFAULT_INTERVAL_S,
    hide: tuple[QWidget, ...] = (),
    clerk: Callable[[], str | None] | None = None,
) -> SyncDriver:
    """Put the sync widget into ``window``'s status bar and start syncing; returns the driver.

    ``hide``: older status labels the widget replaces (pending count, last sync). ``clerk``: the
    signed-in clerk's user name, recorded with the conflict choices made in the details dialog.
    """
    engine = SyncEngine(store, HttpSyncTransport(base_url, token=token), client_id=store.client_id())
    driver = SyncDriver(engine=engine, runner=runner, interval_s=interval_s, clerk=clerk, parent=window)
    widget = SyncStatusWidget()
    window.statusBar().addPermanentWidget(widget)
    for label in hide:
        label.hide()
    driver.widget = widget
    driver.status_changed.connect(widget.set_status)
    widget.details_requested.connect(lambda: driver.open_details(window))
    # show(), not open(): open() would make it window-modal and stop the clerk mid-case.
    driver.cases_renumbered.connect(lambda cases: RenumberedNotice(cases, window).show())
    driver.start()
    return driver
