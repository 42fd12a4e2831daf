"""The change feed clients pull: ``sync_changes`` rows in commit order.

Why an advisory lock: ``seq`` comes from a sequence, and PostgreSQL hands out sequence values
when a row is inserted, not when its transaction commits. Without care, transaction A takes
seq 10, transaction B takes seq 11 and commits first; a client pulling then sees 11, saves
cursor 11, and never sees 10 once A commits. So every writer takes a transaction-level advisory
lock (per hall) *before* it inserts change rows and keeps it until its commit: the next writer
cannot draw a seq until the previous one has committed, and any committed set of seqs a reader
sees is a prefix. On SQLite writers are serialised by ``BEGIN IMMEDIATE`` anyway.

Keep the critical section short: publish changes as the last thing a transaction does.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hallclient.server.calendar import calendar_document
from hallclient.server.models import CatalogDocument, Reason, Service, Window
from hallclient.server.sync.models import SyncChange

# Any constant works; together with the hall id it names the lock that orders change-log writers.
CHANGE_LOG_LOCK_CLASS = 847_0007
REFERENCE_KINDS = ("catalog", "calendar", "reasons", "window_config")


@dataclass(frozen=True)
class NewChange:
    kind: str
    key: str
    body: dict[str, Any]


@dataclass(frozen=True)
class ChangeRecord:
    seq: int
    kind: str
    key: str
    digest: str
    body: dict[str, Any]
    at: datetime


def digest_of(body: Any) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_change_log(session: Session, *, hall_id: int) -> None:
    """Order this transaction's change-log inserts after every earlier writer's commit."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:cls, :hall)"), {"cls": CHANGE_LOG_LOCK_CLASS, "hall": hall_id}
        )


def publish_changes(session: Session, *, hall_id: int, changes: Sequence[NewChange], at: datetime) -> None:
    """Append ``changes`` to the hall's feed. Call it last in the transaction (see module doc)."""
    if not changes:
        return
    lock_change_log(session, hall_id=hall_id)
    session.add_all(
        SyncChange(hall_id=hall_id, kind=c.kind, key=c.key, digest=digest_of(c.body), body=c.body, at=at)
        for c in changes
    )
    session.flush()


def read_changes(session: Session, *, hall_id: int, since: int, limit: int) -> list[ChangeRecord]:
    rows = session.execute(
        select(SyncChange)
        .where(SyncChange.hall_id == hall_id, SyncChange.seq > since)
        .order_by(SyncChange.seq)
        .limit(limit)
    ).scalars()
    return [ChangeRecord(r.seq, r.kind, r.key, r.digest, r.body, r.at) for r in rows]


def change_anchor(change: ChangeRecord | SyncChange) -> str:
    """Names one entry of this database's feed, for the client to send back with its cursor.

    A database restored from a backup hands the seqs after the backup out again, to other
    changes. A client whose cursor stood on such a seq would go on from there and never read the
    changes now numbered below it, so the pull checks that the entry at the cursor is still the
    one the client read (``anchor_holds``). The epoch cannot tell: it is restored with the data.
    """
    # In UTC: the database hands the time back in its session's zone, which a restart may change.
    at = change.at if change.at.tzinfo is None else change.at.astimezone(UTC)
    named = f"{change.seq}|{change.digest}|{at.isoformat()}"
    return hashlib.sha256(named.encode("utf-8")).hexdigest()[:32]


def anchor_holds(session: Session, *, hall_id: int, since: int, anchor: str) -> bool:
    """Whether the entry at ``since`` is the one ``anchor`` names. An entry compaction has removed
    (or one not written yet) cannot be checked and counts as holding: the compaction horizon and
    the hello's ``last_change_seq`` look after those."""
    entry = session.get(SyncChange, since)
    if entry is None or entry.hall_id != hall_id:
        return True
    return change_anchor(entry) == anchor


def last_change_seq(session: Session, *, hall_id: int) -> int:
    value = session.scalar(select(func.max(SyncChange.seq)).where(SyncChange.hall_id == hall_id))
    return int(value or 0)


# -------------------------------------------------------------------------- reference documents


def reference_documents(session: Session, *, hall_id: int) -> dict[str, dict[str, Any]]:
    """The documents every counter caches, as the GET endpoints of docs/api.md shape them."""
    catalog_row = session.get(CatalogDocument, hall_id)
    catalog = dict(catalog_row.document) if catalog_row is not None else {}
    reasons: dict[str, list[dict[str, str]]] = {"pause": [], "bad_rating": [], "reject": []}
    for reason in session.execute(
        select(Reason).where(Reason.hall_id == hall_id).order_by(Reason.kind, Reason.position, Reason.code)
    ).scalars():
        reasons.setdefault(reason.kind, []).append({"code": reason.code, "label": reason.label})
    services = [
        {"code": s.code, "prefix": s.prefix, "name": s.name}
        for s in session.execute(
            select(Service).where(Service.hall_id == hall_id).order_by(Service.position, Service.code)
        ).scalars()
    ]
    windows = [
        {"no": w.no, "name": w.name, "services": list(w.services)}
        for w in session.execute(
            select(Window).where(Window.hall_id == hall_id).order_by(Window.no)
        ).scalars()
    ]
    return {
        "catalog": catalog,
        "calendar": calendar_document(session, hall_id),
        "reasons": reasons,
        "window_config": {"services": services, "windows": windows},
    }


def _latest_digests(session: Session, *, hall_id: int) -> dict[str, str]:
    newest = (
        select(SyncChange.kind, func.max(SyncChange.seq).label("seq"))
        .where(SyncChange.hall_id == hall_id, SyncChange.kind.in_(REFERENCE_KINDS))
        .group_by(SyncChange.kind)
        .subquery()
    )
    rows = session.execute(
        select(SyncChange.kind, SyncChange.digest).join(newest, SyncChange.seq == newest.c.seq)
    )
    return {kind: digest for kind, digest in rows}


def publish_reference_documents(session: Session, *, hall_id: int, at: datetime) -> list[str]:
    """Put each reference document whose content changed into the feed; returns their kinds.

    Called when a hall is set up (demo) and, at most every few seconds, by the pull endpoint,
    so an admin's calendar or catalog edit reaches the counters without every writer knowing
    about sync.
    """
    documents = reference_documents(session, hall_id=hall_id)
    published = _latest_digests(session, hall_id=hall_id)
    changed = [
        NewChange(kind=kind, key=kind, body=body)
        for kind, body in documents.items()
        if published.get(kind) != digest_of(body)
    ]
    publish_changes(session, hall_id=hall_id, changes=changed, at=at)
    return [c.kind for c in changed]


class ReferenceRefresher:
    """Decides when the pull endpoint re-checks a hall's reference documents (per process)."""

    def __init__(self, *, interval_s: float = 5.0) -> None:
        self.interval_s = interval_s
        self._checked: dict[int, float] = {}

    def due(self, hall_id: int) -> bool:
        now = time.monotonic()
        last = self._checked.get(hall_id)
        if last is not None and now - last < self.interval_s:
            return False
        self._checked[hall_id] = now
        return True
