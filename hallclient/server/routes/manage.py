"""What the hall manager's monitor needs: today's figures and the 差评 rectification list."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, ConflictError, NotFoundError
from hallclient.domain.queue import TicketState
from hallclient.domain.rating import RectificationConfig, RectificationStage, stage_deadline
from hallclient.domain.workdays import WorkCalendar
from hallclient.server.calendar import hall_calendar
from hallclient.server.catalog import item_names
from hallclient.server.deps import Context, CurrentActor
from hallclient.server.events import NewEvent
from hallclient.server.idempotency import Work, run_once
from hallclient.server.models import Rating, Rectification, Service, Ticket, User, Window
from hallclient.server.routes.queue import WRITE_ERRORS
from hallclient.server.schemas import (
    AdvanceRequest,
    DayStats,
    RectificationList,
    RectificationOut,
    RectificationStep,
    ServiceDay,
    WindowDay,
)
from hallclient.server.security import Actor, DeviceKind, Role

router = APIRouter(prefix="/api/v1", tags=["manage"], responses=WRITE_ERRORS)
RatingIdPath = Annotated[int, Path(ge=1, le=2**53)]

BAD_LEVEL = 2  # levels 1–2 are 差评


def _require_manager_view(actor: Actor) -> None:
    if actor.is_user and actor.role in (Role.MANAGER, Role.ADMIN):
        return
    if not actor.is_user and actor.device_kind is DeviceKind.MONITOR:
        return
    raise AuthError("只有大厅管理员或管理大屏可以查看。", code="forbidden")


# --- today's figures -----------------------------------------------------------------------------


def _seconds(values: Iterable[float]) -> tuple[int | None, int | None]:
    """(average, longest) in whole seconds; (None, None) when there is nothing to measure."""
    items = list(values)
    if not items:
        return None, None
    return round(statistics.fmean(items)), round(max(items))


def _figures(waits: list[float], services: list[float]) -> dict[str, int | None]:
    average_wait, longest_wait = _seconds(waits)
    average_service, _ = _seconds(services)
    return {
        "average_wait_s": average_wait,
        "longest_wait_s": longest_wait,
        "average_service_s": average_service,
    }


@router.get("/stats/today", response_model=DayStats)
def stats_today(context: Context, actor: CurrentActor) -> DayStats:
    """Today's figures (server time zone): tickets issued, served, no-shows, cancelled, waiting;
    waits (issue → first call) and service times (start → finish); per service and per window."""
    _require_manager_view(actor)
    tz = context.config.tz
    now = context.now()
    today = now.astimezone(tz).date()
    day_start = datetime.combine(today, time(0), tzinfo=tz)
    with context.db.read(snapshot=True) as session:
        tickets = session.execute(
            select(
                Ticket.service_code,
                Ticket.state,
                Ticket.window_no,
                Ticket.transferred_from_id,
                Ticket.issued_at,
                Ticket.called_at,
                Ticket.started_at,
                Ticket.ended_at,
            ).where(Ticket.hall_id == actor.hall_id, Ticket.service_day == today)
        ).all()
        services = session.execute(
            select(Service.code, Service.name)
            .where(Service.hall_id == actor.hall_id)
            .order_by(Service.position, Service.code)
        ).all()
        windows = session.execute(
            select(Window.no, Window.name).where(Window.hall_id == actor.hall_id).order_by(Window.no)
        ).all()
        ratings, bad = session.execute(
            select(func.count(), func.count().filter(Rating.level <= BAD_LEVEL)).where(
                Rating.hall_id == actor.hall_id,
                Rating.recorded_at >= day_start,
                Rating.recorded_at < day_start + timedelta(days=1),
            )
        ).one()

    counts: dict[tuple[str, str], int] = defaultdict(int)  # (service or window key, what) → n
    waits: dict[str, list[float]] = defaultdict(list)
    service_times: dict[str, list[float]] = defaultdict(list)
    for t in tickets:
        service, window = f"s:{t.service_code}", f"w:{t.window_no}"
        if t.transferred_from_id is None:
            counts[(service, "issued")] += 1
            if t.called_at is not None:  # the wait until first called, where it was first called
                wait = (t.called_at - t.issued_at).total_seconds()
                waits[service].append(wait)
                waits[window].append(wait)
                waits["all"].append(wait)
        for state in ("done", "no_show", "cancelled", "waiting", "transferred"):
            if t.state == state:
                counts[(service, state)] += 1
                if t.window_no is not None:
                    counts[(window, state)] += 1
        if t.called_at is not None and t.window_no is not None:
            counts[(window, "called")] += 1
        if t.state == TicketState.DONE.value and t.started_at is not None and t.ended_at is not None:
            served_s = (t.ended_at - t.started_at).total_seconds()
            service_times[service].append(served_s)
            service_times[window].append(served_s)
            service_times["all"].append(served_s)

    def total(what: str) -> int:
        return sum(n for (key, kind), n in counts.items() if kind == what and key.startswith("s:"))

    return DayStats(
        day=today,
        server_time=now.astimezone(tz),
        issued=total("issued"),
        served=total("done"),
        no_show=total("no_show"),
        cancelled=total("cancelled"),
        waiting=total("waiting"),
        ratings=int(ratings),
        bad_ratings=int(bad),
        **_figures(waits["all"], service_times["all"]),
        services=[
            ServiceDay(
                code=code,
                name=name,
                issued=counts[(f"s:{code}", "issued")],
                served=counts[(f"s:{code}", "done")],
                no_show=counts[(f"s:{code}", "no_show")],
                cancelled=counts[(f"s:{code}", "cancelled")],
                waiting=counts[(f"s:{code}", "waiting")],
                **_figures(waits[f"s:{code}"], service_times[f"s:{code}"]),
            )
            for code, name in services
        ],
        windows=[
            WindowDay(
                no=no,
                name=name,
                called=counts[(f"w:{no}", "called")],
                served=counts[(f"w:{no}", "done")],
                no_show=counts[(f"w:{no}", "no_show")],
                transferred=counts[(f"w:{no}", "transferred")],
                **_figures(waits[f"w:{no}"], service_times[f"w:{no}"]),
            )
            for no, name in windows
        ],
    )


# --- 差评整改 ---------------------------------------------------------------------------------------


def _rectification_out(
    rating: Rating,
    row: Rectification | None,
    ticket_number: str | None,
    clerk: str | None,
    *,
    calendar: WorkCalendar,
    names: dict[str, str],
    today: date,
    tz: Any,
) -> RectificationOut:
    stage = RectificationStage(row.stage) if row is not None else RectificationStage.VERIFY
    started_on = row.stage_started_on if row is not None else rating.recorded_at.astimezone(tz).date()
    deadline = stage_deadline(
        stage=stage, started_on=started_on, calendar=calendar, config=RectificationConfig()
    )
    assert rating.level is not None
    return RectificationOut(
        rating_id=rating.id,
        ticket_id=rating.ticket_id,
        ticket_number=ticket_number,
        case_no=rating.case_no,
        item_code=rating.item_code,
        item_name=names.get(rating.item_code) if rating.item_code else None,
        window_no=rating.window_no,
        clerk=clerk,
        level=rating.level,
        reasons=list(rating.reasons),
        comment=rating.comment,
        rated_at=rating.rated_at.astimezone(tz),
        stage=stage.value,
        stage_label=stage.label,
        stage_started_on=started_on,
        deadline=deadline,
        overdue=deadline is not None and today > deadline,
        history=[RectificationStep.model_validate(step) for step in (row.history if row else [])],
    )


def _bad_ratings(actor: Actor) -> Any:
    return (
        select(Rating, Rectification, Ticket.number, User.display_name)
        .outerjoin(
            Rectification, and_(Rectification.rating_id == Rating.id, Rectification.hall_id == Rating.hall_id)
        )
        .outerjoin(Ticket, and_(Ticket.id == Rating.ticket_id, Ticket.hall_id == Rating.hall_id))
        .outerjoin(User, User.id == Rating.user_id)
        .where(Rating.hall_id == actor.hall_id, Rating.level.is_not(None), Rating.level <= BAD_LEVEL)
    )


@router.get("/rectifications", response_model=RectificationList)
def rectifications(
    context: Context,
    actor: CurrentActor,
    status: Annotated[Literal["open", "all"], Query(description="open: not yet closed")] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> RectificationList:
    """Every 差评 (level 1–2) with its rectification stage (verify → rectify → feed_back →
    closed), the stage's deadline in working days and whether it is overdue; newest first."""
    _require_manager_view(actor)
    tz = context.config.tz
    today = context.now().astimezone(tz).date()
    query = _bad_ratings(actor)
    if status == "open":
        query = query.where(
            or_(Rectification.id.is_(None), Rectification.stage != RectificationStage.CLOSED.value)
        )
    with context.db.read() as session:
        calendar = hall_calendar(session, actor.hall_id)
        rows = session.execute(query.order_by(Rating.recorded_at.desc(), Rating.id.desc()).limit(limit)).all()
        names = item_names(session, hall_id=actor.hall_id) if any(r[0].item_code for r in rows) else {}
        return RectificationList(
            rectifications=[
                _rectification_out(
                    rating, row, number, clerk, calendar=calendar, names=names, today=today, tz=tz
                )
                for rating, row, number, clerk in rows
            ]
        )


@router.post("/rectifications/{rating_id}/advance", response_model=RectificationOut)
def advance(
    rating_id: RatingIdPath, body: AdvanceRequest, context: Context, actor: CurrentActor
) -> JSONResponse:
    """Finish the current stage with a note and move to the next (manager or admin). 409
    ``rectification_closed`` once closed; 409 ``stale_stage`` when ``stage`` is given and the
    rectification has moved on meanwhile. Event ``rectification_advanced``."""
    if not (actor.is_user and actor.role in (Role.MANAGER, Role.ADMIN)):
        raise AuthError("只有大厅管理员可以推进差评整改。", code="forbidden")
    tz = context.config.tz
    now = context.now()
    today = now.astimezone(tz).date()

    def work(session: Session) -> Work:
        found = session.execute(
            _bad_ratings(actor).where(Rating.id == rating_id).with_for_update(of=Rating)
        ).first()
        if found is None:
            raise NotFoundError("没有这条差评。", code="not_found", rating_id=rating_id)
        rating, row, number, clerk = found
        current = RectificationStage(row.stage) if row is not None else RectificationStage.VERIFY
        if body.stage is not None and body.stage != current.value:
            raise ConflictError(
                f"这条差评已到“{current.label}”阶段，请刷新后再操作。",
                code="stale_stage",
                stage=current.value,
            )
        following = current.advance()
        step = {
            "stage": current.value,
            "to_stage": following.value,
            "note": body.note,
            "by": actor.name,
            "at": now.astimezone(tz).isoformat(),
        }
        if row is None:
            row = Rectification(hall_id=actor.hall_id, rating_id=rating.id, history=[])
            session.add(row)
        row.stage = following.value
        row.stage_started_on = today
        row.history = [*row.history, step]  # a new list, so the change is seen and saved
        row.updated_at = now
        session.flush()
        out = _rectification_out(
            rating,
            row,
            number,
            clerk,
            calendar=hall_calendar(session, actor.hall_id),
            names=item_names(session, hall_id=actor.hall_id) if rating.item_code else {},
            today=today,
            tz=tz,
        )
        event = NewEvent(
            type="rectification_advanced",
            data={
                "rating_id": rating.id,
                "window_no": rating.window_no,
                "stage": current.value,
                "to_stage": following.value,
                "by": actor.name,
            },
            window_no=rating.window_no,
        )
        return Work(out.model_dump(mode="json"), [event], at=now)

    scope = f"POST /rectifications/{rating_id}/advance"
    return JSONResponse(run_once(context, actor=actor, request_id=body.request_id, scope=scope, work=work))
