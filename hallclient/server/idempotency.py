"""``request_id`` handling: a retried request gets the first answer, and is never applied twice.

The stored answer is written in the same transaction as the action itself, so either both exist
or neither does. Only successful answers are stored; a refused request changed nothing and is
simply evaluated again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, ConflictError, NotFoundError, ValidationError
from hallclient.server.context import ServerContext
from hallclient.server.events import (
    NewEvent,
    RowCheck,
    StoredAnswer,
    append_events_with_answer,
    current_seq,
)
from hallclient.server.models import AuthToken, Device, IdempotencyRecord, User
from hallclient.server.security import Actor, check_sign_in

log = logging.getLogger("hallclient.server.idempotency")


@dataclass
class Work:
    """What a write did: its JSON answer and the hall events it wrote (appended by ``run_once``)."""

    answer: dict[str, Any]
    events: list[NewEvent] = field(default_factory=list)
    at: datetime | None = None  # the events' time; now when omitted
    seq_field: str | None = None  # the answer's field that names the last event seq


# The sign-in re-check (authcache.py) and the look-up of a stored answer, in one round trip.
_STORED_MATCH = and_(
    IdempotencyRecord.hall_id == bindparam("hall_id"),
    IdempotencyRecord.actor == bindparam("actor"),
    IdempotencyRecord.request_id == bindparam("request_id"),
)
_USER_AND_STORED = (
    select(
        AuthToken.revoked_at,
        AuthToken.expires_at,
        User.active,
        IdempotencyRecord.scope,
        IdempotencyRecord.response,
    )
    .select_from(AuthToken)
    .join(User, User.id == AuthToken.user_id)
    .outerjoin(IdempotencyRecord, _STORED_MATCH)
    .where(AuthToken.id == bindparam("token_id"))
)
_DEVICE_AND_STORED = (
    select(
        Device.revoked_at,
        Device.id.is_not(None).label("device_known"),
        IdempotencyRecord.scope,
        IdempotencyRecord.response,
    )
    .select_from(Device)
    .outerjoin(IdempotencyRecord, _STORED_MATCH)
    .where(Device.id == bindparam("device_id"))
)


def _check_sign_in_row(actor: Actor, row: Any, now: datetime) -> None:
    """Refuse a sign-in revoked (or a device withdrawn) since the request's actor was cached."""
    if actor.is_user:
        if row is None or row.expires_at is None:
            raise AuthError("登录凭证无效，请重新登录。", code="auth")
        check_sign_in(revoked_at=row.revoked_at, expires_at=row.expires_at, active=row.active, now=now)
    elif row is None or not row.device_known or row.revoked_at is not None:
        raise AuthError("设备未登记或已停用。", code="auth")


def _recheck_and_stored(
    session: Session, *, actor: Actor, request_id: str, scope: str, now: datetime
) -> dict[str, Any] | None:
    """Refuse a sign-in revoked since it was cached; return the stored answer of ``request_id``."""
    keys = {"hall_id": actor.hall_id, "actor": actor.key, "request_id": request_id}
    if actor.is_user:
        row = session.execute(_USER_AND_STORED, {**keys, "token_id": actor.token_id}).first()
    else:
        row = session.execute(_DEVICE_AND_STORED, {**keys, "device_id": actor.id}).first()
    _check_sign_in_row(actor, row, now)
    assert row is not None
    if row.scope is None:
        return None
    if row.scope != scope:
        raise ConflictError(
            "这个 request_id 已用于另一项操作，请为新操作生成新的 request_id。",
            code="request_id_reused",
            request_id=request_id,
        )
    response: dict[str, Any] = row.response
    return response


# The same re-check, as a condition of the statement that writes the events (PostgreSQL): a sign-in
# revoked, expired or deactivated, or a device withdrawn, refuses the whole write; the refusal is
# then explained by ``_look_up``, which reads the reason.
_USER_CHECK = (
    "coalesce(t.revoked_at IS NULL AND t.expires_at > :check_now AND u.active, false)",
    " LEFT JOIN auth_tokens t ON t.id = :check_token_id LEFT JOIN users u ON u.id = t.user_id",
)
_DEVICE_CHECK = (
    "coalesce(d.id IS NOT NULL AND d.revoked_at IS NULL, false)",
    " LEFT JOIN devices d ON d.id = :check_device_id",
)


def _refused() -> Exception:
    return AuthError("登录凭证无效，请重新登录。", code="auth")


def _sign_in_check(actor: Actor, now: datetime) -> RowCheck:
    condition, joins = _USER_CHECK if actor.is_user else _DEVICE_CHECK
    params: dict[str, Any] = {"check_device_id": actor.id}
    if actor.is_user:
        params = {"check_token_id": actor.token_id, "check_now": now}
    return RowCheck(condition, joins, params, _refused)


class _EarlierAnswerError(Exception):
    """This request_id was answered before: roll back whatever the work did, send that answer."""

    def __init__(self, response: dict[str, Any]) -> None:
        super().__init__("answered before")
        self.response = response


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
        return _run_once(context, actor=actor, request_id=request_id, scope=scope, work=work)
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        # A pooled connection had died (the database restarted), and the pool now holds only fresh
        # connections, so the same write runs once more. If the connection died just after the
        # pipelined COMMIT went through, the second run meets its own stored answer (unique key)
        # and sends that: the write is still applied once.
        log.warning("database connection lost; running %s again on a new connection", scope)
        return _run_once(context, actor=actor, request_id=request_id, scope=scope, work=work)


def _run_once(
    context: ServerContext,
    *,
    actor: Actor,
    request_id: str,
    scope: str,
    work: Callable[[Session], Work],
) -> dict[str, Any]:
    # The sign-in re-check and the look-up of an earlier answer come last, with the events, to save
    # a round trip on every write: an earlier answer then shows either as the unique key refusing
    # the new record (IntegrityError) or, for a retry the current state refuses, as a refusal
    # below — both roll back what the work did and send the stored answer instead.
    try:
        with context.db.write() as session:
            now = context.now()
            done = work(session)
            answer = done.answer
            deferred = done.events and context.db.is_postgres
            if not deferred:
                previous = _recheck_and_stored(
                    session, actor=actor, request_id=request_id, scope=scope, now=now
                )
                if previous is not None:
                    raise _EarlierAnswerError(previous)
            if done.events:
                append_events_with_answer(
                    session,
                    hall_id=actor.hall_id,
                    events=done.events,
                    at=done.at or now,
                    actor=actor.key,
                    answer=StoredAnswer(request_id, scope, answer, done.seq_field),
                    check=_sign_in_check(actor, now) if deferred else None,
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
    except _EarlierAnswerError as answered:
        return answered.response
    except (IntegrityError, ValidationError, ConflictError, NotFoundError, AuthError):
        # The stored answer's key was taken (answered before, or a copy sent at the same time won),
        # or the state refuses the request — perhaps because this very request was applied before
        # (a retry of "start" finds the ticket serving). A revoked sign-in is refused as such.
        previous = _look_up(context, actor=actor, request_id=request_id, scope=scope)
        if previous is None:
            raise
        return previous
    if done.events:
        context.hub.notify(actor.hall_id)
    return answer


def _look_up(context: ServerContext, *, actor: Actor, request_id: str, scope: str) -> dict[str, Any] | None:
    with context.db.read() as session:
        return _recheck_and_stored(
            session, actor=actor, request_id=request_id, scope=scope, now=context.now()
        )
