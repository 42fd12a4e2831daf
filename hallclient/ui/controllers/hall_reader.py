"""Reading the hall's layout (GET /hall: its name, services and windows) for a screen that shows it.

Every screen — counter, kiosk, display, monitor — reads it at start, again when the feed says it
changed (``hall_configured``, after ``apply-hall``) and again after a reconnect, which may have
skipped that event. One read at a time: a change announced while a read is out is read once more
when it ends, since the read out may have been answered before the change. A read that fails is
tried again after a pause, so a change announced once (or while the failed read was out) is not
left unread until the next reconnect; a refusal is not: it is the screen's sign-in to deal with.
A gateway's 429 is waited out as its Retry-After asks, as the connection monitor does: every
screen of the hall asking again on its own beat would keep the gateway's limit tripped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import AuthError
from hallclient.queue.client import ServerClient
from hallclient.ui.controllers.connection import ConnectionMonitor, retry_delay_ms
from hallclient.ui.tasks import TaskRunner

RETRY_MS = 5000


class HallReader(QObject):
    """``loaded`` with each HallInfo read; ``failed`` with the error of a read that failed, which
    is tried again ``retry_ms`` later (a busy gateway's Retry-After when longer) unless it was
    refused (AuthError) or the reader stopped."""

    loaded = Signal(object)  # HallInfo
    failed = Signal(object)  # the exception

    def __init__(
        self,
        *,
        runner: TaskRunner,
        client: ServerClient,
        retry_ms: int = RETRY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.client = client
        self._pending = False
        self._again = False
        self._stopped = False
        # Reads failed in a row since the last one that worked: a screen reports the first and
        # keeps quiet about the retries every few seconds while the server stays down.
        self.consecutive_failures = 0
        self._retry_ms = retry_ms
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._on_retry_timer_timeout)

    def read(self, *, changed: bool = False) -> None:
        """``changed``: the feed says the layout changed since any read already out began."""
        if self._stopped:
            return
        if self._pending:
            self._again = self._again or changed
            return
        self._pending = True
        self._retry_timer.stop()
        self.runner.submit("net", self.client.hall, on_done=self._on_done, on_error=self._on_error)

    def stop(self) -> None:
        """For good: no read is started after this, nor a failed one retried."""
        self._stopped = True
        self._retry_timer.stop()

    def _on_done(self, hall: object) -> None:
        self._pending = False
        self.consecutive_failures = 0
        self.loaded.emit(hall)
        if self._again:
            self._again = False
            self.read()

    def _on_error(self, exc: BaseException) -> None:
        self._pending = False
        self._again = False  # the retry reads it afresh
        self.consecutive_failures += 1
        self.failed.emit(exc)
        if not self._stopped and not isinstance(exc, AuthError):
            self._retry_timer.start(retry_delay_ms(exc, default_ms=self._retry_ms))

    def _on_retry_timer_timeout(self) -> None:
        self.read()


def resume_after_sign_in(connection: ConnectionMonitor, reader: HallReader) -> None:
    """A screen signed in again after its token was refused (expired, revoked): the feed starts
    again from a fresh snapshot, and the layout is read again. A read refused meanwhile was not
    retried, and a ``hall_configured`` announced meanwhile lies before the snapshot's seq."""
    connection.stop()
    connection.start(online=True)
    reader.read()
