"""A short way through the server for the commonest request of all: a long-poll of the hall event
feed by a display, monitor or counter that is already following.

Every display, monitor and counter of a hall keeps one long-poll open and renews it when it ends;
with a thousand of them, a few hundred renewals can fall in the same seconds (after a restart or a
network blip they all reconnected together). Through FastAPI — routing, dependency resolution,
parameter validation, response-model serialisation — an empty long-poll cost about a millisecond
of CPU, all of it spent while window actions wait for the same interpreter. This ASGI middleware
answers such a poll itself when every part of it is plain: the query is well-formed, the token is
in the auth cache and the hall's feed is in memory, so no database is needed. Anything else — a
malformed parameter, an unknown token, a first poll — goes on to the FastAPI route, which gives the
full answer or the full error; the two share ``poll_timeout`` and ``events_page``, so a client
cannot tell which one answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from hallclient.server.context import ServerContext
from hallclient.server.deps import cached_scope_actor, scope_actor
from hallclient.server.errors import handled_error_response
from hallclient.server.routes.events import (
    EVENTS_PATH,
    SINCE_MAX,
    TIMEOUT_DEFAULT_S,
    TIMEOUT_MAX_S,
    events_page,
    poll_timeout,
)

_PLAIN_INT = re.compile(r"[0-9]{1,16}")
_PLAIN_DECIMAL = re.compile(r"[0-9]{1,3}(\.[0-9]{1,6})?")
_JSON_HEADERS = [(b"content-type", b"application/json")]


@dataclass(frozen=True)
class _Poll:
    hall_id: int
    since: int
    timeout: float


class LongPollFastLane:
    def __init__(self, app: ASGIApp, context: ServerContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        poll = _plain_poll(scope, self.context) if scope["type"] == "http" else None
        if poll is None:
            await self.app(scope, receive, send)
            return
        hub = self.context.hub
        feed = hub.ready_feed(poll.hall_id, poll.since)
        if feed is None:
            await self.app(scope, receive, send)
            return
        timeout = poll_timeout(poll.timeout, self.context, scope.get("client"))
        records = await hub.wait_in_feed(feed, poll.since, timeout)
        if records:
            try:
                await scope_actor(scope, self.context)  # still signed in after the wait
            except Exception as exc:
                refused = handled_error_response(exc)
                if refused is None:
                    raise
                await refused(scope, receive, send)
                return
        page = await events_page(
            hub, records, hall_id=poll.hall_id, since=poll.since, tz=self.context.config.tz
        )
        body = page.model_dump_json().encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _plain_poll(scope: Scope, context: ServerContext) -> _Poll | None:
    """The poll ``scope`` asks for, when nothing in it needs FastAPI's validation or the database."""
    if scope["method"] != "GET" or scope["path"] != EVENTS_PATH:
        return None
    params: dict[str, str] = {}
    for key, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
        if key not in ("since", "timeout") or key in params:
            return None
        params[key] = value
    since_text = params.get("since", "0")
    timeout_text = params.get("timeout", str(TIMEOUT_DEFAULT_S))
    if not (_PLAIN_INT.fullmatch(since_text) and _PLAIN_DECIMAL.fullmatch(timeout_text)):
        return None
    since, timeout = int(since_text), float(timeout_text)
    if since > SINCE_MAX or timeout > TIMEOUT_MAX_S:
        return None
    actor = cached_scope_actor(scope, context)
    if actor is None:
        return None
    return _Poll(hall_id=actor.hall_id, since=since, timeout=timeout)
