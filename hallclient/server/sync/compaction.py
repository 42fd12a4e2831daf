"""Compacting the change feed: drop entries a later entry of the same thing has superseded.

A counter only ever needs the newest state of each ``(kind, key)``, so an entry that a later
entry of the same kind and key superseded, and that is older than the days kept, can go. The
newest entry of each thing is never deleted, so a counter pulling from any cursor still gets the
current state of everything that changed after it. It would, however, miss the intermediate
states it has not seen, so the highest deleted seq is kept per hall as the *compaction horizon*:
a pull with ``0 < since < horizon`` is answered with ``resync: true``, ``next_since: 0`` and no
changes, and the counter reads the (compacted) feed again from the start. An older client that
does not know ``resync`` simply saves cursor 0 and does the same.

Deleting does not interfere with the change-log writers' ordering (changes.py): it never draws
a seq. It runs in batches so that no transaction holds many rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session, aliased

from hallclient.domain.errors import ValidationError
from hallclient.server.db import Database
from hallclient.server.models import Hall, ServerMeta
from hallclient.server.sync.models import SyncChange

DEFAULT_BATCH = 5000


@dataclass(frozen=True)
class CompactionResult:
    deleted: int
    horizons: dict[str, int]  # hall code → highest deleted seq (the horizon), for halls compacted


def horizon_key(hall_id: int) -> str:
    return f"changes_compacted_through:{hall_id}"


def compaction_horizon(session: Session, *, hall_id: int) -> int:
    """The highest seq compaction has deleted in this hall (0: never compacted)."""
    row = session.get(ServerMeta, horizon_key(hall_id))
    return int(row.value) if row is not None else 0


def _raise_horizon(session: Session, *, hall_id: int, seq: int) -> int:
    row = session.get(ServerMeta, horizon_key(hall_id))
    if row is None:
        session.add(ServerMeta(key=horizon_key(hall_id), value=str(seq)))
        return seq
    row.value = str(max(int(row.value), seq))
    return int(row.value)


def superseded_batch(session: Session, *, hall_id: int, cutoff: datetime, limit: int) -> list[int]:
    """Seqs of entries older than ``cutoff`` that a later entry of the same thing supersedes."""
    later = aliased(SyncChange)
    newer_exists = exists().where(
        later.hall_id == SyncChange.hall_id,
        later.kind == SyncChange.kind,
        later.key == SyncChange.key,
        later.seq > SyncChange.seq,
    )
    return list(
        session.scalars(
            select(SyncChange.seq)
            .where(SyncChange.hall_id == hall_id, SyncChange.at < cutoff, newer_exists)
            .order_by(SyncChange.seq)
            .limit(limit)
        )
    )


def compact_changes(
    db: Database, *, keep_days: int, now: datetime, batch: int = DEFAULT_BATCH
) -> CompactionResult:
    """Delete superseded feed entries older than ``keep_days`` in every hall; raise the horizon."""
    if keep_days < 0:
        raise ValidationError("保留天数不能为负数", field="keep_days")
    if now.tzinfo is None:
        raise ValidationError("时间缺少时区信息", field="now")
    cutoff = now - timedelta(days=keep_days)
    with db.read() as session:
        halls = [(h.id, h.code) for h in session.scalars(select(Hall).order_by(Hall.id))]
    deleted = 0
    horizons: dict[str, int] = {}
    for hall_id, code in halls:
        while True:
            with db.write() as session:
                seqs = superseded_batch(session, hall_id=hall_id, cutoff=cutoff, limit=batch)
                if not seqs:
                    break
                session.execute(delete(SyncChange).where(SyncChange.seq.in_(seqs)))
                # In the deleting transaction: a puller never sees the gap before the horizon.
                horizons[code] = _raise_horizon(session, hall_id=hall_id, seq=max(seqs))
                deleted += len(seqs)
    return CompactionResult(deleted=deleted, horizons=horizons)
