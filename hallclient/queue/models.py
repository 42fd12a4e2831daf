"""Frozen values the server's queue API returns; the only things that cross the UI's threads.

Parsing is lenient about additions (unknown keys are ignored) and strict about what we rely on:
a reply without a ticket number or a window number is a protocol error, not a silent default.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hallclient.domain.errors import SyncError
from hallclient.domain.queue import TicketState, WindowState
from hallclient.domain.rating import RectificationStage

TicketId = int | str


class WindowAction(enum.StrEnum):
    """The path segment of ``POST /api/v1/windows/{no}/actions/{action}``."""

    CALL_NEXT = "call_next"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    SUSPEND = "suspend"
    RESUME = "resume"
    PAUSE = "pause"
    UNPAUSE = "unpause"
    REQUEST_RATING = "request_rating"


def _req(data: dict[str, Any], key: str, what: str) -> Any:
    try:
        return data[key]
    except (KeyError, TypeError):
        raise SyncError(f"服务器返回的{what}缺少字段 {key}", code="protocol", field=key) from None


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise SyncError(f"服务器返回的时间格式不正确: {value}", code="protocol") from None


def _optional_int(value: Any) -> int | None:
    # bool is an int to Python, never to the server
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Ticket:
    id: TicketId
    number: str
    service: str
    state: TicketState | str
    green_channel: bool = False
    issued_at: datetime | None = None
    called_at: datetime | None = None
    window_no: str | None = None
    recall_count: int = 0
    people_ahead: int | None = None
    status_url: str = ""
    public_token: str = ""
    source: str = ""  # who issued it: kiosk, appointment, window (as the server says)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ticket:
        state_raw = str(_req(data, "state", "号票"))
        try:
            state: TicketState | str = TicketState(state_raw)
        except ValueError:
            state = state_raw  # a state added on the server later must not break the counter
        return cls(
            id=_req(data, "id", "号票"),
            number=str(_req(data, "number", "号票")),
            service=str(_req(data, "service", "号票")),
            state=state,
            green_channel=bool(data.get("green_channel", False)),
            issued_at=parse_time(data.get("issued_at")),
            called_at=parse_time(data.get("called_at")),
            window_no=data.get("window_no"),
            recall_count=int(data.get("recall_count") or 0),
            people_ahead=data.get("people_ahead"),
            status_url=str(data.get("status_url") or ""),
            public_token=str(data.get("public_token") or ""),
            source=str(data.get("source") or ""),
        )


@dataclass(frozen=True)
class ManualTicketClash:
    """A paper ticket typed in at a window during an outage whose number the queue had called or
    served at another window, or closed already (docs/sync.md)."""

    id: str
    number: str
    window_no: str
    clerk_username: str
    at: datetime
    service_day: date
    clash_ticket_id: int | None
    note: str | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ManualTicketClash:
        at = parse_time(_req(data, "at", "手工号记录"))
        assert at is not None
        return cls(
            id=str(_req(data, "id", "手工号记录")),
            number=str(_req(data, "number", "手工号记录")),
            window_no=str(_req(data, "window_no", "手工号记录")),
            clerk_username=str(data.get("clerk_username") or ""),
            at=at,
            service_day=date.fromisoformat(str(_req(data, "service_day", "手工号记录"))),
            clash_ticket_id=data.get("clash_ticket_id"),
            note=data.get("note"),
        )


@dataclass(frozen=True)
class WindowStatus:
    no: str
    state: WindowState | str = WindowState.IDLE
    clerk: str | None = None
    current_ticket: Ticket | None = None
    pause_reason: str | None = None
    name: str = ""
    services: tuple[str, ...] = ()
    state_since: datetime | None = None  # when the window entered its state (e.g. the pause)
    # The signed-in clerk's user id; None when nobody is, or from a server that does not send it.
    clerk_user_id: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WindowStatus:
        state_raw = str(data.get("state") or "idle")
        try:
            state: WindowState | str = WindowState(state_raw)
        except ValueError:
            state = state_raw
        current = data.get("current_ticket")
        return cls(
            no=str(_req(data, "no", "窗口")),
            state=state,
            clerk=data.get("clerk"),
            current_ticket=Ticket.from_json(current) if current else None,
            pause_reason=data.get("pause_reason"),
            name=str(data.get("name") or ""),
            services=tuple(str(s) for s in data.get("services") or ()),
            state_since=parse_time(data.get("state_since")),
            clerk_user_id=_optional_int(data.get("clerk_user_id")),
        )


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    prefix: str
    name: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceInfo:
        code = str(_req(data, "code", "业务"))
        return cls(code=code, prefix=str(data.get("prefix") or code), name=str(data.get("name") or code))


@dataclass(frozen=True)
class ServiceWaiting:
    code: str
    prefix: str
    name: str
    waiting: int
    oldest_wait_s: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceWaiting:
        code = str(_req(data, "code", "业务"))
        return cls(
            code=code,
            prefix=str(data.get("prefix") or code),
            name=str(data.get("name") or code),
            waiting=int(data.get("waiting") or 0),
            oldest_wait_s=int(data.get("oldest_wait_s") or 0),
        )


@dataclass(frozen=True)
class HallInfo:
    code: str
    name: str
    services: tuple[ServiceInfo, ...]
    windows: tuple[WindowStatus, ...]
    # Recalls allowed per ticket; None from a server that does not say (the server still refuses).
    recall_limit: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HallInfo:
        return cls(
            code=str(_req(data, "code", "大厅")),
            name=str(data.get("name") or ""),
            services=tuple(ServiceInfo.from_json(s) for s in data.get("services") or ()),
            windows=tuple(WindowStatus.from_json(w) for w in data.get("windows") or ()),
            recall_limit=_optional_int(data.get("recall_limit")),
        )

    def window(self, no: str) -> WindowStatus | None:
        return next((w for w in self.windows if w.no == no), None)


@dataclass(frozen=True)
class HallSnapshot:
    seq: int
    server_time: datetime | None
    services: tuple[ServiceWaiting, ...]
    windows: tuple[WindowStatus, ...]
    suspended: tuple[Ticket, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HallSnapshot:
        return cls(
            seq=int(_req(data, "seq", "大厅状态")),
            server_time=parse_time(data.get("server_time")),
            services=tuple(ServiceWaiting.from_json(s) for s in data.get("services") or ()),
            windows=tuple(WindowStatus.from_json(w) for w in data.get("windows") or ()),
            suspended=tuple(Ticket.from_json(t) for t in data.get("suspended") or ()),
        )

    def window(self, no: str) -> WindowStatus | None:
        return next((w for w in self.windows if w.no == no), None)


@dataclass(frozen=True)
class ActionResult:
    ticket: Ticket | None
    window: WindowStatus | None
    event_seq: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActionResult:
        ticket = data.get("ticket")
        window = data.get("window")
        return cls(
            ticket=Ticket.from_json(ticket) if ticket else None,
            window=WindowStatus.from_json(window) if window else None,
            event_seq=int(data.get("event_seq") or 0),
        )


@dataclass(frozen=True)
class User:
    id: int | str
    username: str
    display_name: str
    role: str
    hall_code: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> User:
        username = str(_req(data, "username", "用户"))
        return cls(
            id=data.get("id", username),
            username=username,
            display_name=str(data.get("display_name") or username),
            role=str(data.get("role") or "clerk"),
            hall_code=str(data.get("hall_code") or ""),
        )


@dataclass(frozen=True)
class OfflineVerifier:
    algorithm: str
    hash: str
    valid_until: datetime | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfflineVerifier:
        return cls(
            algorithm=str(data.get("algorithm") or "argon2id"),
            hash=str(_req(data, "hash", "离线凭据")),
            valid_until=parse_time(data.get("valid_until")),
        )


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: datetime | None
    user: User
    window: WindowStatus | None
    offline_verifier: OfflineVerifier | None
    offline: bool = False  # True when signed in against the cached verifier, without the server

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoginResult:
        window = data.get("window")
        verifier = data.get("offline_verifier")
        return cls(
            token=str(_req(data, "token", "登录结果")),
            expires_at=parse_time(data.get("expires_at")),
            user=User.from_json(_req(data, "user", "登录结果")),
            window=WindowStatus.from_json(window) if window else None,
            offline_verifier=OfflineVerifier.from_json(verifier) if verifier else None,
        )


@dataclass(frozen=True)
class HallEvent:
    seq: int
    type: str
    at: datetime | None
    data: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HallEvent:
        return cls(
            seq=int(_req(data, "seq", "事件")),
            type=str(_req(data, "type", "事件")),
            at=parse_time(data.get("at")),
            data=dict(data.get("data") or {}),
        )


# ``apply-hall`` changed the hall's services, windows or name: what GET /hall answers is new.
HALL_CONFIGURED = "hall_configured"


@dataclass(frozen=True)
class EventBatch:
    events: tuple[HallEvent, ...]
    last_seq: int

    @property
    def hall_configured(self) -> bool:
        """The hall's layout changed within this batch: read it again (``HALL_CONFIGURED``)."""
        return any(e.type == HALL_CONFIGURED for e in self.events)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventBatch:
        events = tuple(HallEvent.from_json(e) for e in data.get("events") or ())
        last = data.get("last_seq")
        last_seq = int(last) if last is not None else (events[-1].seq if events else 0)
        return cls(events=events, last_seq=last_seq)


@dataclass(frozen=True)
class Reason:
    code: str
    label: str


@dataclass(frozen=True)
class Reasons:
    pause: tuple[Reason, ...]
    bad_rating: tuple[Reason, ...]
    reject: tuple[Reason, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reasons:
        def parse(key: str) -> tuple[Reason, ...]:
            return tuple(
                Reason(code=str(_req(r, "code", "原因")), label=str(r.get("label") or r["code"]))
                for r in data.get(key) or ()
            )

        return cls(pause=parse("pause"), bad_rating=parse("bad_rating"), reject=parse("reject"))


@dataclass(frozen=True)
class Health:
    status: str
    version: str
    server_time: datetime | None
    epoch: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Health:
        return cls(
            status=str(data.get("status") or ""),
            version=str(data.get("version") or ""),
            server_time=parse_time(data.get("server_time")),
            epoch=str(data.get("epoch") or ""),
        )


@dataclass(frozen=True)
class RatingReceipt:
    """What the server answered for a stored rating (its id, when it gives one)."""

    id: int | str | None
    ticket_id: TicketId | None
    level: int | None


@dataclass(frozen=True)
class RectificationStep:
    """One finished stage of a 差评's rectification: what was found or done, by whom, when."""

    stage: str
    to_stage: str
    note: str
    by: str
    at: datetime | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RectificationStep:
        return cls(
            stage=str(_req(data, "stage", "整改记录")),
            to_stage=str(_req(data, "to_stage", "整改记录")),
            note=str(data.get("note") or ""),
            by=str(data.get("by") or ""),
            at=parse_time(data.get("at")),
        )


@dataclass(frozen=True)
class Rectification:
    """A 差评 and how far its rectification has got (verify → rectify → feed back → closed)."""

    rating_id: int
    window_no: str
    level: int
    reasons: tuple[str, ...]
    comment: str
    rated_at: datetime
    stage: RectificationStage
    stage_started_on: date
    deadline: date | None  # the current stage's last working day; None once closed
    overdue: bool
    history: tuple[RectificationStep, ...] = ()
    ticket_id: int | None = None
    ticket_number: str | None = None
    case_no: str | None = None
    clerk: str | None = None  # who served the applicant, as the server recorded it
    item_code: str | None = None  # the service item (事项) of the case taken in, if any
    item_name: str | None = None  # its name in the hall's present catalog

    @property
    def item(self) -> str:
        """The service item as a manager reads it: its name, else its code."""
        return self.item_name or self.item_code or ""

    @property
    def reference(self) -> str:
        """What the hall calls it by: the ticket number, else the case number."""
        return self.ticket_number or self.case_no or ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rectification:
        what = "差评整改"
        rated_at = parse_time(_req(data, "rated_at", what))
        assert rated_at is not None
        stage_raw = str(_req(data, "stage", what))
        try:
            stage = RectificationStage(stage_raw)
        except ValueError:
            raise SyncError(f"服务器返回了未知的整改阶段：{stage_raw}", code="protocol") from None
        deadline = data.get("deadline")
        return cls(
            rating_id=int(_req(data, "rating_id", what)),
            window_no=str(_req(data, "window_no", what)),
            level=int(_req(data, "level", what)),
            reasons=tuple(str(r) for r in data.get("reasons") or ()),
            comment=str(data.get("comment") or ""),
            rated_at=rated_at,
            stage=stage,
            stage_started_on=date.fromisoformat(str(_req(data, "stage_started_on", what))),
            deadline=date.fromisoformat(str(deadline)) if deadline else None,
            overdue=bool(data.get("overdue", False)),
            history=tuple(RectificationStep.from_json(step) for step in data.get("history") or ()),
            ticket_id=data.get("ticket_id"),
            ticket_number=data.get("ticket_number"),
            case_no=data.get("case_no"),
            clerk=data.get("clerk"),
            item_code=data.get("item_code"),
            item_name=data.get("item_name"),
        )
