"""ORM rows → API bodies (schemas). Times go out in the hall's time zone, with offset."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.queue import CallPolicy, TicketState
from hallclient.server.models import Ticket, User, Window
from hallclient.server.queue_sql import people_ahead
from hallclient.server.schemas import TicketOut, WindowOut


def local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    return value.astimezone(tz) if value is not None else None


def is_expired(ticket: Ticket, *, today: date) -> bool:
    """Left waiting (or suspended) from an earlier day: such a ticket is never called."""
    pending = (TicketState.WAITING.value, TicketState.SUSPENDED.value)
    return ticket.state in pending and ticket.service_day < today


def ticket_out(
    session: Session, ticket: Ticket, *, tz: ZoneInfo, now: datetime, policy: CallPolicy
) -> TicketOut:
    issued = local(ticket.issued_at, tz)
    assert issued is not None
    expired = is_expired(ticket, today=now.astimezone(tz).date())
    return TicketOut(
        id=ticket.id,
        number=ticket.number,
        service=ticket.service_code,
        state=ticket.state,  # type: ignore[arg-type]  # the column only ever holds TicketState values
        green_channel=ticket.green_channel,
        issued_at=issued,
        called_at=local(ticket.called_at, tz),
        window_no=ticket.window_no,
        target_window_no=ticket.target_window_no,
        recall_count=ticket.recall_count,
        people_ahead=0 if expired else people_ahead(session, ticket=ticket, now=now, policy=policy),
        status_url=f"/t/{ticket.public_token}",
        public_token=ticket.public_token,
        source=ticket.source,
        transferred_from_id=ticket.transferred_from_id,
        note=ticket.note,
        service_day=ticket.service_day,
        expired=expired,
    )


def window_out(
    session: Session,
    window: Window,
    *,
    tz: ZoneInfo,
    now: datetime,
    policy: CallPolicy,
    clerk: str | None = None,
) -> WindowOut:
    """``clerk``: the signed-in clerk's display name when the caller knows it (saves a query)."""
    if clerk is None and window.clerk_user_id is not None:
        clerk = session.execute(
            select(User.display_name).where(User.id == window.clerk_user_id)
        ).scalar_one_or_none()
    current = None
    if window.current_ticket_id is not None:
        ticket = session.get(Ticket, window.current_ticket_id)
        if ticket is not None:
            current = ticket_out(session, ticket, tz=tz, now=now, policy=policy)
    return WindowOut(
        no=window.no,
        name=window.name,
        services=list(window.services),
        state=window.state,  # type: ignore[arg-type]  # the column only ever holds WindowState values
        clerk=clerk,
        clerk_user_id=window.clerk_user_id,
        current_ticket=current,
        pause_reason=window.pause_reason,
        state_since=local(window.state_since, tz),
    )
