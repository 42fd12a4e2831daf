"""A short way through the server for the two commonest writes: a window action and a ticket.

A busy hall sends a few hundred of them a second, and each went through FastAPI's whole request
path — middleware, routing over every route, dependency resolution, body validation, response
handling — which cost about as much of the interpreter as a database statement. This ASGI
middleware takes such a request when every part of it is plain: the path and its parameters are
well-formed, the body is JSON that the route's own model accepts, and the token is in the auth
cache. It then calls the route's own function (``routes.queue.act`` or
``routes.queue.create_ticket``) in the same thread pool, and turns a refusal into the same answer
as the app's exception handlers (``errors.handled_error_response``). Anything else — a body the
model refuses, an unknown token, another content type — goes on, body and all, to the FastAPI
route, which gives the full answer or the full error and is what /docs describes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, cast, get_args

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hallclient.server.context import ServerContext
from hallclient.server.deps import cached_scope_actor, scope_headers
from hallclient.server.errors import handled_error_response
from hallclient.server.routes.queue import Action, act, create_ticket
from hallclient.server.schemas import WINDOW_NO_CHARS, WINDOW_NO_MAX, ActionRequest, TicketRequest
from hallclient.server.security import Actor

TICKETS_PATH = "/api/v1/tickets"
# The route's path parameters: a window number as WindowNoPath takes it, an action's name (checked
# against Action below).
_WINDOW_NO = rf"[{WINDOW_NO_CHARS}]{{1,{WINDOW_NO_MAX}}}"
_ACTION_PATH = re.compile(rf"/api/v1/windows/({_WINDOW_NO})/actions/([a-z_]{{1,32}})")
_ACTIONS = frozenset(get_args(Action))
# Larger bodies are not a window action's or a ticket's: left to the route and its limits.
_BODY_MAX = 16 * 1024

_Call = Callable[[Any, ServerContext, Actor], Response]


def _route_call(scope: Scope) -> tuple[type[BaseModel], _Call] | None:
    """The body model and the route function for a plain window action or ticket request."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    path = scope["path"]
    if path == TICKETS_PATH:
        return TicketRequest, create_ticket
    matched = _ACTION_PATH.fullmatch(path)
    if matched is None or matched.group(2) not in _ACTIONS:
        return None
    window_no, action = matched.groups()

    def call(body: Any, context: ServerContext, actor: Actor) -> Response:
        return act(window_no, cast(Action, action), body, context, actor)

    return ActionRequest, call


def _is_json(scope: Scope) -> bool:
    content_type = scope_headers(scope, (b"content-type",)).get(b"content-type", "")
    return content_type.partition(";")[0].strip().lower() == "application/json"


async def _read_body(receive: Receive) -> tuple[bytes | None, list[Message]]:
    """The whole body (None when it is too large for this lane, or the client went away) and the
    messages read, which the route needs if it is to answer instead (``_replay``)."""
    messages: list[Message] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return None, messages
        body += message.get("body", b"")
        if len(body) > _BODY_MAX:
            return None, messages
        if not message.get("more_body", False):
            return body, messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` as if nothing had been read: the route reads the same body."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


class WriteFastLane:
    def __init__(self, app: ASGIApp, context: ServerContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = _route_call(scope)
        actor = cached_scope_actor(scope, self.context) if route is not None else None
        if route is None or actor is None or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        model, call = route
        raw, messages = await _read_body(receive)
        body = _plain_body(model, raw) if raw is not None else None
        if body is None:
            await self.app(scope, _replay(messages, receive), send)
            return
        try:
            response = await run_in_threadpool(call, body, self.context, actor)
        except Exception as exc:
            handled = handled_error_response(exc)
            if handled is None:
                raise
            response = handled
        await response(scope, receive, send)


def _plain_body(model: type[BaseModel], raw: bytes) -> BaseModel | None:
    """The body as the route's model validates it (parsed as FastAPI parses it), or None."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(parsed, dict):
        return None
    try:
        return model.model_validate(parsed)
    except PydanticValidationError:
        return None
