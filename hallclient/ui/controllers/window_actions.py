"""Sending the clerk's window actions: one at a time, each retried under its first request_id.

Kept apart from the counter's controller, which decides *what* to send and renders the answers:
this object owns how a send goes — the busy guard that keeps a second key press from sending a
second action, the request ids that make a retry after a lost answer a replay rather than a new
action, and the finish that is sent again by itself once the server is back (after an answer
that leaves open what happened: a few times over two minutes).

Only the server's own refusal (4xx) or its answer settles a request_id. Any other failure leaves
open whether the action was done — a gateway's 502/504 can come after the server acted on the
request — so the same key pressed again sends the same request_id and the server answers it with
what it did the first time instead of doing it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hallclient.domain.errors import (
    REFUSALS,
    AuthError,
    HallError,
    OfflineError,
)
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.models import ActionResult
from hallclient.ui.controllers.connection import ConnectionMonitor
from hallclient.ui.errors import describe_error
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.actions import CounterAction

log = logging.getLogger("hallclient.ui.counter")

# After an answer that leaves open whether the server acted (a gateway's 502, …), an action that is
# sent again by itself waits this long before each try (the server is reachable, so no reconnect
# will prompt the resend). After the last, about two minutes on, the applicant its answer would
# ask to rate has left: the clerk's key, which keeps the request id, is the way on.
RESEND_AFTER_S = (2.0, 5.0, 10.0, 30.0, 30.0, 30.0)

# The server's answers that say it did nothing (4xx).


@dataclass(frozen=True)
class SentAction:
    """One clerk action as sent: a retry sends exactly this again."""

    action: CounterAction
    fn: Callable[..., ActionResult]
    key: tuple[Any, ...]
    request_id: str
    fields: dict[str, Any]
    after: Callable[[ActionResult], None] | None
    resend_if_unanswered: bool


class WindowActionSender(QObject):
    """Sends window actions on the runner's net lane and reports back on the GUI thread.

    ``answered`` comes first with each answer (the controller applies it), then the action's own
    follow-up runs, then ``busy_changed``. ``notice`` carries what the clerk should read about a
    failure; ``auth_lost`` a refused sign-in (401).
    """

    busy_changed = Signal()
    answered = Signal(object)  # ActionResult
    notice = Signal(str)  # an error for the notice line
    auth_lost = Signal(str)

    def __init__(
        self,
        *,
        runner: TaskRunner,
        client: ServerClient,
        monitor: ConnectionMonitor,
        window_no: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.client = client
        self.monitor = monitor
        self.window_no = window_no
        self._ids = queue_service.RequestIds()
        self._busy: CounterAction | None = None
        self._unanswered: SentAction | None = None  # sent, answer lost; resent when back online
        self._resend_timer = QTimer(self)
        self._resend_timer.setSingleShot(True)
        self._resend_timer.timeout.connect(self._on_resend_timer_timeout)
        self._resend_tries = 0

    @property
    def busy(self) -> CounterAction | None:
        """The action waiting for its answer, if any."""
        return self._busy

    def send(
        self,
        action: CounterAction,
        fn: Callable[..., ActionResult],
        *,
        key: tuple[Any, ...],
        after: Callable[[ActionResult], None] | None = None,
        resend_if_unanswered: bool = False,
        **fields: Any,
    ) -> None:
        """``key`` names the action and everything the clerk chose for it: the same key after a
        lost answer gets the same request_id, so pressing again replays rather than repeats, and
        a changed choice is a new request. ``resend_if_unanswered``: when the answer is lost, send
        the same request again by itself once the server is back, for an action whose follow-up
        needs its answer and which the clerk could not repeat (F4: the screen then shows the
        ticket finished, with no F4)."""
        if self._busy is not None:
            return
        if self._unanswered is not None and self._unanswered.key == key:
            # The clerk pressed it again before the resend: this is that resend.
            self.forget_unanswered()
        self._send(
            SentAction(
                action=action,
                fn=fn,
                key=key,
                request_id=self._ids.id_for(key),
                fields=fields,
                after=after,
                resend_if_unanswered=resend_if_unanswered,
            )
        )

    def resend_unanswered(self) -> None:
        """The same request as before, request_id and all: the server answers it once, so a
        finish it already made is not made again, only its answer heard."""
        sent = self._unanswered
        if sent is None or self._busy is not None:
            return
        self._unanswered = None
        self._resend_timer.stop()
        self._send(sent)

    def forget_unanswered(self) -> SentAction | None:
        """Drop the action waiting to be sent again, and return it."""
        sent, self._unanswered = self._unanswered, None
        self._resend_timer.stop()
        self._resend_tries = 0
        return sent

    def _resend_later(self, sent: SentAction) -> bool:
        """Whether it will be sent again by itself."""
        if self._resend_tries >= len(RESEND_AFTER_S):
            log.warning("%s: no answer after %d tries, not sent again", sent.action.value, self._resend_tries)
            self._resend_tries = 0
            return False
        self._unanswered = sent
        self._resend_timer.start(int(RESEND_AFTER_S[self._resend_tries] * 1000))
        self._resend_tries += 1
        return True

    def _on_resend_timer_timeout(self) -> None:
        if self._busy is not None:
            self._resend_timer.start(int(RESEND_AFTER_S[0] * 1000))
        elif self.monitor.online:
            # Offline, the reconnect sends it (``resend_unanswered``).
            self.resend_unanswered()

    def _send(self, sent: SentAction) -> None:
        self._busy = sent.action
        self.busy_changed.emit()
        self.runner.submit(
            "net",
            sent.fn,
            client=self.client,
            window_no=self.window_no,
            request_id=sent.request_id,
            on_done=lambda result: self._on_done(sent, result),
            on_error=lambda exc: self._on_failed(sent, exc),
            **sent.fields,
        )

    def _on_done(self, sent: SentAction, result: ActionResult) -> None:
        self._busy = None
        if self._unanswered is None:
            self._resend_tries = 0
        self._ids.settle(sent.key)
        self.monitor.report_contact()
        self.answered.emit(result)
        if sent.after is not None:
            sent.after(result)
        self.busy_changed.emit()

    def _on_failed(self, sent: SentAction, exc: BaseException) -> None:
        self._busy = None
        if isinstance(exc, OfflineError):
            # The key keeps its request_id: pressing again after recovery is a retry.
            self.monitor.report_offline(str(exc))
            if sent.resend_if_unanswered:
                self._unanswered = sent
                text = self.tr("操作结果未知：%1 恢复连接后自动补发，不会重复。")
            else:
                text = self.tr("操作未完成：%1 恢复连接后再按一次即可，不会重复。")
            self.notice.emit(text.replace("%1", describe_error(exc)))
        elif isinstance(exc, REFUSALS):
            # The server's own no: nothing was done, and the key pressed again is a new request.
            self._ids.settle(sent.key)
            if self._unanswered is None:
                self._resend_tries = 0
            self.notice.emit(describe_error(exc))
            if isinstance(exc, AuthError) and exc.params.get("status") == 401:
                self.auth_lost.emit(describe_error(exc))
            self.monitor.refresh_snapshot()
        else:
            # A 5xx, an answer that is not the server's JSON, a bug: the key keeps its request_id.
            log.warning(
                "%s: outcome unknown, request_id %s kept: %s: %s %s",
                sent.action.value,
                sent.request_id,
                type(exc).__name__,
                exc,
                exc.params if isinstance(exc, HallError) else "",
            )
            # F4: the screen may re-read the ticket as finished and grey the key, so the clerk
            # could not press it again for the rating prompt.
            resending = sent.resend_if_unanswered and self._resend_later(sent)
            if isinstance(exc, HallError) and exc.code == "server_busy":
                # A gateway's rate limit (429) did nothing; its own words say to try again later.
                text = describe_error(exc)
            elif resending:
                text = self.tr("操作结果未知：%1 稍后自动补发，不会重复。").replace("%1", describe_error(exc))
            else:
                text = self.tr("操作结果未知：%1 如画面未更新，再按一次即可，不会重复。").replace(
                    "%1", describe_error(exc)
                )
            self.notice.emit(text)
            self.monitor.refresh_snapshot()
        self.busy_changed.emit()
