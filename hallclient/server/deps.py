"""Request dependencies: who is asking (user token or device token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from hallclient.domain.errors import AuthError
from hallclient.server.context import ServerContext, get_context
from hallclient.server.security import Actor, actor_for_device, actor_for_token

Context = Annotated[ServerContext, Depends(get_context)]


def get_actor(
    context: Context,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_device_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Actor:
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("登录凭证格式不正确。", code="auth")
        with context.db.read() as session:
            return actor_for_token(session, token=token.strip(), now=context.now())
    if x_device_token:
        with context.db.read() as session:
            return actor_for_device(session, token=x_device_token.strip())
    raise AuthError("请先登录。", code="auth")


CurrentActor = Annotated[Actor, Depends(get_actor)]
