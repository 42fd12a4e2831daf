"""What the UI shows about sync: frozen values, safe to hand to the GUI thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.store import Store, outbox, syncstate
from hallclient.store.models import OutboxMutation
from hallclient.sync.apply import payload_summary
from hallclient.sync.conflicts import RESOLUTION_KEY, is_resolvable, is_resolved

# What the clerk can do about a mutation the server did not apply, by the server's code.
ADVICE_RETRY = "retry"  # may go through later (e.g. after the server is upgraded)
ADVICE_MANAGER = "manager"  # needs a person: show it to the hall manager
ADVICE_RESOLVE = "resolve"  # a case edit in conflict: the clerk chooses server's or own version


@dataclass(frozen=True)
class MutationProblem:
    mutation_id: int
    name: str
    version: int
    status: str  # conflict or rejected
    code: str | None
    reason: str
    summary: str  # the case number, ticket number… it is about
    created_at: dt.datetime
    settled_at: dt.datetime | None
    advice: str  # ADVICE_RETRY, ADVICE_RESOLVE or ADVICE_MANAGER


@dataclass(frozen=True)
class PendingMutation:
    mutation_id: int
    name: str
    summary: str
    created_at: dt.datetime
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None  # None: not tried yet since start
    pending: int
    conflicts: int
    rejected: int
    last_success_at: dt.datetime | None
    last_error: str | None
    last_error_at: dt.datetime | None
    clock_skew_ms: int | None
    outdated: bool  # the server said this program is too old: pushing has stopped
    syncing: bool = False
    server_fault: bool = False  # offline because the server answered 5xx/429, not unreachable
    problems: tuple[MutationProblem, ...] = ()
    oldest_pending: tuple[PendingMutation, ...] = ()

    @property
    def all_synced(self) -> bool:
        return self.pending == 0


# Codes a re-send under a new id can cure: the server learnt the mutation, its fault went away,
# or (``clerk_mismatch``, refused by servers before the shift-change rule) it now takes a record
# that another clerk of the hall made at this window.
RETRYABLE_CODES = frozenset({"unknown_mutation", "server_outdated", "server_error", "clerk_mismatch"})


def _advice(code: str | None) -> str:
    return ADVICE_RETRY if code in RETRYABLE_CODES else ADVICE_MANAGER


def _resolved_counts(session: Session) -> dict[str, int]:
    """Conflicts and rejections the clerk has already dealt with (not "需处理" any more)."""
    rows = session.execute(
        select(OutboxMutation.status, func.count())
        .where(
            OutboxMutation.status.in_(("conflict", "rejected")),
            func.json_extract(OutboxMutation.server_reply, f"$.{RESOLUTION_KEY}").is_not(None),
        )
        .group_by(OutboxMutation.status)
    )
    return {status: count for status, count in rows}


def _code(reply: Any) -> str | None:
    return str(reply.get("code")) if isinstance(reply, dict) and reply.get("code") else None


def read_status(
    store: Store,
    *,
    online: bool | None,
    outdated: bool = False,
    syncing: bool = False,
    server_fault: bool = False,
    details: bool = True,
    limit: int = 100,
) -> SyncStatus:
    """The current sync status from the store; ``details`` adds the lists for the dialog."""
    with store.session(readonly=True) as session:
        counts = outbox.count_by_status(session)
        for status, count in _resolved_counts(session).items():
            counts[status] -= count
        state = syncstate.get_sync_state(session)
        problems: tuple[MutationProblem, ...] = ()
        oldest: tuple[PendingMutation, ...] = ()
        if details:
            problems = tuple(
                MutationProblem(
                    mutation_id=m.mutation_id,
                    name=m.name,
                    version=m.version,
                    status=m.status,
                    code=_code(m.server_reply),
                    reason=m.last_error or "",
                    summary=payload_summary(m.name, m.payload_json),
                    created_at=m.created_at,
                    settled_at=m.settled_at,
                    advice=ADVICE_RESOLVE
                    if is_resolvable(m.name, m.status, m.server_reply, m.payload)
                    else _advice(_code(m.server_reply)),
                )
                for m in outbox.list_mutations(session, statuses=("conflict", "rejected"), limit=limit)
                if not is_resolved(m.server_reply)
            )
            oldest = tuple(
                PendingMutation(
                    mutation_id=m.mutation_id,
                    name=m.name,
                    summary=payload_summary(m.name, m.payload_json),
                    created_at=m.created_at,
                    attempts=m.attempts,
                    last_error=m.last_error,
                )
                for m in outbox.pending_batch(session, limit=limit)
            )
    return SyncStatus(
        online=online,
        pending=counts["pending"],
        conflicts=counts["conflict"],
        rejected=counts["rejected"],
        last_success_at=state.last_success_at,
        last_error=state.last_error,
        last_error_at=state.last_error_at,
        clock_skew_ms=state.clock_skew_ms,
        outdated=outdated,
        syncing=syncing,
        server_fault=server_fault and online is False,
        problems=problems,
        oldest_pending=oldest,
    )
