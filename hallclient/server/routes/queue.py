"""Tickets, window actions and ratings: every write carries a request_id (see idempotency.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, NotFoundError, ValidationError
from hallclient.domain.queue import TicketSource, format_number
from hallclient.server.deps import Context, CurrentActor
from hallclient.server.idempotency import Work, run_once
from hallclient.server.models import Rating, Reason, Ticket
from hallclient.server.queue_engine import (
    ActionParams,
    cancel_ticket,
    find_by_number,
    issue_ticket,
    load_hall,
    parse_number,
    window_action,
)
from hallclient.server.queue_sql import hall_policy
from hallclient.server.ratings import RatingTarget, check_rating_target, rating_recorded_event
from hallclient.server.schemas import (
    WINDOW_NO_CHARS,
    WINDOW_NO_MAX,
    ActionRequest,
    ActionResponse,
    CancelRequest,
    ErrorBody,
    RatingOut,
    RatingRequest,
    TicketOut,
    TicketRequest,
)
from hallclient.server.security import Actor, DeviceKind
from hallclient.server.views import local, ticket_out, window_out

router = APIRouter(prefix="/api/v1")
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody, "description": "the action does not fit the current state"},
    422: {"model": ErrorBody},
}
Action = Literal[
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
]
WindowNoPath = Annotated[str, Path(min_length=1, max_length=WINDOW_NO_MAX, pattern=f"^[{WINDOW_NO_CHARS}]+$")]
TicketIdPath = Annotated[int, Path(ge=1, le=2**53)]
# What queue_engine.parse_number reads: letters, then digits, spaces around either.
NUMBER_PATTERN = r"^\s*[A-Za-z]{1,8}\s*[0-9]{1,9}\s*$"

_ISSUERS = {DeviceKind.KIOSK, DeviceKind.COUNTER}


@router.post("/tickets", response_model=TicketOut, responses=WRITE_ERRORS, tags=["queue"])
def create_ticket(body: TicketRequest, context: Context, actor: CurrentActor) -> JSONResponse:
    """Issue a ticket (kiosk, appointment check-in, walk-in at a window, or a manual number)."""
    if not actor.is_user and actor.device_kind not in _ISSUERS:
        raise AuthError("此设备不能取号。", code="forbidden")
    now = context.now()

    def work(session: Session) -> Work:
        ticket, event, hall = issue_ticket(
            session,
            hall_id=actor.hall_id,
            service_code=body.service,
            source=TicketSource(body.source),
            green_channel=body.green_channel,
            appointment_id=body.appointment_id,
            appointment_at=body.appointment_at,
            now=now,
            tz=context.config.tz,
            issued_by=actor.key,
            issued_window_no=actor.window_no,
        )
        out = ticket_out(session, ticket, tz=context.config.tz, now=now, policy=hall_policy(hall))
        return Work(out.model_dump(mode="json"), [event], at=now)

    return JSONResponse(
        run_once(context, actor=actor, request_id=body.request_id, scope="POST /tickets", work=work)
    )


@router.get("/tickets", response_model=TicketOut, responses=WRITE_ERRORS, tags=["queue"])
def find_ticket(
    number: Annotated[
        str,
        Query(
            min_length=2,
            max_length=24,
            # Declared for clients and /docs only: the route refuses anything else itself, with a
            # message that shows what a number looks like (queue_engine.parse_number).
            json_schema_extra={"pattern": NUMBER_PATTERN},
        ),
    ],
    context: Context,
    actor: CurrentActor,
) -> TicketOut:
    """Today's ticket with this number (``A012``; ``a12`` works too). After a transfer, the
    current entry. 404 when no such number was issued today."""
    now = context.now()
    today = now.astimezone(context.config.tz).date()
    with context.db.read() as session:
        ticket = find_by_number(session, hall_id=actor.hall_id, number=number, day=today)
        if ticket is None:
            prefix, seq = parse_number(number)
            shown = format_number(prefix, seq)
            raise NotFoundError(f"今天没有 {shown} 号，请核对号码。", code="not_found", number=shown)
        hall = load_hall(session, actor.hall_id)
        return ticket_out(session, ticket, tz=context.config.tz, now=now, policy=hall_policy(hall))


@router.post("/tickets/{ticket_id}/cancel", response_model=TicketOut, responses=WRITE_ERRORS, tags=["queue"])
def cancel(
    ticket_id: TicketIdPath, body: CancelRequest, context: Context, actor: CurrentActor
) -> JSONResponse:
    """Cancel a waiting (or suspended) ticket: a manager or admin, or whoever issued it (the kiosk
    or counter device, or the issuing window's signed-in clerk). Event ``ticket_cancelled``."""
    now = context.now()

    def work(session: Session) -> Work:
        ticket, event = cancel_ticket(
            session, hall_id=actor.hall_id, ticket_id=ticket_id, actor=actor, now=now, reason=body.reason
        )
        hall = load_hall(session, actor.hall_id)
        out = ticket_out(session, ticket, tz=context.config.tz, now=now, policy=hall_policy(hall))
        return Work(out.model_dump(mode="json"), [event], at=now)

    return JSONResponse(
        run_once(
            context,
            actor=actor,
            request_id=body.request_id,
            scope=f"POST /tickets/{ticket_id}/cancel",
            work=work,
        )
    )


@router.get("/tickets/{ticket_id}", response_model=TicketOut, responses=WRITE_ERRORS, tags=["queue"])
def get_ticket(ticket_id: TicketIdPath, context: Context, actor: CurrentActor) -> TicketOut:
    now = context.now()
    with context.db.read() as session:
        ticket = session.execute(
            select(Ticket).where(Ticket.id == ticket_id, Ticket.hall_id == actor.hall_id)
        ).scalar_one_or_none()
        if ticket is None:
            raise NotFoundError("没有这个号。", code="not_found", ticket_id=ticket_id)
        hall = load_hall(session, actor.hall_id)
        return ticket_out(session, ticket, tz=context.config.tz, now=now, policy=hall_policy(hall))


@router.post(
    "/windows/{window_no}/actions/{action}",
    response_model=ActionResponse,
    responses=WRITE_ERRORS,
    tags=["queue"],
)
def act(
    window_no: WindowNoPath, action: Action, body: ActionRequest, context: Context, actor: CurrentActor
) -> JSONResponse:
    """One window action (DESIGN §4). A retry with the same request_id returns the first answer."""
    now = context.now()
    params = ActionParams(
        ticket_id=body.ticket_id,
        to_service=body.to_service,
        to_window=body.to_window,
        note=body.note,
        keep_time=body.keep_time,
        reason=body.reason,
        number=body.number,
    )
    today = now.astimezone(context.config.tz).date()

    def work(session: Session) -> Work:
        outcome = window_action(
            session,
            hall_id=actor.hall_id,
            window_no=window_no,
            action=action,
            params=params,
            actor=actor,
            now=now,
            today=today,
        )
        policy = hall_policy(outcome.hall)
        tz = context.config.tz
        clerk = actor.name if outcome.window.clerk_user_id == actor.id else None
        answer = ActionResponse(
            ticket=ticket_out(session, outcome.ticket, tz=tz, now=now, policy=policy)
            if outcome.ticket
            else None,
            window=window_out(session, outcome.window, tz=tz, now=now, policy=policy, clerk=clerk),
            event_seq=0,  # set to the seq of the last event written (or the current seq)
        )
        return Work(answer.model_dump(mode="json"), outcome.events, at=now, seq_field="event_seq")

    # The answer was built from the response model already; sent as is, not validated again.
    return JSONResponse(
        run_once(
            context,
            actor=actor,
            request_id=body.request_id,
            scope=f"POST /windows/{window_no}/actions/{action}",
            work=work,
        )
    )


def _rating_out(rating: Rating, context: Any) -> RatingOut:
    tz = context.config.tz
    rated_at, recorded_at = local(rating.rated_at, tz), local(rating.recorded_at, tz)
    assert rated_at is not None and recorded_at is not None
    return RatingOut(
        id=rating.id,
        ticket_id=rating.ticket_id,
        case_no=rating.case_no,
        item_code=rating.item_code,
        window_no=rating.window_no,
        level=rating.level,
        reasons=list(rating.reasons),
        comment=rating.comment,
        channel=rating.channel,
        rated_at=rated_at,
        recorded_at=recorded_at,
    )


@router.post("/ratings", response_model=RatingOut, responses=WRITE_ERRORS, tags=["ratings"])
def create_rating(body: RatingRequest, context: Context, actor: CurrentActor) -> dict[str, Any]:
    """Record one rating (好差评); ``level: null`` records that the applicant did not rate."""
    now = context.now()
    if body.rated_at.tzinfo is None:
        raise ValidationError("评价时间需要带时区。", field="rated_at")
    if body.level is None and body.reasons:
        raise ValidationError("未评价时不能选择差评原因。", field="reasons")

    def work(session: Session) -> Work:
        target = _check_rating(session, actor=actor, body=body)
        rating = Rating(
            hall_id=actor.hall_id,
            request_id=body.request_id,
            ticket_id=target.ticket_id,
            case_no=body.case_no,
            item_code=body.item_code,
            window_no=target.window_no,
            user_id=target.user_id,
            level=body.level,
            reasons=list(body.reasons),
            comment=body.comment,
            channel=body.channel,
            rated_at=body.rated_at,
            recorded_at=now,
        )
        session.add(rating)
        session.flush()
        return Work(
            _rating_out(rating, context).model_dump(mode="json"), [rating_recorded_event(rating)], at=now
        )

    return run_once(context, actor=actor, request_id=body.request_id, scope="POST /ratings", work=work)


def _check_rating(session: Session, *, actor: Actor, body: RatingRequest) -> RatingTarget:
    target = check_rating_target(
        session, actor=actor, window_no=body.window_no, ticket_id=body.ticket_id, holding_window=True
    )
    if body.reasons:
        known = set(
            session.execute(
                select(Reason.code).where(Reason.hall_id == actor.hall_id, Reason.kind == "bad_rating")
            ).scalars()
        )
        unknown = [r for r in body.reasons if r not in known]
        if unknown:
            raise ValidationError(f"差评原因代码无效：{'、'.join(unknown)}。", field="reasons")
    return target
