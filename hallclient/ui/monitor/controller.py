"""The manager's monitor: follows the hall event feed, re-reads the snapshot, counts today.

Queues and windows come from the snapshot (re-read, debounced, after events that change them,
and after every reconnect). Today's figures and 差评 come from the events: the day's history is
read once at start (``history.day_events``), the live feed adds to it, and after a reconnect
the events missed meanwhile are read again; ``DayFigures`` counts each event once. What is
still to be read is kept as a range of seqs until a read of it succeeds: a read that fails, or a
gap that opens while another read is out, is read later, never recomputed from what the live feed
has brought since (which would skip the gap). The 差评
rectification list, and a signed-in manager's steps on it, belong to ``RectificationController``
(rectifications.py), which this controller owns, feeds and renders with the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.queue import PAUSE_REASON_LABELS, WindowState
from hallclient.queue.client import ServerClient
from hallclient.queue.models import (
    EventBatch,
    HallEvent,
    HallInfo,
    HallSnapshot,
    ManualTicketClash,
    Reasons,
    Rectification,
)
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.hall_reader import HallReader
from hallclient.ui.monitor import figures as fig
from hallclient.ui.monitor.history import day_events
from hallclient.ui.monitor.rectifications import RectificationController
from hallclient.ui.monitor.rectify import RectificationDialog
from hallclient.ui.monitor.view import AlertLine, Cell, MonitorWindow
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.monitor")

SNAPSHOT_DEBOUNCE_MS = 300
RENDER_MS = 5000  # waits and serving times keep growing between events
SNAPSHOT_REFRESH_MS = 60000  # a re-read now and then corrects any drift
# Paper-ticket clashes arrive with a counter's sync, not as hall events: asked for now and then.
CLASH_REFRESH_MS = 30000
HALL_RETRY_MS = 5000  # a failed hall read (server restarting, a timeout) is tried again this much later


class MonitorController(QObject):
    figures_changed = Signal()

    def __init__(
        self,
        *,
        view: MonitorWindow,
        runner: TaskRunner,
        client: ServerClient,
        thresholds: fig.Thresholds | None = None,
        poll_timeout_s: float = 25.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.runner = runner
        self.client = client
        self.limits = thresholds or fig.Thresholds()
        self.monitor = ConnectionMonitor(
            runner=runner, client=client, poll_timeout_s=poll_timeout_s, parent=self
        )
        self.hall: HallInfo | None = None
        self.hall_reader = HallReader(runner=runner, client=client, retry_ms=HALL_RETRY_MS, parent=self)
        self.snapshot: HallSnapshot | None = None
        self.figures = fig.DayFigures()
        self.history_loaded = False
        self._history_pending = False
        # Events still to be read into the figures: after ``since`` (None: from the day's start)
        # up to ``upto``. None when nothing is owed.
        self._history_owed: tuple[int | None, int] | None = None
        # Bumped when the figures start over: a read begun before then is not counted.
        self._history_generation = 0
        # The feed stopped (offline, sign-in lapsed) after this seq; the next snapshot turns it
        # into a range owed. None while the feed is followed.
        self._gap_since: int | None = None
        # The highest seq the feed has followed on from: a live event at or below it means the
        # server's sequence started again lower (restored from a backup).
        self._feed_high = 0
        self._pause_labels: dict[str, str] = {r.value: label for r, label in PAUSE_REASON_LABELS.items()}
        self._clock = clock or (lambda: datetime.now(UTC))
        self._snapshot_at = self._clock()
        self._skew = timedelta(0)
        self.clashes: list[ManualTicketClash] = []
        self._clashes_pending = False
        self.rectification = RectificationController(
            view=view, runner=runner, client=client, server_now=self._server_now, parent=self
        )

        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(SNAPSHOT_DEBOUNCE_MS)
        self._render_timer = QTimer(self)
        self._render_timer.setInterval(RENDER_MS)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(SNAPSHOT_REFRESH_MS)
        self._clash_timer = QTimer(self)
        self._clash_timer.setInterval(CLASH_REFRESH_MS)
        self._wire()

    def _wire(self) -> None:
        self.monitor.online_changed.connect(self._on_monitor_online_changed)
        self.monitor.snapshot_loaded.connect(self._on_monitor_snapshot_loaded)
        self.monitor.events_received.connect(self._on_monitor_events_received)
        self.monitor.auth_lost.connect(self._on_monitor_auth_lost)
        self.hall_reader.loaded.connect(self._on_hall_loaded)
        self.hall_reader.failed.connect(self._on_lookup_failed)
        self._snapshot_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._render_timer.timeout.connect(self._on_render_timer_timeout)
        self._refresh_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._clash_timer.timeout.connect(self.refresh_clashes)
        self.rectification.changed.connect(self._on_rectification_changed)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self.view.set_connection(self.tr("正在连接…"), ok=True)
        self.hall_reader.read()
        self.runner.submit(
            "net", self.client.reasons, on_done=self._on_reasons_loaded, on_error=self._on_lookup_failed
        )
        self.monitor.start(online=True)
        self._render_timer.start()
        self._refresh_timer.start()
        self._clash_timer.start()  # the first read follows the first snapshot (its day)
        self.rectification.start()

    def shutdown(self) -> None:
        self.monitor.stop()
        self.hall_reader.stop()
        for timer in (
            self._snapshot_timer,
            self._render_timer,
            self._refresh_timer,
            self._clash_timer,
        ):
            timer.stop()
        self.rectification.shutdown()

    @property
    def rectifications(self) -> list[Rectification] | None:
        """The open 差评 with their stages; None until the server's list is read."""
        return self.rectification.rectifications

    def open_rectification(self) -> RectificationDialog | None:
        """The dialog for the selected 差评's current stage (see ``RectificationController``)."""
        return self.rectification.open_rectification()

    def _on_hall_loaded(self, hall: HallInfo) -> None:
        self.hall = hall
        self.view.hall_name.setText(self.tr("%1 · 大厅监控").replace("%1", hall.name))

    def _on_reasons_loaded(self, reasons: Reasons) -> None:
        self.rectification.set_reasons({r.code: r.label for r in reasons.bad_rating})
        self._pause_labels.update({r.code: r.label for r in reasons.pause})
        self._render()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        log.info("monitor lookup failed (names fall back to codes): %s", exc)

    def refresh_clashes(self) -> None:
        """Read today's paper-ticket clashes (net lane); they join the alerts."""
        # Until a snapshot gives the server's clock, the day would be the PC's, which may be
        # another day (a wrong clock, a monitor started at midnight).
        if self._clashes_pending or self.snapshot is None:
            return
        self._clashes_pending = True
        day = self._server_now().date()

        def done(clashes: list[ManualTicketClash]) -> None:
            self._clashes_pending = False
            self.clashes = clashes
            self._render()

        def failed(exc: BaseException) -> None:
            self._clashes_pending = False
            log.info("paper-ticket clashes not read: %s", exc)

        self.runner.submit("net", self.client.manual_ticket_clashes, day=day, on_done=done, on_error=failed)

    # -- feed -----------------------------------------------------------------------------------

    def _on_monitor_online_changed(self, online: bool) -> None:
        if online:
            # Not "online" yet: until the snapshot is read again the tables are the outage's, and
            # the offline line says so (``_on_monitor_snapshot_loaded`` turns it green).
            self.rectification.refresh_soon()  # steps taken while the feed was down
            # The layout may have changed meanwhile, unseen by the feed (it resumes from the
            # snapshot's seq). At start the read is out already.
            self.hall_reader.read()
        else:
            self._open_gap()
            self.view.set_connection(self.tr("● 离线：显示的是断线前的数据，正在重连…"), ok=False)

    def _on_monitor_auth_lost(self, message: str) -> None:
        # The feed stops on the refusal, while the connection stays "online"; after signing in
        # again it resumes from a fresh snapshot, past what happened meanwhile.
        self._open_gap()
        self.view.set_connection(self.tr("● 登录已失效：") + message, ok=False)

    def _open_gap(self) -> None:
        seq = self.monitor.last_seq  # the feed has delivered everything up to here
        self._gap_since = seq if self._gap_since is None else min(self._gap_since, seq)

    def _on_monitor_snapshot_loaded(self, snapshot: HallSnapshot) -> None:
        # A snapshot read is the server answering this sign-in: after a reconnect, or after a
        # lapsed sign-in was renewed (the connection never went offline, so nothing else would
        # take back "登录已失效").
        self.view.set_connection(self.tr("● 在线"), ok=True)
        first = self.snapshot is None
        self.snapshot = snapshot
        self._snapshot_at = self._clock()
        # The feed's seq, not the snapshot's: a snapshot may count events the feed brings next.
        # When this one resumes the feed, the feed's seq moves to it only after this call.
        self._feed_high = max(self._feed_high, self.monitor.last_seq)
        if snapshot.server_time is not None:
            self._skew = snapshot.server_time - self._snapshot_at
            # Up to the feed's own seq too: it may have brought events newer than this snapshot.
            upto = max(snapshot.seq, self.monitor.last_seq)
            if self.figures.start_day(snapshot.server_time.date()):
                self._start_over(upto)
            elif self._gap_since is not None:
                self._owe_history(self._gap_since, upto)
                self._gap_since = None
            elif self._history_owed is not None:  # a read that failed: again, as far as now
                self._owe_history(self._history_owed[0], upto)
            self._read_history()
        if first:
            self.refresh_clashes()
        self.view.updated_label.setText(
            self.tr("更新于 %1").replace("%1", self._server_now().strftime("%H:%M:%S"))
        )
        self._render()

    def _start_over(self, upto: int) -> None:
        """The figures (just reset) are read again from the day's start; older reads are void."""
        self._history_generation += 1
        self.history_loaded = False
        self._gap_since = None
        self._history_owed = (None, upto)

    def _owe_history(self, since: int | None, upto: int) -> None:
        owed = self._history_owed
        if owed is not None:
            since = None if since is None or owed[0] is None else min(since, owed[0])
            upto = max(upto, owed[1])
        self._history_owed = (since, upto)

    def _read_history(self) -> None:
        """Read what is owed (net lane); one read at a time, the next when it ends."""
        if self._history_owed is None or self.figures.day is None or self._history_pending:
            return
        since, upto = self._history_owed
        self._history_owed = None
        self._history_pending = True
        day, generation = self.figures.day, self._history_generation

        def done(events: list[HallEvent]) -> None:
            self._history_pending = False
            if generation == self._history_generation:
                for event in events:
                    self.figures.apply(event)
                if since is None:
                    self.history_loaded = True
                self._render()
                self.figures_changed.emit()
            self._read_history()  # what was owed meanwhile

        def failed(exc: BaseException) -> None:
            self._history_pending = False
            log.warning("today's events not read: %s", exc)
            if generation == self._history_generation:
                self._owe_history(since, upto)  # the next snapshot tries again

        self.runner.submit(
            "net",
            day_events,
            self.client,
            day=day,
            last_seq=upto,
            since=since,
            on_done=done,
            on_error=failed,
        )

    def _on_monitor_events_received(self, batch: EventBatch) -> None:
        changed = False
        if batch.events and batch.events[0].seq <= self._feed_high and self.figures.day is not None:
            # The feed follows on from what it had, so its seqs only grow, unless the server was
            # restored from a backup: then seqs counted already now name other events.
            log.warning("event seq went back to %s; counting the day afresh", batch.events[0].seq)
            self.figures.start_day(self.figures.day, again=True)
            self._start_over(max(batch.last_seq, self.snapshot.seq if self.snapshot else 0))
            self._read_history()
            changed = True
        self._feed_high = max(self._feed_high, batch.last_seq)
        for event in batch.events:
            changed = self.figures.apply(event) or changed
            self.rectification.note_event(event)
        if batch.hall_configured:
            self.hall_reader.read(changed=True)  # its name; the tables follow the snapshot, re-read below
        # Not restarted by each batch: a busy hall's feed never pauses that long.
        if not self._snapshot_timer.isActive():
            self._snapshot_timer.start()
        if changed:
            self._render()
            self.figures_changed.emit()

    def _on_snapshot_timer_timeout(self) -> None:
        self.monitor.refresh_snapshot()

    def _on_render_timer_timeout(self) -> None:
        self._render()

    def _on_rectification_changed(self) -> None:
        self._render()  # the alerts count 差评 too, not only the 差评 table

    # -- rendering ------------------------------------------------------------------------------

    def _server_now(self) -> datetime:
        now = self._clock() + self._skew
        if self.snapshot is not None and self.snapshot.server_time is not None:
            return now.astimezone(self.snapshot.server_time.tzinfo)
        return now.astimezone()

    def _render(self) -> None:
        self.view.clock.setText(self._server_now().strftime("%Y-%m-%d %H:%M:%S"))
        if self.snapshot is None:
            return
        elapsed = (self._clock() - self._snapshot_at).total_seconds()
        now = self._server_now()
        services = fig.service_rows(self.snapshot, elapsed_s=elapsed, limits=self.limits)
        windows = fig.window_rows(self.snapshot, self.figures, now=now, limits=self.limits)
        self.view.set_rows(
            self.view.services_table,
            [
                [
                    Cell(s.name, tooltip=s.name),
                    Cell(s.prefix),
                    Cell(
                        str(s.waiting),
                        fig.level_for(s.waiting, self.limits.waiting_warn, self.limits.waiting_alert),
                    ),
                    Cell(self._duration(s.oldest_wait_s) if s.waiting else "—", s.level),
                ]
                for s in services
            ],
        )
        self.view.set_rows(
            self.view.windows_table,
            [
                [
                    Cell(self.tr("%1 号").replace("%1", w.no)),
                    Cell(self._state_label(w.state), w.level),
                    Cell(w.clerk or "—"),
                    Cell(w.ticket_number or "—"),
                    Cell(self._duration(w.busy_s) if w.busy_s is not None else "—", w.level),
                    Cell(self._pause_labels.get(w.pause_reason, w.pause_reason) if w.pause_reason else ""),
                ]
                for w in windows
            ],
        )
        self.view.set_alerts(self._alerts(services, windows), self.tr("暂无需要处理的情况"))
        self._render_figures(services, windows)
        self.rectification.render(self.figures.bad)

    def _render_figures(self, services: list[fig.ServiceRow], windows: list[fig.WindowRow]) -> None:
        f = self.figures
        known = self.history_loaded
        self.view.set_card("issued", str(f.issued) if known else "…")
        self.view.set_card("finished", str(f.finished) if known else "…")
        self.view.set_card("no_show", str(f.no_show) if known else "…")
        self.view.set_card("waiting", str(sum(s.waiting for s in services)))
        # Before the day's history is read, only the few tickets the live feed brought count.
        average = f.average_wait_s() if known else None
        average_text = self._duration(int(average)) if average is not None else "—"
        self.view.set_card(
            "average_wait",
            average_text if known else "…",
            fig.level_for(average or 0, self.limits.wait_warn_s, self.limits.wait_alert_s),
        )
        open_windows = sum(1 for w in windows if w.state != WindowState.OFFLINE)
        self.view.set_card("windows_open", f"{open_windows}/{len(windows)}")
        self.view.set_card(
            "bad", str(len(f.bad)) if known else "…", fig.Level.ALERT if f.bad else fig.Level.OK
        )

    def _alerts(self, services: list[fig.ServiceRow], windows: list[fig.WindowRow]) -> list[AlertLine]:
        alerts: list[AlertLine] = []
        for s in services:
            if s.level is fig.Level.OK:
                continue
            alerts.append(
                AlertLine(
                    self.tr("%1：%2 人等候，最久已等 %3")
                    .replace("%1", s.name)
                    .replace("%2", str(s.waiting))
                    .replace("%3", self._duration(s.oldest_wait_s)),
                    s.level,
                )
            )
        for w in windows:
            if w.state == WindowState.PAUSED:
                reason = self._pause_labels.get(w.pause_reason, w.pause_reason) or self.tr("未说明原因")
                text = self.tr("%1 号窗口暂停服务（%2）").replace("%1", w.no).replace("%2", reason)
                if w.busy_s is not None:
                    text += self.tr("，已 %1").replace("%1", self._duration(w.busy_s))
                alerts.append(AlertLine(text, w.level))
            elif w.level is not fig.Level.OK and w.ticket_number:
                alerts.append(
                    AlertLine(
                        self.tr("%1 号窗口办理 %2 已用时 %3")
                        .replace("%1", w.no)
                        .replace("%2", w.ticket_number)
                        .replace("%3", self._duration(w.busy_s or 0)),
                        w.level,
                    )
                )
        alerts += self.rectification.alerts(self.figures.bad)
        for clash in self.clashes:
            alerts.append(
                AlertLine(
                    self.tr("手工号冲突：%1 号窗口离线办理的 %2 号已在别处叫号或已结束，请核实")
                    .replace("%1", clash.window_no)
                    .replace("%2", clash.number),
                    fig.Level.ALERT,
                )
            )
        alerts.sort(key=lambda a: a.level, reverse=True)
        return alerts

    def _state_label(self, state: str) -> str:
        labels: dict[str, str] = {
            WindowState.IDLE: self.tr("空闲"),
            WindowState.CALLING: self.tr("叫号中"),
            WindowState.SERVING: self.tr("办理中"),
            WindowState.PAUSED: self.tr("暂停服务"),
            WindowState.OFFLINE: self.tr("未登录"),
        }
        return labels.get(state, state)

    def _duration(self, seconds: int) -> str:
        minutes = max(0, seconds) // 60
        if minutes < 1:
            return self.tr("不到 1 分钟")
        if minutes < 60:
            return self.tr("%1 分钟").replace("%1", str(minutes))
        return self.tr("%1 小时 %2 分").replace("%1", str(minutes // 60)).replace("%2", str(minutes % 60))
