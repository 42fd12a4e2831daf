"""``/api/v1/sync``: hello, push, pull (docs/sync.md), and the manager's list of clashing manual tickets."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from hallclient.domain.errors import AuthError, HallError, ValidationError
from hallclient.server.context import ServerContext
from hallclient.server.deps import Context, CurrentActor
from hallclient.server.errors import error_response
from hallclient.server.models import ServerMeta
from hallclient.server.schemas import ClientTime, ErrorBody
from hallclient.server.security import Actor, DeviceKind, Role, require_user
from hallclient.server.sync import protocol as proto
from hallclient.server.sync.changes import (
    ReferenceRefresher,
    anchor_holds,
    change_anchor,
    last_change_seq,
    publish_reference_documents,
    read_changes,
)
from hallclient.server.sync.compaction import compaction_horizon
from hallclient.server.sync.models import SyncClient, SyncManualTicket
from hallclient.server.sync.push import IncomingMutation, apply_push

ClientId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
MutationName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9_.]+$")]


class ClientOutdatedError(HallError):
    """The client speaks a sync protocol this server no longer accepts (HTTP 426)."""

    code = "client_outdated"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# The server's clock minus the counter's, kept for people to look at and never used to decide
# (docs/sync.md). A clock decades off (a reset CMOS clock) still syncs, so any difference a
# clock can show is taken; only a number no clock can produce is refused (2^53 ms is 285,000 years).
MAX_SKEW_MS = 2**53


class MutationIn(Strict):
    client_id: ClientId | None = None
    mutation_id: Annotated[int, Field(ge=1, le=2**62)]
    name: MutationName
    version: Annotated[int, Field(ge=1, le=10_000)]
    payload: dict[str, Any]
    device_time: ClientTime | None = None


class PushRequest(Strict):
    client_id: ClientId
    mutations: Annotated[list[MutationIn], Field(max_length=proto.MAX_BATCH)]
    gap_acknowledged: bool = False
    clock_skew_ms: Annotated[int, Field(ge=-MAX_SKEW_MS, le=MAX_SKEW_MS)] | None = None

    @field_validator("mutations")
    @classmethod
    def _increasing(cls, value: list[MutationIn]) -> list[MutationIn]:
        ids = [m.mutation_id for m in value]
        if any(b <= a for a, b in itertools.pairwise(ids)):
            raise ValueError("mutation ids must strictly increase within a batch")
        return value


class MutationResult(BaseModel):
    mutation_id: int
    status: str = Field(examples=["applied", "conflict", "rejected"])
    code: str | None = None
    reason: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    duplicate: bool = False


class PushResponse(BaseModel):
    protocol: int
    epoch: str
    server_time: datetime
    last_mutation_id: int
    expected_mutation_id: int | None
    results: list[MutationResult]


class Hello(BaseModel):
    protocol: int
    min_protocol: int
    epoch: str
    server_time: datetime
    last_mutation_id: int
    last_change_seq: int


class ChangeOut(BaseModel):
    seq: int
    kind: str
    key: str
    digest: str
    at: datetime
    body: dict[str, Any]


class PullResponse(BaseModel):
    protocol: int
    epoch: str
    changes: list[ChangeOut]
    next_since: int
    has_more: bool
    last_change_seq: int
    # The highest seq compaction has deleted (compaction.py); send it back as ``horizon``.
    compaction_horizon: int = 0
    # The feed was compacted past ``since`` since the client last looked, or the entry at ``since``
    # is not the one the client read (a database restored from a backup): read it again from 0.
    resync: bool = False
    # Names the entry at ``next_since``; send it back as ``anchor`` (None: keep the one you have).
    anchor: str | None = None


class ManualTicketOut(BaseModel):
    id: str
    number: str
    service_day: str
    window_no: str
    clerk_username: str
    at: datetime
    status: str = Field(description="reconciled (the queue's ticket was closed), manual_only, clash")
    clash_ticket_id: int | None = Field(description="the queue's ticket of that number (closed or clashing)")
    note: str | None


_ACCEPTED_PROTOCOLS = [str(v) for v in range(proto.MIN_CLIENT_PROTOCOL, proto.PROTOCOL + 1)]


def check_protocol(
    response: Response,
    x_hall_sync_protocol: Annotated[
        str | None,
        Header(
            description="the sync protocol the client speaks; missing or too old: 426",
            # Declared for clients and /docs only: any other value is answered 426 or 422 below,
            # with a message that tells whom to upgrade.
            json_schema_extra={"enum": _ACCEPTED_PROTOCOLS},
        ),
    ] = None,
) -> int:
    """Every sync answer says the server's protocol; an outdated client gets a clear 426."""
    response.headers[proto.PROTOCOL_HEADER] = str(proto.PROTOCOL)
    response.headers[proto.MIN_PROTOCOL_HEADER] = str(proto.MIN_CLIENT_PROTOCOL)
    try:
        version = int(x_hall_sync_protocol or "0")
    except ValueError:
        version = 0
    if version < proto.MIN_CLIENT_PROTOCOL:
        raise ClientOutdatedError(
            "此窗口程序版本过旧，服务器不再接受它的同步数据。请升级程序后再同步；本机未同步的数据已保留，不会丢失。",
            protocol=version,
            min_protocol=proto.MIN_CLIENT_PROTOCOL,
        )
    if version > proto.PROTOCOL:
        raise ValidationError(
            "服务器版本比窗口程序旧，暂时无法同步。请联系信息技术人员升级服务器；本机数据已保留。",
            code="server_outdated",
            protocol=version,
            server_protocol=proto.PROTOCOL,
        )
    return version


class _SyncRoute(APIRoute):
    """Answers ``ClientOutdatedError`` with 426 Upgrade Required (the shared handler knows 4xx by code)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except ClientOutdatedError as exc:
                response = error_response(426, exc.code, exc.message, exc.params)
                response.headers[proto.PROTOCOL_HEADER] = str(proto.PROTOCOL)
                response.headers[proto.MIN_PROTOCOL_HEADER] = str(proto.MIN_CLIENT_PROTOCOL)
                return response

        return route


Protocol = Annotated[int, Depends(check_protocol)]
router = APIRouter(
    route_class=_SyncRoute,
    prefix="/api/v1/sync",
    tags=["sync"],
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 426: {"model": ErrorBody}},
)
_refresher = ReferenceRefresher()


def _counter_or_user(actor: CurrentActor) -> Actor:
    # Sync carries the hall's cases, applicants and all: a counter's work. A kiosk's or display's
    # token sits on a machine the public stands at; taken from there it must not read or write them.
    if not actor.is_user and actor.device_kind is not DeviceKind.COUNTER:
        raise AuthError(
            "此设备不同步办件数据：只有窗口端（工作人员登录或窗口设备）可以同步。", code="forbidden"
        )
    return actor


SyncActor = Annotated[Actor, Depends(_counter_or_user)]


def _epoch(context: ServerContext) -> str:
    with context.db.read() as session:
        row = session.get(ServerMeta, "epoch")
        return row.value if row is not None else ""


@router.get("/hello", response_model=Hello)
def hello(context: Context, actor: SyncActor, protocol: Protocol, client_id: ClientId) -> Hello:
    """What a client checks before syncing: epoch, the last mutation id the server has for it."""
    with context.db.read() as session:
        client = session.get(SyncClient, client_id)
        last = client.last_mutation_id if client is not None and client.hall_id == actor.hall_id else 0
        seq = last_change_seq(session, hall_id=actor.hall_id)
        epoch = session.get(ServerMeta, "epoch")
    return Hello(
        protocol=proto.PROTOCOL,
        min_protocol=proto.MIN_CLIENT_PROTOCOL,
        epoch=epoch.value if epoch is not None else "",
        server_time=context.now().astimezone(context.config.tz),
        last_mutation_id=last,
        last_change_seq=seq,
    )


@router.post("/push", response_model=PushResponse, responses={422: {"model": ErrorBody}})
def push(body: PushRequest, context: Context, actor: SyncActor, protocol: Protocol) -> PushResponse:
    """Apply a batch of mutations, each exactly once; one answer per mutation (docs/sync.md)."""
    for m in body.mutations:
        if m.client_id is not None and m.client_id != body.client_id:
            raise ValidationError("一批变更只能来自同一个终端。", field="mutations.client_id")
    mutations = [
        IncomingMutation(m.mutation_id, m.name, m.version, m.payload, m.device_time) for m in body.mutations
    ]
    result = apply_push(
        context,
        actor=actor,
        client_id=body.client_id,
        mutations=mutations,
        gap_acknowledged=body.gap_acknowledged,
        clock_skew_ms=body.clock_skew_ms,
        protocol=protocol,
    )
    if result.wrote_events:
        context.hub.notify()
    return PushResponse(
        protocol=proto.PROTOCOL,
        epoch=_epoch(context),
        server_time=context.now().astimezone(context.config.tz),
        last_mutation_id=result.last_mutation_id,
        expected_mutation_id=result.expected_mutation_id,
        results=[MutationResult(**r) for r in result.results],
    )


@router.get("/pull", response_model=PullResponse)
def pull(
    *,
    context: Context,
    actor: SyncActor,
    protocol: Protocol,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=proto.MAX_PAGE)] = proto.DEFAULT_PAGE,
    horizon: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    anchor: Annotated[str | None, Query(pattern="^[0-9a-f]{32}$")] = None,
) -> PullResponse:
    """Changes after ``since`` in commit order; save them with ``next_since`` as the new cursor.

    ``horizon``: the ``compaction_horizon`` of the client's previous page. When the feed has been
    compacted further since, and ``since`` lies before the new horizon, the answer is
    ``resync: true`` with ``next_since: 0``: the client missed entries and reads again from 0.

    ``anchor``: the ``anchor`` of the page that gave the client its cursor. When the entry at
    ``since`` is another one now (the database was restored from a backup and its seqs given out
    again), the answer is ``resync: true`` as well.
    """
    if _refresher.due(actor.hall_id):
        with context.db.write() as session:
            publish_reference_documents(session, hall_id=actor.hall_id, at=context.now())
    with context.db.read() as session:
        current_horizon = compaction_horizon(session, hall_id=actor.hall_id)
        last_seq = last_change_seq(session, hall_id=actor.hall_id)
        epoch = session.get(ServerMeta, "epoch")
        # A client that does not send ``horizon`` (an older program) gets the compacted feed as
        # it is: it still receives the newest entry of everything that changed after its cursor.
        compacted = horizon is not None and horizon < current_horizon and 0 < since < current_horizon
        rewritten = (
            anchor is not None
            and since > 0
            and not anchor_holds(session, hall_id=actor.hall_id, since=since, anchor=anchor)
        )
        if compacted or rewritten:
            return PullResponse(
                protocol=proto.PROTOCOL,
                epoch=epoch.value if epoch is not None else "",
                changes=[],
                next_since=0,
                has_more=True,
                last_change_seq=last_seq,
                compaction_horizon=current_horizon,
                resync=True,
            )
        changes = read_changes(session, hall_id=actor.hall_id, since=since, limit=limit + 1)
    page = changes[:limit]
    return PullResponse(
        protocol=proto.PROTOCOL,
        epoch=epoch.value if epoch is not None else "",
        changes=[
            ChangeOut(seq=c.seq, kind=c.kind, key=c.key, digest=c.digest, at=c.at, body=c.body) for c in page
        ],
        next_since=page[-1].seq if page else since,
        has_more=len(changes) > limit,
        last_change_seq=last_seq,
        compaction_horizon=current_horizon,
        anchor=change_anchor(page[-1]) if page else None,
    )


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    # Pydantic reads a number as seconds since 1970, so "day=0" would list 1970-01-01's tickets:
    # only the written-out form is a day here (its date parsing then refuses 2026-02-30).
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("day must be a date written as YYYY-MM-DD")
    return value


@router.get("/manual-tickets", response_model=list[ManualTicketOut])
def manual_tickets(
    context: Context,
    actor: CurrentActor,
    status: Annotated[str | None, Query(pattern="^(clash|reconciled|manual_only)$")] = None,
    day: Annotated[
        date | None,
        BeforeValidator(_iso_day),
        Query(description="the service day (server time zone), YYYY-MM-DD"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[ManualTicketOut]:
    """Manual tickets reported by counters; ``status=clash`` lists the ones the manager must see
    (managers, admins and monitor devices)."""
    if actor.is_user or actor.device_kind is not DeviceKind.MONITOR:
        require_user(actor, Role.MANAGER, Role.ADMIN)
    from sqlalchemy import select

    with context.db.read() as session:
        query = select(SyncManualTicket).where(SyncManualTicket.hall_id == actor.hall_id)
        if status is not None:
            query = query.where(SyncManualTicket.status == status)
        if day is not None:
            query = query.where(SyncManualTicket.service_day == day)
        rows = session.execute(query.order_by(SyncManualTicket.at.desc()).limit(limit)).scalars()
        return [
            ManualTicketOut(
                id=r.id,
                number=r.number,
                service_day=r.service_day.isoformat(),
                window_no=r.window_no,
                clerk_username=r.clerk_username,
                at=r.at,
                status=r.status,
                clash_ticket_id=r.clash_ticket_id,
                note=r.note,
            )
            for r in rows
        ]
