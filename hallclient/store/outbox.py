"""The outbox: changes waiting to be pushed, written in the same transaction as the change itself.

A service writes its domain rows and calls :func:`enqueue` with the same session; both commit
or neither does, so nothing acknowledged to the clerk can be lost or pushed without its data.
Mutation ids come from an AUTOINCREMENT key: strictly increasing per client and never reused.

Settled mutations are kept for a while: after a server restore the sync engine re-pushes what
the server lacks with :func:`requeue_after`. Applied ones older than that are deleted by
:func:`prune_applied`, so a counter's file does not keep every change it ever made.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.store.models import MUTATION_STATUSES, OutboxMutation
from hallclient.store.types import stable_json, utc_now

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.")
# How long applied mutations are kept: they are what a counter sends again when the server's
# database is restored from a backup, so longer than any backup a hall would restore from.
APPLIED_KEEP_DAYS = 90
# Rows deleted per transaction: each batch is short, so a clerk's save never waits long behind it.
PRUNE_BATCH = 2000


@dataclass(frozen=True)
class MutationRecord:
    mutation_id: int
    name: str
    version: int
    payload: Mapping[str, Any]
    payload_json: str  # the canonical text: push exactly this
    created_at: dt.datetime
    status: str
    attempts: int
    last_error: str | None
    server_reply: Mapping[str, Any] | None
    settled_at: dt.datetime | None

    @property
    def qualified_name(self) -> str:
        """``name@version``, as the sync protocol writes it."""
        return f"{self.name}@{self.version}"


def _record(row: OutboxMutation) -> MutationRecord:
    return MutationRecord(
        mutation_id=row.mutation_id,
        name=row.name,
        version=row.version,
        payload=json.loads(row.payload),
        payload_json=row.payload,
        created_at=row.created_at,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        server_reply=row.server_reply,
        settled_at=row.settled_at,
    )


def enqueue(session: Session, *, name: str, version: int, payload: Mapping[str, Any]) -> int:
    """Add a mutation in the caller's transaction and return its mutation id."""
    if not name or not set(name) <= _NAME_CHARS or name[0] == "." or name[-1] == ".":
        raise ValidationError(f"变更名称不合法：{name!r}", code="bad_mutation_name", field="name", name=name)
    if version < 1:
        raise ValidationError(
            f"变更版本必须从 1 开始：{version}", code="bad_mutation_version", field="version"
        )
    row = OutboxMutation(
        name=name,
        version=version,
        payload=stable_json(payload),
        created_at=utc_now(),
        status="pending",
        attempts=0,
    )
    session.add(row)
    session.flush()
    return row.mutation_id


def pending_batch(session: Session, *, limit: int, after_mutation_id: int = 0) -> list[MutationRecord]:
    """The oldest pending mutations, in mutation-id order (the order the server must apply them)."""
    rows = session.scalars(
        select(OutboxMutation)
        .where(OutboxMutation.status == "pending", OutboxMutation.mutation_id > after_mutation_id)
        .order_by(OutboxMutation.mutation_id)
        .limit(limit)
    )
    return [_record(row) for row in rows]


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).where(OutboxMutation.status == "pending")) or 0


def count_by_status(session: Session) -> dict[str, int]:
    """How many mutations are in each status (every status present, zero when none)."""
    counts = dict.fromkeys(MUTATION_STATUSES, 0)
    for status, count in session.execute(
        select(OutboxMutation.status, func.count()).group_by(OutboxMutation.status)
    ):
        counts[status] = count
    return counts


def list_mutations(
    session: Session, *, statuses: Collection[str], limit: int = 200, newest_first: bool = True
) -> list[MutationRecord]:
    """Mutations in the given statuses, e.g. the rejected and conflicting ones for the clerk."""
    order = OutboxMutation.mutation_id.desc() if newest_first else OutboxMutation.mutation_id
    rows = session.scalars(
        select(OutboxMutation).where(OutboxMutation.status.in_(list(statuses))).order_by(order).limit(limit)
    )
    return [_record(row) for row in rows]


def get_mutation(session: Session, mutation_id: int) -> MutationRecord:
    row = session.get(OutboxMutation, mutation_id)
    if row is None:
        raise NotFoundError(
            f"找不到待同步变更 {mutation_id}", code="mutation_not_found", mutation_id=mutation_id
        )
    return _record(row)


def _settle(
    session: Session,
    mutation_id: int,
    *,
    status: str,
    error: str | None,
    server_reply: Mapping[str, Any] | None,
    at: dt.datetime | None,
) -> None:
    row = session.get(OutboxMutation, mutation_id)
    if row is None:
        raise NotFoundError(
            f"找不到待同步变更 {mutation_id}", code="mutation_not_found", mutation_id=mutation_id
        )
    row.status = status
    row.last_error = error
    row.server_reply = dict(server_reply) if server_reply is not None else None
    row.settled_at = at or utc_now()


def mark_applied(
    session: Session,
    mutation_id: int,
    *,
    server_reply: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    _settle(session, mutation_id, status="applied", error=None, server_reply=server_reply, at=at)


def mark_rejected(
    session: Session,
    mutation_id: int,
    *,
    reason: str,
    server_reply: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """The server refused the mutation; it stays visible to the clerk with ``reason``."""
    _settle(session, mutation_id, status="rejected", error=reason, server_reply=server_reply, at=at)


def mark_conflict(
    session: Session,
    mutation_id: int,
    *,
    reason: str,
    server_reply: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """The server kept a different version; the clerk must see both, nothing is overwritten."""
    _settle(session, mutation_id, status="conflict", error=reason, server_reply=server_reply, at=at)


def take_for_sending(session: Session, *, limit: int) -> list[MutationRecord]:
    """The next pending mutations (:func:`pending_batch`), counted as attempted in this same
    transaction, before they are sent: from then until their answer is settled they may be on the
    server, and resolving a conflict of their case waits for that answer (``sync_first``)."""
    batch = pending_batch(session, limit=limit)
    if batch:
        session.execute(
            update(OutboxMutation)
            .where(OutboxMutation.mutation_id.in_([m.mutation_id for m in batch]))
            .values(attempts=OutboxMutation.attempts + 1)
        )
    return batch


def record_failure(session: Session, mutation_ids: Collection[int], *, error: str | None) -> None:
    """A push of these mutations (already counted by :func:`take_for_sending`) did not settle them:
    network, server down, a refused request."""
    if not mutation_ids:
        return
    session.execute(
        update(OutboxMutation)
        .where(OutboxMutation.mutation_id.in_(list(mutation_ids)))
        .values(last_error=error)
    )


def requeue_after(session: Session, *, mutation_id: int) -> int:
    """Make every applied mutation with a larger id pending again (the server lost them in a
    restore); returns how many. Rejected and conflicting ones stay as they are."""
    result = session.execute(
        update(OutboxMutation)
        .where(OutboxMutation.mutation_id > mutation_id, OutboxMutation.status == "applied")
        .values(status="pending", settled_at=None, server_reply=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def prune_applied(session: Session, *, settled_before: dt.datetime, limit: int = PRUNE_BATCH) -> int:
    """Delete up to ``limit`` applied mutations settled before ``settled_before``, oldest first;
    returns how many. Pending, conflicting and rejected ones stay (they still need the clerk or a
    push), and so does the newest applied one: the sync engine compares the server's last known
    mutation id with it to notice a restored server."""
    applied = OutboxMutation.status == "applied"
    newest_applied = select(func.max(OutboxMutation.mutation_id)).where(applied).scalar_subquery()
    doomed = (
        select(OutboxMutation.mutation_id)
        .where(
            applied,
            OutboxMutation.settled_at < settled_before,
            OutboxMutation.mutation_id < newest_applied,
        )
        .order_by(OutboxMutation.mutation_id)
        .limit(limit)
    )
    result = session.execute(delete(OutboxMutation).where(OutboxMutation.mutation_id.in_(doomed)))
    return int(getattr(result, "rowcount", 0) or 0)


def oldest_mutation_id(session: Session) -> int | None:
    """The oldest mutation still kept (None for an empty outbox)."""
    return session.scalar(select(func.min(OutboxMutation.mutation_id)))


def last_mutation_id(session: Session) -> int:
    """The newest mutation id ever given out (0 for none); survives deletion thanks to AUTOINCREMENT."""
    newest = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")).scalar()
    return int(newest or 0)
