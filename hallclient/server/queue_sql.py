"""The call-next order of ``hallclient.domain.queue`` expressed as SQL, so the database can pick
and lock the first candidate itself (``FOR UPDATE SKIP LOCKED`` on PostgreSQL).

``tests/server/test_order_sql.py`` checks that this ORDER BY and ``order_candidates`` agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, literal, or_, select, true, tuple_
from sqlalchemy.orm import Session

from hallclient.domain.queue import CallPolicy, QueueEntry, TicketState, is_priority
from hallclient.server.models import Hall, Ticket


def hall_policy(hall: Hall) -> CallPolicy:
    from datetime import timedelta

    return CallPolicy(
        green_channel_first=hall.green_channel_first,
        due_appointments_first=hall.due_appointments_first,
        appointment_grace=timedelta(minutes=hall.appointment_grace_min),
        service_order_first=hall.service_order_first,
    )


def priority_condition(*, now: datetime, policy: CallPolicy) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if policy.green_channel_first:
        conditions.append(Ticket.green_channel.is_(True))
    if policy.due_appointments_first:
        conditions.append(
            and_(Ticket.appointment_at.is_not(None), Ticket.appointment_at <= now + policy.appointment_grace)
        )
    return or_(*conditions) if conditions else false()


def priority_rank(*, now: datetime, policy: CallPolicy) -> ColumnElement[int]:
    return case((priority_condition(now=now, policy=policy), 0), else_=1)


def _prefix_column(dialect_name: str) -> ColumnElement[str]:
    # Python compares code points; PostgreSQL's default collation may not, "C" does.
    column: ColumnElement[str] = Ticket.prefix.expression
    return column.collate("C") if dialect_name == "postgresql" else column


def callable_condition(*, window_no: str, window_services: Sequence[str]) -> ColumnElement[bool]:
    return or_(
        Ticket.target_window_no == window_no,
        and_(Ticket.target_window_no.is_(None), Ticket.service_code.in_(list(window_services))),
    )


def candidate_query(
    *,
    hall_id: int,
    window_no: str,
    window_services: Sequence[str],
    now: datetime,
    policy: CallPolicy,
    dialect_name: str,
    service_day: date | None = None,
) -> Select[Ticket]:
    """Waiting tickets this window may call, in ``order_candidates`` order; only those of
    ``service_day`` when given (tickets left over from an earlier day are never called)."""
    if policy.service_order_first:
        whens: list[tuple[Any, int]] = [(Ticket.target_window_no == window_no, 0)]
        whens += [(Ticket.service_code == code, i + 1) for i, code in enumerate(window_services)]
        service_rank: ColumnElement[int] = case(*whens, else_=len(window_services) + 1)
    else:
        service_rank = literal(0)
    same_day = Ticket.service_day == service_day if service_day is not None else true()
    return (
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.state == TicketState.WAITING.value,
            same_day,
            callable_condition(window_no=window_no, window_services=window_services),
        )
        .order_by(
            priority_rank(now=now, policy=policy),
            service_rank,
            Ticket.effective_at,
            _prefix_column(dialect_name),
            Ticket.number_seq,
            Ticket.id,
        )
    )


def as_entry(ticket: Ticket) -> QueueEntry:
    return QueueEntry(
        id=ticket.id,
        service=ticket.service_code,
        number_seq=ticket.number_seq,
        effective_at=ticket.effective_at,
        green_channel=ticket.green_channel,
        appointment_at=ticket.appointment_at,
        target_window=ticket.target_window_no,
        prefix=ticket.prefix,
    )


def people_ahead(session: Session, *, ticket: Ticket, now: datetime, policy: CallPolicy) -> int:
    """Waiting tickets of the same queue and day that any window of it would call before this one."""
    if ticket.state != TicketState.WAITING.value:
        return 0
    mine = 0 if is_priority(as_entry(ticket), now=now, policy=policy) else 1
    rank = priority_rank(now=now, policy=policy)
    same_queue = (
        Ticket.target_window_no == ticket.target_window_no
        if ticket.target_window_no is not None
        else and_(Ticket.target_window_no.is_(None), Ticket.service_code == ticket.service_code)
    )
    ahead = or_(
        rank < mine,
        and_(
            rank == mine,
            tuple_(Ticket.effective_at, Ticket.number_seq, Ticket.id)
            < tuple_(literal(ticket.effective_at, Ticket.effective_at.type), ticket.number_seq, ticket.id),
        ),
    )
    from sqlalchemy import func

    count = session.execute(
        select(func.count()).where(
            Ticket.hall_id == ticket.hall_id,
            Ticket.state == TicketState.WAITING.value,
            Ticket.service_day == ticket.service_day,
            same_queue,
            ahead,
        )
    ).scalar_one()
    return int(count)
