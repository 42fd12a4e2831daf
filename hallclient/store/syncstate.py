"""The client's sync bookkeeping (one row): client id, server epoch, pull cursor, last results.

Save a pulled page and :func:`set_pull_cursor` in one ``Store.session()`` block, so a crash
can never leave the cursor ahead of the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hallclient.store.models import SyncState
from hallclient.store.types import new_id


@dataclass(frozen=True)
class SyncStateRecord:
    client_id: str
    server_epoch: str | None
    pull_cursor: str | None
    clock_skew_ms: int | None  # server time minus device time, from the server's Date header
    last_push_at: dt.datetime | None
    last_pull_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None


def _row(session: Session) -> SyncState:
    row = session.get(SyncState, 1)
    if row is None:  # open_store creates it; this covers a store opened by older code paths
        row = SyncState(id=1, client_id=new_id())
        session.add(row)
        session.flush()
    return row


def get_sync_state(session: Session) -> SyncStateRecord:
    row = _row(session)
    return SyncStateRecord(
        client_id=row.client_id,
        server_epoch=row.server_epoch,
        pull_cursor=row.pull_cursor,
        clock_skew_ms=row.clock_skew_ms,
        last_push_at=row.last_push_at,
        last_pull_at=row.last_pull_at,
        last_success_at=row.last_success_at,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
    )


def set_pull_cursor(session: Session, *, cursor: str, at: dt.datetime) -> None:
    """A pulled page was saved (in this same transaction): advance the cursor."""
    row = _row(session)
    row.pull_cursor = cursor
    row.last_pull_at = row.last_success_at = at
    row.last_error = None


def note_push(session: Session, *, at: dt.datetime) -> None:
    row = _row(session)
    row.last_push_at = row.last_success_at = at
    row.last_error = None


def note_sync_error(session: Session, *, message: str, at: dt.datetime) -> None:
    row = _row(session)
    row.last_error = message
    row.last_error_at = at


def set_server_epoch(session: Session, *, epoch: str) -> str | None:
    """Remember the server's epoch; returns the previous one (a change means a restored server)."""
    row = _row(session)
    previous = row.server_epoch
    row.server_epoch = epoch
    return previous


def reset_pull_cursor(session: Session) -> None:
    """Pull everything again from the start (e.g. after a server restore)."""
    _row(session).pull_cursor = None


def rewind_pull_cursor(session: Session, *, cursor: str) -> None:
    """Read part of the feed again from ``cursor`` (no page was pulled: the times stay)."""
    _row(session).pull_cursor = cursor


def set_clock_skew(session: Session, *, skew_ms: int) -> None:
    _row(session).clock_skew_ms = skew_ms
