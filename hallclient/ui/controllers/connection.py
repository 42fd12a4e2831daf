"""The connection to the server: the hall event feed (long-poll), health probe and online state.

Online → a long-poll loop on the net lane, resuming from the last seq; a heartbeat notices a
server that hangs without closing connections. Any failure → offline at once, then a health
probe with backoff; when it answers, the snapshot is re-read (events may have been missed) and
the feed resumes from the snapshot's seq.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import AuthError, HallError, OfflineError
from hallclient.queue.client import ServerClient
from hallclient.queue.models import EventBatch, HallSnapshot
from hallclient.ui.tasks import TaskHandle, TaskRunner

log = logging.getLogger("hallclient.ui.connection")

PROBE_BACKOFF_S = (0.5, 1.0, 2.0, 3.0, 5.0)
HEARTBEAT_MS = 4000
HEARTBEAT_TIMEOUT_S = 3.0
RETRY_MS = 1000
# A gateway's rate limit (429) is kept tripped by every screen of the hall asking again each
# second: its Retry-After is kept (within reason), and without one the wait is longer.
BUSY_RETRY_MS = 5000
BUSY_RETRY_MAX_MS = 30000


class ConnectionMonitor(QObject):
    online_changed = Signal(bool)
    events_received = Signal(object)  # EventBatch
    snapshot_loaded = Signal(object)  # HallSnapshot
    auth_lost = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        client: ServerClient,
        poll_timeout_s: float = 25.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._client = client
        self._poll_timeout_s = poll_timeout_s
        self._online: bool | None = None
        self._running = False
        self._last_seq = 0
        self._generation = 0  # a poll started before the last offline/online switch is stale
        self._poll: TaskHandle | None = None
        self._probe_attempt = 0
        self._probing = False
        self._snapshot_in_flight = False
        self._snapshot_again = False
        # Kept on the object, not on one request: a resume asked for while an older snapshot
        # read is in flight must survive that read being dropped as stale.
        self._resume_wanted = False
        self.last_contact = 0.0  # time.monotonic() of the last answer from the server

        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.timeout.connect(self._on_probe_timer_timeout)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._on_heartbeat_timeout)

    # -- public ---------------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return bool(self._online)

    @property
    def last_seq(self) -> int:
        return self._last_seq

    def start(self, *, online: bool) -> None:
        """Begin: online → load the snapshot and follow events; offline → probe until it answers."""
        self._running = True
        if online:
            self._set_online(True)
            self.refresh_snapshot(resume_feed=True)
        else:
            self._set_online(False)
            self._schedule_probe()

    def stop(self) -> None:
        self._running = False
        self._probe_timer.stop()
        self._heartbeat.stop()
        if self._poll is not None:
            self._poll.cancel()

    def report_offline(self, reason: str = "") -> None:
        """An action could not reach the server: go offline now, not at the next poll."""
        if self._running and self._online is not False:
            log.info("offline: %s", reason)
            self._go_offline()

    def report_contact(self) -> None:
        self.last_contact = time.monotonic()

    def refresh_snapshot(self, *, resume_feed: bool = False) -> None:
        """Re-read the hall snapshot (coalesced: at most one in flight, one queued)."""
        if not self._running:
            return
        self._resume_wanted = self._resume_wanted or resume_feed
        if self._snapshot_in_flight:
            self._snapshot_again = True
            return
        self._snapshot_in_flight = True
        generation = self._generation
        resumes = self._resume_wanted  # asked for before this read: its seq is safe to resume from

        def done(snapshot: HallSnapshot) -> None:
            self._snapshot_in_flight = False
            if generation != self._generation or not self._running:
                self._read_again_if_asked()
                return
            self.report_contact()
            self.snapshot_loaded.emit(snapshot)
            if resumes:
                self._resume_wanted = False
                self._last_seq = snapshot.seq
                self._start_feed()
            self._read_again_if_asked()

        def failed(exc: BaseException) -> None:
            self._snapshot_in_flight = False
            self._snapshot_again = False
            if generation != self._generation:
                self._read_again_if_asked()
            self._on_failure(exc, generation, retry=self.refresh_snapshot)

        self._runner.submit("net", self._client.snapshot, on_done=done, on_error=failed)

    def _read_again_if_asked(self) -> None:
        if self._snapshot_again and self._running and self._online:
            self._snapshot_again = False
            self.refresh_snapshot()

    # -- feed -----------------------------------------------------------------------------------

    def _start_feed(self) -> None:
        if self._poll is not None and not self._poll.finished.is_set():
            return
        self._heartbeat.start()
        self._poll_once()

    def _poll_once(self) -> None:
        if not self._running or not self._online:
            return
        generation = self._generation
        self._poll = self._runner.submit(
            "net",
            self._client.events,
            since=self._last_seq,
            timeout_s=self._poll_timeout_s,
            on_done=lambda batch: self._on_feed_batch(batch, generation),
            on_error=lambda exc: self._on_failure(exc, generation, retry=self._poll_unless_polling),
        )

    def _poll_unless_polling(self) -> None:
        # A resume may have started a new poll during the retry's pause: one loop only, or every
        # event would arrive twice.
        if self._poll is None or self._poll.finished.is_set():
            self._poll_once()

    def _on_feed_batch(self, batch: EventBatch, generation: int) -> None:
        if generation != self._generation or not self._running:
            return
        self.report_contact()
        if batch.last_seq < self._last_seq:
            # The server's sequence went backwards: restored from a backup. Start over.
            log.warning(
                "event seq went back from %s to %s; re-reading the snapshot", self._last_seq, batch.last_seq
            )
            self._poll = None
            self.refresh_snapshot(resume_feed=True)
            return
        self._last_seq = max(self._last_seq, batch.last_seq)
        if batch.events:
            self.events_received.emit(batch)
        self._poll_once()

    def _on_failure(
        self, exc: BaseException, generation: int, *, retry: Callable[[], None] | None = None
    ) -> None:
        """``retry``: what failed, tried again after an answer that was not a refusal (a 503 while
        the server's database restarts: in a second; a gateway's 429: after the wait it names);
        nothing else is started in its place."""
        if generation != self._generation or not self._running:
            return
        if isinstance(exc, OfflineError):
            self._go_offline()
        elif isinstance(exc, AuthError):
            self.auth_lost.emit(str(exc))
        elif retry is not None:
            log.warning("server request failed, retrying: %s", exc)
            QTimer.singleShot(retry_delay_ms(exc), lambda: self._retry(generation, retry))
        else:
            log.warning("server request failed: %s", exc)

    def _retry(self, generation: int, again: Callable[[], None]) -> None:
        if generation == self._generation and self._running and self._online:
            again()

    # -- online / offline -----------------------------------------------------------------------

    def _set_online(self, online: bool) -> None:
        if self._online is online:
            return
        self._online = online
        self.online_changed.emit(online)

    def _go_offline(self) -> None:
        self._generation += 1
        self._heartbeat.stop()
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        self._set_online(False)
        self._probe_attempt = 0
        self._schedule_probe()

    def _schedule_probe(self) -> None:
        if not self._running or self._probing:
            return
        delay = PROBE_BACKOFF_S[min(self._probe_attempt, len(PROBE_BACKOFF_S) - 1)]
        self._probe_attempt += 1
        self._probe_timer.start(int(delay * 1000))

    def _on_probe_timer_timeout(self) -> None:
        if not self._running or self._online:
            return
        self._probing = True

        def done(_health: object) -> None:
            self._probing = False
            if not self._running or self._online:
                return
            log.info("server answered again; back online")
            self.report_contact()
            self._generation += 1
            self._set_online(True)
            self.refresh_snapshot(resume_feed=True)

        def failed(exc: BaseException) -> None:
            self._probing = False
            self._schedule_probe()

        self._runner.submit(
            "net", self._client.health, timeout=HEARTBEAT_TIMEOUT_S, on_done=done, on_error=failed
        )

    def _on_heartbeat_timeout(self) -> None:
        # The long-poll notices a dead server at once, but not one that stopped answering while
        # keeping connections open; a short health request does.
        if not self._online or time.monotonic() - self.last_contact < HEARTBEAT_MS / 1000:
            return
        generation = self._generation
        self._runner.submit(
            "net",
            self._client.health,
            timeout=HEARTBEAT_TIMEOUT_S,
            on_done=lambda _h: self.report_contact() if generation == self._generation else None,
            on_error=lambda exc: self._on_failure(exc, generation),
        )


def retry_delay_ms(exc: BaseException, *, default_ms: int = RETRY_MS) -> int:
    """How long to wait before asking again after ``exc``: ``default_ms``, or longer when a
    gateway said it is busy (429), as its Retry-After asks (within reason)."""
    if not (isinstance(exc, HallError) and exc.code == "server_busy"):
        return default_ms
    seconds = exc.params.get("retry_after")
    if isinstance(seconds, int):
        return max(default_ms, min(seconds * 1000, BUSY_RETRY_MAX_MS))
    return max(default_ms, BUSY_RETRY_MS)
