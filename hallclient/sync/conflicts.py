"""The clerk's two answers to a case edit the server found in conflict (docs/sync.md).

* :func:`use_server_version`: the server's state of the case replaces the local one; the local
  edits the server did not apply are set aside (kept in the outbox, marked resolved).
* :func:`keep_mine`: the local edits are sent again, as new mutations, on top of the newest
  server version this counter knows; the server checks them again.

Either is an explicit choice: a ``sync_conflict_resolved`` event in the case's timeline and an
``audit.add`` with the clerk, the choice and the mutations involved. The conflicting mutations
keep their status ``conflict`` with ``server_reply["resolution"]``; the status counts skip them.
Both work offline, from what the counter already knows of the server's state (the conflict
answers and the server changes held beside the case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError, NotFoundError, SyncError
from hallclient.store import outbox, repo
from hallclient.store.models import CASE_STATUSES, Case, CaseEvent
from hallclient.sync.apply import EVENT_SERVER_HELD, case_id_of

CHOICE_SERVER = "server"
CHOICE_MINE = "mine"
EVENT_RESOLVED = "sync_conflict_resolved"
# An outbox reply carrying this key has been dealt with by the clerk.
RESOLUTION_KEY = "resolution"


@dataclass(frozen=True)
class ConflictResolution:
    case_id: str
    case_no: str
    choice: str  # CHOICE_SERVER or CHOICE_MINE
    server_version: int
    resolved: tuple[int, ...]  # mutation ids dealt with
    resent: tuple[int, ...]  # new mutation ids (keep mine)


def is_resolved(reply: Mapping[str, Any] | None) -> bool:
    return isinstance(reply, Mapping) and isinstance(reply.get(RESOLUTION_KEY), Mapping)


def is_resolvable(
    name: str, status: str, reply: Mapping[str, Any] | None, payload: Mapping[str, Any]
) -> bool:
    """A case edit (it has a base version) in conflict, not yet resolved."""
    return (
        status == "conflict"
        and name.startswith("case.")
        and "base_version" in payload
        and not is_resolved(reply)
        and not (isinstance(reply, Mapping) and reply.get("local"))
    )


def _state_of(reply: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    data = reply.get("data") if isinstance(reply, Mapping) else None
    state = data.get("server_state") if isinstance(data, Mapping) else None
    return state if isinstance(state, Mapping) else None


@dataclass(frozen=True)
class _Situation:
    case: Case
    conflicts: list[outbox.MutationRecord]
    unsent: list[outbox.MutationRecord]
    newest: Mapping[str, Any]  # the newest server state known (by version)
    newest_with_snapshot: Mapping[str, Any] | None


def _situation(session: Session, mutation_id: int) -> _Situation:
    chosen = outbox.get_mutation(session, mutation_id)
    if not is_resolvable(chosen.name, chosen.status, chosen.server_reply, chosen.payload):
        raise SyncError(
            "这条变更不是待处理的办件冲突（可能已经处理过）",
            code="not_a_case_conflict",
            mutation_id=mutation_id,
        )
    case_id = case_id_of(chosen.name, chosen.payload)
    case = session.get(Case, case_id) if case_id else None
    if case is None:
        raise NotFoundError(f"本机找不到办件 {case_id}", code="case_not_found", case_id=case_id)
    of_case = [
        m
        for m in outbox.list_mutations(
            session, statuses=("conflict", "pending"), limit=100_000, newest_first=False
        )
        if case_id_of(m.name, m.payload) == case.id
    ]
    if any(m.status == "pending" and m.attempts > 0 for m in of_case):
        # Sent, and not answered yet: the server may have applied it (a push in flight on the
        # net lane, or a lost answer). Its answer must come first, or settling it would drop the
        # resolution and the edit would be sent twice. The engine counts an attempt in the very
        # transaction that takes a mutation for sending (outbox.take_for_sending), so a write
        # transaction here either comes before that (the edit is resolved and never sent) or
        # sees it.
        raise ConflictError(
            f"办件 {case.case_no} 还有已发送但未得到答复的修改，请先点“立即同步”，再处理冲突",
            code="sync_first",
            case_no=case.case_no,
        )
    conflicts = [m for m in of_case if is_resolvable(m.name, m.status, m.server_reply, m.payload)]
    states = [s for s in (_state_of(m.server_reply) for m in conflicts) if s is not None]
    held = session.scalars(
        select(CaseEvent.detail).where(CaseEvent.case_id == case.id, CaseEvent.kind == EVENT_SERVER_HELD)
    ).all()
    states += [
        d["server_state"]
        for d in held
        if isinstance(d, Mapping) and isinstance(d.get("server_state"), Mapping)
    ]
    if not states:
        raise SyncError(
            f"本机没有办件 {case.case_no} 在服务器上的状态，请先同步",
            code="server_state_unknown",
            case_no=case.case_no,
        )

    def version(state: Mapping[str, Any]) -> int:
        value = state.get("version")
        return value if isinstance(value, int) else 0

    with_snapshot = [s for s in states if isinstance(s.get("snapshot"), Mapping)]
    return _Situation(
        case=case,
        conflicts=conflicts,
        unsent=[m for m in of_case if m.status == "pending"],
        newest=max(states, key=version),
        newest_with_snapshot=max(with_snapshot, key=version) if with_snapshot else None,
    )


def _mark(
    session: Session, m: outbox.MutationRecord, *, resolution: dict[str, Any], note: str, local: bool
) -> None:
    reply = {**dict(m.server_reply or {}), RESOLUTION_KEY: resolution}
    if local:  # never sent: the server has no answer for it
        reply["local"] = True
    reason = f"{m.last_error or ''}（{note}）" if m.last_error else note
    outbox.mark_conflict(session, m.mutation_id, reason=reason, server_reply=reply, at=m.settled_at)


def _record(
    session: Session,
    case: Case,
    *,
    choice: str,
    clerk: str,
    now: dt.datetime,
    text: str,
    resolved: list[int],
    resent: list[int],
    server_version: int,
) -> None:
    detail = {"choice": choice, "mutations": resolved, "resent": resent, "server_version": server_version}
    session.add(
        CaseEvent(
            case_id=case.id,
            at=now,
            kind=EVENT_RESOLVED,
            clerk_username=clerk,
            detail={**detail, "text": text},
        )
    )
    repo.add_audit(
        session,
        who=clerk,
        what="resolve_sync_conflict",
        subject=case.id,
        at=now,
        detail={**detail, "case_no": case.case_no},
    )


def _take_snapshot(case: Case, state: Mapping[str, Any]) -> None:
    snapshot = state.get("snapshot")
    if not isinstance(snapshot, Mapping):
        return
    materials = snapshot.get("materials")
    if isinstance(materials, list):
        by_key = {m.get("key"): m for m in materials if isinstance(m, Mapping)}
        for row in case.materials:
            theirs = by_key.get(row.material_key)
            if theirs is None:
                continue
            if isinstance(theirs.get("state"), str):
                row.state = theirs["state"]
            for name in ("originals", "copies"):
                if isinstance(theirs.get(name), int):
                    setattr(row, name, theirs[name])
            row.e_license_no = (
                theirs.get("e_license_no") if isinstance(theirs.get("e_license_no"), str) else None
            )
    pledge = snapshot.get("pledge")
    if case.pledge is not None and isinstance(pledge, Mapping) and isinstance(pledge.get("status"), str):
        case.pledge.status = pledge["status"]
        if pledge["status"] != "fulfilled":
            case.pledge.fulfilled_at = None


def use_server_version(
    *, session: Session, mutation_id: int, clerk: str, now: dt.datetime
) -> ConflictResolution:
    """Replace the local state of the case with the server's; set the local edits aside."""
    situation = _situation(session, mutation_id)
    case, newest = situation.case, situation.newest
    if situation.newest_with_snapshot is not None:
        _take_snapshot(case, situation.newest_with_snapshot)
    status = newest.get("status")
    if status in CASE_STATUSES:
        case.status = str(status)
    if case.status != "completed":
        case.completed_at = None
    if isinstance(newest.get("server_case_no"), str) and newest["server_case_no"]:
        case.server_case_no = newest["server_case_no"]
    server_version = int(newest.get("version") or case.version)
    case.version = server_version
    case.sync_state = "synced"
    case.updated_at = now
    resolution = {"choice": CHOICE_SERVER, "by": clerk, "at": now.isoformat()}
    resolved: list[int] = []
    for m in situation.conflicts:
        _mark(session, m, resolution=resolution, note="已采用服务器版本", local=False)
        resolved.append(m.mutation_id)
    for m in situation.unsent:
        _mark(session, m, resolution=resolution, note="已采用服务器版本，本条未发送", local=True)
        resolved.append(m.mutation_id)
    _record(
        session,
        case,
        choice=CHOICE_SERVER,
        clerk=clerk,
        now=now,
        text=f"冲突处理：采用服务器版本（第 {server_version} 版），本窗口未被接受的修改已作废",
        resolved=resolved,
        resent=[],
        server_version=server_version,
    )
    session.flush()
    return ConflictResolution(case.id, case.case_no, CHOICE_SERVER, server_version, tuple(resolved), ())


def keep_mine(*, session: Session, mutation_id: int, clerk: str, now: dt.datetime) -> ConflictResolution:
    """Send the local edits again, in their order, on top of the newest known server version."""
    situation = _situation(session, mutation_id)
    case = situation.case
    server_version = int(situation.newest.get("version") or case.version)
    resolved: list[int] = []
    resent: list[int] = []
    for m in sorted([*situation.conflicts, *situation.unsent], key=lambda r: r.mutation_id):
        payload = {**dict(m.payload), "base_version": server_version}
        new_id = outbox.enqueue(session, name=m.name, version=m.version, payload=payload)
        resolution = {"choice": CHOICE_MINE, "by": clerk, "at": now.isoformat(), "new_mutation_id": new_id}
        _mark(
            session,
            m,
            resolution=resolution,
            note=f"已在服务器第 {server_version} 版上重新提交为第 {new_id} 号变更",
            local=m.status == "pending",
        )
        resolved.append(m.mutation_id)
        resent.append(new_id)
    case.version = server_version
    case.sync_state = "pending"
    case.updated_at = now
    _record(
        session,
        case,
        choice=CHOICE_MINE,
        clerk=clerk,
        now=now,
        text=f"冲突处理：保留本窗口的修改，在服务器第 {server_version} 版上重新提交",
        resolved=resolved,
        resent=resent,
        server_version=server_version,
    )
    session.flush()
    return ConflictResolution(
        case.id, case.case_no, CHOICE_MINE, server_version, tuple(resolved), tuple(resent)
    )
