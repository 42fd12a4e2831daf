"""Applying a pushed batch: each mutation exactly once, in mutation-id order.

The client's row in ``sync_clients`` holds the last mutation id processed for it. It is read
under a row lock (PostgreSQL ``FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE`` serialises writers)
and updated in the same transaction as the mutations' effects and their answers in
``sync_mutations``. So:

* a batch whose answer was lost is re-sent and gets the stored answers, nothing applied twice;
* two copies of one batch pushed at once: the second waits for the lock, then finds every
  mutation already processed;
* a mutation id that does not follow the last one is a gap: processing stops and the answer
  names the id the server expects (the client re-sends from there).

Each mutation runs in its own savepoint, so one refused mutation never takes the batch with it.
A transient database error (deadlock, lock timeout, lost connection) is no refusal: it rolls the
whole push back and answers 503, so that the client sends it again instead of keeping a final
``server_error`` for a mutation that only met bad luck.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, ConflictError, HallError
from hallclient.server.context import ServerContext
from hallclient.server.errors import is_transient_database_error
from hallclient.server.events import NewEvent, append_events
from hallclient.server.models import Hall
from hallclient.server.security import Actor, recheck_actor
from hallclient.server.sync.changes import NewChange, publish_changes
from hallclient.server.sync.handlers import HANDLERS, MutationContext, Outcome
from hallclient.server.sync.identity import ensure_hall_salt, hall_salt
from hallclient.server.sync.models import SyncClient, SyncMutation, SyncRecord

log = logging.getLogger("hallclient.server.sync")


@dataclass(frozen=True)
class IncomingMutation:
    mutation_id: int
    name: str
    version: int
    payload: Mapping[str, Any]
    device_time: datetime | None


@dataclass(frozen=True)
class PushResult:
    last_mutation_id: int
    expected_mutation_id: int | None
    results: list[dict[str, Any]]
    wrote_events: bool


def payload_digest(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _answer(
    mutation_id: int,
    status: str,
    *,
    code: str | None = None,
    reason: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "mutation_id": mutation_id,
        "status": status,
        "code": code,
        "reason": reason,
        "data": dict(data or {}),
    }


def ensure_client(session: Session, *, client_id: str, actor: Actor, protocol: int, now: datetime) -> None:
    """Register a client on its first push, in the push's own transaction: a push that fails
    leaves nothing behind. Two first pushes at once: the second's insert waits for the first and
    then does nothing (``ON CONFLICT DO NOTHING``)."""
    dialect = session.get_bind().dialect.name
    insert_client = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert_client(SyncClient)
        .values(
            client_id=client_id,
            hall_id=actor.hall_id,
            last_mutation_id=0,
            last_actor=actor.key,
            protocol=protocol,
            skipped_mutations=0,
            first_seen_at=now,
            last_seen_at=now,
        )
        .on_conflict_do_nothing(index_elements=["client_id"])
    )


def _apply_one(
    session: Session, ctx: MutationContext, m: IncomingMutation
) -> tuple[dict[str, Any], Outcome | None]:
    handler = HANDLERS.get((m.name, m.version))
    if handler is None:
        reason = f"服务器不认识这种变更（{m.name}@{m.version}），未应用。请升级服务器或联系信息技术人员。"
        return _answer(m.mutation_id, "rejected", code="unknown_mutation", reason=reason), None
    try:
        if getattr(handler, "touches_database", True):
            with session.begin_nested():
                outcome = handler(session, ctx, m.payload)
        else:  # validation only: no savepoint needed (the common case of a long outage)
            outcome = handler(session, ctx, m.payload)
    except ConflictError as exc:
        return _answer(m.mutation_id, "conflict", code=exc.code, reason=exc.message, data=exc.params), None
    except HallError as exc:
        data = {k: v for k, v in exc.params.items() if v is not None}
        return _answer(m.mutation_id, "rejected", code=exc.code, reason=exc.message, data=data), None
    except IntegrityError as exc:
        log.warning(
            "mutation %s@%s of %s refused by a constraint: %s", m.name, m.version, ctx.client_id, exc.orig
        )
        reason = "与服务器上已有记录冲突，未应用。请核对后重新办理。"
        return _answer(m.mutation_id, "conflict", code="integrity", reason=reason), None
    except Exception as exc:
        if is_transient_database_error(exc):
            # Not this mutation's fault, and gone on the next try: a stored answer would make it
            # final. The whole push rolls back and answers 503 (errors.py); the counter keeps the
            # batch pending and sends it again.
            raise
        # A fault of the server's, or input no check foresaw: this mutation only is refused (its
        # savepoint rolled back), the batch goes on, and the traceback is kept for the operator.
        log.exception("mutation %s@%s of %s failed", m.name, m.version, ctx.client_id)
        reason = "服务器处理这条变更时出错，未应用。请把同步详情交给信息技术人员。"
        return _answer(m.mutation_id, "rejected", code="server_error", reason=reason), None
    return _answer(m.mutation_id, "applied", data=outcome.data), outcome


def _insert_new_records(session: Session, records: list[dict[str, Any]]) -> None:
    """Write append-only records, each (hall, kind, id) once: a record sent again under a new
    mutation id (a retry by the clerk, a restored server) is already there and is skipped."""
    fresh: dict[tuple[int, str, str], dict[str, Any]] = {}
    for record in records:
        fresh.setdefault((record["hall_id"], record["kind"], record["record_id"]), record)
    wanted = list(fresh)
    for start in range(0, len(wanted), 500):
        keys = wanted[start : start + 500]
        existing = session.execute(
            select(SyncRecord.hall_id, SyncRecord.kind, SyncRecord.record_id).where(
                tuple_(SyncRecord.hall_id, SyncRecord.kind, SyncRecord.record_id).in_(keys)
            )
        )
        for key in existing:
            fresh.pop(key, None)
    if fresh:
        session.execute(insert(SyncRecord), list(fresh.values()))


def _previous_answer(session: Session, *, client_id: str, m: IncomingMutation) -> dict[str, Any]:
    stored = session.execute(
        select(SyncMutation).where(
            SyncMutation.client_id == client_id, SyncMutation.mutation_id == m.mutation_id
        )
    ).scalar_one_or_none()
    if stored is None:  # skipped over by a declared gap: there is nothing to answer but "done"
        return {**_answer(m.mutation_id, "applied"), "duplicate": True}
    if stored.payload_sha256 != payload_digest(m.payload):
        reason = (
            "本机的变更编号与服务器已记录的不一致（本机数据可能从备份恢复过），这条变更未应用。"
            "请联系信息技术人员。"
        )
        return {
            **_answer(m.mutation_id, "rejected", code="mutation_id_reused", reason=reason),
            "duplicate": True,
        }
    return {**stored.reply, "duplicate": True}


def apply_push(
    context: ServerContext,
    *,
    actor: Actor,
    client_id: str,
    mutations: list[IncomingMutation],
    gap_acknowledged: bool,
    clock_skew_ms: int | None,
    protocol: int,
) -> PushResult:
    ensure_hall_salt(context, hall_id=actor.hall_id)
    for attempt in (1, 2):
        try:
            return _apply_locked(
                context,
                actor=actor,
                client_id=client_id,
                mutations=mutations,
                gap_acknowledged=gap_acknowledged,
                clock_skew_ms=clock_skew_ms,
                protocol=protocol,
            )
        except IntegrityError:
            # Only the (client_id, mutation_id) key can clash here: a concurrent copy of this batch
            # committed first. The second attempt finds its answers.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _apply_locked(
    context: ServerContext,
    *,
    actor: Actor,
    client_id: str,
    mutations: list[IncomingMutation],
    gap_acknowledged: bool,
    clock_skew_ms: int | None,
    protocol: int,
) -> PushResult:
    now = context.now()
    with context.db.write() as session:
        # The actor may come from the auth cache: a clerk disabled or a counter PC revoked through
        # another process pushes nothing more (the counter keeps its outbox for a valid sign-in).
        recheck_actor(session, actor=actor, now=now)
        ensure_client(session, client_id=client_id, actor=actor, protocol=protocol, now=now)
        client = session.execute(
            select(SyncClient).where(SyncClient.client_id == client_id).with_for_update()
        ).scalar_one()
        if client.hall_id != actor.hall_id:
            raise AuthError("这个终端属于另一个大厅，不能在这里同步。", code="forbidden")
        hall = session.get(Hall, actor.hall_id)
        if hall is None:
            raise AuthError("大厅不存在。", code="forbidden")
        last = client.last_mutation_id
        results: list[dict[str, Any]] = []
        changes: list[NewChange] = []
        events: list[NewEvent] = []
        expected: int | None = None
        processed: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        gap_allowed = gap_acknowledged
        salt = hall_salt(session, hall_id=hall.id)
        for m in mutations:
            if m.mutation_id <= last:
                results.append(_previous_answer(session, client_id=client_id, m=m))
                continue
            if m.mutation_id != last + 1:
                if not gap_allowed:
                    expected = last + 1
                    break
                # The client checked that it has nothing to send below this id (docs/sync.md).
                client.skipped_mutations += m.mutation_id - last - 1
            gap_allowed = False
            ctx = MutationContext(
                hall_id=hall.id,
                hall_code=hall.code,
                client_id=client_id,
                mutation_id=m.mutation_id,
                actor=actor,
                now=now,
                tz=context.config.tz,
                identity_salt=salt,
            )
            answer, outcome = _apply_one(session, ctx, m)
            if outcome is not None:
                changes += outcome.changes
                events += outcome.events
                records += outcome.records
            processed.append(
                {
                    "client_id": client_id,
                    "mutation_id": m.mutation_id,
                    "name": m.name,
                    "version": m.version,
                    "payload_sha256": payload_digest(m.payload),
                    "outcome": answer["status"],
                    "reply": answer,
                    "device_time": m.device_time,
                    "received_at": now,
                }
            )
            if answer["status"] == "conflict":
                # Keep the edit the server did not apply, for the manager: nothing is lost.
                session.add(
                    SyncRecord(
                        hall_id=hall.id,
                        kind="conflict",
                        record_id=f"{client_id}:{m.mutation_id}",
                        case_id=str(m.payload.get("case_id") or "") or None,
                        client_id=client_id,
                        mutation_id=m.mutation_id,
                        data={"name": f"{m.name}@{m.version}", "payload": dict(m.payload), "answer": answer},
                        received_at=now,
                    )
                )
            results.append({**answer, "duplicate": False})
            last = m.mutation_id
        _insert_new_records(session, records)
        if processed:  # one executemany; the unique key still catches a concurrent copy
            session.execute(insert(SyncMutation), processed)
        client.last_mutation_id = last
        client.last_actor = actor.key
        client.last_seen_at = now
        client.protocol = protocol
        if clock_skew_ms is not None:
            client.clock_skew_ms = clock_skew_ms
        session.flush()
        if events:
            append_events(session, hall_id=hall.id, events=events, at=now, actor=actor.key)
        publish_changes(session, hall_id=hall.id, changes=changes, at=now)
    return PushResult(
        last_mutation_id=last, expected_mutation_id=expected, results=results, wrote_events=bool(events)
    )
