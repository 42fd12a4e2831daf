"""Request and response bodies of the HTTP API (docs/api.md); FastAPI builds OpenAPI from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from hallclient.domain.catalog import ITEM_CODE_PATTERN

# No NUL and no control characters: PostgreSQL refuses NUL in text, and nobody types them.
_PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
ShortText = Annotated[str, StringConstraints(max_length=100, pattern=_PLAIN)]
LongText = Annotated[str, StringConstraints(max_length=2000, pattern=_PLAIN)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
ItemCode = Annotated[str, StringConstraints(max_length=40, pattern=ITEM_CODE_PATTERN)]
# A window number's characters and length: the body field, the path parameter and the write lane's
# path pattern (writelane.py) all take them from here.
WINDOW_NO_CHARS = "A-Za-z0-9_-"
WINDOW_NO_MAX = 16
WindowNo = Annotated[
    str, StringConstraints(min_length=1, max_length=WINDOW_NO_MAX, pattern=f"^[{WINDOW_NO_CHARS}]+$")
]
TicketNumber = Annotated[
    str, StringConstraints(min_length=2, max_length=24, pattern=r"^\s*[A-Za-z]{1,8}\s*[0-9]{1,9}\s*$")
]
RequestId = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
DbId = Annotated[int, Field(ge=1, le=2**53)]


def _plausible_time(value: datetime) -> datetime:
    # Far-off years overflow when converted to UTC for storage; no hall works outside these.
    if not 2000 <= value.year <= 2100:
        raise ValueError("time must lie between the years 2000 and 2100")
    return value


# A time sent by a client: ISO-8601 with an offset, a plausible year. Strict bodies refuse strings
# for datetimes, and JSON has no other way to send one: this field alone is lax about it.
ClientTime = Annotated[AwareDatetime, Field(strict=False), AfterValidator(_plausible_time)]


class Strict(BaseModel):
    """A request body: unknown fields and wrong JSON types ("yes" for a boolean, "3" for a
    number) are refused, never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorDetail(BaseModel):
    code: str = Field(examples=["conflict"])
    message: str = Field(examples=["A012 号当前为“等候中”，不能办结。"])
    params: dict[str, Any] = Field(default_factory=dict)


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    server_time: datetime
    epoch: str


class LoginRequest(Strict):
    username: ShortText
    password: Annotated[str, StringConstraints(max_length=200)]
    window_no: WindowNo | None = None
    device_id: ShortText | None = None


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Literal["clerk", "manager", "admin"]
    hall_code: str


class WindowInfo(BaseModel):
    no: str
    name: str
    services: list[str]


class OfflineVerifier(BaseModel):
    algorithm: Literal["argon2id"]
    hash: str
    valid_until: datetime


class LoginResponse(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut
    window: WindowInfo | None
    offline_verifier: OfflineVerifier


class LogoutResponse(BaseModel):
    signed_out: bool


class ServiceOut(BaseModel):
    code: str
    prefix: str
    name: str


class HallOut(BaseModel):
    code: str
    name: str
    services: list[ServiceOut]
    windows: list[WindowInfo]
    recall_limit: int
    timezone: str


class TicketOut(BaseModel):
    id: int
    number: str
    service: str
    state: Literal["waiting", "called", "serving", "done", "no_show", "cancelled", "transferred", "suspended"]
    green_channel: bool
    issued_at: datetime
    called_at: datetime | None
    window_no: str | None
    target_window_no: str | None = None
    recall_count: int
    people_ahead: int
    status_url: str
    public_token: str
    source: str | None = None
    transferred_from_id: int | None = None
    note: str | None = None
    service_day: date | None = None
    expired: bool = False  # waiting or suspended from an earlier day: it will not be called


class WindowOut(BaseModel):
    no: str
    name: str
    services: list[str]
    state: Literal["idle", "calling", "serving", "paused", "offline"]
    clerk: str | None
    # The signed-in clerk's user id: a counter tells itself from another clerk of the same
    # display name by it. Not the user name: displays and monitors read this too.
    clerk_user_id: int | None = None
    current_ticket: TicketOut | None
    pause_reason: str | None
    state_since: datetime | None


class ServiceLoad(BaseModel):
    code: str
    prefix: str
    name: str
    waiting: int
    oldest_wait_s: int


class Snapshot(BaseModel):
    seq: int
    server_time: datetime
    services: list[ServiceLoad]
    windows: list[WindowOut]
    suspended: list[TicketOut]


class EventOut(BaseModel):
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]


class EventsPage(BaseModel):
    events: list[EventOut]
    last_seq: int


class TicketRequest(Strict):
    service: Code
    source: Literal["kiosk", "appointment", "walk_in", "manual"] = "kiosk"
    green_channel: bool = False
    appointment_id: ShortText | None = None
    appointment_at: ClientTime | None = None
    request_id: RequestId


class ActionRequest(Strict):
    request_id: RequestId
    ticket_id: DbId | None = None
    number: TicketNumber | None = Field(
        default=None, description="today's ticket number instead of ticket_id, e.g. A012 (A12 works too)"
    )
    to_service: Code | None = None
    to_window: WindowNo | None = None
    note: LongText | None = None
    keep_time: bool = True
    reason: Code | None = None


class CancelRequest(Strict):
    request_id: RequestId
    reason: LongText | None = Field(default=None, description="why, for the record (free text)")


class ActionResponse(BaseModel):
    ticket: TicketOut | None
    window: WindowOut
    event_seq: int


class RatingRequest(Strict):
    request_id: RequestId
    ticket_id: DbId | None = None
    case_no: ShortText | None = None
    item_code: ItemCode | None = Field(default=None, description="the service item (事项) of the case")
    window_no: WindowNo
    level: Annotated[int, Field(ge=1, le=5)] | None
    reasons: Annotated[list[Code], Field(max_length=20)] = Field(default_factory=list)
    comment: LongText = ""
    channel: Literal["counter_pad", "kiosk", "mobile", "web", "sms"] = "counter_pad"
    rated_at: ClientTime


class RatingOut(BaseModel):
    id: int
    ticket_id: int | None
    case_no: str | None
    item_code: str | None
    window_no: str
    level: int | None
    reasons: list[str]
    comment: str
    channel: str
    rated_at: datetime
    recorded_at: datetime


class CatalogReplacedOut(BaseModel):
    hall_code: str
    version: int = Field(description="the server's count of the hall's catalog documents")
    catalog_version: str = Field(description="the content's own version, as its editor set it")
    items: int
    bundles: int


class CalendarOut(BaseModel):
    holidays: list[str]
    workdays: list[str]
    years: list[int] = Field(
        default_factory=list,
        description="years whose whole holiday schedule these dates give: for them the list replaces "
        "the statutory calendar the program ships, and deadlines are exact",
    )


# A day as YYYY-MM-DD; that it is a real day (no 2026-02-30) the route checks, naming the list.
CalendarDay = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), Field(json_schema_extra={"format": "date"})
]


class CalendarUpdate(Strict):
    holidays: Annotated[list[CalendarDay], Field(max_length=400)]
    workdays: Annotated[list[CalendarDay], Field(max_length=400)]
    years: Annotated[list[int], Field(max_length=20)] = Field(
        default_factory=list,
        description="years whose whole schedule the lists give (the State Council's for that year, "
        "with the hall's own changes); omit for additions to the statutory calendar",
    )


class ReasonOut(BaseModel):
    code: str
    label: str


class ReasonsOut(BaseModel):
    pause: list[ReasonOut]
    bad_rating: list[ReasonOut]
    reject: list[ReasonOut]


class DeviceRequest(Strict):
    name: ShortText
    kind: Literal["counter", "kiosk", "display", "monitor"]
    window_no: WindowNo | None = None


class DeviceOut(BaseModel):
    id: int
    name: str
    kind: str
    window_no: str | None
    token: str


class RectificationStep(BaseModel):
    stage: Literal["verify", "rectify", "feed_back"]
    to_stage: Literal["rectify", "feed_back", "closed"]
    note: str
    by: str
    at: datetime


class RectificationOut(BaseModel):
    rating_id: int
    ticket_id: int | None
    ticket_number: str | None
    case_no: str | None
    item_code: str | None = Field(description="the service item (事项) of the case, if the counter knew it")
    item_name: str | None = Field(description="that item's name in the hall's present catalog")
    window_no: str
    clerk: str | None = Field(description="the clerk who served the ticket (or recorded the rating)")
    level: int
    reasons: list[str]
    comment: str
    rated_at: datetime
    stage: Literal["verify", "rectify", "feed_back", "closed"]
    stage_label: str
    stage_started_on: date
    deadline: date | None = Field(description="last working day for the current stage; null once closed")
    overdue: bool
    history: list[RectificationStep]


class RectificationList(BaseModel):
    rectifications: list[RectificationOut]


class AdvanceRequest(Strict):
    request_id: RequestId
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=_PLAIN)] = Field(
        description="what was found or done in the stage being finished"
    )
    stage: Literal["verify", "rectify", "feed_back", "closed"] | None = Field(
        default=None, description="the stage the manager sees; a 409 if it has moved on meanwhile"
    )


class WaitFigures(BaseModel):
    average_wait_s: int | None
    longest_wait_s: int | None
    average_service_s: int | None


class ServiceDay(WaitFigures):
    code: str
    name: str
    issued: int
    served: int
    no_show: int
    cancelled: int
    waiting: int


class WindowDay(WaitFigures):
    no: str
    name: str
    called: int
    served: int
    no_show: int
    transferred: int


class DayStats(WaitFigures):
    day: date
    server_time: datetime
    issued: int
    served: int
    no_show: int
    cancelled: int
    waiting: int
    ratings: int
    bad_ratings: int
    services: list[ServiceDay]
    windows: list[WindowDay]
