"""The server's tables (SQLAlchemy 2 declarative). Alembic migrations in ``migrations/`` follow them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        # SQLite compares the stored text, so every value must be written in one form: naive UTC.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
    }


class ServerMeta(Base):
    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Hall(Base):
    __tablename__ = "halls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    recall_limit: Mapped[int] = mapped_column(Integer, default=3)
    green_channel_first: Mapped[bool] = mapped_column(Boolean, default=True)
    due_appointments_first: Mapped[bool] = mapped_column(Boolean, default=True)
    appointment_grace_min: Mapped[int] = mapped_column(Integer, default=10)
    service_order_first: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("hall_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    code: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Window(Base):
    """A counter window, its configuration and its live state (one row, locked per action)."""

    __tablename__ = "windows"
    __table_args__ = (UniqueConstraint("hall_id", "no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    no: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    services: Mapped[list[str]]  # ordered service codes: the window's service order
    state: Mapped[str] = mapped_column(String(16), default="offline")
    clerk_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    current_ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    last_ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    pause_reason: Mapped[str | None] = mapped_column(String(32))
    state_since: Mapped[datetime | None]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # counter, kiosk, display, monitor
    window_no: Mapped[str | None] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuthToken(Base):
    """A user's sign-in; only the SHA-256 of the token is stored."""

    __tablename__ = "auth_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    window_no: Mapped[str | None] = mapped_column(String(16))
    device_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_lookup", "username", "client", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


# The partial indexes' conditions. A query uses such an index only when its own WHERE says the
# same with literal values, so queue_sql writes the state as a literal there, not a parameter.
WAITING_UNTARGETED = "state = 'waiting' AND target_window_no IS NULL"
WAITING_TARGETED = "state = 'waiting' AND target_window_no IS NOT NULL"
WAITING_MAYBE_PRIORITY = "state = 'waiting' AND (green_channel IS TRUE OR appointment_at IS NOT NULL)"


def _where(condition: str) -> dict[str, Any]:
    """A partial index's condition, the same on both databases."""
    return {"postgresql_where": text(condition), "sqlite_where": text(condition)}


class Ticket(Base):
    """One queue entry. A transfer ends the entry and opens a new one with the same number."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_queue", "hall_id", "state", "service_code"),
        Index("ix_tickets_public_token", "public_token"),
        Index("ix_tickets_number", "hall_id", "service_day", "number_seq"),
        # The heads of the waiting queues, so a call-next reads a few tickets of each queue in
        # order instead of every waiting one (queue_sql.candidate_query; migration 0007).
        Index(
            "ix_tickets_waiting_service",
            "hall_id",
            "service_code",
            "service_day",
            "effective_at",
            **_where(WAITING_UNTARGETED),
        ),
        Index(
            "ix_tickets_waiting_target",
            "hall_id",
            "target_window_no",
            **_where(WAITING_TARGETED),
        ),
        Index(
            "ix_tickets_waiting_priority",
            "hall_id",
            **_where(WAITING_MAYBE_PRIORITY),
        ),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    service_code: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(8))
    number_seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(24))
    service_day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    appointment_id: Mapped[str | None] = mapped_column(String(64))
    appointment_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    effective_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    window_no: Mapped[str | None] = mapped_column(String(16))
    target_window_no: Mapped[str | None] = mapped_column(String(16))
    clerk_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    public_token: Mapped[str] = mapped_column(String(32))
    transferred_from_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    issued_by: Mapped[str | None] = mapped_column(String(64))  # actor key: "device:3", "user:12"
    issued_window_no: Mapped[str | None] = mapped_column(String(16))  # the issuing window, if any


class ServiceDayCounter(Base):
    """The last number issued per service and day; bumped in the ticket's own transaction."""

    __tablename__ = "service_day_counters"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("hall_id", "actor", "request_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    actor: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(200))
    response: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class HallEventCounter(Base):
    """The last event sequence of a hall. Its row lock orders commits, so seqs appear without holes."""

    __tablename__ = "hall_event_counters"
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class HallEvent(Base):
    __tablename__ = "hall_events"
    __table_args__ = (UniqueConstraint("hall_id", "seq"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    window_no: Mapped[str | None] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any]]


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("hall_id", "ticket_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    request_id: Mapped[str] = mapped_column(String(100))
    ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    case_no: Mapped[str | None] = mapped_column(String(64))
    item_code: Mapped[str | None] = mapped_column(String(64))  # the case's service item (事项)
    window_no: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    level: Mapped[int | None] = mapped_column(Integer)
    reasons: Mapped[list[str]]
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(32))
    rated_at: Mapped[datetime]
    recorded_at: Mapped[datetime]


class Rectification(Base):
    """The progress of one 差评's rectification (verify → rectify → feed back → close).

    A bad rating without a row is at its first stage since the day it was recorded; the row is
    written when a manager first advances it.
    """

    __tablename__ = "rectifications"
    __table_args__ = (UniqueConstraint("hall_id", "rating_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"))
    stage: Mapped[str] = mapped_column(String(16))
    stage_started_on: Mapped[date] = mapped_column(Date)
    history: Mapped[list[dict[str, Any]]]  # [{stage, to_stage, note, by, at}], oldest first
    updated_at: Mapped[datetime]


class Reason(Base):
    __tablename__ = "reasons"
    __table_args__ = (UniqueConstraint("hall_id", "kind", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    kind: Mapped[str] = mapped_column(String(16))  # pause, bad_rating, reject
    code: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)


class CalendarOverride(Base):
    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("hall_id", "day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # holiday or workday


class CalendarYear(Base):
    """A year whose whole holiday schedule the hall's overrides give (see server/calendar.py)."""

    __tablename__ = "calendar_years"
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)


class CatalogDocument(Base):
    __tablename__ = "catalog_documents"
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
