"""Request dependencies: who is asking (user token or device token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

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
