"""The server's sync tables, declared on the server's ``Base`` (migration ``0002_sync``).

* ``sync_clients``: one row per counter store, with the last mutation id the server processed
  for it. It is updated in the same transaction as the mutations' effects, so "processed" and
  "applied" can never disagree after a crash.
* ``sync_mutations``: every processed mutation with its answer, so a re-sent batch (the first
  answer was lost) gets the same answers and changes nothing.
* ``sync_changes``: the change feed clients pull (``seq`` in commit order, see ``changes.py``).
* ``sync_cases``, ``sync_records``, ``sync_manual_tickets``: what the mutations write.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hallclient.server.models import Base

# SQLite only gives a 64-bit rowid alias to a column declared exactly INTEGER.
BigId = BigInteger().with_variant(Integer, "sqlite")


class SyncClient(Base):
    __tablename__ = "sync_clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    last_mutation_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_actor: Mapped[str] = mapped_column(String(64))
    protocol: Mapped[int] = mapped_column(Integer)
    clock_skew_ms: Mapped[int | None] = mapped_column(BigInteger)
    skipped_mutations: Mapped[int] = mapped_column(BigInteger, default=0)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class SyncMutation(Base):
    __tablename__ = "sync_mutations"
    __table_args__ = (UniqueConstraint("client_id", "mutation_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("sync_clients.client_id"))
    mutation_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # applied, conflict, rejected
    reply: Mapped[dict[str, Any]]
    # The counter's own clock when the clerk did it: kept for people, never used to decide.
    device_time: Mapped[datetime | None]
    received_at: Mapped[datetime]


class SyncChange(Base):
    __tablename__ = "sync_changes"
    __table_args__ = (
        Index("ix_sync_changes_hall_seq", "hall_id", "seq"),
        Index("ix_sync_changes_hall_kind_key", "hall_id", "kind", "key"),
        {"sqlite_autoincrement": True},
    )
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    kind: Mapped[str] = mapped_column(String(32))  # catalog, calendar, reasons, window_config, case
    key: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]]
    at: Mapped[datetime]


class SyncCounter(Base):
    """Per-hall counters (official case numbers); bumped with UPDATE … RETURNING under its row lock."""

    __tablename__ = "sync_counters"
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncCase(Base):
    """办件 as the server knows it: the counter's snapshot plus the server's number and version."""

    __tablename__ = "sync_cases"
    __table_args__ = (UniqueConstraint("hall_id", "case_no"), UniqueConstraint("server_case_no"))
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    case_no: Mapped[str] = mapped_column(String(40))
    server_case_no: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    # The newest unbroken run of versions written by one client, from run_base_version on: an
    # edit based on any version of that run by the same client is not stale (its own earlier
    # edits moved the version, nobody else's did).
    run_client_id: Mapped[str] = mapped_column(String(64))
    run_base_version: Mapped[int] = mapped_column(Integer)
    origin_client_id: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SyncRecord(Base):
    """Append-only records from counters: audit entries, printed documents, case events."""

    __tablename__ = "sync_records"
    __table_args__ = (
        UniqueConstraint("hall_id", "kind", "record_id"),
        Index("ix_sync_records_case_id", "case_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(64))
    client_id: Mapped[str] = mapped_column(String(64))
    mutation_id: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]


class SyncManualTicket(Base):
    """A paper ticket number typed in at a counter while the queue was unreachable."""

    __tablename__ = "sync_manual_tickets"
    __table_args__ = (Index("ix_sync_manual_tickets_hall_status", "hall_id", "status"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    number: Mapped[str] = mapped_column(String(24))
    service_day: Mapped[date] = mapped_column(Date)
    window_no: Mapped[str] = mapped_column(String(16))
    clerk_username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))  # reconciled, clash
    clash_ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]
