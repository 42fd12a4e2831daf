"""The manager's monitor: follows the hall event feed, re-reads the snapshot, counts today.

Queues and windows come from the snapshot (re-read, debounced, after events that change them,
and after every reconnect). Today's figures and 差评 come from the events: the day's history is
read once at start (``history.day_events``), the live feed adds to it, and after a reconnect
the events missed meanwhile are read again; ``DayFigures`` counts each event once. The 差评
rectification list is the server's (``GET /rectifications``), re-read when the feed brings a
差评 or a step, and a signed-in manager moves a 差评 on from it (``open_rectification``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import ConflictError
from hallclient.domain.queue import PAUSE_REASON_LABELS, WindowState
from hallclient.domain.rating import RectificationStage
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
from hallclient.ui.errors import describe_error
from hallclient.ui.monitor import figures as fig
from hallclient.ui.monitor.history import day_events
from hallclient.ui.monitor.rectify import RectificationDialog, RectificationSummary
from hallclient.ui.monitor.view import AlertLine, Cell, MonitorWindow
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.monitor")

SNAPSHOT_DEBOUNCE_MS = 300
RENDER_MS = 5000  # waits and serving times keep growing between events
SNAPSHOT_REFRESH_MS = 60000  # a re-read now and then corrects any drift
# Paper-ticket clashes arrive with a counter's sync, not as hall events: asked for now and then.
CLASH_REFRESH_MS = 30000
# 差评 rectifications: re-read shortly after a 差评 or a step arrives in the feed, and now and then,
# since deadlines run out and other managers' steps may have been missed while offline.
RECTIFICATION_DEBOUNCE_MS = 500
RECTIFICATION_REFRESH_MS = 60000


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
        self.snapshot: HallSnapshot | None = None
        self.figures = fig.DayFigures()
        self.history_loaded = False
        self._history_pending = False
        self._needs_catch_up = False
        self._reasons: dict[str, str] = {}
        self._pause_labels: dict[str, str] = {r.value: label for r, label in PAUSE_REASON_LABELS.items()}
        self._clock = clock or (lambda: datetime.now(UTC))
        self._snapshot_at = self._clock()
        self._skew = timedelta(0)
        self.clashes: list[ManualTicketClash] = []
        self._clashes_pending = False
        # None until the server's list is read: the table then shows today's 差评 from the feed.
        self.rectifications: list[Rectification] | None = None
        self._rectifications_pending = False
        self._rectifications_again = False
        # Bumped by every step this monitor takes: the net lane has several workers, so a list
        # read before the step can arrive after it and must not bring back what the step changed.
        self._rectifications_version = 0
        self._selected_rating: int | None = None
        self._shown_ratings: list[int | None] = []
        self._notice = ""  # what the last step did, shown until another 差评 is picked
        self.rectification_dialog: RectificationDialog | None = None

        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(SNAPSHOT_DEBOUNCE_MS)
        self._render_timer = QTimer(self)
        self._render_timer.setInterval(RENDER_MS)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(SNAPSHOT_REFRESH_MS)
        self._clash_timer = QTimer(self)
        self._clash_timer.setInterval(CLASH_REFRESH_MS)
        self._rectification_soon_timer = QTimer(self)
        self._rectification_soon_timer.setSingleShot(True)
        self._rectification_soon_timer.setInterval(RECTIFICATION_DEBOUNCE_MS)
        self._rectification_timer = QTimer(self)
        self._rectification_timer.setInterval(RECTIFICATION_REFRESH_MS)
        self._wire()

    def _wire(self) -> None:
        self.monitor.online_changed.connect(self._on_monitor_online_changed)
        self.monitor.snapshot_loaded.connect(self._on_monitor_snapshot_loaded)
        self.monitor.events_received.connect(self._on_monitor_events_received)
        self.monitor.auth_lost.connect(self._on_monitor_auth_lost)
        self._snapshot_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._render_timer.timeout.connect(self._on_render_timer_timeout)
        self._refresh_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._clash_timer.timeout.connect(self.refresh_clashes)
        self._rectification_soon_timer.timeout.connect(self.refresh_rectifications)
        self._rectification_timer.timeout.connect(self.refresh_rectifications)
        self.view.bad_table.itemSelectionChanged.connect(self._on_bad_table_selection_changed)
        self.view.bad_table.itemDoubleClicked.connect(self._on_bad_table_double_clicked)
        self.view.advance_button.clicked.connect(self._on_advance_button_clicked)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self.view.set_connection(self.tr("正在连接…"), ok=True)
        self.runner.submit(
            "net", self.client.hall, on_done=self._on_hall_loaded, on_error=self._on_lookup_failed
        )
        self.runner.submit(
            "net", self.client.reasons, on_done=self._on_reasons_loaded, on_error=self._on_lookup_failed
        )
        self.monitor.start(online=True)
        self._render_timer.start()
        self._refresh_timer.start()
        self._clash_timer.start()
        self._rectification_timer.start()
        self.refresh_clashes()
        self.refresh_rectifications()

    def shutdown(self) -> None:
        self.monitor.stop()
        for timer in (
            self._snapshot_timer,
            self._render_timer,
            self._refresh_timer,
            self._clash_timer,
            self._rectification_soon_timer,
            self._rectification_timer,
        ):
            timer.stop()
        if self.rectification_dialog is not None:
            self.rectification_dialog.reject()

    def _on_hall_loaded(self, hall: HallInfo) -> None:
        self.hall = hall
        self.view.hall_name.setText(self.tr("%1 · 大厅监控").replace("%1", hall.name))

    def _on_reasons_loaded(self, reasons: Reasons) -> None:
        self._reasons = {r.code: r.label for r in reasons.bad_rating}
        self._pause_labels.update({r.code: r.label for r in reasons.pause})
        self._render()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        log.info("monitor lookup failed (names fall back to codes): %s", exc)

    def refresh_clashes(self) -> None:
        """Read today's paper-ticket clashes (net lane); they join the alerts."""
        if self._clashes_pending:
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
            self.view.set_connection(self.tr("● 在线"), ok=True)
            self._rectification_soon_timer.start()  # steps taken while the feed was down
        else:
            self._needs_catch_up = True
            self.view.set_connection(self.tr("● 离线：显示的是断线前的数据，正在重连…"), ok=False)

    def _on_monitor_auth_lost(self, message: str) -> None:
        self.view.set_connection(self.tr("● 登录已失效：") + message, ok=False)

    def _on_monitor_snapshot_loaded(self, snapshot: HallSnapshot) -> None:
        self.snapshot = snapshot
        self._snapshot_at = self._clock()
        if snapshot.server_time is not None:
            self._skew = snapshot.server_time - self._snapshot_at
            if self.figures.start_day(snapshot.server_time.date()):
                self.history_loaded = False
                self._needs_catch_up = False
                self._read_history(since=None)
            elif self._needs_catch_up:
                self._needs_catch_up = False
                # The whole day if it was never read: the feed's events alone start mid-day.
                self._read_history(since=self.figures.max_seq if self.history_loaded else None)
        self.view.updated_label.setText(
            self.tr("更新于 %1").replace("%1", self._server_now().strftime("%H:%M:%S"))
        )
        self._render()

    def _read_history(self, *, since: int | None) -> None:
        if self.snapshot is None or self.figures.day is None or self._history_pending:
            return
        self._history_pending = True
        day, last_seq = self.figures.day, self.snapshot.seq

        def done(events: list[HallEvent]) -> None:
            self._history_pending = False
            if self.figures.day != day:
                return
            for event in events:
                self.figures.apply(event)
            self.history_loaded = True
            self._render()
            self.figures_changed.emit()

        def failed(exc: BaseException) -> None:
            self._history_pending = False
            log.warning("today's events not read: %s", exc)
            self._needs_catch_up = True  # the next snapshot after a reconnect tries again

        self.runner.submit(
            "net",
            day_events,
            self.client,
            day=day,
            last_seq=last_seq,
            since=since,
            on_done=done,
            on_error=failed,
        )

    def _on_monitor_events_received(self, batch: EventBatch) -> None:
        changed = False
        for event in batch.events:
            changed = self.figures.apply(event) or changed
            if event.type == "rectification_advanced" or (
                event.type == "rating_recorded" and event.data.get("bad")
            ):
                self._rectification_soon_timer.start()
        self._snapshot_timer.start()
        if changed:
            self._render()
            self.figures_changed.emit()

    def _on_snapshot_timer_timeout(self) -> None:
        self.monitor.refresh_snapshot()

    def _on_render_timer_timeout(self) -> None:
        self._render()

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
                    Cell(s.name),
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
        self._render_bad()

    def _render_figures(self, services: list[fig.ServiceRow], windows: list[fig.WindowRow]) -> None:
        f = self.figures
        known = self.history_loaded
        self.view.set_card("issued", str(f.issued) if known else "…")
        self.view.set_card("finished", str(f.finished) if known else "…")
        self.view.set_card("no_show", str(f.no_show) if known else "…")
        self.view.set_card("waiting", str(sum(s.waiting for s in services)))
        average = f.average_wait_s()
        self.view.set_card(
            "average_wait",
            self._duration(int(average)) if average is not None else "—",
            fig.level_for(average or 0, self.limits.wait_warn_s, self.limits.wait_alert_s),
        )
        open_windows = sum(1 for w in windows if w.state != WindowState.OFFLINE)
        self.view.set_card("windows_open", f"{open_windows}/{len(windows)}")
        self.view.set_card(
            "bad", str(len(f.bad)) if known else "…", fig.Level.ALERT if f.bad else fig.Level.OK
        )

    def _render_bad(self) -> None:
        rows: list[list[Cell]] = []
        shown: list[int | None] = []
        if self.rectifications is not None:
            for rect in self.rectifications:
                rows.append(self._rectification_cells(rect))
                shown.append(rect.rating_id)
        else:
            # Until the server's list is read, today's 差评 as the feed reported them.
            for bad in self.figures.bad:
                rows.append(
                    [
                        Cell(bad.at.strftime("%H:%M") if bad.at else ""),
                        Cell(self.tr("%1 号").replace("%1", bad.window_no)),
                        Cell(bad.ticket_number or bad.case_no or "—"),
                        Cell(self._rating_label(bad.level)),
                        Cell(self._reason_labels(bad.reasons)),
                        Cell("…"),
                        Cell(""),
                    ]
                )
                shown.append(None)
        self._shown_ratings = shown
        table = self.view.bad_table
        table.blockSignals(True)  # re-selecting below is not the manager's choice
        try:
            self.view.set_rows(table, rows)
            if self._selected_rating in shown:
                table.selectRow(shown.index(self._selected_rating))
            else:
                table.clearSelection()
        finally:
            table.blockSignals(False)
        self._update_rectification_controls()

    def _rectification_cells(self, rect: Rectification) -> list[Cell]:
        today = self._server_now().date()
        rated = rect.rated_at.astimezone(self._server_now().tzinfo)
        when = rated.strftime("%H:%M") if rated.date() == today else rated.strftime("%m-%d %H:%M")
        reasons = self._reason_labels(rect.reasons)
        level = self._deadline_level(rect, today)
        return [
            Cell(when),
            Cell(self.tr("%1 号").replace("%1", rect.window_no), tooltip=rect.clerk or ""),
            Cell(rect.reference or "—"),
            Cell(self._rating_label(rect.level)),
            Cell(reasons, tooltip="\n".join(filter(None, [reasons, rect.comment]))),
            Cell(self._stage_label(rect.stage), level),
            Cell(self._deadline_text(rect, today), level),
        ]

    def _reason_labels(self, codes: tuple[str, ...]) -> str:
        return "、".join(self._reasons.get(code, code) for code in codes)

    @staticmethod
    def _deadline_level(rect: Rectification, today: date) -> fig.Level:
        if rect.overdue:
            return fig.Level.ALERT
        if rect.deadline is not None and rect.deadline <= today:
            return fig.Level.WARN
        return fig.Level.OK

    def _deadline_text(self, rect: Rectification, today: date) -> str:
        if rect.deadline is None:
            return ""
        if rect.overdue:
            return self.tr("已超期（限 %1）").replace("%1", rect.deadline.strftime("%m-%d"))
        if rect.deadline == today:
            return self.tr("今天到期")
        return self.tr("%1 前").replace("%1", rect.deadline.strftime("%m-%d"))

    def _stage_label(self, stage: RectificationStage) -> str:
        labels = {
            RectificationStage.VERIFY: self.tr("核实"),
            RectificationStage.RECTIFY: self.tr("整改"),
            RectificationStage.FEED_BACK: self.tr("反馈"),
            RectificationStage.CLOSED: self.tr("办结"),
        }
        return labels[stage]

    # -- 差评整改 ---------------------------------------------------------------------------------

    @property
    def can_advance(self) -> bool:
        """Signed in as a user (the server allows managers and admins); a monitor device only reads."""
        return bool(self.client.token)

    def refresh_rectifications(self) -> None:
        """Re-read the open 差评 and their stages (net lane); one request at a time."""
        if self._rectifications_pending:
            self._rectifications_again = True
            return
        self._rectifications_pending = True
        version = self._rectifications_version

        def done(rectifications: list[Rectification]) -> None:
            self._rectifications_pending = False
            if version != self._rectifications_version:
                self._rectifications_again = False
                self.refresh_rectifications()  # read before a step of ours: read again instead
                return
            self.rectifications = rectifications
            self._render()
            if self._rectifications_again:
                self._rectifications_again = False
                self.refresh_rectifications()

        def failed(exc: BaseException) -> None:
            self._rectifications_pending = False
            self._rectifications_again = False
            log.info("差评 rectifications not read: %s", exc)

        self.runner.submit("net", self.client.rectifications, on_done=done, on_error=failed)

    def selected_rectification(self) -> Rectification | None:
        if self.rectifications is None or self._selected_rating is None:
            return None
        return next((r for r in self.rectifications if r.rating_id == self._selected_rating), None)

    def _update_rectification_controls(self) -> None:
        view = self.view
        selected = self.selected_rectification()
        if self.rectifications is None:
            hint = self.tr("正在读取整改进度…")
        elif not self.can_advance:
            hint = self.tr("以管理员账号登录后可推进整改。")
        elif self._notice:
            hint = self._notice
        elif not self.rectifications:
            hint = self.tr("没有未办结的差评。")
        elif selected is None:
            hint = self.tr("选中一条差评，推进它的整改。")
        else:
            hint = ""
        view.rectification_hint.setText(hint)
        view.advance_button.setVisible(self.can_advance)
        view.advance_button.setEnabled(self.can_advance and selected is not None)

    def _on_bad_table_selection_changed(self) -> None:
        rows = self.view.bad_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        self._selected_rating = self._shown_ratings[row] if 0 <= row < len(self._shown_ratings) else None
        self._notice = ""
        self._update_rectification_controls()

    def _on_bad_table_double_clicked(self, _item: object) -> None:
        self.open_rectification()

    def _on_advance_button_clicked(self) -> None:
        self.open_rectification()

    def open_rectification(self) -> RectificationDialog | None:
        """The dialog for the selected 差评's current stage (window-modal, not blocking)."""
        rect = self.selected_rectification()
        if rect is None or not self.can_advance or self.rectification_dialog is not None:
            return None
        dialog = RectificationDialog(self._summary(rect), parent=self.view)
        self.rectification_dialog = dialog
        # One request_id per note sent: a retry of the same note after a lost answer is answered
        # with the first outcome; an edited note is a new request, which the server refuses as
        # stale if the first did go through (and the list then shows what was saved).
        sent: dict[str, str] = {}

        def done(updated: Rectification) -> None:
            self._notice = (
                self.tr("已推进：%1 → %2")
                .replace("%1", self._reference(updated))
                .replace("%2", self._stage_label(updated.stage))
            )
            self._replace_rectification(updated)
            if self.rectification_dialog is dialog:
                dialog.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                self.refresh_rectifications()
            if self.rectification_dialog is not dialog:
                # Closed while the step was on its way: the dialog may be gone, so the notice
                # line under the list tells the manager the step was not taken.
                self._notice = (
                    self.tr("未能推进：%1。%2")
                    .replace("%1", self._reference(rect))
                    .replace("%2", describe_error(exc))
                )
                self._update_rectification_controls()
                return
            dialog.set_busy(False)
            if isinstance(exc, ConflictError):
                dialog.set_stale(describe_error(exc))
                return
            dialog.show_message(describe_error(exc) + self.tr(" 处理情况仍在框中，可再次提交。"), error=True)

        def submit(note: str) -> None:
            request_id = sent.setdefault(note, uuid.uuid4().hex)
            dialog.set_busy(True)
            self.runner.submit(
                "net",
                self.client.advance_rectification,
                rect.rating_id,
                note=note,
                stage=rect.stage.value,
                request_id=request_id,
                on_done=done,
                on_error=failed,
            )

        def closed() -> None:
            self.rectification_dialog = None

        dialog.submitted.connect(submit)
        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def _reference(self, rect: Rectification) -> str:
        return rect.reference or self.tr("%1 号窗口").replace("%1", rect.window_no)

    def _replace_rectification(self, updated: Rectification) -> None:
        self._rectifications_version += 1
        if self.rectifications is None:
            return
        kept = [r for r in self.rectifications if r.rating_id != updated.rating_id]
        if updated.stage is not RectificationStage.CLOSED:
            kept.append(updated)
        kept.sort(key=lambda r: (r.rated_at, r.rating_id), reverse=True)
        self.rectifications = kept
        self._render()

    def _summary(self, rect: Rectification) -> RectificationSummary:
        tz = self._server_now().tzinfo
        following = rect.stage.next_stage
        if following is RectificationStage.CLOSED:
            advance = self.tr("完成“%1”，办结").replace("%1", self._stage_label(rect.stage))
        else:
            advance = (
                self.tr("完成“%1”，转入“%2”")
                .replace("%1", self._stage_label(rect.stage))
                .replace("%2", self._stage_label(following or rect.stage))
            )
        stage = self._stage_label(rect.stage)
        if rect.deadline is not None:
            stage += self.tr("（%1）").replace("%1", self._deadline_text(rect, self._server_now().date()))
        history = [
            self.tr("%1 → %2：%3（%4，%5）")
            .replace("%1", self._stage_label(RectificationStage(step.stage)))
            .replace("%2", self._stage_label(RectificationStage(step.to_stage)))
            .replace("%3", step.note)
            .replace("%4", step.by)
            .replace("%5", step.at.astimezone(tz).strftime("%m-%d %H:%M") if step.at else "")
            for step in rect.history
        ]
        reasons = self._reason_labels(rect.reasons)
        return RectificationSummary(
            title=self.tr("%1 号窗口 · %2")
            .replace("%1", rect.window_no)
            .replace("%2", rect.reference or "—"),
            clerk=rect.clerk or "",
            rating=" · ".join(filter(None, [self._rating_label(rect.level), reasons])),
            comment=rect.comment,
            rated_at=rect.rated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            stage=stage,
            history=history,
            advance_label=advance,
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
        alerts += self._rectification_alerts()
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

    def _rectification_alerts(self) -> list[AlertLine]:
        if self.rectifications is None:
            return [
                AlertLine(
                    self.tr("差评：%1 号窗口 %2（%3），待核实整改")
                    .replace("%1", bad.window_no)
                    .replace("%2", bad.ticket_number or bad.case_no or "—")
                    .replace("%3", self._rating_label(bad.level)),
                    fig.Level.ALERT,
                )
                for bad in self.figures.bad
            ]
        alerts = []
        for rect in self.rectifications:
            where = self.tr("%1 号窗口 %2").replace("%1", rect.window_no).replace("%2", rect.reference or "—")
            if rect.overdue:
                text = (
                    self.tr("差评整改超期：%1，“%2”阶段限 %3 前完成")
                    .replace("%1", where)
                    .replace("%2", self._stage_label(rect.stage))
                    .replace("%3", rect.deadline.strftime("%m-%d") if rect.deadline else "")
                )
                alerts.append(AlertLine(text, fig.Level.ALERT))
            elif rect.stage is RectificationStage.VERIFY:
                text = (
                    self.tr("差评：%1（%2），待核实")
                    .replace("%1", where)
                    .replace("%2", self._rating_label(rect.level))
                )
                alerts.append(AlertLine(text, fig.Level.ALERT))
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

    def _rating_label(self, level: int | None) -> str:
        labels = {
            1: self.tr("非常不满意"),
            2: self.tr("不满意"),
            3: self.tr("基本满意"),
            4: self.tr("满意"),
            5: self.tr("非常满意"),
        }
        return labels.get(level or 0, "")

    def _duration(self, seconds: int) -> str:
        minutes = max(0, seconds) // 60
        if minutes < 1:
            return self.tr("不到 1 分钟")
        if minutes < 60:
            return self.tr("%1 分钟").replace("%1", str(minutes))
        return self.tr("%1 小时 %2 分").replace("%1", str(minutes // 60)).replace("%2", str(minutes % 60))
