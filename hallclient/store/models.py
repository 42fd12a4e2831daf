"""The counter's local database: SQLAlchemy 2 typed models.

Enumerations are stored as their string values with CHECK constraints, so the store does not
depend on the domain's enum classes (and a value written by a newer domain fails loudly here).
Every time is an aware UTC datetime (``UtcDateTime``); calendar days (deadlines) are ``date``.

ORM objects never leave the thread and session that loaded them; code that hands data to another
thread (the UI) converts it to a frozen read model first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from hallclient.store.types import UtcDateTime, new_id

# Named constraints let Alembic's batch mode (SQLite table rebuilds) find and alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

APPLICANT_KINDS = ("person", "org")
OUTCOMES = ("accept", "accept_with_deficiency", "notify_once", "reject")
CASE_STATUSES = ("accepted", "awaiting_supplement", "notified", "rejected", "completed", "withdrawn")
CASE_SYNC_STATES = ("pending", "synced", "conflict")
CHECK_STATES = ("original", "copy", "e_license", "missing", "deficient", "not_applicable")
PLEDGE_STATUSES = ("open", "fulfilled", "overdue")
MANUAL_TICKET_STATUSES = ("pending", "reconciled", "clash")
MUTATION_STATUSES = ("pending", "applied", "conflict", "rejected")
CACHED_DOCUMENT_KINDS = ("catalog", "calendar", "reasons", "window_config")


def one_of(column: str, values: tuple[str, ...], *, nullable: bool = False) -> str:
    """SQL for a CHECK that a text column holds one of ``values``."""
    listed = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Case(Base):
    """办件: one application taken in at this window."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(one_of("applicant_kind", APPLICANT_KINDS), name="applicant_kind"),
        CheckConstraint(one_of("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(one_of("recommended_outcome", OUTCOMES), name="recommended_outcome"),
        CheckConstraint(one_of("status", CASE_STATUSES), name="status"),
        CheckConstraint(one_of("sync_state", CASE_SYNC_STATES), name="sync_state"),
        CheckConstraint("version >= 0", name="version"),
        # The intake list: newest first, optionally one status; deadlines per status.
        Index("ix_cases_created_at", "created_at"),
        Index("ix_cases_status_created_at", "status", "created_at"),
        Index("ix_cases_status_pledge_due", "status", "pledge_due"),
        Index("ix_cases_status_promised_due", "status", "promised_due"),
        # Search: prefix matches on what a clerk types (name, numbers, phone).
        Index("ix_cases_applicant_name", "applicant_name"),
        Index("ix_cases_applicant_id_number", "applicant_id_number"),
        # "…1234": clerks search by the last four characters an applicant reads out.
        Index("ix_cases_applicant_id_tail", "applicant_id_tail"),
        Index("ix_cases_applicant_phone", "applicant_phone"),
        # …and the last four digits of the phone, which a masked phone shows (138****5678).
        Index("ix_cases_applicant_phone_tail", "applicant_phone_tail"),
        # 代办人: found by the beginning of the name, as the applicant.
        Index("ix_cases_agent_name", "agent_name"),
        Index("ix_cases_org_credit_code", "org_credit_code"),
        Index("ix_cases_server_case_no", "server_case_no"),
        Index("ix_cases_ticket_number", "ticket_number"),
        Index("ix_cases_sync_state", "sync_state"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_no: Mapped[str] = mapped_column(String(40), unique=True)
    server_case_no: Mapped[str | None] = mapped_column(String(64))
    item_code: Mapped[str] = mapped_column(String(64))
    bundle_code: Mapped[str | None] = mapped_column(String(64))
    applicant_kind: Mapped[str] = mapped_column(String(8))
    applicant_name: Mapped[str] = mapped_column(String(200))
    # Full value, shown only in the case form (every full view is audited); lists mask it.
    applicant_id_number: Mapped[str | None] = mapped_column(String(18))
    applicant_id_tail: Mapped[str | None] = mapped_column(String(4))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    # types.phone_tail(applicant_phone), kept wherever the phone is written.
    applicant_phone_tail: Mapped[str | None] = mapped_column(String(4))
    org_credit_code: Mapped[str | None] = mapped_column(String(18))
    legal_rep: Mapped[str | None] = mapped_column(String(100))
    agent_name: Mapped[str | None] = mapped_column(String(100))
    agent_id_number: Mapped[str | None] = mapped_column(String(18))
    ticket_id: Mapped[str | None] = mapped_column(String(64))
    ticket_number: Mapped[str | None] = mapped_column(String(16))
    window_no: Mapped[str] = mapped_column(String(16))
    clerk_username: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))
    recommended_outcome: Mapped[str] = mapped_column(String(32))
    override_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[dt.datetime | None]
    completed_at: Mapped[dt.datetime | None]
    promised_due: Mapped[dt.date | None] = mapped_column(Date)
    pledge_due: Mapped[dt.date | None] = mapped_column(Date)
    # The server's version this local state is based on; a case edit sends it for conflict checks.
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    # pending: local changes not yet applied by the server (a pull must not overwrite them).
    sync_state: Mapped[str] = mapped_column(String(16), default="pending")

    materials: Mapped[list[CaseMaterial]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMaterial.position"
    )
    pledge: Mapped[Pledge | None] = relationship(back_populates="case", cascade="all, delete-orphan")
    supplements: Mapped[list[Supplement]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Supplement.at"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )


class CaseMaterial(Base):
    """One row of a case's checklist: what the applicant brought for one material."""

    __tablename__ = "case_materials"
    __table_args__ = (
        UniqueConstraint("case_id", "material_key"),
        CheckConstraint(one_of("state", CHECK_STATES), name="state"),
        CheckConstraint(
            "originals >= 0 AND copies >= 0 AND required_originals >= 0 AND required_copies >= 0",
            name="counts",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    material_key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    core: Mapped[bool] = mapped_column(Boolean)
    deficiency_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16))
    originals: Mapped[int] = mapped_column(Integer, default=0)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    e_license_no: Mapped[str | None] = mapped_column(String(100))
    required_originals: Mapped[int] = mapped_column(Integer, default=0)
    required_copies: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="materials")


class Pledge(Base):
    """承诺书 behind a 容缺受理: what the applicant promises to supply, and by when."""

    __tablename__ = "pledges"
    __table_args__ = (
        CheckConstraint(one_of("status", PLEDGE_STATUSES), name="status"),
        Index("ix_pledges_status_due", "status", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    commitments: Mapped[str] = mapped_column(Text)
    due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    signed_at: Mapped[dt.datetime]
    fulfilled_at: Mapped[dt.datetime | None]

    case: Mapped[Case] = relationship(back_populates="pledge")


class Supplement(Base):
    """补正: a later visit that delivered missing materials."""

    __tablename__ = "supplements"
    __table_args__ = (Index("ix_supplements_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime]
    material_keys: Mapped[list[str]]
    clerk_username: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="supplements")


class CaseEvent(Base):
    """One entry of a case's timeline (accepted, pledge signed, supplement, printed, withdrawn…)."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(32))
    clerk_username: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class Rating(Base):
    """好差评: one answer (or a timed-out prompt, level NULL) per service contact."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 5", name="level"),
        Index("ix_ratings_rated_at", "rated_at"),
        Index("ix_ratings_case_no", "case_no"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[str | None] = mapped_column(String(64))
    ticket_number: Mapped[str | None] = mapped_column(String(16))
    case_no: Mapped[str | None] = mapped_column(String(40))
    window_no: Mapped[str] = mapped_column(String(16))
    clerk_username: Mapped[str] = mapped_column(String(64))
    item_code: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[int | None] = mapped_column(Integer)
    reasons: Mapped[list[str]] = mapped_column(default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(32))
    rated_at: Mapped[dt.datetime]
    synced: Mapped[bool] = mapped_column(Boolean, default=False)


class ManualTicket(Base):
    """A paper ticket number typed in by the clerk while the queue server was unreachable."""

    __tablename__ = "manual_tickets"
    __table_args__ = (
        CheckConstraint(one_of("status", MANUAL_TICKET_STATUSES), name="status"),
        Index("ix_manual_tickets_at", "at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(16))
    window_no: Mapped[str] = mapped_column(String(16))
    clerk_username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Who did what to which subject, e.g. viewed a full ID number of a case."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_subject", "subject"),
        Index("ix_audit_entries_at", "at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    who: Mapped[str] = mapped_column(String(64))
    what: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PrintedDocument(Base):
    """A document printed for a case (or a queue ticket); the PDF itself is in ``printed_pdfs``."""

    __tablename__ = "printed_documents"
    __table_args__ = (Index("ix_printed_documents_case_id", "case_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    doc_type: Mapped[str] = mapped_column(String(32))
    clerk_username: Mapped[str] = mapped_column(String(64))
    printed_at: Mapped[dt.datetime]
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)

    pdf: Mapped[PrintedPdf] = relationship(cascade="all, delete-orphan", lazy="raise")


class PrintedPdf(Base):
    """The bytes of a printed PDF, in their own table so that listing documents never loads them."""

    __tablename__ = "printed_pdfs"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("printed_documents.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class OutboxMutation(Base):
    """One change waiting to be pushed to the server (written in the domain write's transaction)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(one_of("status", MUTATION_STATUSES), name="status"),
        CheckConstraint("version >= 1", name="version"),
        Index("ix_outbox_status_mutation_id", "status", "mutation_id"),
        # AUTOINCREMENT: ids are never reused, even after the newest rows are deleted.
        {"sqlite_autoincrement": True},
    )

    mutation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    # Canonical JSON text (sorted keys), kept verbatim so a retry pushes the same bytes.
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    server_reply: Mapped[dict[str, Any] | None]
    settled_at: Mapped[dt.datetime | None]


class SyncState(Base):
    """The one row of sync bookkeeping for this client."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    client_id: Mapped[str] = mapped_column(String(36))
    server_epoch: Mapped[str | None] = mapped_column(String(64))
    pull_cursor: Mapped[str | None] = mapped_column(String(64))
    clock_skew_ms: Mapped[int | None] = mapped_column(Integer)
    last_push_at: Mapped[dt.datetime | None]
    last_pull_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None]


class CachedDocument(Base):
    """The latest copy of a server-provided document (catalog, calendar, reasons, window config)."""

    __tablename__ = "cached_documents"
    __table_args__ = (CheckConstraint(one_of("kind", CACHED_DOCUMENT_KINDS), name="kind"),)

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime]


class Setting(Base):
    """Small local key/value settings that belong with the data (not the user's settings.toml)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
