"""The queue engine: issuing tickets and every window action of DESIGN §4.

Functions over an explicit write session; the caller commits (or rolls back on any error, so a
refused action writes nothing). Locks are taken in one order — window row, ticket rows, the
service's day counter, the hall's event counter last — so concurrent actions never deadlock.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, ConflictError, NotFoundError, ValidationError
from hallclient.domain.queue import (
    PauseReason,
    TicketSource,
    TicketState,
    WindowState,
    can_transition,
    format_number,
)
from hallclient.server.events import NewEvent
from hallclient.server.models import Hall, Reason, Service, ServiceDayCounter, Ticket, User, Window
from hallclient.server.queue_sql import callable_condition, candidate_query, hall_policy
from hallclient.server.ratings import ensure_rateable
from hallclient.server.security import Actor, Role

ACTIONS = (
    "call_next",
    "call",
    "recall",
    "start",
    "finish",
    "no_show",
    "transfer",
    "suspend",
    "resume",
    "pause",
    "unpause",
    "request_rating",
)

ACTION_LABELS = {
    "call_next": "叫下一号",
    "call": "叫号",
    "recall": "重呼",
    "start": "开始办理",
    "finish": "办结",
    "no_show": "标记过号",
    "transfer": "转移",
    "suspend": "挂起",
    "resume": "恢复挂起",
    "pause": "暂停服务",
    "unpause": "恢复服务",
    "request_rating": "邀请评价",
    "cancel": "取消",
}


@dataclass(frozen=True)
class ActionParams:
    ticket_id: int | None = None
    to_service: str | None = None
    to_window: str | None = None
    note: str | None = None
    keep_time: bool = True
    reason: str | None = None
    number: str | None = None  # today's ticket number, instead of ticket_id
    today: date | None = None  # the service day (set by window_action)


_NUMBER = re.compile(r"^\s*([A-Za-z]{1,8})\s*([0-9]{1,9})\s*$")


def parse_number(number: str) -> tuple[str, int]:
    """ "A012", "a12", " A 12 " → ("A", 12)."""
    match = _NUMBER.match(number)
    if match is None:
        raise ValidationError(f"号码“{number}”格式不正确，应为字母加数字，如 A012。", field="number")
    return match.group(1).upper(), int(match.group(2))


def find_by_number(session: Session, *, hall_id: int, number: str, day: date) -> Ticket | None:
    """The current entry of a day's ticket number (after a transfer, the newest entry)."""
    prefix, seq = parse_number(number)
    found: Ticket | None = session.execute(
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.service_day == day,
            Ticket.number_seq == seq,
            Ticket.prefix == prefix,
        )
        .order_by(Ticket.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return found


def _resolve_number(session: Session, *, hall_id: int, params: ActionParams, today: date) -> ActionParams:
    if params.number is None:
        return replace(params, today=today)
    ticket = find_by_number(session, hall_id=hall_id, number=params.number, day=today)
    prefix, seq = parse_number(params.number)
    if ticket is None:
        shown = format_number(prefix, seq)
        raise NotFoundError(f"今天没有 {shown} 号，请核对号码。", code="not_found", number=shown)
    if params.ticket_id is not None and params.ticket_id != ticket.id:
        raise ValidationError(f"ticket_id 与号码 {ticket.number} 不是同一个号。", field="number")
    return replace(params, ticket_id=ticket.id, today=today)


def _ensure_today(ticket: Ticket, today: date | None, action: str) -> None:
    if today is not None and ticket.service_day < today:
        raise ConflictError(
            f"{ticket.number} 号是 {ticket.service_day.month} 月 {ticket.service_day.day} 日的号，"
            f"已过期，不能{ACTION_LABELS[action]}。请重新取号。",
            code="ticket_expired",
            ticket=ticket.number,
            service_day=ticket.service_day.isoformat(),
        )


@dataclass(frozen=True)
class ActionContext:
    """What every window-action handler gets: the window locked (with its current ticket when the
    action is on it) and the hall's settings."""

    session: Session
    hall: Hall
    window: Window
    params: ActionParams
    actor: Actor
    now: datetime
    current: Ticket | None  # the window's current ticket, locked already (None: not loaded)


@dataclass
class ActionOutcome:
    window: Window
    ticket: Ticket | None
    events: list[NewEvent] = field(default_factory=list)
    hall: Hall = field(init=False)


def load_hall(session: Session, hall_id: int) -> Hall:
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise NotFoundError("大厅不存在。", code="not_found")
    return hall


_WINDOW_AND_HALL = (
    select(Window, Hall)
    .join(Hall, Hall.id == Window.hall_id)
    .where(Window.hall_id == bindparam("hall_id"), Window.no == bindparam("window_no"))
    .with_for_update(of=Window)
)
# The actions on the window's current ticket lock it with the window, in the same order as ever
# (window, then ticket), in one round trip.
_WINDOW_HALL_CURRENT = (
    select(Window, Hall, Ticket)
    .join(Hall, Hall.id == Window.hall_id)
    .join(Ticket, Ticket.id == Window.current_ticket_id)
    .where(Window.hall_id == bindparam("hall_id"), Window.no == bindparam("window_no"))
    .with_for_update(of=[Window, Ticket])
)
_ON_CURRENT_TICKET = frozenset({"recall", "start", "finish", "no_show", "transfer", "suspend"})
# A row read before it was locked (a ticket found by its number, the window a sign-in looked up)
# stays in the session as it was read; the lock may have waited for another window's commit, so
# the locked read replaces those values rather than keeping the stale ones.
_TICKET_LOCKED = (
    select(Ticket)
    .where(Ticket.id == bindparam("ticket_id"), Ticket.hall_id == bindparam("hall_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)


def _lock_window(session: Session, *, hall_id: int, window_no: str) -> Window:
    window = session.execute(
        select(Window)
        .where(Window.hall_id == hall_id, Window.no == window_no)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if window is None:
        raise NotFoundError(f"没有 {window_no} 号窗口。", code="not_found", window_no=window_no)
    return window


def _lock_ticket(session: Session, *, hall_id: int, ticket_id: int) -> Ticket:
    params = {"ticket_id": ticket_id, "hall_id": hall_id}
    ticket = session.execute(_TICKET_LOCKED, params).scalar_one_or_none()
    if ticket is None:
        raise NotFoundError("没有这个号。", code="not_found", ticket_id=ticket_id)
    return ticket


def _authorize(actor: Actor, window: Window) -> None:
    if not actor.is_user:
        raise AuthError("窗口操作需要工作人员登录。", code="forbidden")
    if actor.role in (Role.MANAGER, Role.ADMIN):
        return
    if actor.window_no != window.no:
        signed_in = f"{actor.window_no} 号窗口" if actor.window_no else "未选择窗口"
        raise AuthError(
            f"您登录的是{signed_in}，不能操作 {window.no} 号窗口。",
            code="forbidden",
            window_no=window.no,
        )
    if window.clerk_user_id is None:
        raise AuthError(
            f"您已不在 {window.no} 号窗口登录（已退出，或已登录其他窗口），请重新登录。",
            code="forbidden",
            window_no=window.no,
        )
    if window.clerk_user_id != actor.id:
        raise AuthError(
            f"{window.no} 号窗口已由其他工作人员登录，请重新登录。", code="forbidden", window_no=window.no
        )


def _transition(ticket: Ticket, to_state: TicketState, action: str) -> None:
    current = TicketState(ticket.state)
    if not can_transition(current, to_state):
        raise ConflictError(
            f"{ticket.number} 号当前为“{current.label}”，不能{ACTION_LABELS[action]}。",
            code="invalid_transition",
            ticket=ticket.number,
            state=current.value,
            action=action,
        )
    ticket.state = to_state.value


def _set_window(window: Window, state: WindowState, *, now: datetime, ticket: Ticket | None) -> None:
    window.state = state.value
    window.state_since = now
    window.current_ticket_id = ticket.id if ticket is not None else None
    if state is not WindowState.PAUSED:
        window.pause_reason = None


def _current_ticket(
    session: Session, window: Window, action: str, params: ActionParams, current: Ticket | None
) -> Ticket:
    """The window's current ticket, locked; ``current`` when ``window_action`` locked it already."""
    if window.current_ticket_id is None:
        raise ConflictError(
            f"{window.no} 号窗口当前没有号，不能{ACTION_LABELS[action]}。", code="no_current_ticket"
        )
    if params.ticket_id is not None and params.ticket_id != window.current_ticket_id:
        raise ConflictError(
            f"这个号不是 {window.no} 号窗口当前的号，不能{ACTION_LABELS[action]}。",
            code="not_this_window",
            ticket_id=params.ticket_id,
        )
    if current is not None and current.id == window.current_ticket_id:
        return current
    return _lock_ticket(session, hall_id=window.hall_id, ticket_id=window.current_ticket_id)


def _ensure_can_call(window: Window) -> None:
    if window.state == WindowState.PAUSED.value:
        raise ConflictError(f"{window.no} 号窗口处于暂停服务状态，请先恢复服务再叫号。", code="window_paused")
    if window.state == WindowState.OFFLINE.value:
        raise ConflictError(f"{window.no} 号窗口尚未登录，不能叫号。", code="window_offline")
    if window.current_ticket_id is not None:
        raise ConflictError(
            f"{window.no} 号窗口还有未处理完的号，请先办结、过号、转移或挂起。",
            code="window_busy",
        )


def ticket_event_data(ticket: Ticket, window: Window | None, clerk: str | None) -> dict[str, object]:
    return {
        "ticket": {
            "id": ticket.id,
            "number": ticket.number,
            "service": ticket.service_code,
            "state": ticket.state,
            "green_channel": ticket.green_channel,
            "recall_count": ticket.recall_count,
            # The service day it was issued for: a paper ticket of an earlier day, reconciled
            # at sync, is finished now but belongs to that day's figures.
            "day": ticket.service_day.isoformat(),
        },
        "window_no": window.no if window else ticket.window_no,
        "window_name": window.name if window else None,
        "clerk": clerk,
    }


def window_action(
    session: Session,
    *,
    hall_id: int,
    window_no: str,
    action: str,
    params: ActionParams,
    actor: Actor,
    now: datetime,
    today: date,
) -> ActionOutcome:
    """``today``: the hall's service day; tickets of earlier days are never called or resumed."""
    if action not in ACTIONS:
        raise NotFoundError(f"没有这个窗口操作：{action}。", code="not_found", action=action)
    keys = {"hall_id": hall_id, "window_no": window_no}
    current: Ticket | None = None
    joined = session.execute(_WINDOW_HALL_CURRENT, keys).first() if action in _ON_CURRENT_TICKET else None
    if joined is not None:
        window, hall, current = joined
    else:
        # One round trip for both: the hall's settings and the window's row, locked.
        row = session.execute(_WINDOW_AND_HALL, keys).first()
        if row is None:
            load_hall(session, hall_id)
            raise NotFoundError(f"没有 {window_no} 号窗口。", code="not_found", window_no=window_no)
        window, hall = row
    _authorize(actor, window)
    params = _resolve_number(session, hall_id=hall_id, params=params, today=today)
    if window.state == WindowState.OFFLINE.value and action != "resume":
        raise ConflictError(f"{window.no} 号窗口尚未登录。", code="window_offline")
    context = ActionContext(session, hall, window, params, actor, now, current)
    outcome = _HANDLERS[action](context)
    outcome.hall = hall
    # Not flushed here: the row updates go out with the events (``append_events_with_answer``).
    return outcome


def _event(kind: str, ticket: Ticket | None, window: Window, actor: Actor, **extra: object) -> NewEvent:
    if ticket is not None:
        data = ticket_event_data(ticket, window, actor.name)
    else:
        data = {"window_no": window.no, "window_name": window.name, "clerk": actor.name}
    data.update(extra)
    return NewEvent(type=kind, data=data, window_no=window.no)


def _call(
    session: Session, window: Window, ticket: Ticket, *, actor: Actor, now: datetime, action: str
) -> ActionOutcome:
    _transition(ticket, TicketState.CALLED, action)
    ticket.called_at = now
    ticket.window_no = window.no
    ticket.clerk_user_id = actor.id
    ticket.recall_count = 0
    _set_window(window, WindowState.CALLING, now=now, ticket=ticket)
    return ActionOutcome(window, ticket, [_event("ticket_called", ticket, window, actor)])


# More windows than this calling in the same instant is rare even in a large hall.
CALL_POOL = 16


def _do_call_next(ctx: ActionContext) -> ActionOutcome:
    _ensure_can_call(ctx.window)
    dialect_name = ctx.session.get_bind().dialect.name

    def first_free(lock_pool: int | None) -> Ticket | None:
        query, query_params = candidate_query(
            hall_id=ctx.hall.id,
            window_no=ctx.window.no,
            window_services=ctx.window.services,
            now=ctx.now,
            policy=hall_policy(ctx.hall),
            dialect_name=dialect_name,
            service_day=ctx.params.today,
            first_locked=True,
            lock_pool=lock_pool,
        )
        found: Ticket | None = ctx.session.execute(query, query_params).scalar_one_or_none()
        return found

    # SQLite has no row locks to skip (one writer at a time): the plain pick is already the first.
    pooled = dialect_name == "postgresql"
    ticket = first_free(CALL_POOL if pooled else None)
    if ticket is None and pooled:
        ticket = first_free(None)
    if ticket is None:
        return ActionOutcome(ctx.window, None, [])
    return _call(ctx.session, ctx.window, ticket, actor=ctx.actor, now=ctx.now, action="call_next")


def _do_call(ctx: ActionContext) -> ActionOutcome:
    if ctx.params.ticket_id is None:
        raise ValidationError("请指定要叫的号（ticket_id 或 number）。", field="ticket_id")
    _ensure_can_call(ctx.window)
    ticket = _lock_ticket(ctx.session, hall_id=ctx.hall.id, ticket_id=ctx.params.ticket_id)
    if ticket.state == TicketState.WAITING.value:
        _ensure_today(ticket, ctx.params.today, "call")
        allowed = ctx.session.execute(
            select(Ticket.id).where(
                Ticket.id == ticket.id,
                callable_condition(window_no=ctx.window.no, window_services=ctx.window.services),
            )
        ).first()
        if allowed is None:
            raise ConflictError(
                f"{ticket.number} 号不属于 {ctx.window.no} 号窗口办理的业务，不能在本窗口叫号。",
                code="not_this_window",
                ticket=ticket.number,
            )
    return _call(ctx.session, ctx.window, ticket, actor=ctx.actor, now=ctx.now, action="call")


def _do_recall(ctx: ActionContext) -> ActionOutcome:
    ticket = _current_ticket(ctx.session, ctx.window, "recall", ctx.params, ctx.current)
    if ticket.state != TicketState.CALLED.value:
        raise ConflictError(
            f"{ticket.number} 号当前为“{TicketState(ticket.state).label}”，不能重呼。",
            code="invalid_transition",
            ticket=ticket.number,
        )
    if ticket.recall_count >= ctx.hall.recall_limit:
        raise ConflictError(
            f"{ticket.number} 号已重呼 {ticket.recall_count} 次，达到上限 {ctx.hall.recall_limit} 次。",
            code="recall_limit",
            ticket=ticket.number,
            limit=ctx.hall.recall_limit,
        )
    ticket.recall_count += 1
    return ActionOutcome(ctx.window, ticket, [_event("ticket_recalled", ticket, ctx.window, ctx.actor)])


def _do_start(ctx: ActionContext) -> ActionOutcome:
    ticket = _current_ticket(ctx.session, ctx.window, "start", ctx.params, ctx.current)
    _transition(ticket, TicketState.SERVING, "start")
    ticket.started_at = ctx.now
    _set_window(ctx.window, WindowState.SERVING, now=ctx.now, ticket=ticket)
    return ActionOutcome(ctx.window, ticket, [_event("ticket_started", ticket, ctx.window, ctx.actor)])


def _end_current(window: Window, ticket: Ticket, now: datetime) -> None:
    ticket.ended_at = now
    window.last_ticket_id = ticket.id
    _set_window(window, WindowState.IDLE, now=now, ticket=None)


def _do_finish(ctx: ActionContext) -> ActionOutcome:
    ticket = _current_ticket(ctx.session, ctx.window, "finish", ctx.params, ctx.current)
    _transition(ticket, TicketState.DONE, "finish")
    _end_current(ctx.window, ticket, ctx.now)
    return ActionOutcome(ctx.window, ticket, [_event("ticket_finished", ticket, ctx.window, ctx.actor)])


def _do_no_show(ctx: ActionContext) -> ActionOutcome:
    ticket = _current_ticket(ctx.session, ctx.window, "no_show", ctx.params, ctx.current)
    _transition(ticket, TicketState.NO_SHOW, "no_show")
    _end_current(ctx.window, ticket, ctx.now)
    return ActionOutcome(ctx.window, ticket, [_event("ticket_no_show", ticket, ctx.window, ctx.actor)])


def _do_transfer(ctx: ActionContext) -> ActionOutcome:
    if (ctx.params.to_service is None) == (ctx.params.to_window is None):
        raise ValidationError("转移时请指定目标业务或目标窗口（二选一）。", field="to_service")
    ticket = _current_ticket(ctx.session, ctx.window, "transfer", ctx.params, ctx.current)
    # Its successor would wait in that day's queue, which no window calls any more.
    _ensure_today(ticket, ctx.params.today, "transfer")
    service_code = ticket.service_code
    if ctx.params.to_service is not None:
        service = ctx.session.execute(
            select(Service).where(Service.hall_id == ctx.hall.id, Service.code == ctx.params.to_service)
        ).scalar_one_or_none()
        if service is None:
            raise ValidationError(f"没有业务“{ctx.params.to_service}”。", field="to_service")
        service_code = service.code
    if ctx.params.to_window is not None:
        if ctx.params.to_window == ctx.window.no:
            raise ValidationError("不能转移到本窗口。", field="to_window")
        target = ctx.session.execute(
            select(Window.id).where(Window.hall_id == ctx.hall.id, Window.no == ctx.params.to_window)
        ).first()
        if target is None:
            raise ValidationError(f"没有 {ctx.params.to_window} 号窗口。", field="to_window")
    _transition(ticket, TicketState.TRANSFERRED, "transfer")
    _end_current(ctx.window, ticket, ctx.now)
    successor = Ticket(
        hall_id=ctx.hall.id,
        service_code=service_code,
        prefix=ticket.prefix,
        number_seq=ticket.number_seq,
        number=ticket.number,
        service_day=ticket.service_day,
        source=ticket.source,
        green_channel=ticket.green_channel,
        appointment_id=ticket.appointment_id,
        appointment_at=ticket.appointment_at,
        state=TicketState.WAITING.value,
        issued_at=ticket.issued_at,
        effective_at=ticket.effective_at if ctx.params.keep_time else ctx.now,
        target_window_no=ctx.params.to_window,
        recall_count=0,
        public_token=ticket.public_token,
        transferred_from_id=ticket.id,
        note=ctx.params.note,
        issued_by=ticket.issued_by,
        issued_window_no=ticket.issued_window_no,
    )
    ctx.session.add(successor)
    ctx.session.flush()
    event = _event(
        "ticket_transferred",
        ticket,
        ctx.window,
        ctx.actor,
        new_ticket_id=successor.id,
        to_service=ctx.params.to_service,
        to_window=ctx.params.to_window,
        note=ctx.params.note,
        keep_time=ctx.params.keep_time,
    )
    return ActionOutcome(ctx.window, successor, [event])


def _do_suspend(ctx: ActionContext) -> ActionOutcome:
    ticket = _current_ticket(ctx.session, ctx.window, "suspend", ctx.params, ctx.current)
    # An earlier day's ticket is never resumed: the applicant would be told to come back for nothing.
    _ensure_today(ticket, ctx.params.today, "suspend")
    _transition(ticket, TicketState.SUSPENDED, "suspend")
    ctx.window.last_ticket_id = ticket.id
    _set_window(ctx.window, WindowState.IDLE, now=ctx.now, ticket=None)
    return ActionOutcome(ctx.window, ticket, [_event("ticket_suspended", ticket, ctx.window, ctx.actor)])


def _do_resume(ctx: ActionContext) -> ActionOutcome:
    if ctx.params.ticket_id is None:
        raise ValidationError("请指定要恢复的挂起号（ticket_id 或 number）。", field="ticket_id")
    ticket = _lock_ticket(ctx.session, hall_id=ctx.hall.id, ticket_id=ctx.params.ticket_id)
    if ticket.state == TicketState.SUSPENDED.value:
        _ensure_today(ticket, ctx.params.today, "resume")
    sent_here = ticket.target_window_no is not None and ticket.target_window_no == ctx.window.no
    if (
        ticket.state == TicketState.SUSPENDED.value
        and ticket.service_code not in ctx.window.services
        and not sent_here
    ):
        raise ConflictError(
            f"{ticket.number} 号的业务不在 {ctx.window.no} 号窗口办理范围内，请由相应窗口恢复。",
            code="not_this_window",
            ticket=ticket.number,
        )
    _transition(ticket, TicketState.WAITING, "resume")
    # Back with its original time: no new ticket, no new wait. Resumed at the window it was
    # transferred to, it waits for that window again; resumed elsewhere, in its service's queue.
    if not sent_here:
        ticket.target_window_no = None
    ticket.window_no = None
    return ActionOutcome(ctx.window, ticket, [_event("ticket_resumed", ticket, ctx.window, ctx.actor)])


def _do_pause(ctx: ActionContext) -> ActionOutcome:
    if not ctx.params.reason:
        raise ValidationError("暂停服务需要选择原因。", field="reason")
    known = ctx.session.execute(
        select(Reason.code).where(
            Reason.hall_id == ctx.hall.id, Reason.kind == "pause", Reason.code == ctx.params.reason
        )
    ).first()
    if known is None and ctx.params.reason not in {r.value for r in PauseReason}:
        raise ValidationError(f"暂停原因“{ctx.params.reason}”无效。", field="reason")
    if ctx.window.state == WindowState.PAUSED.value:
        raise ConflictError(f"{ctx.window.no} 号窗口已处于暂停服务状态。", code="window_paused")
    if ctx.window.current_ticket_id is not None:
        raise ConflictError(
            f"{ctx.window.no} 号窗口还有未处理完的号，请先处理完再暂停服务。", code="window_busy"
        )
    _set_window(ctx.window, WindowState.PAUSED, now=ctx.now, ticket=None)
    ctx.window.pause_reason = ctx.params.reason
    return ActionOutcome(
        ctx.window, None, [_event("window_paused", None, ctx.window, ctx.actor, reason=ctx.params.reason)]
    )


def _do_unpause(ctx: ActionContext) -> ActionOutcome:
    if ctx.window.state != WindowState.PAUSED.value:
        raise ConflictError(f"{ctx.window.no} 号窗口没有暂停服务，无需恢复。", code="window_not_paused")
    _set_window(ctx.window, WindowState.IDLE, now=ctx.now, ticket=None)
    return ActionOutcome(ctx.window, None, [_event("window_resumed", None, ctx.window, ctx.actor)])


def _do_request_rating(ctx: ActionContext) -> ActionOutcome:
    candidates = {ctx.window.current_ticket_id, ctx.window.last_ticket_id} - {None}
    # The contact just ended is the one to rate (一次一评, after finishing); the current ticket,
    # when there is no other, gets the refusal that says why it cannot be rated yet.
    ticket_id = (
        ctx.params.ticket_id
        if ctx.params.ticket_id is not None
        else (ctx.window.last_ticket_id or ctx.window.current_ticket_id)
    )
    if ticket_id is None:
        raise ConflictError(f"{ctx.window.no} 号窗口还没有办理过的号，无法邀请评价。", code="nothing_to_rate")
    if ticket_id not in candidates:
        raise ConflictError("只能邀请本窗口当前或刚办理完的申请人评价。", code="not_this_window")
    ticket = _lock_ticket(ctx.session, hall_id=ctx.hall.id, ticket_id=ticket_id)
    # A prompt the rating would then be refused for (not ended here, or rated already) is not sent.
    ensure_rateable(
        ctx.session,
        hall_id=ctx.hall.id,
        ticket_id=ticket.id,
        number=ticket.number,
        state=ticket.state,
        served_at=ticket.window_no,
        window_no=ctx.window.no,
    )
    return ActionOutcome(ctx.window, ticket, [_event("rating_requested", ticket, ctx.window, ctx.actor)])


_HANDLERS = {
    "call_next": _do_call_next,
    "call": _do_call,
    "recall": _do_recall,
    "start": _do_start,
    "finish": _do_finish,
    "no_show": _do_no_show,
    "transfer": _do_transfer,
    "suspend": _do_suspend,
    "resume": _do_resume,
    "pause": _do_pause,
    "unpause": _do_unpause,
    "request_rating": _do_request_rating,
}


def cancel_ticket(
    session: Session, *, hall_id: int, ticket_id: int, actor: Actor, now: datetime, reason: str | None
) -> tuple[Ticket, NewEvent]:
    """Cancel a waiting (or suspended) ticket: a manager or admin, or whoever issued it — the
    kiosk or counter device, or the window (its clerk signed in to it now)."""
    ticket = _lock_ticket(session, hall_id=hall_id, ticket_id=ticket_id)
    _authorize_cancel(session, actor, ticket)
    if ticket.state not in (TicketState.WAITING.value, TicketState.SUSPENDED.value):
        current = TicketState(ticket.state)
        hint = "请由窗口办结、过号或挂起。" if current in (TicketState.CALLED, TicketState.SERVING) else ""
        raise ConflictError(
            f"{ticket.number} 号当前为“{current.label}”，不能取消。{hint}",
            code="invalid_transition",
            ticket=ticket.number,
            state=current.value,
            action="cancel",
        )
    _transition(ticket, TicketState.CANCELLED, "cancel")
    ticket.ended_at = now
    session.flush()
    data = ticket_event_data(ticket, None, actor.name)
    data["by"] = actor.kind
    data["reason"] = reason
    return ticket, NewEvent(type="ticket_cancelled", data=data, window_no=ticket.window_no)


def _authorize_cancel(session: Session, actor: Actor, ticket: Ticket) -> None:
    if actor.is_user and actor.role in (Role.MANAGER, Role.ADMIN):
        return
    # A device is the issuer for as long as it exists; a clerk only while signed in to the
    # window that issued it, whoever issued it there: a clerk who moved on leaves it to that window.
    if not actor.is_user and ticket.issued_by is not None and ticket.issued_by == actor.key:
        return
    if actor.is_user and actor.window_no is not None and actor.window_no == ticket.issued_window_no:
        holder = session.execute(
            select(Window.clerk_user_id).where(Window.hall_id == ticket.hall_id, Window.no == actor.window_no)
        ).scalar_one_or_none()
        if holder == actor.id:
            return
    raise AuthError(
        "只有大厅管理员，或取这个号的取号机、窗口，才能取消这个号。", code="forbidden", ticket=ticket.number
    )


_COUNTERS: Table = ServiceDayCounter.__table__  # type: ignore[assignment]  # mapped to one Table
# Core, built once: the ORM's UPDATE … RETURNING machinery costs more than the statement itself.
_BUMP_NUMBER = (
    update(_COUNTERS)
    .where(_COUNTERS.c.service_id == bindparam("of_service"), _COUNTERS.c.day == bindparam("of_day"))
    .values(last_number=_COUNTERS.c.last_number + 1)
    .returning(_COUNTERS.c.last_number)
)


def next_number(session: Session, *, service_id: int, day: object) -> int:
    """The service's next daily number; the counter row changes in the caller's transaction, so a
    rolled-back ticket gives its number back and the day's numbers stay gap-free."""
    keys = {"of_service": service_id, "of_day": day}
    value = session.execute(_BUMP_NUMBER, keys).scalar_one_or_none()
    if value is None:
        dialect = session.get_bind().dialect.name
        dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(
            dialect_insert(ServiceDayCounter)
            .values(service_id=service_id, day=day, last_number=0)
            .on_conflict_do_nothing()
        )
        value = session.execute(_BUMP_NUMBER, keys).scalar_one()
    return int(value)


_TICKETS: Table = Ticket.__table__  # type: ignore[assignment]  # mapped to one Table
_INSERT_TICKET = insert(_TICKETS).returning(_TICKETS.c.id)

_SERVICE_AND_HALL = (
    select(Service, Hall)
    .join(Hall, Hall.id == Service.hall_id)
    .where(Service.hall_id == bindparam("hall_id"), Service.code == bindparam("code"))
)


def issue_ticket(
    session: Session,
    *,
    hall_id: int,
    service_code: str,
    source: TicketSource,
    green_channel: bool,
    appointment_id: str | None,
    appointment_at: datetime | None,
    now: datetime,
    tz: ZoneInfo,
    issued_by: str | None = None,
    issued_window_no: str | None = None,
) -> tuple[Ticket, NewEvent, Hall]:
    """The new ticket, its event, and the hall (its call policy shapes the caller's answer)."""
    row = session.execute(_SERVICE_AND_HALL, {"hall_id": hall_id, "code": service_code}).first()
    if row is None:
        raise ValidationError(f"没有业务“{service_code}”。", field="service", service=service_code)
    service, hall = row
    if source is TicketSource.APPOINTMENT and not appointment_id:
        raise ValidationError("预约取号需要预约编号。", field="appointment_id")
    if source is TicketSource.APPOINTMENT and appointment_at is None:
        appointment_at = now  # checked in now: the appointment is due
    day = now.astimezone(tz).date()
    number_seq = next_number(session, service_id=service.id, day=day)
    values = {
        "hall_id": hall_id,
        "service_code": service.code,
        "prefix": service.prefix,
        "number_seq": number_seq,
        "number": format_number(service.prefix, number_seq),
        "service_day": day,
        "source": source.value,
        "green_channel": green_channel,
        "appointment_id": appointment_id,
        "appointment_at": appointment_at,
        "state": TicketState.WAITING.value,
        "issued_at": now,
        "effective_at": now,
        "recall_count": 0,
        "public_token": secrets.token_urlsafe(12),
        "issued_by": issued_by,
        "issued_window_no": issued_window_no,
    }
    # Core, not the ORM's unit of work (which cost as much as the rest of the issue): the answer
    # needs the new row's values, not a tracked object.
    ticket_id = session.execute(_INSERT_TICKET, values).scalar_one()
    ticket = Ticket(id=ticket_id, **values)
    data = ticket_event_data(ticket, None, None)
    data["service_name"] = service.name
    data["source"] = source.value
    return ticket, NewEvent(type="ticket_issued", data=data), hall


def sign_in_window(
    session: Session, *, hall_id: int, window_no: str, user: User, now: datetime
) -> list[NewEvent]:
    """One clerk, one window: signing in at another window leaves the one the clerk held (an
    applicant would be called to an empty counter), unless an applicant is still being served
    there. Each window left gets the ``clerk_signed_out`` of a sign-out there, then the window
    signed in to its ``clerk_signed_in``, which names the windows left (``left_windows``)."""
    # The window and those the user holds, locked in one statement, in id order.
    rows = (
        session.execute(
            select(Window)
            .where(Window.hall_id == hall_id, or_(Window.no == window_no, Window.clerk_user_id == user.id))
            .order_by(Window.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        .scalars()
        .all()
    )
    window = next((w for w in rows if w.no == window_no), None)
    if window is None:
        raise NotFoundError(f"没有 {window_no} 号窗口。", code="not_found", window_no=window_no)
    held = [w for w in rows if w is not window]
    for other in held:
        if other.current_ticket_id is not None:
            busy = session.get(Ticket, other.current_ticket_id)
            number = f"（{busy.number} 号）" if busy is not None else ""
            raise ConflictError(
                f"您在 {other.no} 号窗口还有未处理完的号{number}，请先在该窗口办结、过号、转移或挂起，"
                f"再登录 {window.no} 号窗口。",
                code="window_busy",
                window_no=other.no,
            )
    events: list[NewEvent] = []
    for other in held:
        other.clerk_user_id = None
        _set_window(other, WindowState.OFFLINE, now=now, ticket=None)
        # Followers (displays, monitors) keep a window's state from the events naming it: without
        # this one they would show the window left still staffed.
        events.append(_signed_out_event(other))
    window.clerk_user_id = user.id
    if window.state == WindowState.OFFLINE.value:
        _set_window(window, WindowState.IDLE, now=now, ticket=None)
    data: dict[str, object] = {"window_no": window.no, "window_name": window.name, "clerk": user.display_name}
    if held:
        data["left_windows"] = [w.no for w in held]
    events.append(NewEvent(type="clerk_signed_in", data=data, window_no=window.no))
    return events


def sign_out_window(
    session: Session, *, hall_id: int, window_no: str, user_id: int, now: datetime
) -> NewEvent | None:
    window = _lock_window(session, hall_id=hall_id, window_no=window_no)
    if window.clerk_user_id != user_id:
        return None  # someone else took the window over; leave it to them
    if window.current_ticket_id is not None:
        raise ConflictError(f"{window.no} 号窗口还有未处理完的号，请先处理完再退出。", code="window_busy")
    window.clerk_user_id = None
    _set_window(window, WindowState.OFFLINE, now=now, ticket=None)
    return _signed_out_event(window)


def _signed_out_event(window: Window) -> NewEvent:
    return NewEvent(
        type="clerk_signed_out",
        data={"window_no": window.no, "window_name": window.name},
        window_no=window.no,
    )


def window_services_known(session: Session, *, hall_id: int, codes: Sequence[str]) -> bool:
    known = set(session.execute(select(Service.code).where(Service.hall_id == hall_id)).scalars())
    return set(codes) <= known


# ------------------------------------------------------------------------ served while offline

OFFLINE_SERVED_NOTE = "窗口离线办理"
# From each state a ticket served on paper may be in, the steps of the usual life that bring it
# to done: the transition table stays the one rule (``_transition`` checks every step).
_TO_DONE: dict[TicketState, tuple[TicketState, ...]] = {
    TicketState.SUSPENDED: (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.DONE),
    TicketState.WAITING: (TicketState.CALLED, TicketState.SERVING, TicketState.DONE),
    TicketState.CALLED: (TicketState.SERVING, TicketState.DONE),
    TicketState.SERVING: (TicketState.DONE,),
}


@dataclass(frozen=True)
class OfflineServed:
    """What a paper ticket typed in at a window found in the queue: ``closed`` (the queue's ticket
    was still open and is now done at that window), ``clash`` (called or served elsewhere, or over
    already) or ``unknown`` (the queue never issued that number that day)."""

    outcome: str
    ticket: Ticket | None
    events: list[NewEvent]


def close_served_offline(
    session: Session,
    *,
    hall_id: int,
    window_no: str,
    number: str,
    day: date,
    served_at: datetime,
    actor: Actor,
    now: datetime,
) -> OfflineServed:
    """The applicant holding ``number`` of ``day`` was served at ``window_no`` while the counter
    could not reach the queue. A ticket still waiting or suspended — or called or serving at this
    very window — is taken through called and serving to done (note “窗口离线办理”), so nobody
    calls it again; one called or served at another window, or already over, is a clash."""
    window = _lock_window(session, hall_id=hall_id, window_no=window_no)
    found = find_by_number(session, hall_id=hall_id, number=number, day=day)
    if found is None:
        return OfflineServed("unknown", None, [])
    ticket = _lock_ticket(session, hall_id=hall_id, ticket_id=found.id)
    state = TicketState(ticket.state)
    elsewhere = state in (TicketState.CALLED, TicketState.SERVING) and ticket.window_no != window.no
    if state not in _TO_DONE or elsewhere:
        return OfflineServed("clash", ticket, [])
    for step in _TO_DONE[state]:
        _transition(ticket, step, "finish")
    # The device's clock says when; kept between the issue and now so no figure goes negative.
    at = min(max(served_at, ticket.issued_at), now)
    ticket.called_at = ticket.called_at or at
    ticket.started_at = ticket.started_at or at
    ticket.ended_at = at
    ticket.window_no = window.no
    ticket.target_window_no = None
    ticket.clerk_user_id = actor.id if actor.is_user else None
    ticket.note = OFFLINE_SERVED_NOTE
    if window.current_ticket_id == ticket.id:
        _end_current(window, ticket, now)
        ticket.ended_at = at
    else:
        window.last_ticket_id = ticket.id
    session.flush()
    event = _event("ticket_finished", ticket, window, actor, note=OFFLINE_SERVED_NOTE, offline=True)
    return OfflineServed("closed", ticket, [event])
