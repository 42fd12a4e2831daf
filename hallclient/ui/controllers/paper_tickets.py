"""Paper tickets served at the window while the server cannot be reached (DESIGN §4, offline).

Calling needs the server; without it the clerk types the number from the applicant's paper ticket
(F11). The number is stored with its outbox mutation on the db lane and reconciled on sync, where
a number the hall also issued online becomes a clash for the manager, not for this screen. Kept
apart from the counter's controller, which renders the paper ticket like any other and asks for
the rating when it is finished.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from hallclient.queue import service as queue_service
from hallclient.rating.service import RatingContext
from hallclient.store import Store, repo
from hallclient.store.repo import ManualTicketRecord
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.controllers.prompts import CounterPrompts
from hallclient.ui.controllers.session import ClerkSession
from hallclient.ui.errors import describe_error
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.queue_panel import TicketView


class PaperTicketController(QObject):
    """The paper ticket in service at this window, if any: taken in, stored, finished.

    ``notice`` carries what the clerk should read (text, and whether it is an error); ``recorded``
    a paper ticket now waiting in the outbox; ``finished`` the rating context for the applicant
    served on it; ``changed`` comes last whenever the paper ticket in service came or went.
    """

    notice = Signal(str, bool)
    recorded = Signal(object)  # ManualTicketRecord
    finished = Signal(object)  # RatingContext
    changed = Signal()

    def __init__(
        self,
        *,
        runner: TaskRunner,
        store: Store,
        monitor: ConnectionMonitor,
        session: ClerkSession,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.monitor = monitor
        self.session = session
        self._clock = clock
        self._current: ManualTicketRecord | None = None

    @property
    def current(self) -> ManualTicketRecord | None:
        """The paper ticket being served, once stored."""
        return self._current

    def ticket_view(self) -> TicketView | None:
        if self._current is None:
            return None
        return TicketView(
            number=self._current.number,
            service_name=self.tr("纸质号票"),
            state_label=self.tr("办理中"),
            waited="",
            recall_count=0,
            green_channel=False,
            manual=True,
        )

    def ask(self, prompts: CounterPrompts) -> None:
        """F11: the number on the applicant's paper ticket, only while the server is away."""
        if self.monitor.online:
            return
        answer = prompts.ticket_number(
            title=self.tr("手工登记纸质号票"),
            prompt=self.tr("服务器离线。请输入申请人纸质号票上的号码，恢复连接后会自动核对："),
        )
        if answer is None:
            return
        number, note = answer
        self.add(number, note=note)

    def add(self, number: str, *, note: str = "") -> None:
        def store_it() -> ManualTicketRecord:
            with self.store.session() as session:
                return repo.add_manual_ticket(
                    session,
                    number=number,
                    window_no=self.session.window_no,
                    clerk_username=self.session.username,
                    at=self._clock(),
                    note=note or None,
                )

        self.runner.submit("db", store_it, on_done=self._on_ticket_stored, on_error=self._on_ticket_failed)

    def finish(self) -> None:
        """The applicant on the paper ticket is done: no server to tell, only a rating to ask."""
        record, self._current = self._current, None
        if record is None:
            return
        self.finished.emit(
            RatingContext(
                request_id=queue_service.new_request_id(),
                window_no=self.session.window_no,
                clerk_username=self.session.username,
                ticket_number=record.number,
            )
        )
        self.changed.emit()

    def _on_ticket_stored(self, record: ManualTicketRecord) -> None:
        self._current = record
        self.notice.emit(
            self.tr("已登记纸质号票 %1，恢复连接后自动核对。").replace("%1", record.number), False
        )
        self.recorded.emit(record)
        self.changed.emit()

    def _on_ticket_failed(self, exc: BaseException) -> None:
        self.notice.emit(describe_error(exc), True)
