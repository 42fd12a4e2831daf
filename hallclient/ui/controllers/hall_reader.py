"""Reading the hall's layout (GET /hall: its name, services and windows) for a screen that shows it.

Every screen — counter, kiosk, display, monitor — reads it at start, again when the feed says it
changed (``hall_configured``, after ``apply-hall``) and again after a reconnect, which may have
skipped that event. One read at a time: a change announced while a read is out is read once more
when it ends, since the read out may have been answered before the change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.queue.client import ServerClient
from hallclient.ui.tasks import TaskRunner


class HallReader(QObject):
    """``loaded`` with each HallInfo read; ``failed`` with the error of a read that failed. With
    ``retry_ms`` a failed read is tried again after that long (the unattended screens, which have
    nothing to show without it); without, at the next change or reconnect."""

    loaded = Signal(object)  # HallInfo
    failed = Signal(object)  # the exception

    def __init__(
        self,
        *,
        runner: TaskRunner,
        client: ServerClient,
        retry_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.client = client
        self._pending = False
        self._again = False
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        if retry_ms is not None:
            self._retry_timer.setInterval(retry_ms)
            self._retry_timer.timeout.connect(self._on_retry_timer_timeout)
        self._retries = retry_ms is not None

    def read(self, *, changed: bool = False) -> None:
        """``changed``: the feed says the layout changed since any read already out began."""
        if self._pending:
            self._again = self._again or changed
            return
        self._pending = True
        self._retry_timer.stop()
        self.runner.submit("net", self.client.hall, on_done=self._on_done, on_error=self._on_error)

    def stop(self) -> None:
        self._retry_timer.stop()

    def _on_done(self, hall: object) -> None:
        self._pending = False
        self.loaded.emit(hall)
        if self._again:
            self._again = False
            self.read()

    def _on_error(self, exc: BaseException) -> None:
        self._pending = False
        self._again = False  # the next read, whenever it comes, reads it afresh
        self.failed.emit(exc)
        if self._retries:
            self._retry_timer.start()

    def _on_retry_timer_timeout(self) -> None:
        self.read()
