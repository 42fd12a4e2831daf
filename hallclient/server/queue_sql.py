"""The call-next order of ``hallclient.domain.queue`` expressed as SQL, so the database can pick
and lock the first candidate itself (``FOR UPDATE SKIP LOCKED`` on PostgreSQL).

``tests/server/test_order_sql.py`` checks that this ORDER BY and ``order_candidates`` agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from hallclient.domain.queue import CallPolicy, QueueEntry, TicketState, is_priority
from hallclient.server.models import Hall, Ticket


def hall_policy(hall: Hall) -> CallPolicy:
    return CallPolicy(
        green_channel_first=hall.green_channel_first,
        due_appointments_first=hall.due_appointments_first,
        appointment_grace=timedelta(minutes=hall.appointment_grace_min),
        service_order_first=hall.service_order_first,
    )


# The statements below are built once per shape and cached: building and hashing a statement
# of this size costs more Python time than running it (about 0.7 ms for the call-next query).
# Everything that varies per request is a bind parameter.


# A literal, not a parameter: PostgreSQL uses a partial index (models.Ticket) only for a query
# whose WHERE implies the index's condition, and a parameter's value is unknown to a generic plan.
_WAITING = Ticket.state == literal_column(f"'{TicketState.WAITING.value}'")


def _priority_condition(*, green_first: bool, due_first: bool) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = []
    if green_first:
        conditions.append(Ticket.green_channel.is_(True))
    if due_first:
        due_before = bindparam("due_before", type_=Ticket.appointment_at.type)
        conditions.append(and_(Ticket.appointment_at.is_not(None), Ticket.appointment_at <= due_before))
    return or_(*conditions) if conditions else false()


def _priority_rank(*, green_first: bool, due_first: bool) -> ColumnElement[int]:
    return case((_priority_condition(green_first=green_first, due_first=due_first), 0), else_=1)


def _prefix_column(dialect_name: str) -> ColumnElement[str]:
    # Python compares code points; PostgreSQL's default collation may not, "C" does.
    column: ColumnElement[str] = Ticket.prefix.expression
    return column.collate("C") if dialect_name == "postgresql" else column


def callable_condition(*, window_no: str, window_services: Sequence[str]) -> ColumnElement[bool]:
    return or_(
        Ticket.target_window_no == window_no,
        and_(Ticket.target_window_no.is_(None), Ticket.service_code.in_(list(window_services))),
    )


@lru_cache(maxsize=256)
def _candidate_statement(
    *,
    green_first: bool,
    due_first: bool,
    service_order_first: bool,
    service_count: int,
    dialect_name: str,
    same_day: bool,
    first_locked: bool,
    lock_pool: int | None,
) -> Select[Ticket]:
    window_no = bindparam("window_no", type_=Ticket.target_window_no.type)
    if service_order_first:
        whens: list[tuple[Any, int]] = [(Ticket.target_window_no == window_no, 0)]
        whens += [(Ticket.service_code == bindparam(f"service_{i}"), i + 1) for i in range(service_count)]
        service_rank: ColumnElement[int] = case(*whens, else_=service_count + 1)
    else:
        service_rank = literal(0)
    hall = Ticket.hall_id == bindparam("hall_id")
    day = (
        Ticket.service_day == bindparam("service_day", type_=Ticket.service_day.type) if same_day else true()
    )
    may_call = or_(
        Ticket.target_window_no == window_no,
        and_(
            Ticket.target_window_no.is_(None),
            Ticket.service_code.in_(bindparam("services", expanding=True)),
        ),
    )
    conditions = (hall, _WAITING, day, may_call)
    order = (
        _priority_rank(green_first=green_first, due_first=due_first),
        service_rank,
        Ticket.effective_at,
        _prefix_column(dialect_name),
        Ticket.number_seq,
        Ticket.id,
    )
    statement = select(Ticket).where(*conditions).order_by(*order)
    if first_locked:
        if lock_pool is not None:
            # FOR UPDATE … SKIP LOCKED under a LIMIT keeps PostgreSQL from a top-N sort (it cannot
            # know how many rows it will skip), so it sorted every waiting ticket of the window's
            # queues on each call: 1.6 ms of database CPU with 600 waiting. The first ``lock_pool``
            # in order, read without locks, are a short sort; the first of them no other window
            # has locked is the same ticket the full sort would give — unless every one of them is
            # being called at that instant, when this finds none and the caller asks again
            # without the pool.
            pool = (
                select(Ticket.id)
                .where(
                    Ticket.id.in_(
                        _queue_heads(
                            lock_pool,
                            hall=hall,
                            day=day,
                            window_no=window_no,
                            may_call=may_call,
                            priority=_priority_condition(green_first=green_first, due_first=due_first)
                            if green_first or due_first
                            else None,
                            order=order,
                            service_count=service_count,
                        )
                    )
                )
                .order_by(*order)
                .limit(lock_pool)
            )
            statement = statement.where(Ticket.id.in_(pool.correlate(None).scalar_subquery()))
        # Two windows pressing "next" at once: the second skips the row the first has locked.
        statement = statement.limit(1).with_for_update(skip_locked=True)
    return statement


def _queue_heads(
    pool: int,
    *,
    hall: ColumnElement[bool],
    day: ColumnElement[bool],
    window_no: BindParameter[str],
    may_call: ColumnElement[bool],
    priority: ColumnElement[bool] | None,
    order: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    service_count: int,
) -> CompoundSelect[tuple[int]]:
    """Ids that hold the first ``pool`` of the call order: the first ``pool`` of each part of
    the window's queue in that part's own order, read from the partial indexes over waiting
    tickets (models.Ticket) — whatever the length of the queue, a few dozen rows. The parts are
    the tickets that may jump the line, those directed to this window, and each service's own.

    The first ``pool`` of the whole order are among these: the call order restricted to one part
    is that part's order (its priority rank and service rank are the same for all its tickets),
    so a ticket among the first ``pool`` overall is among the first ``pool`` of its part."""
    in_part_order = order[2:]  # past the priority rank and the service rank
    # A literal limit too: a generic plan that does not know it may prefer a sort to the index.
    limit: ColumnElement[int] = literal_column(str(int(pool)), Integer)
    ordinary = true() if priority is None else not_(priority)
    # Implied by the equality below, but said outright so the planner matches the partial index.
    targeted = Ticket.target_window_no.is_not(None)
    parts = [
        select(Ticket.id)
        .where(hall, _WAITING, targeted, Ticket.target_window_no == window_no, day, ordinary)
        .order_by(*in_part_order)
        .limit(limit)
    ]
    parts += [
        select(Ticket.id)
        .where(hall, _WAITING, Ticket.target_window_no.is_(None))
        .where(Ticket.service_code == bindparam(f"service_{i}"), day, ordinary)
        .order_by(*in_part_order)
        .limit(limit)
        for i in range(service_count)
    ]
    if priority is not None:
        jumping = select(Ticket.id).where(hall, _WAITING, day, priority, may_call)
        parts.append(jumping.order_by(*order).limit(limit))
    return union_all(*parts)


def candidate_query(
    *,
    hall_id: int,
    window_no: str,
    window_services: Sequence[str],
    now: datetime,
    policy: CallPolicy,
    dialect_name: str,
    service_day: date | None = None,
    first_locked: bool = False,
    lock_pool: int | None = None,
) -> tuple[Select[Ticket], dict[str, Any]]:
    """Waiting tickets this window may call, in ``order_candidates`` order, and the statement's
    parameters; only those of ``service_day`` when given (tickets left over from an earlier day
    are never called). ``first_locked``: just the first one not locked by another window, locked;
    with ``lock_pool``, looked for among the first ``lock_pool`` only (none found: ask again
    without)."""
    statement = _candidate_statement(
        green_first=policy.green_channel_first,
        due_first=policy.due_appointments_first,
        service_order_first=policy.service_order_first,
        service_count=len(window_services),
        dialect_name=dialect_name,
        same_day=service_day is not None,
        first_locked=first_locked,
        lock_pool=lock_pool,
    )
    params: dict[str, Any] = {
        "hall_id": hall_id,
        "window_no": window_no,
        "services": list(window_services),
        "due_before": now + policy.appointment_grace,
        **{f"service_{i}": code for i, code in enumerate(window_services)},
    }
    if service_day is not None:
        params["service_day"] = service_day
    return statement, params


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


@lru_cache(maxsize=32)
def _people_ahead_statement(*, green_first: bool, due_first: bool, targeted: bool) -> Select[int]:
    rank = _priority_rank(green_first=green_first, due_first=due_first)
    mine = bindparam("mine", type_=Integer)
    same_queue = (
        Ticket.target_window_no == bindparam("target_window_no", type_=Ticket.target_window_no.type)
        if targeted
        else and_(
            Ticket.target_window_no.is_(None),
            Ticket.service_code == bindparam("service_code", type_=Ticket.service_code.type),
        )
    )
    position = tuple_(
        bindparam("effective_at", type_=Ticket.effective_at.type),
        bindparam("number_seq", type_=Integer),
        bindparam("ticket_id", type_=BigInteger),
    )
    ahead = or_(
        rank < mine,
        and_(rank == mine, tuple_(Ticket.effective_at, Ticket.number_seq, Ticket.id) < position),
    )
    return select(func.count()).where(
        Ticket.hall_id == bindparam("hall_id"),
        Ticket.state == TicketState.WAITING.value,
        Ticket.service_day == bindparam("service_day", type_=Ticket.service_day.type),
        same_queue,
        ahead,
    )


def people_ahead(session: Session, *, ticket: Ticket, now: datetime, policy: CallPolicy) -> int:
    """Waiting tickets of the same queue and day that any window of it would call before this one."""
    if ticket.state != TicketState.WAITING.value:
        return 0
    statement = _people_ahead_statement(
        green_first=policy.green_channel_first,
        due_first=policy.due_appointments_first,
        targeted=ticket.target_window_no is not None,
    )
    params: dict[str, Any] = {
        "hall_id": ticket.hall_id,
        "service_day": ticket.service_day,
        "mine": 0 if is_priority(as_entry(ticket), now=now, policy=policy) else 1,
        "due_before": now + policy.appointment_grace,
        "effective_at": ticket.effective_at,
        "number_seq": ticket.number_seq,
        "ticket_id": ticket.id,
    }
    if ticket.target_window_no is not None:
        params["target_window_no"] = ticket.target_window_no
    else:
        params["service_code"] = ticket.service_code
    return int(session.execute(statement, params).scalar_one())
