"""The kiosk's behaviour: take a ticket with one touch, print it, never issue two for one touch.

A touch starts one request with its own request_id; further touches are ignored until it is
answered (a double tap is one ticket). If the answer is lost (timeout), the next touch of the
same choice reuses the id, so the server answers with the ticket it already issued instead of
a second one. Every HTTP call runs on the runner's net lane; rendering and printing run on its
db lane (the kiosk keeps no database), one ticket at a time, so a printer that hangs holds up
only the printing, never the taking of tickets.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import (
    REFUSALS,
    AuthError,
    HallError,
    OfflineError,
)
from hallclient.printing import DocumentType, TicketData, paper_for, render_document, status_url
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.models import EventBatch, HallInfo, HallSnapshot, Ticket, TicketId
from hallclient.settings import PrintSettings
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.hall_reader import HallReader
from hallclient.ui.errors import describe_error
from hallclient.ui.kiosk.printer import TicketPrinter
from hallclient.ui.kiosk.view import IssuedTicket, KioskWindow, Page, ServiceButton
from hallclient.ui.tasks import Lane, TaskRunner

log = logging.getLogger("hallclient.ui.kiosk")

TICKET_PAGE_MS = 20000  # the issued ticket stays on screen this long, then the kiosk resets
IDLE_RESET_MS = 60000  # a half-finished choice (green channel, appointment) is dropped after this
HALL_RETRY_MS = 5000
SNAPSHOT_DEBOUNCE_MS = 1000
REQUEST_ID_AGE_S = 120.0  # a touch minutes later is a new applicant, not a retry
MAX_WINDOW_HINT = 6
APPOINTMENT_CODE = re.compile(r"^[A-Za-z0-9-]{4,32}$")
PRINT_LANE: Lane = "db"


@dataclass(frozen=True)
class IssueChoice:
    service: str
    green_channel: bool
    appointment_code: str

    @property
    def key(self) -> tuple[str, str, bool, str]:
        return ("issue", self.service, self.green_channel, self.appointment_code)


class KioskController(QObject):
    ticket_issued = Signal(object)  # Ticket
    ticket_printed = Signal(str)  # where it went

    def __init__(
        self,
        *,
        view: KioskWindow,
        runner: TaskRunner,
        client: ServerClient,
        printer: TicketPrinter,
        print_settings: PrintSettings | None = None,
        public_base: str = "",
        poll_timeout_s: float = 25.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.runner = runner
        self.client = client
        self.printer = printer
        self.print_settings = print_settings or PrintSettings()
        # Where applicants' phones reach the server (``public_base_url`` in printing); the ticket
        # page is ``<public base>/t/<token>``, as on the counter's printed tickets.
        self.public_base = (public_base or client.base_url).rstrip("/")
        self.monitor = ConnectionMonitor(
            runner=runner, client=client, poll_timeout_s=poll_timeout_s, parent=self
        )
        self.hall: HallInfo | None = None
        self.snapshot: HallSnapshot | None = None
        self.hall_reader = HallReader(runner=runner, client=client, retry_ms=HALL_RETRY_MS, parent=self)
        self.issuing: IssueChoice | None = None
        # Prints take seconds and the next applicant may take a ticket meanwhile: a print's result
        # only goes on screen if its ticket is still the one shown.
        self._shown_ticket: TicketId | None = None
        self.appointment_code = ""
        self._ids = queue_service.RequestIds(max_age_s=REQUEST_ID_AGE_S)
        self._clock = clock or (lambda: datetime.now().astimezone())
        self._skew = timedelta(0)  # the hall's clock is the server's, not this PC's
        self._day: date | None = None  # the server's day at the last clock tick
        # The credential the server refused (a revoked or expired token, a device that may not
        # issue). Reads with it may still be answered for a few seconds from the server's sign-in
        # cache, so only a snapshot read with another credential (signed in again) lifts it.
        self._refused: str | None = None

        self._ticket_timer = self._timer(TICKET_PAGE_MS, self._on_ticket_timer_timeout)
        self._idle_timer = self._timer(IDLE_RESET_MS, self._on_idle_timer_timeout)
        self._snapshot_timer = self._timer(SNAPSHOT_DEBOUNCE_MS, self._on_snapshot_timer_timeout)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self._wire()

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _wire(self) -> None:
        self.view.service_chosen.connect(self._on_view_service_chosen)
        self.view.key_pressed.connect(self._on_view_key_pressed)
        self.view.green_button.toggled.connect(self._on_green_button_toggled)
        self.view.appointment_button.clicked.connect(self._on_appointment_button_clicked)
        self.view.appointment_next.clicked.connect(self._on_appointment_next_clicked)
        self.view.appointment_back.clicked.connect(self._on_appointment_back_clicked)
        self.view.appointment_code.returnPressed.connect(self._on_appointment_next_clicked)
        self.view.cancel_mode_button.clicked.connect(self._on_cancel_mode_button_clicked)
        self.view.done_button.clicked.connect(self._on_done_button_clicked)
        self.hall_reader.loaded.connect(self._on_hall_loaded)
        self.hall_reader.failed.connect(self._on_hall_failed)
        self.monitor.online_changed.connect(self._on_monitor_online_changed)
        self.monitor.snapshot_loaded.connect(self._on_monitor_snapshot_loaded)
        self.monitor.events_received.connect(self._on_monitor_events_received)
        self.monitor.auth_lost.connect(self._on_monitor_auth_lost)

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        self._on_clock_timer_timeout()
        self._clock_timer.start()
        self.view.set_issuing_enabled(False)
        self.view.show_message(self.tr("正在连接服务器…"))
        self.hall_reader.read()
        self.monitor.start(online=True)
        # The first PDF needs the fonts found and parsed (a few hundred ms): do it now, not at a
        # touch. On the printing lane, so that the first reads from the server are not kept
        # waiting behind it, and a ticket printed meanwhile waits for the fonts it needs anyway.
        self.runner.submit(
            PRINT_LANE, _warm_up_printing, on_error=lambda exc: log.warning("font warm-up: %s", exc)
        )

    def shutdown(self) -> None:
        self.monitor.stop()
        self.hall_reader.stop()
        for timer in (self._ticket_timer, self._idle_timer, self._snapshot_timer):
            timer.stop()
        self._clock_timer.stop()

    @property
    def can_issue(self) -> bool:
        return (
            self.monitor.online and self.hall is not None and self.issuing is None and self._refused is None
        )

    def _credential(self) -> str:
        # What the client sends: a signed-in user's token wins over the device token.
        return self.client.token or self.client.device_token

    # -- hall and counts ------------------------------------------------------------------------

    def _on_hall_loaded(self, hall: HallInfo) -> None:
        first = self.hall is None
        self.hall = hall
        self.view.hall_name.setText(hall.name)
        if first:
            self.view.show_message("")  # "connecting"; later, the applicant may be reading one
        self._render_services()

    def _on_hall_failed(self, exc: BaseException) -> None:
        log.info("hall configuration not loaded: %s", exc)  # read again shortly

    def _on_monitor_snapshot_loaded(self, snapshot: HallSnapshot) -> None:
        self.snapshot = snapshot
        if self._refused is not None and self._credential() != self._refused:
            log.info("kiosk authorised again")
            self._refused = None
            self._show_banner()
        if snapshot.server_time is not None:
            self._skew = snapshot.server_time - self._clock()
        self._render_services()

    def _on_monitor_events_received(self, batch: EventBatch) -> None:
        if batch.hall_configured:
            self.hall_reader.read(changed=True)  # a service added or renamed: the buttons follow
        # Not restarted by each event: in a busy hall the feed never pauses for the interval,
        # and a restarting timer would leave the buttons' waiting counts frozen.
        counts = batch.hall_configured or any(e.type.startswith("ticket_") for e in batch.events)
        if counts and not self._snapshot_timer.isActive():
            self._snapshot_timer.start()

    def _on_snapshot_timer_timeout(self) -> None:
        self.monitor.refresh_snapshot()

    def _on_monitor_online_changed(self, online: bool) -> None:
        self._show_banner()
        if online:
            # Also after an outage: the layout may have been changed meanwhile, unseen by the feed
            # (it resumes from the snapshot's seq). At start the read is out already.
            self.hall_reader.read()
        self._update_enabled()

    def _on_monitor_auth_lost(self, message: str) -> None:
        log.error("kiosk not authorised: %s", message)
        self._refuse(self._credential())

    def _refuse(self, credential: str) -> None:
        self._refused = credential
        self._show_banner()
        self._update_enabled()

    def _show_banner(self) -> None:
        if not self.monitor.online:
            self.view.set_offline(
                self.tr("网络连接中断，暂时无法取号。请到咨询台（导服台）人工取号，给您带来不便敬请谅解。")
            )
        elif self._refused is not None:
            self.view.set_offline(self.tr("本机未获授权取号，请联系大厅管理员。"))
        else:
            self.view.set_offline("")

    def _render_services(self) -> None:
        if self.hall is None:
            return
        counts = {s.code: s.waiting for s in self.snapshot.services} if self.snapshot else {}
        self.view.set_services(
            [
                ServiceButton(code=s.code, name=s.name, prefix=s.prefix, waiting=counts.get(s.code))
                for s in self.hall.services
            ],
            self.tr("等候 %1 人"),
        )
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.view.set_issuing_enabled(self.can_issue)

    # -- choosing -------------------------------------------------------------------------------

    def _on_green_button_toggled(self, checked: bool) -> None:
        self._touched()
        self.view.show_message(self.tr("已选择绿色通道，请选择业务。") if checked else "")

    def _on_appointment_button_clicked(self) -> None:
        self._touched()
        self.view.appointment_code.clear()
        self.view.show_message("")
        self.view.show_page(Page.APPOINTMENT)

    def _on_view_key_pressed(self, key: str) -> None:
        self._touched()
        field = self.view.appointment_code
        if key == "back":
            field.backspace()
        elif key == "clear":
            field.clear()
        else:
            field.insert(key)

    def _on_appointment_next_clicked(self) -> None:
        self._touched()
        code = self.view.appointment_code.text().strip().upper()
        if not APPOINTMENT_CODE.match(code):
            self.view.show_message(self.tr("预约码应为 4 到 32 位数字或字母，请核对后重新输入。"), error=True)
            return
        self.appointment_code = code
        self.view.set_mode_banner(self.tr("预约签到（预约码 %1）：请选择您预约的业务").replace("%1", code))
        self.view.show_message("")
        self.view.show_page(Page.SERVICES)

    def _on_appointment_back_clicked(self) -> None:
        self._reset_choice()

    def _on_cancel_mode_button_clicked(self) -> None:
        self._reset_choice()

    def _on_idle_timer_timeout(self) -> None:
        if self.issuing is not None:
            self._idle_timer.start()  # the choice is still being answered: the idle time starts again
        elif self.view.current_page() is not Page.TICKET:
            self._reset_choice()

    def _touched(self) -> None:
        self._idle_timer.start()

    def _reset_choice(self) -> None:
        self.appointment_code = ""
        self.view.green_button.setChecked(False)
        self.view.set_mode_banner("")
        self.view.appointment_code.clear()
        self.view.show_message("")
        self.view.show_page(Page.SERVICES)

    # -- issuing --------------------------------------------------------------------------------

    def _on_view_service_chosen(self, service: str) -> None:
        if self.issuing is not None:
            return  # the second tap of a double tap: the first one's ticket is on its way
        if not self.can_issue:
            self.view.show_message(self.tr("暂时无法取号，请到咨询台人工取号。"), error=True)
            return
        choice = IssueChoice(
            service=service,
            green_channel=self.view.green_button.isChecked(),
            appointment_code=self.appointment_code,
        )
        self.issuing = choice
        self._update_enabled()
        self.view.show_message(self.tr("正在取号，请稍候…"))
        request_id = self._ids.id_for(choice.key)
        credential = self._credential()
        self.runner.submit(
            "net",
            self.client.issue_ticket,
            service=choice.service,
            request_id=request_id,
            source="appointment" if choice.appointment_code else "kiosk",
            green_channel=choice.green_channel,
            appointment_id=choice.appointment_code or None,
            on_done=lambda ticket: self._on_issue_done(choice, ticket),
            on_error=lambda exc: self._on_issue_failed(choice, exc, credential),
        )

    def _on_issue_done(self, choice: IssueChoice, ticket: Ticket) -> None:
        self._ids.settle(choice.key)
        self.issuing = None
        self.monitor.report_contact()
        self._reset_choice()
        self._shown_ticket = ticket.id
        ahead = ticket.people_ahead if ticket.people_ahead is not None else 0
        self.view.show_ticket(
            IssuedTicket(
                number=ticket.number,
                service_name=self._service_name(ticket.service),
                ahead_text=self.tr("您前面还有 %1 人等候").replace("%1", str(ahead)),
                hint=self._window_hint(ticket.service),
                green_channel=ticket.green_channel,
            )
        )
        self.view.print_status.setText(self.tr("正在打印号票…"))
        self._ticket_timer.start()
        self._update_enabled()
        self.ticket_issued.emit(ticket)
        data = TicketData(
            hall_name=self.hall.name if self.hall else "",
            service_name=self._service_name(ticket.service),
            number=ticket.number,
            people_ahead=ahead,
            issued_at=ticket.issued_at or self._server_now(),
            status_url=self.ticket_status_url(ticket),
            green_channel=ticket.green_channel,
            note=self.tr("预约签到") if choice.appointment_code else "",
            window_hint=self._window_hint(ticket.service),
        )
        # Not the net lane: a print driver that blocks (out of paper, offline) would take its
        # workers one ticket at a time until no request could reach the server.
        self.runner.submit(
            PRINT_LANE,
            self._print,
            data,
            on_done=lambda where: self._on_print_done(ticket, where),
            on_error=lambda exc: self._on_print_failed(ticket, exc),
        )

    def ticket_status_url(self, ticket: Ticket) -> str:
        """The QR content: the server's own address for the ticket page when it sends an absolute
        one, else the public base with the ticket's token."""
        sent = urlsplit(ticket.status_url.strip())
        if sent.scheme in ("http", "https") and sent.netloc:
            return ticket.status_url.strip()
        return status_url(self.public_base + "/t/", ticket.public_token)

    def _on_issue_failed(self, choice: IssueChoice, exc: BaseException, credential: str) -> None:
        self.issuing = None
        # The error and a half-done choice (绿色通道, an appointment) go after the idle time, not
        # when the next applicant touches a service with them.
        self._touched()
        if isinstance(exc, OfflineError):
            # Keep the request_id: the server may have issued it; the next touch asks again.
            self.monitor.report_offline(str(exc))
            self.view.show_message(self.tr("网络中断，未能取号，请稍后再试或到咨询台人工取号。"), error=True)
            self._update_enabled()
            return
        if isinstance(exc, HallError) and exc.code == "server_busy":
            # A gateway's rate limit (429): nothing was issued, and the next touch may well work.
            # The request_id is kept all the same, as for any answer that is not the server's own.
            log.info("ticket for %s not issued, server busy: %s", choice.service, exc)
            self.view.show_message(
                self.tr("取号的人较多，系统繁忙，未能取号。请稍后再试，或到咨询台（导服台）人工取号。"),
                error=True,
            )
        elif isinstance(exc, REFUSALS):
            self._ids.settle(choice.key)
            log.info("ticket for %s refused: %s", choice.service, exc)
            # The server's own sentence (a service no longer offered, a device that may not issue).
            self.view.show_message(describe_error(exc), error=True)
        else:
            # A 5xx (a gateway's 502/504), an answer that could not be read, a bug: the ticket may
            # have been issued all the same; the next touch of that choice asks again with the same
            # request_id and gets that ticket rather than a second one. The applicant needs to know
            # what to do, not the status; that is for IT, in the log.
            log.warning(
                "ticket for %s not issued: %s: %s %s",
                choice.service,
                type(exc).__name__,
                exc,
                exc.params if isinstance(exc, HallError) else "",
            )
            self.view.show_message(
                self.tr("系统暂时出现故障，未能取号。请稍后再试，或到咨询台（导服台）人工取号。"),
                error=True,
            )
        if isinstance(exc, AuthError):
            self._refuse(credential)
        self._update_enabled()

    def _print(self, data: TicketData) -> str:
        document = render_document(
            DocumentType.TICKET, data, paper=paper_for(DocumentType.TICKET, self.print_settings)
        )
        stamp = data.issued_at.strftime("%Y%m%d")
        return self.printer.print_pdf(document.pdf, name=f"{stamp}-{data.number}")

    def _on_print_done(self, ticket: Ticket, where: str) -> None:
        if ticket.id == self._shown_ticket:
            self.view.print_status.setText(self.tr("请取走号票，留意叫号屏幕和语音提示。"))
        else:
            log.info("ticket %s printed after the next ticket was shown", ticket.number)
        self.ticket_printed.emit(where)

    def _on_print_failed(self, ticket: Ticket, exc: BaseException) -> None:
        log.error("ticket %s not printed: %s", ticket.number, exc)
        if ticket.id != self._shown_ticket:
            return  # an earlier applicant's ticket: the screen now belongs to the next one
        self.view.print_status.setText(
            self.tr("号票未能打印（%1）。请记下您的号码，或到咨询台补打。").replace("%1", describe_error(exc))
        )

    def _on_ticket_timer_timeout(self) -> None:
        self._reset_choice()

    def _on_done_button_clicked(self) -> None:
        self._ticket_timer.stop()
        self._reset_choice()

    # -- words ----------------------------------------------------------------------------------

    def _service_name(self, code: str) -> str:
        if self.hall is not None:
            for service in self.hall.services:
                if service.code == code:
                    return service.name
        return code

    def _window_hint(self, service: str) -> str:
        if self.hall is None:
            return ""
        windows = [w.no for w in self.hall.windows if service in w.services]
        if not windows or len(windows) > MAX_WINDOW_HINT:
            return ""
        return self.tr("请留意叫号，到 %1 号窗口办理").replace("%1", "、".join(windows))

    def _server_now(self) -> datetime:
        now = self._clock() + self._skew
        if self.snapshot is not None and self.snapshot.server_time is not None:
            return now.astimezone(self.snapshot.server_time.tzinfo)
        return now

    def _on_clock_timer_timeout(self) -> None:
        now = self._server_now()
        self.view.clock.setText(now.strftime("%Y-%m-%d %H:%M"))
        if self._day is not None and now.date() != self._day:
            # The server counts today's tickets only: at midnight the buttons' counts change with
            # no event to say so, and yesterday's leftovers must not greet the morning.
            self.monitor.refresh_snapshot()
        self._day = now.date()


def _warm_up_printing() -> None:
    from hallclient.printing import default_font_chain

    default_font_chain()
