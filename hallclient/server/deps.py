"""Request dependencies: who is asking (user token or device token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from hallclient.domain.errors import AuthError
from hallclient.server.context import ServerContext, get_context
from hallclient.server.models import AuthToken, Device, User
from hallclient.server.security import (
    Actor,
    actor_for_device_digest,
    actor_for_token_digest,
    check_sign_in,
    device_actor,
    token_digest,
    user_actor,
)

Context = Annotated[ServerContext, Depends(get_context)]


_DEVICE_PREFIX, _USER_PREFIX = "device:", "user:"
# A token in use is checked again when it has this little of its freshness left, provided a
# request asked for it in the last minute (long-polls renew every 19–25 s).
RECHECK_WITHIN_S = 2.0
RECHECK_USED_WITHIN_S = 60.0


def cache_key(digest: str, *, device: bool) -> str:
    return (_DEVICE_PREFIX if device else _USER_PREFIX) + digest


def _lookup(context: ServerContext, *, digest: str, device: bool) -> Actor:
    now = context.now()
    mark = context.auth_cache.mark()
    with context.db.read() as session:
        if device:
            actor = actor_for_device_digest(session, digest=digest)
            context.auth_cache.put(cache_key(digest, device=True), actor, expires_at=None, mark=mark)
            return actor
        actor, expires_at = actor_for_token_digest(session, digest=digest, now=now)
    context.auth_cache.put(cache_key(digest, device=False), actor, expires_at=expires_at, mark=mark)
    return actor


def recheck_sign_ins(context: ServerContext) -> int:
    """Check every cached sign-in that is about to go stale against the database, in one query per
    kind: still valid, it is fresh again; revoked, expired or disabled, it is evicted. Returns how
    many were checked. Runs in the background (``app.lifespan``), never on a request's path."""
    cache = context.auth_cache
    within = min(RECHECK_WITHIN_S, cache.ttl_s / 2)
    keys = cache.due_for_recheck(within_s=within, used_within_s=RECHECK_USED_WITHIN_S)
    if not keys:
        return 0
    users = [key.removeprefix(_USER_PREFIX) for key in keys if key.startswith(_USER_PREFIX)]
    devices = [key.removeprefix(_DEVICE_PREFIX) for key in keys if key.startswith(_DEVICE_PREFIX)]
    now = context.now()
    mark = cache.mark()
    valid: set[str] = set()
    with context.db.read() as session:
        if users:
            rows = session.execute(
                select(AuthToken, User)
                .join(User, User.id == AuthToken.user_id)
                .where(AuthToken.token_hash.in_(users))
            ).all()
            for auth, user in rows:
                try:
                    check_sign_in(
                        revoked_at=auth.revoked_at, expires_at=auth.expires_at, active=user.active, now=now
                    )
                except AuthError:
                    continue
                key = cache_key(auth.token_hash, device=False)
                cache.put(key, user_actor(auth, user), expires_at=auth.expires_at, mark=mark)
                valid.add(key)
        if devices:
            for device in session.scalars(select(Device).where(Device.token_hash.in_(devices))):
                if device.revoked_at is None:
                    key = cache_key(device.token_hash, device=True)
                    cache.put(key, device_actor(device), expires_at=None, mark=mark)
                    valid.add(key)
    for key in keys:
        if key not in valid:
            cache.evict(key)
    return len(keys)


def credential_digest(authorization: str | None, device_token: str | None) -> tuple[str, bool]:
    """(digest, is a device) of the request's credential; AuthError when there is none usable."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("登录凭证格式不正确。", code="auth")
        return token_digest(token.strip()), False
    if device_token:
        return token_digest(device_token.strip()), True
    raise AuthError("请先登录。", code="auth")


def cached_actor(context: ServerContext, digest: str, *, device: bool) -> Actor | None:
    return context.auth_cache.get(cache_key(digest, device=device), now=context.now())


_CREDENTIAL_HEADERS = (b"authorization", b"x-device-token")


def scope_headers(scope: Scope, names: tuple[bytes, ...]) -> dict[bytes, str]:
    """The first value of each of ``names`` (lower case) among an ASGI request's headers."""
    # ASGI servers give header names in lower case; values are latin-1, as Starlette reads them.
    found: dict[bytes, str] = {}
    for name, value in scope["headers"]:
        if name in names and name not in found:
            found[name] = value.decode("latin-1")
    return found


def cached_scope_actor(scope: Scope, context: ServerContext) -> Actor | None:
    """The actor of an ASGI request when its credential is well-formed and in the auth cache (the
    fast lanes answer only then; everything else goes to ``get_actor`` through FastAPI)."""
    headers = scope_headers(scope, _CREDENTIAL_HEADERS)
    try:
        digest, device = credential_digest(headers.get(b"authorization"), headers.get(b"x-device-token"))
    except AuthError:
        return None
    return cached_actor(context, digest, device=device)


async def _actor_of(context: ServerContext, authorization: str | None, device_token: str | None) -> Actor:
    # Async, so that a cached token costs no thread hop; a miss asks the database in a thread.
    digest, device = credential_digest(authorization, device_token)
    cached = cached_actor(context, digest, device=device)
    if cached is not None:
        return cached
    return await run_in_threadpool(_lookup, context, digest=digest, device=device)


async def get_actor(request: Request) -> Actor:
    # The headers are read here rather than declared as parameters: FastAPI's per-parameter
    # validation is a measurable share of a window action's time, and these two need none.
    context: ServerContext = request.app.state.context
    headers = request.headers
    return await _actor_of(context, headers.get("authorization"), headers.get("x-device-token"))


async def scope_actor(scope: Scope, context: ServerContext) -> Actor:
    """``get_actor`` for an ASGI request; AuthError once its sign-in has ended. A long-poll asks
    again after its wait, before it hands over events written meanwhile: a sign-out during the
    wait ends its reads as it ends any other's."""
    headers = scope_headers(scope, _CREDENTIAL_HEADERS)
    return await _actor_of(context, headers.get(b"authorization"), headers.get(b"x-device-token"))


CurrentActor = Annotated[Actor, Depends(get_actor)]
