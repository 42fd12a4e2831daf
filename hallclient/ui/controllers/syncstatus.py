"""The status bar's local half: pending sync count (the store's outbox) and the last sync time."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

from hallclient.store import Store, outbox, syncstate
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.counter_window import CounterWindow

log = logging.getLogger("hallclient.ui.syncstatus")

POLL_MS = 5000


def read_local_status(store: Store) -> tuple[int, datetime | None]:
    with store.session(readonly=True) as session:
        return outbox.pending_count(session), syncstate.get_sync_state(session).last_success_at


class SyncStatus(QObject):
    def __init__(self, *, view: CounterWindow, runner: TaskRunner, store: Store) -> None:
        super().__init__(view)
        self.view = view
        self.runner = runner
        self.store = store
        self.pending = 0
        self.last_sync: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        """Re-read the counts on the db lane (after a local write, or every few seconds)."""
        self.runner.submit(
            "db",
            read_local_status,
            self.store,
            on_done=self._on_status_read,
            on_error=lambda exc: log.warning("status read failed: %s", exc),
        )

    def _on_status_read(self, status: tuple[int, datetime | None]) -> None:
        self.pending, self.last_sync = status
        self.render()

    def render(self) -> None:
        self.view.status_pending.setText(self.tr("待同步 %1").replace("%1", str(self.pending)))
        last = self.last_sync.astimezone().strftime("%H:%M:%S") if self.last_sync else "—"
        self.view.status_last_sync.setText(self.tr("最后同步 %1").replace("%1", last))
