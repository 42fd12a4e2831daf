"""``request_id`` handling: a retried request gets the first answer, and is never applied twice.

The stored answer is written in the same transaction as the action itself, so either both exist
or neither does. Only successful answers are stored; a refused request changed nothing and is
simply evaluated again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError
from hallclient.server.context import ServerContext
from hallclient.server.events import NewEvent, StoredAnswer, append_events_with_answer, current_seq
from hallclient.server.models import IdempotencyRecord
from hallclient.server.security import Actor, recheck_actor

_STORED = select(IdempotencyRecord.scope, IdempotencyRecord.response).where(
    IdempotencyRecord.hall_id == bindparam("hall_id"),
    IdempotencyRecord.actor == bindparam("actor"),
    IdempotencyRecord.request_id == bindparam("request_id"),
)


def _stored(session: Session, *, actor: Actor, request_id: str, scope: str) -> dict[str, Any] | None:
    record = session.execute(
        _STORED, {"hall_id": actor.hall_id, "actor": actor.key, "request_id": request_id}
    ).first()
    if record is None:
        return None
    if record.scope != scope:
        raise ConflictError(
            "这个 request_id 已用于另一项操作，请为新操作生成新的 request_id。",
            code="request_id_reused",
            request_id=request_id,
        )
    response: dict[str, Any] = record.response
    return response


@dataclass
class Work:
    """What a write did: its JSON answer and the hall events it wrote (appended by ``run_once``)."""

    answer: dict[str, Any]
    events: list[NewEvent] = field(default_factory=list)
    at: datetime | None = None  # the events' time; now when omitted
    seq_field: str | None = None  # the answer's field that names the last event seq


def run_once(
    context: ServerContext,
    *,
    actor: Actor,
    request_id: str,
    scope: str,
    work: Callable[[Session], Work],
) -> dict[str, Any]:
    """Run ``work`` in one write transaction unless this request was answered before.

    The events and the stored answer are written last (``append_events_with_answer``), so the
    hall's event counter is locked only for the end of the transaction.
    """
    try:
        with context.db.write() as session:
            now = context.now()
            recheck_actor(session, actor=actor, now=now)
            previous = _stored(session, actor=actor, request_id=request_id, scope=scope)
            if previous is not None:
                return previous
            done = work(session)
            answer = done.answer
            if done.events:
                append_events_with_answer(
                    session,
                    hall_id=actor.hall_id,
                    events=done.events,
                    at=done.at or now,
                    actor=actor.key,
                    answer=StoredAnswer(request_id, scope, answer, done.seq_field),
                )
            else:
                if done.seq_field is not None:
                    answer[done.seq_field] = current_seq(session, hall_id=actor.hall_id)
                session.add(
                    IdempotencyRecord(
                        hall_id=actor.hall_id,
                        actor=actor.key,
                        request_id=request_id,
                        scope=scope,
                        response=answer,
                        created_at=now,
                    )
                )
                session.flush()
    except IntegrityError:
        # The same request arrived twice at once and the other copy committed first.
        with context.db.read() as session:
            previous = _stored(session, actor=actor, request_id=request_id, scope=scope)
        if previous is None:
            raise
        return previous
    if done.events:
        context.hub.notify(actor.hall_id)
    return answer
