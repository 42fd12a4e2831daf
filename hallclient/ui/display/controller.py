"""The calling display's behaviour: follow the hall event feed, show and announce calls.

Calls come straight from the feed (ticket_called / ticket_recalled) and are announced at once
(unless the batch arrived so late that the call is stale);
waiting counts come from the snapshot, re-read (debounced) after events that change them and
after every reconnect — which also puts any call missed while offline on the board, silently.
All HTTP runs on the runner's net lane through ``ConnectionMonitor``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.queue.client import ServerClient
from hallclient.queue.models import EventBatch, HallInfo, HallSnapshot
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.hall_reader import HallReader
from hallclient.ui.display.board import CALL_EVENTS, CallBoard, CallEntry
from hallclient.ui.display.speech import Announcer, spoken_call
from hallclient.ui.display.view import CallRow, DisplayWindow, WaitingCell
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.display")

SNAPSHOT_DEBOUNCE_MS = 400
FLASHES = 6  # on/off steps of the big call after a new call
FLASH_MS = 500
HALL_RETRY_MS = 5000
# A call this much older than the server's clock when its batch arrives (a slow network, not an
# outage) goes on the board silently, as calls caught up from a snapshot do: by then the window
# may have called the next applicant, and the voice would send people to it for someone else.
LATE_CALL_S = 60.0
# Events after which the waiting counts may differ; ratings and sign-ins do not change them.
COUNT_EVENTS = frozenset(
    {
        "ticket_issued",
        "ticket_called",
        "ticket_no_show",
        "ticket_transferred",
        "ticket_suspended",
        "ticket_resumed",
    }
)


class DisplayController(QObject):
    announced = Signal(str)  # every text handed to the announcer (tests and logs follow it)

    def __init__(
        self,
        *,
        view: DisplayWindow,
        runner: TaskRunner,
        client: ServerClient,
        announcer: Announcer,
        notice: str = "",
        poll_timeout_s: float = 25.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.runner = runner
        self.client = client
        self.announcer = announcer
        self.notice = notice
        self.board = CallBoard()
        self.monitor = ConnectionMonitor(
            runner=runner, client=client, poll_timeout_s=poll_timeout_s, parent=self
        )
        self.hall: HallInfo | None = None
        self.snapshot: HallSnapshot | None = None
        self.hall_reader = HallReader(runner=runner, client=client, retry_ms=HALL_RETRY_MS, parent=self)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._skew = timedelta(0)
        self._day: date | None = None  # the server's day at the last clock tick
        self._flashes_left = 0

        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(SNAPSHOT_DEBOUNCE_MS)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._wire()

    def _wire(self) -> None:
        self.monitor.online_changed.connect(self._on_monitor_online_changed)
        self.monitor.events_received.connect(self._on_monitor_events_received)
        self.monitor.snapshot_loaded.connect(self._on_monitor_snapshot_loaded)
        self.monitor.auth_lost.connect(self._on_monitor_auth_lost)
        self._snapshot_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self._flash_timer.timeout.connect(self._on_flash_timer_timeout)
        self.hall_reader.loaded.connect(self._on_hall_loaded)
        self.hall_reader.failed.connect(self._on_hall_failed)

    @property
    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self.view.ticker.set_text(self.notice or self.tr("请按号码顺序等候，听到叫号后请到相应窗口办理。"))
        self._on_clock_timer_timeout()
        self._clock_timer.start()
        self.hall_reader.read()
        self.monitor.start(online=True)

    def shutdown(self) -> None:
        self.monitor.stop()
        self.hall_reader.stop()
        for timer in (self._snapshot_timer, self._clock_timer, self._flash_timer):
            timer.stop()

    # -- hall configuration (names) -------------------------------------------------------------

    def _on_hall_loaded(self, hall: HallInfo) -> None:
        self.hall = hall
        self.view.hall_name.setText(hall.name)
        self._render_waiting()

    def _on_hall_failed(self, exc: BaseException) -> None:
        log.info("hall configuration not loaded yet: %s", exc)  # read again shortly

    # -- feed -----------------------------------------------------------------------------------

    def _on_monitor_online_changed(self, online: bool) -> None:
        self.view.show_offline("" if online else self.tr("● 离线"))
        if online:
            # Also after an outage: the layout may have been changed meanwhile, unseen by the feed
            # (it resumes from the snapshot's seq). At start the read is out already.
            self.hall_reader.read()

    def _on_monitor_auth_lost(self, message: str) -> None:
        log.error("display not authorised: %s", message)
        self.view.show_offline(self.tr("● 未授权"))

    def _on_monitor_snapshot_loaded(self, snapshot: HallSnapshot) -> None:
        first = self.snapshot is None
        self.snapshot = snapshot
        if snapshot.server_time is not None:
            self._skew = snapshot.server_time - self._clock()
        missed = self.board.merge_snapshot(snapshot)
        # A window left serving since yesterday is no call for today's holder of that number.
        self.board.drop_earlier_days(self._server_now())
        if missed and not first:
            log.info("calls shown from the snapshot after a gap: %s", [c.number for c in missed])
        self._render_calls()
        self._render_waiting()

    def _on_monitor_events_received(self, batch: EventBatch) -> None:
        counts_changed = False
        for event in batch.events:
            if event.type in CALL_EVENTS:
                entry = CallEntry.from_event(event)
                if entry is not None:
                    self.board.add(entry)
                    if self._is_late(entry):
                        log.info(
                            "call %s at window %s arrived late: shown, not announced",
                            entry.number,
                            entry.window_no,
                        )
                    else:
                        self._announce(entry)
            counts_changed = counts_changed or event.type in COUNT_EVENTS
        if batch.hall_configured:
            # The hall's name, and the services' names in the waiting counts (the snapshot's).
            self.hall_reader.read(changed=True)
            counts_changed = True
        self._render_calls()
        # Not restarted by each event: in a busy hall the feed never pauses for the interval,
        # and a restarting timer would leave the waiting counts frozen all morning.
        if counts_changed and not self._snapshot_timer.isActive():
            self._snapshot_timer.start()

    def _on_snapshot_timer_timeout(self) -> None:
        self.monitor.refresh_snapshot()

    # -- rendering ------------------------------------------------------------------------------

    def call_lines(self, entry: CallEntry) -> tuple[str, str]:
        return (
            self.tr("请 %1 号").replace("%1", entry.number),
            self.tr("到 %1 号窗口办理").replace("%1", entry.window_no),
        )

    def _is_late(self, entry: CallEntry) -> bool:
        # Event times are the server's: compared with the server's clock (through the skew),
        # never with this PC's, which may be minutes off.
        return entry.at is not None and (self._server_now() - entry.at).total_seconds() > LATE_CALL_S

    def _announce(self, entry: CallEntry) -> None:
        text = spoken_call(entry.number, entry.window_no)
        try:
            self.announcer.announce(text)
        except Exception:  # a speech engine fault must not stop the board
            log.exception("announcement failed")
        self.announced.emit(text)
        self._flashes_left = FLASHES
        self._flash_timer.start()

    def _on_flash_timer_timeout(self) -> None:
        self._flashes_left -= 1
        self.view.flash_call(self._flashes_left % 2 == 1)
        if self._flashes_left <= 0:
            self._flash_timer.stop()
            self.view.flash_call(False)

    def _render_calls(self) -> None:
        latest = self.board.latest
        self.view.show_call(self.call_lines(latest) if latest else None)
        self.view.show_recent(
            [
                CallRow(number=c.number, window=self.tr("%1 号").replace("%1", c.window_no), recall=c.recall)
                for c in self.board.calls
            ]
        )

    def _render_waiting(self) -> None:
        if self.snapshot is None:
            return
        self.view.show_waiting(
            [WaitingCell(name=s.name, prefix=s.prefix, waiting=s.waiting) for s in self.snapshot.services],
            self.tr("%1（%2）等候 %3 人"),
        )

    def _server_now(self) -> datetime:
        now = (self._clock() + self._skew).astimezone()
        if self.snapshot is not None and self.snapshot.server_time is not None:
            now = now.astimezone(self.snapshot.server_time.tzinfo)
        return now

    def _on_clock_timer_timeout(self) -> None:
        now = self._server_now()
        self.view.clock.setText(now.strftime("%Y-%m-%d  %H:%M:%S"))
        if self._day is not None and now.date() != self._day:
            # A display runs for weeks. At midnight yesterday's calls leave the board, and the
            # waiting counts (the server counts today's tickets only) change with no event to say so.
            log.info("new service day %s: board cleared, counts re-read", now.date())
            if self.board.drop_earlier_days(now):
                self._render_calls()
            self.monitor.refresh_snapshot()
        self._day = now.date()
