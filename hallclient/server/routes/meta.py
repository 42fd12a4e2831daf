"""Health, hall configuration, snapshot, and the lists clients cache (catalog, calendar, reasons)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body
from sqlalchemy import func, select

from hallclient import __version__
from hallclient.domain.errors import ValidationError
from hallclient.domain.queue import TicketState
from hallclient.server import calendar as hall_calendars
from hallclient.server.catalog import replace_catalog
from hallclient.server.deps import Context, CurrentActor
from hallclient.server.events import current_seq
from hallclient.server.models import (
    CatalogDocument,
    Hall,
    Reason,
    ServerMeta,
    Service,
    Ticket,
    Window,
)
from hallclient.server.queue_engine import load_hall
from hallclient.server.queue_sql import hall_policy
from hallclient.server.schemas import (
    CalendarOut,
    CalendarUpdate,
    CatalogReplacedOut,
    ErrorBody,
    HallOut,
    Health,
    ReasonOut,
    ReasonsOut,
    ServiceLoad,
    ServiceOut,
    Snapshot,
    WindowInfo,
)
from hallclient.server.security import Role, recheck_actor, require_user
from hallclient.server.views import ticket_out, window_out

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}}
router = APIRouter(prefix="/api/v1", responses=AUTH_ERRORS)


@router.get("/health", response_model=Health, tags=["meta"])
def health(context: Context) -> Health:
    with context.db.read() as session:
        epoch = session.get(ServerMeta, "epoch")
    return Health(
        status="ok",
        version=__version__,
        server_time=context.now().astimezone(context.config.tz),
        epoch=epoch.value if epoch else "",
    )


@router.get("/hall", response_model=HallOut, tags=["hall"])
def hall_config(context: Context, actor: CurrentActor) -> HallOut:
    with context.db.read() as session:
        hall = load_hall(session, actor.hall_id)
        services = session.execute(
            select(Service).where(Service.hall_id == hall.id).order_by(Service.position, Service.code)
        ).scalars()
        windows = session.execute(
            select(Window).where(Window.hall_id == hall.id).order_by(Window.no)
        ).scalars()
        return HallOut(
            code=hall.code,
            name=hall.name,
            services=[ServiceOut(code=s.code, prefix=s.prefix, name=s.name) for s in services],
            windows=[WindowInfo(no=w.no, name=w.name, services=list(w.services)) for w in windows],
            recall_limit=hall.recall_limit,
            timezone=context.config.timezone,
        )


@router.get("/hall/snapshot", response_model=Snapshot, tags=["hall"])
def snapshot(context: Context, actor: CurrentActor) -> Snapshot:
    """The hall's state as of event ``seq``: follow ``/events?since=seq`` from here."""
    tz = context.config.tz
    now = context.now()
    today = now.astimezone(tz).date()
    with context.db.read(snapshot=True) as session:
        seq = current_seq(session, hall_id=actor.hall_id)
        hall = load_hall(session, actor.hall_id)
        policy = hall_policy(hall)
        waiting: dict[str, tuple[int, datetime | None]] = {
            code: (int(count), oldest)
            for code, count, oldest in session.execute(
                select(Ticket.service_code, func.count(), func.min(Ticket.issued_at))
                .where(
                    Ticket.hall_id == hall.id,
                    Ticket.state == TicketState.WAITING.value,
                    Ticket.service_day == today,  # earlier days' leftovers are never called
                )
                .group_by(Ticket.service_code)
            )
        }
        services = []
        for service in session.execute(
            select(Service).where(Service.hall_id == hall.id).order_by(Service.position, Service.code)
        ).scalars():
            count, oldest_at = waiting.get(service.code, (0, None))
            services.append(
                ServiceLoad(
                    code=service.code,
                    prefix=service.prefix,
                    name=service.name,
                    waiting=count,
                    oldest_wait_s=max(0, int((now - oldest_at).total_seconds())) if oldest_at else 0,
                )
            )
        windows = [
            window_out(session, w, tz=tz, now=now, policy=policy)
            for w in session.execute(
                select(Window).where(Window.hall_id == hall.id).order_by(Window.no)
            ).scalars()
        ]
        suspended = [
            ticket_out(session, t, tz=tz, now=now, policy=policy)
            for t in session.execute(
                select(Ticket)
                .where(
                    Ticket.hall_id == hall.id,
                    Ticket.state == TicketState.SUSPENDED.value,
                    Ticket.service_day == today,
                )
                .order_by(Ticket.effective_at, Ticket.id)
            ).scalars()
        ]
        return Snapshot(
            seq=seq, server_time=now.astimezone(tz), services=services, windows=windows, suspended=suspended
        )


@router.get("/catalog", tags=["reference"], response_model=dict[str, Any])
def catalog(context: Context, actor: CurrentActor) -> dict[str, Any]:
    """The service-item catalog, in the format of resources/catalog/catalog.json."""
    with context.db.read() as session:
        row = session.get(CatalogDocument, actor.hall_id)
        return dict(row.document) if row is not None else {}


@router.put(
    "/catalog",
    response_model=CatalogReplacedOut,
    tags=["reference"],
    responses={422: {"model": ErrorBody}},
)
def replace_hall_catalog(
    document: Annotated[dict[str, Any], Body(description="a catalog, as docs/catalog-format.md describes")],
    context: Context,
    actor: CurrentActor,
) -> CatalogReplacedOut:
    """Replace the hall's catalog (admin). It is checked whole first, with the parser the counters
    use: a catalog they could not read is refused (422) and the old one stays. The counters get
    the new one through the sync feed within seconds."""
    require_user(actor, Role.ADMIN)
    with context.db.write() as session:
        now = context.now()
        # The actor may come from the auth cache: an admin signed out or disabled through another
        # process must not change what every counter of the hall reads.
        recheck_actor(session, actor=actor, now=now)
        hall = session.get(Hall, actor.hall_id)
        if hall is None:  # pragma: no cover - an actor's hall exists
            raise ValidationError("没有这个大厅。", field="hall")
        replaced = replace_catalog(session, hall=hall, document=document, now=now)
    return CatalogReplacedOut(**asdict(replaced))


def _calendar(session: Any, hall_id: int) -> CalendarOut:
    return CalendarOut(**hall_calendars.calendar_document(session, hall_id))


@router.get("/calendar", response_model=CalendarOut, tags=["reference"])
def calendar(context: Context, actor: CurrentActor) -> CalendarOut:
    """The hall's overrides of the statutory calendar (extra holidays, make-up workdays)."""
    with context.db.read() as session:
        return _calendar(session, actor.hall_id)


@router.put(
    "/calendar",
    response_model=CalendarOut,
    tags=["reference"],
    responses={422: {"model": ErrorBody}},
)
def replace_calendar(body: CalendarUpdate, context: Context, actor: CurrentActor) -> CalendarOut:
    """Replace the hall's calendar overrides (admin)."""
    require_user(actor, Role.ADMIN)
    holidays = _days(body.holidays, field="holidays")
    workdays = _days(body.workdays, field="workdays")
    with context.db.write() as session:
        recheck_actor(session, actor=actor, now=context.now())  # as for the catalog
        hall_calendars.replace_calendar(
            session, hall_id=actor.hall_id, holidays=holidays, workdays=workdays, years=body.years
        )
        return _calendar(session, actor.hall_id)


def _days(values: list[str], *, field: str) -> set[date]:
    days = set()
    for value in values:
        try:
            days.add(date.fromisoformat(value))
        except ValueError as exc:
            raise ValidationError(
                f"日期“{value}”不存在，请按“年-月-日”填写真实的日期，如 2026-10-01。",
                field=field,
                value=value,
            ) from exc
    return days


@router.get("/reasons", response_model=ReasonsOut, tags=["reference"])
def reasons(context: Context, actor: CurrentActor) -> ReasonsOut:
    with context.db.read() as session:
        rows = session.execute(
            select(Reason)
            .where(Reason.hall_id == actor.hall_id)
            .order_by(Reason.kind, Reason.position, Reason.code)
        ).scalars()
        lists: dict[str, list[ReasonOut]] = {"pause": [], "bad_rating": [], "reject": []}
        for row in rows:
            lists.setdefault(row.kind, []).append(ReasonOut(code=row.code, label=row.label))
        return ReasonsOut(pause=lists["pause"], bad_rating=lists["bad_rating"], reject=lists["reject"])
