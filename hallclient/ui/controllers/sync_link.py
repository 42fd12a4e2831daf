"""Asks the sync driver for a round as soon as something local is waiting to go.

Ratings and paper tickets reach the server only through the outbox (DESIGN §7); without a nudge
they would wait for the driver's next interval. A request made while a round is running is kept
for right after it, because that round may have read the outbox before the new row was written.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from hallclient.sync import SyncStatus
from hallclient.ui.sync import SyncDriver


class SyncLink(QObject):
    def __init__(self, driver: SyncDriver, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._driver = driver
        self._wanted = False
        # No status yet means the driver's first round (started by install_sync) is under way.
        self._busy = driver.status is None
        driver.status_changed.connect(self._on_driver_status_changed)

    def request(self) -> None:
        if self._busy:
            self._wanted = True
            return
        self._driver.sync_now()

    def _on_driver_status_changed(self, status: SyncStatus) -> None:
        self._busy = status.syncing
        if not status.syncing and self._wanted:
            self._wanted = False
            self._busy = True
            self._driver.sync_now()
