"""Request dependencies: who is asking (user token or device token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from hallclient.domain.errors import AuthError
from hallclient.server.context import ServerContext, get_context
from hallclient.server.security import (
    Actor,
    actor_for_device_digest,
    actor_for_token_digest,
    token_digest,
)

Context = Annotated[ServerContext, Depends(get_context)]


def cache_key(digest: str, *, device: bool) -> str:
    return ("device:" if device else "user:") + digest


def _lookup(context: ServerContext, *, digest: str, device: bool) -> Actor:
    now = context.now()
    with context.db.read() as session:
        if device:
            actor = actor_for_device_digest(session, digest=digest)
            context.auth_cache.put(cache_key(digest, device=True), actor, expires_at=None)
            return actor
        actor, expires_at = actor_for_token_digest(session, digest=digest, now=now)
    context.auth_cache.put(cache_key(digest, device=False), actor, expires_at=expires_at)
    return actor


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


async def get_actor(request: Request) -> Actor:
    # Async, so that a cached token costs no thread hop; a miss asks the database in a thread.
    # The headers are read here rather than declared as parameters: FastAPI's per-parameter
    # validation is a measurable share of a window action's time, and these two need none.
    context: ServerContext = request.app.state.context
    digest, device = credential_digest(
        request.headers.get("authorization"), request.headers.get("x-device-token")
    )
    cached = cached_actor(context, digest, device=device)
    if cached is not None:
        return cached
    return await run_in_threadpool(_lookup, context, digest=digest, device=device)


CurrentActor = Annotated[Actor, Depends(get_actor)]
