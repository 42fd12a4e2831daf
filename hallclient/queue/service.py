"""Window actions as functions: one call per clerk action, each with its own request_id.

The server answers a repeated request_id with its first answer, so retrying after a timeout can
never call a second applicant. A read timeout is retried here once with the same id; a refused
connection is not (the server is down: say so at once). ``RequestIds`` lets the UI reuse the id
when the clerk presses the same key again after a failure.

``ticket_id`` on the actions that act on the window's current ticket names the ticket the clerk
sees: the server refuses (409 ``not_this_window``) when the window has another one by now, so a
screen that is behind never 过号s or finishes the wrong applicant.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from hallclient.domain.errors import OfflineError, ValidationError
from hallclient.queue.client import ServerClient
from hallclient.queue.models import ActionResult, Ticket, TicketId, WindowAction

log = logging.getLogger("hallclient.queue")

TIMEOUT_RETRIES = 1


def new_request_id() -> str:
    return uuid.uuid4().hex


def perform_action(
    *,
    client: ServerClient,
    window_no: str,
    action: WindowAction,
    request_id: str,
    retries: int = TIMEOUT_RETRIES,
    **fields: Any,
) -> ActionResult:
    attempt = 0
    while True:
        try:
            return client.window_action(window_no=window_no, action=action, request_id=request_id, **fields)
        except OfflineError as exc:
            if exc.code != "timeout" or attempt >= retries:
                raise
            attempt += 1
            log.info("%s timed out; retrying with the same request_id %s", action.value, request_id)
            time.sleep(0.2)


def call_next(*, client: ServerClient, window_no: str, request_id: str) -> ActionResult:
    return perform_action(
        client=client, window_no=window_no, action=WindowAction.CALL_NEXT, request_id=request_id
    )


def call_ticket(
    *,
    client: ServerClient,
    window_no: str,
    request_id: str,
    ticket_id: TicketId | None = None,
    number: str | None = None,
) -> ActionResult:
    """Call one waiting ticket, named by its id or by today's number as printed ("A012")."""
    if (ticket_id is None) == (number is None):
        raise ValidationError("指定叫号需要号票编号或号码（只给一个）", field="number")
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.CALL,
        request_id=request_id,
        ticket_id=ticket_id,
        number=number,
    )


def recall(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: TicketId | None = None
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.RECALL,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def start(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: TicketId | None = None
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.START,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def finish(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: TicketId | None = None
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.FINISH,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def no_show(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: TicketId | None = None
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.NO_SHOW,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def transfer(
    *,
    client: ServerClient,
    window_no: str,
    request_id: str,
    to_service: str | None = None,
    to_window: str | None = None,
    note: str = "",
    keep_time: bool = True,
    ticket_id: TicketId | None = None,
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.TRANSFER,
        request_id=request_id,
        ticket_id=ticket_id,
        to_service=to_service,
        to_window=to_window,
        note=note,
        keep_time=keep_time,
    )


def suspend(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: TicketId | None = None
) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.SUSPEND,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def resume(*, client: ServerClient, window_no: str, ticket_id: TicketId, request_id: str) -> ActionResult:
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.RESUME,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def pause(*, client: ServerClient, window_no: str, reason: str, request_id: str) -> ActionResult:
    return perform_action(
        client=client, window_no=window_no, action=WindowAction.PAUSE, request_id=request_id, reason=reason
    )


def unpause(*, client: ServerClient, window_no: str, request_id: str) -> ActionResult:
    return perform_action(
        client=client, window_no=window_no, action=WindowAction.UNPAUSE, request_id=request_id
    )


def request_rating(
    *, client: ServerClient, window_no: str, request_id: str, ticket_id: int | None = None
) -> ActionResult:
    """``ticket_id``: the applicant to rate. Without it the server takes the window's current or
    last ticket, which is another applicant's once the clerk has already called the next one."""
    return perform_action(
        client=client,
        window_no=window_no,
        action=WindowAction.REQUEST_RATING,
        request_id=request_id,
        ticket_id=ticket_id,
    )


def issue_ticket(
    *, client: ServerClient, service: str, request_id: str, source: str = "kiosk", green_channel: bool = False
) -> Ticket:
    attempt = 0
    while True:
        try:
            return client.issue_ticket(
                service=service, request_id=request_id, source=source, green_channel=green_channel
            )
        except OfflineError as exc:
            if exc.code != "timeout" or attempt >= TIMEOUT_RETRIES:
                raise
            attempt += 1
            time.sleep(0.2)


@dataclass
class RequestIds:
    """One request_id per user action, kept across a failed attempt.

    The key names the action and what it acts on (e.g. ``("finish", ticket_id)``). After an
    offline failure the same key gets the same id, so pressing the key again is a retry, not a
    second action. Success or a definite refusal from the server settles the key. Keys older
    than ``max_age_s`` (ten minutes) are forgotten: by then the clerk means a new action.
    """

    max_age_s: float = 600.0
    _ids: dict[tuple[Any, ...], tuple[str, float]] = field(default_factory=dict)

    def id_for(self, key: tuple[Any, ...]) -> str:
        now = time.monotonic()
        known = self._ids.get(key)
        if known and now - known[1] < self.max_age_s:
            return known[0]
        request_id = new_request_id()
        self._ids[key] = (request_id, now)
        return request_id

    def settle(self, key: tuple[Any, ...]) -> None:
        self._ids.pop(key, None)

    def pending(self) -> int:
        return len(self._ids)
