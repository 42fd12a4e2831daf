"""``request_id`` handling: a retried request gets the first answer, and is never applied twice.

The stored answer is written in the same transaction as the action itself, so either both exist
or neither does. Only successful answers are stored; a refused request changed nothing and is
simply evaluated again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError
from hallclient.server.context import ServerContext
from hallclient.server.models import IdempotencyRecord
from hallclient.server.security import Actor


def _stored(session: Session, *, actor: Actor, request_id: str, scope: str) -> dict[str, Any] | None:
    record = session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.hall_id == actor.hall_id,
            IdempotencyRecord.actor == actor.key,
            IdempotencyRecord.request_id == request_id,
        )
    ).scalar_one_or_none()
    if record is None:
        return None
    if record.scope != scope:
        raise ConflictError(
            "这个 request_id 已用于另一项操作，请为新操作生成新的 request_id。",
            code="request_id_reused",
            request_id=request_id,
        )
    return record.response


def run_once(
    context: ServerContext,
    *,
    actor: Actor,
    request_id: str,
    scope: str,
    work: Callable[[Session], tuple[dict[str, Any], bool]],
) -> dict[str, Any]:
    """Run ``work`` in one write transaction unless this request was answered before.

    ``work`` returns the JSON answer and whether it wrote events (to wake followers).
    """
    try:
        with context.db.write() as session:
            previous = _stored(session, actor=actor, request_id=request_id, scope=scope)
            if previous is not None:
                return previous
            answer, wrote_events = work(session)
            session.add(
                IdempotencyRecord(
                    hall_id=actor.hall_id,
                    actor=actor.key,
                    request_id=request_id,
                    scope=scope,
                    response=answer,
                    created_at=context.now(),
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
    if wrote_events:
        context.hub.notify()
    return answer
