"""The counter's queue controller: window actions, live hall state, offline work.

Every server call runs on the runner's net lane, every store call on its db lane; this object
only reacts to their results on the GUI thread. Routine outcomes go to the non-blocking notice
line; only no-show and transfer ask for confirmation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import OfflineError, ValidationError
from hallclient.domain.queue import PAUSE_REASON_LABELS, TicketState, WindowState
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.models import (
    ActionResult,
    EventBatch,
    HallInfo,
    HallSnapshot,
    Reasons,
    Ticket,
    WindowStatus,
)
from hallclient.rating.service import RatingContext, cached_reasons
from hallclient.store import Store
from hallclient.store.repo import ManualTicketRecord, normalize_ticket_number
from hallclient.ui.controllers import presenter
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.hall_reader import HallReader
from hallclient.ui.controllers.paper_tickets import PaperTicketController
from hallclient.ui.controllers.prompts import CounterPrompts
from hallclient.ui.controllers.rating import RatingController
from hallclient.ui.controllers.session import ClerkSession
from hallclient.ui.controllers.window_actions import WindowActionSender
from hallclient.ui.errors import describe_error
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.actions import CounterAction
from hallclient.ui.views.counter_window import CounterWindow

log = logging.getLogger("hallclient.ui.counter")

SNAPSHOT_DEBOUNCE_MS = 250
ACTIVE = {TicketState.CALLED, TicketState.SERVING}


class CounterController(QObject):
    relogin_needed = Signal(str)
    outbox_written = Signal()  # a rating or paper ticket now waits in the outbox for sync

    def __init__(
        self,
        *,
        view: CounterWindow,
        runner: TaskRunner,
        client: ServerClient,
        store: Store,
        session: ClerkSession,
        rating: RatingController,
        prompts: CounterPrompts | None = None,
        poll_timeout_s: float = 25.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.panel = view.queue_panel
        self.runner = runner
        self.client = client
        self.store = store
        self.session = session
        self.rating = rating
        self.prompts = prompts or CounterPrompts(view)
        self.monitor = ConnectionMonitor(
            runner=runner, client=client, poll_timeout_s=poll_timeout_s, parent=self
        )
        self.actions = WindowActionSender(
            runner=runner, client=client, monitor=self.monitor, window_no=session.window_no, parent=self
        )
        self._clock = clock or (lambda: datetime.now(UTC))
        self.paper_tickets = PaperTicketController(
            runner=runner, store=store, monitor=self.monitor, session=session, clock=self._clock, parent=self
        )
        self._window: WindowStatus | None = session.login.window
        self._snapshot: HallSnapshot | None = None
        self._hall: HallInfo | None = None
        self.hall_reader = HallReader(runner=runner, client=client, parent=self)
        self._services = session.window_services
        self._pause_labels: dict[str, str] = {r.value: label for r, label in PAUSE_REASON_LABELS.items()}
        self._server_reasons = False  # the server's own lists came; the synced copy is older
        self._last_action_seq = 0
        # F1's request key: a new one once any action's answer is heard. Not the answer's event seq,
        # which a reconnect resets, so an F1 whose answer was lost is the same request after it.
        self._answers_heard = 0
        self._seen_offline = session.offline
        self._skew = timedelta(0)
        # Whether the server's hall state still has this clerk signed in to this window: another
        # PC signing in to it, or this clerk signing in at another window, takes it away, and the
        # server then refuses every key pressed here.
        self._held = True

        recall = view.counter_actions[CounterAction.RECALL]
        # F2's own tool and status tips, put back once a ticket below the recall limit is shown
        self._recall_tips = (recall.toolTip(), recall.statusTip())

        self._snapshot_timer = QTimer(self)
        self._snapshot_timer.setSingleShot(True)
        self._snapshot_timer.setInterval(SNAPSHOT_DEBOUNCE_MS)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._wire()

    def _wire(self) -> None:
        actions = self.view.counter_actions
        handlers: dict[CounterAction, Callable[[], None]] = {
            CounterAction.CALL_NEXT: self._on_call_next_triggered,
            CounterAction.RECALL: self._on_recall_triggered,
            CounterAction.START: self._on_start_triggered,
            CounterAction.FINISH: self._on_finish_triggered,
            CounterAction.NO_SHOW: self._on_no_show_triggered,
            CounterAction.TRANSFER: self._on_transfer_triggered,
            CounterAction.SUSPEND: self._on_suspend_triggered,
            CounterAction.PAUSE: self._on_pause_triggered,
            CounterAction.CALL_TICKET: self._on_call_ticket_triggered,
            CounterAction.RESUME: self._on_resume_triggered,
            CounterAction.MANUAL_TICKET: self._on_manual_ticket_triggered,
            CounterAction.HELP: self._on_help_triggered,
        }
        for name, handler in handlers.items():
            actions[name].triggered.connect(handler)
        self.monitor.online_changed.connect(self._on_monitor_online_changed)
        self.monitor.events_received.connect(self._on_monitor_events_received)
        self.monitor.snapshot_loaded.connect(self._on_monitor_snapshot_loaded)
        self.monitor.auth_lost.connect(self._on_monitor_auth_lost)
        self.hall_reader.loaded.connect(self._on_hall_loaded)
        self.hall_reader.failed.connect(self._on_hall_reader_failed)
        self.actions.answered.connect(self._apply_result)
        self.actions.busy_changed.connect(self._update_actions)
        self.actions.notice.connect(self._on_action_failed)
        self.actions.auth_lost.connect(self.relogin_needed)
        self.paper_tickets.notice.connect(self._on_paper_tickets_notice)
        self.paper_tickets.recorded.connect(self._on_paper_tickets_recorded)
        self.paper_tickets.finished.connect(self.rating.ask_after_contact)
        self.paper_tickets.changed.connect(self._render_all)
        self.panel.suspended_list.itemSelectionChanged.connect(self._update_actions)
        self._snapshot_timer.timeout.connect(self._on_snapshot_timer_timeout)
        self._clock_timer.timeout.connect(self._render_ticket)
        self.rating.rating_saved.connect(self._on_rating_saved)
        self.rating.save_failed.connect(self._on_rating_save_failed)
        self.rating.save_refused.connect(self._on_rating_save_refused)
        self.rating.unsaved_changed.connect(self._on_rating_unsaved_changed)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self.view.status_clerk.setText(
            self.tr("工作人员：%1").replace("%1", f"{self.session.display_name}（{self.session.username}）")
        )
        self.view.status_window.setText(self.tr("窗口 %1").replace("%1", self.session.window_no))
        self.rating.set_anchor(self.view)
        self._render_all()
        # The lists sync keeps in the store, until (or unless) the server is asked: an applicant
        # rating after an offline sign-in still gets the reasons to choose from.
        self.runner.submit(
            "db",
            cached_reasons,
            store=self.store,
            on_done=self._on_cached_reasons_loaded,
            on_error=lambda exc: log.warning("cached reasons unreadable: %s", exc),
        )
        # Online, the monitor says so at once and the hall and reasons are read then
        # (``_on_monitor_online_changed``).
        self.monitor.start(online=not self.session.offline)
        self._clock_timer.start()

    def shutdown(self) -> None:
        self.monitor.stop()
        self.hall_reader.stop()
        for timer in (self._snapshot_timer, self._clock_timer):
            timer.stop()

    def set_login(self, session: ClerkSession) -> None:
        """After an online re-sign-in (e.g. the first one after an offline start)."""
        if session.username != self.session.username:
            # Another clerk took the window over (a shift change while the server was away). A
            # finish whose answer was lost is not theirs to send: sent under their name it would
            # be a new finish, and the applicant it would ask to rate left long ago.
            dropped = self.actions.forget_unanswered()
            if dropped is not None:
                log.info(
                    "not resending %s of %s for %s",
                    dropped.action.value,
                    self.session.username,
                    session.username,
                )
        self.session = session
        self._held = True  # an online sign-in gives the window to this clerk
        self.actions.window_no = session.window_no
        self.paper_tickets.session = session
        self._services = session.window_services or self._services
        if session.login.window is not None:
            self._window = session.login.window
        self._load_reference_data()
        self.monitor.refresh_snapshot()
        self._resend_unanswered()
        self._render_all()

    def _load_reference_data(self) -> None:
        self.hall_reader.read()
        self.runner.submit(
            "net", self.client.reasons, on_done=self._on_reasons_loaded, on_error=self._on_background_error
        )

    def _on_hall_loaded(self, hall: HallInfo) -> None:
        self._hall = hall
        mine = hall.window(self.session.window_no)
        if mine is not None and mine.services:
            self._services = mine.services
        self._render_all()

    def _on_cached_reasons_loaded(self, reasons: Reasons | None) -> None:
        if reasons is not None and not self._server_reasons:
            self._apply_reasons(reasons)

    def _on_reasons_loaded(self, reasons: Reasons) -> None:
        self._server_reasons = True
        self._apply_reasons(reasons)

    def _apply_reasons(self, reasons: Reasons) -> None:
        if reasons.pause:
            self._pause_labels = {r.code: r.label for r in reasons.pause}
        self.rating.set_bad_reasons([(r.code, r.label) for r in reasons.bad_rating])
        self._render_all()

    def _on_hall_reader_failed(self, exc: BaseException) -> None:
        if self.hall_reader.consecutive_failures > 1 and not isinstance(exc, OfflineError):
            log.debug("hall layout read failed again: %s", exc)  # retried every few seconds
            return
        self._on_background_error(exc)

    def _on_background_error(self, exc: BaseException) -> None:
        if isinstance(exc, OfflineError):
            self.monitor.report_offline(str(exc))
        else:
            log.warning("background request failed: %s", exc)

    # -- state ----------------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self.monitor.online

    @property
    def current_ticket(self) -> Ticket | None:
        """The applicant this clerk serves: none at a window someone else now holds (their
        applicant is not this screen's to act on, nor to link a case taken in here to)."""
        if self._window is None or not self._held:
            return None
        return self._window.current_ticket

    @property
    def manual_ticket(self) -> ManualTicketRecord | None:
        return self.paper_tickets.current

    @property
    def window_status(self) -> WindowStatus | None:
        return self._window

    def _now(self) -> datetime:
        return self._clock() + self._skew

    def _service_names(self) -> dict[str, str]:
        if self._hall is not None:
            return {s.code: s.name for s in self._hall.services}
        if self._snapshot is not None:
            return {s.code: s.name for s in self._snapshot.services}
        return {}

    # -- rendering ------------------------------------------------------------------------------

    def _render_all(self) -> None:
        self._render_ticket()
        self._render_queue()
        self._render_status()
        self._update_actions()

    def _render_ticket(self) -> None:
        ticket = self.current_ticket
        paper = self.paper_tickets.ticket_view() if ticket is None else None
        if paper is not None:
            self.panel.show_ticket(paper)
        elif ticket is not None:
            view = presenter.ticket_view(ticket, service_names=self._service_names(), now=self._now())
            self.panel.show_ticket(replace(view, recall_limit_reached=self._recall_limit_reached(ticket)))
        elif not self._held:
            self.panel.show_no_ticket(self._window_lost_text())
        elif self.online:
            self.panel.show_no_ticket(self.tr("按 F1 呼叫下一位"))
        else:
            self.panel.show_no_ticket(self.tr("离线：可按 F11 登记纸质号票"))
        text, alert = presenter.window_state_label(self._window, self._pause_labels)
        if not self.online:
            text, alert = self.tr("离线"), True
        elif not self._held:
            text, alert = self.tr("登录已失效，请重新登录。"), True
        self.panel.show_window_state(text, alert=alert)

    def _window_lost_text(self) -> str:
        # Who holds it now, or (signed out, or signed in at another window) the state's own words.
        closed = WindowStatus(no=self.session.window_no, state=WindowState.OFFLINE)
        holder = self._window.clerk if self._window else None
        now = holder or presenter.window_state_label(closed, {})[0]
        if self._window is not None and holder == self.session.display_name and not self._is_me(self._window):
            # Their name alone would read as this clerk's own: another person has it.
            now = self.tr("另一位同名工作人员")
        return (
            self.tr("%1 号窗口已不由您登录（现在：%2）。本机不能再叫号；如需在本机继续，请重新登录。")
            .replace("%1", self.session.window_no)
            .replace("%2", now)
        )

    def _render_queue(self) -> None:
        if self._snapshot is None:
            return
        rows = presenter.waiting_rows(self._snapshot, self._services)
        self.panel.set_waiting(rows, presenter.waiting_total_text(rows))
        self.panel.set_suspended(
            presenter.suspended_rows(self._snapshot, self._services, self.session.window_no)
        )

    def _render_status(self) -> None:
        if self.online:
            self.view.show_online(self.tr("● 已连接服务器"))
        else:
            self.view.show_offline(
                self.tr("● 离线"),
                self.tr(
                    "无法连接服务器（离线）。当前申请人的办理可以继续；叫号暂不可用，纸质号票请按 F11 登记。恢复连接后自动上线。"  # noqa: E501
                ),
            )

    def _recall_limit(self) -> int | None:
        return self._hall.recall_limit if self._hall is not None else None

    def _recall_limit_reached(self, ticket: Ticket | None) -> bool:
        limit = self._recall_limit()
        return ticket is not None and limit is not None and ticket.recall_count >= limit

    def _update_actions(self) -> None:
        actions = self.view.counter_actions
        ticket = self.current_ticket
        state = ticket.state if ticket else None
        recall_spent = self._recall_limit_reached(ticket)
        online = self.online and not self.session.offline and self._held
        idle = online and ticket is None and self.actions.busy is None
        paused = self._window is not None and self._window.state == WindowState.PAUSED
        ready = online and self.actions.busy is None
        paper = self.paper_tickets.current
        enabled = {
            CounterAction.CALL_NEXT: idle and not paused and paper is None,
            CounterAction.RECALL: ready and state == TicketState.CALLED and not recall_spent,
            CounterAction.START: ready and state == TicketState.CALLED,
            CounterAction.FINISH: (ready and state == TicketState.SERVING) or paper is not None,
            CounterAction.NO_SHOW: ready and state == TicketState.CALLED,
            CounterAction.TRANSFER: ready and state in ACTIVE,
            CounterAction.SUSPEND: ready and state in ACTIVE,
            CounterAction.PAUSE: idle,
            CounterAction.CALL_TICKET: idle and not paused and paper is None,
            CounterAction.RESUME: ready and self.panel.selected_suspended() is not None,
            CounterAction.MANUAL_TICKET: not self.online and ticket is None and paper is None,
            CounterAction.HELP: True,
        }
        for name, on in enabled.items():
            actions[name].setEnabled(bool(on))
        pause_label = self.tr("恢复服务") if paused else self.tr("暂停服务")
        actions[CounterAction.PAUSE].setText(f"{pause_label}\nF8")
        self._explain_recall(recall_spent)

    def _explain_recall(self, spent: bool) -> None:
        """A grey F2 says why: pressed, a disabled key does nothing at all."""
        recall = self.view.counter_actions[CounterAction.RECALL]
        if spent:
            why = self.tr("已达重呼次数上限（%1 次）").replace("%1", str(self._recall_limit()))
            recall.setToolTip(f"{why} (F2)")
            recall.setStatusTip(why)
        else:
            recall.setToolTip(self._recall_tips[0])
            recall.setStatusTip(self._recall_tips[1])

    # -- actions --------------------------------------------------------------------------------

    def _act(
        self,
        action: CounterAction,
        fn: Callable[..., ActionResult],
        *,
        key_extra: tuple[Any, ...] = (),
        after: Callable[[ActionResult], None] | None = None,
        resend_if_unanswered: bool = False,
        **fields: Any,
    ) -> None:
        ticket = self.current_ticket
        self.actions.send(
            action,
            fn,
            key=(action.value, ticket.id if ticket else None, *key_extra),
            after=after,
            resend_if_unanswered=resend_if_unanswered,
            **fields,
        )

    def _resend_unanswered(self) -> None:
        if self.online and not self.session.offline:
            self.actions.resend_unanswered()

    def _on_action_failed(self, message: str) -> None:
        self.view.show_notice(message, error=True)

    def _apply_result(self, result: ActionResult) -> None:
        self._last_action_seq = max(self._last_action_seq, result.event_seq)
        self._answers_heard += 1
        self._held = True  # the server acted for this clerk at this window
        if result.window is not None:
            self._window = result.window
        elif self._window is not None:
            active = result.ticket if result.ticket and result.ticket.state in ACTIVE else None
            self._window = WindowStatus(
                no=self._window.no,
                state=self._window.state,
                clerk=self._window.clerk,
                current_ticket=active,
                pause_reason=self._window.pause_reason,
                clerk_user_id=self._window.clerk_user_id,
            )
        self._render_ticket()
        self.monitor.refresh_snapshot()

    def _on_call_next_triggered(self) -> None:
        def after(result: ActionResult) -> None:
            if result.ticket is None:
                self.view.show_notice(self.tr("当前没有等候的申请人。"))

        self._act(
            CounterAction.CALL_NEXT, queue_service.call_next, key_extra=(self._answers_heard,), after=after
        )

    def _on_recall_triggered(self) -> None:
        ticket = self.current_ticket
        if ticket is None:
            return
        self._act(
            CounterAction.RECALL, queue_service.recall, key_extra=(ticket.recall_count,), ticket_id=ticket.id
        )

    def _on_start_triggered(self) -> None:
        ticket = self.current_ticket
        if ticket is not None:
            # The next applicant sits down: the last one's prompt, still open, is theirs no more.
            self.rating.end_contact()
            self._act(CounterAction.START, queue_service.start, ticket_id=ticket.id)

    def _on_finish_triggered(self) -> None:
        if self.paper_tickets.current is not None and self.current_ticket is None:
            self.paper_tickets.finish()
            return
        ticket = self.current_ticket
        if ticket is None:
            return

        def after(_result: ActionResult) -> None:
            self.rating.ask_after_contact(
                RatingContext(
                    request_id=queue_service.new_request_id(),
                    window_no=self.session.window_no,
                    clerk_username=self.session.username,
                    ticket_id=ticket.id,
                    ticket_number=ticket.number,
                )
            )
            # Tell the hall (monitor, pads) a rating was requested; the prompt does not depend on it.
            self.runner.submit(
                "net",
                queue_service.request_rating,
                client=self.client,
                window_no=self.session.window_no,
                request_id=queue_service.new_request_id(),
                ticket_id=ticket.id,
                on_error=lambda exc: log.info("request_rating not recorded: %s", exc),
            )

        self._act(
            CounterAction.FINISH,
            queue_service.finish,
            after=after,
            resend_if_unanswered=True,
            ticket_id=ticket.id,
        )

    def _on_no_show_triggered(self) -> None:
        ticket = self.current_ticket
        if ticket is None:
            return
        question = self.tr("确认 %1 过号？申请人需重新取号。").replace("%1", ticket.number)
        if self.prompts.confirm(self.tr("过号"), question):
            self._act(CounterAction.NO_SHOW, queue_service.no_show, ticket_id=ticket.id)

    def _on_transfer_triggered(self) -> None:
        ticket = self.current_ticket
        if ticket is None:
            return
        names = self._service_names()
        services = [(code, name) for code, name in names.items()] or [(c, c) for c in self._services]
        # A ticket sent to a window nobody is signed in to would wait for a closed counter.
        closed = {
            w.no
            for w in (self._snapshot.windows if self._snapshot else ())
            if w.state == WindowState.OFFLINE or w.clerk is None
        }
        windows = [
            (w.no, w.name)
            for w in (self._hall.windows if self._hall else ())
            if w.no != self.session.window_no and w.no not in closed
        ]
        answer = self.prompts.transfer(ticket_number=ticket.number, services=services, windows=windows)
        if answer is None:
            return
        to_service, to_window, note, keep_time = answer
        self._act(
            CounterAction.TRANSFER,
            queue_service.transfer,
            key_extra=(to_service, to_window, note, keep_time),
            to_service=to_service,
            to_window=to_window,
            note=note,
            keep_time=keep_time,
            ticket_id=ticket.id,
        )

    def _on_suspend_triggered(self) -> None:
        ticket = self.current_ticket
        if ticket is not None:
            self._act(CounterAction.SUSPEND, queue_service.suspend, ticket_id=ticket.id)

    def _on_pause_triggered(self) -> None:
        if self._window is not None and self._window.state == WindowState.PAUSED:
            self._act(CounterAction.PAUSE, queue_service.unpause, key_extra=("unpause",))
            return
        reasons = list(self._pause_labels.items())
        reason = self.prompts.pause_reason(reasons)
        if reason:
            self._act(CounterAction.PAUSE, queue_service.pause, key_extra=("pause", reason), reason=reason)

    def _on_call_ticket_triggered(self) -> None:
        answer = self.prompts.ticket_number(
            title=self.tr("指定叫号"), prompt=self.tr("请输入要呼叫的号码，例如 A012：")
        )
        if answer is None:
            return
        self.call_ticket_number(answer[0])

    def call_ticket_number(self, raw: str) -> None:
        """F9: call today's ticket with this number; the server says when it is unknown or not
        waiting (its messages name the number and the ticket's state)."""
        try:
            number = normalize_ticket_number(raw)
        except ValidationError as exc:
            self.view.show_notice(describe_error(exc), error=True)
            return
        self._act(CounterAction.CALL_TICKET, queue_service.call_ticket, key_extra=(number,), number=number)

    def _on_resume_triggered(self) -> None:
        ticket_id = self.panel.selected_suspended()
        if ticket_id is None:
            return

        def after(result: ActionResult) -> None:
            if result.ticket is not None and result.ticket.window_no != self.session.window_no:
                self.view.show_notice(self.tr("%1 已恢复排队。").replace("%1", result.ticket.number))

        self._act(
            CounterAction.RESUME,
            queue_service.resume,
            key_extra=(ticket_id,),
            after=after,
            ticket_id=ticket_id,
        )

    def _on_manual_ticket_triggered(self) -> None:
        self.paper_tickets.ask(self.prompts)

    def add_manual_ticket(self, number: str, *, note: str = "") -> None:
        self.paper_tickets.add(number, note=note)

    def _on_paper_tickets_recorded(self, _record: object) -> None:
        self.rating.end_contact()  # as at START: a paper ticket is served from the moment it is taken
        self.outbox_written.emit()

    def _on_paper_tickets_notice(self, text: str, error: bool) -> None:
        self.view.show_notice(text, error=error)

    def _on_help_triggered(self) -> None:
        self.prompts.shortcuts()

    # -- feed and status ------------------------------------------------------------------------

    def _on_monitor_online_changed(self, online: bool) -> None:
        if online:
            # Snapshots from here on were asked for after the reconnect, so none is older than an
            # answer heard before it; and a server restored from a backup numbers its events
            # lower than that answer did, which would keep every snapshot out for good.
            self._last_action_seq = 0
        if online and self.session.offline:
            self.relogin_needed.emit(self.tr("服务器已恢复，请联网登录以继续叫号。"))
        if not online:
            self._seen_offline = True
        elif self._seen_offline:
            self.view.show_notice(self.tr("已恢复与服务器的连接。"), seconds=4)
        if online and not self.session.offline:
            if self._hall is None:
                self._load_reference_data()
            else:
                # The layout may have changed while the feed was down (it resumes from the
                # snapshot's seq, past any hall_configured missed).
                self.hall_reader.read()
        if online:
            self._resend_unanswered()
        self._render_all()

    def _on_monitor_events_received(self, batch: EventBatch) -> None:
        if batch.hall_configured:
            self.hall_reader.read(changed=True)  # services renamed, or this window's order changed
        if not self._snapshot_timer.isActive():
            self._snapshot_timer.start()

    def _on_snapshot_timer_timeout(self) -> None:
        self.monitor.refresh_snapshot()

    def _on_monitor_snapshot_loaded(self, snapshot: HallSnapshot) -> None:
        self._snapshot = snapshot
        if snapshot.server_time is not None:
            self._skew = snapshot.server_time - self._clock()
        mine = snapshot.window(self.session.window_no)
        # An action's own answer is newer than a snapshot taken before it; never step back.
        if mine is not None and self.actions.busy is None and snapshot.seq >= self._last_action_seq:
            self._window = mine
            self._judge_held(mine)
        self._render_all()

    def _judge_held(self, mine: WindowStatus) -> None:
        """The snapshot names who is signed in to the window. A window lost is said once, with a
        sign-in offered; signing in again here takes the window back."""
        if self.session.offline:
            return
        held = mine.state != WindowState.OFFLINE and self._is_me(mine)
        if held == self._held:
            return
        self._held = held
        if not held:
            log.info("window %s now held by %r, not %s", mine.no, mine.clerk, self.session.username)
            self._render_all()
            self.relogin_needed.emit(self._window_lost_text())

    def _is_me(self, window: WindowStatus) -> bool:
        # By user id: a hall may have two clerks of the same display name. A server that does not
        # send the id yet leaves only the name to go by.
        my_id = self.session.login.user.id
        if window.clerk_user_id is not None and isinstance(my_id, int):
            return window.clerk_user_id == my_id
        return window.clerk == self.session.display_name

    def _on_monitor_auth_lost(self, message: str) -> None:
        self.view.show_notice(self.tr("登录已失效，请重新登录。"), error=True)
        self.relogin_needed.emit(message)

    def _on_rating_saved(self, _record: object) -> None:
        self.outbox_written.emit()

    def _on_rating_save_failed(self, message: str) -> None:
        self.view.show_notice(
            self.tr("评价暂未保存，已留存，将自动重试：%1").replace("%1", message), error=True
        )

    def _on_rating_save_refused(self, message: str) -> None:
        self.view.show_notice(self.tr("评价保存失败：%1").replace("%1", message), error=True)

    def _on_rating_unsaved_changed(self, count: int) -> None:
        label = self.view.status_unsaved_ratings
        label.setText(self.tr("评价待保存：%1 条").replace("%1", str(count)))
        label.setVisible(count > 0)
