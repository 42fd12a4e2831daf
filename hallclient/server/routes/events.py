"""The hall event feed, followed by long-poll.

Most requests here are answered by ``longpoll.LongPollFastLane`` before they reach this route; the
route answers the rest (first poll of a hall in this process, old ``since``, token not cached, bad
input) and is what /docs describes. Both use ``poll_timeout`` and ``events_page``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import tzinfo
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from hallclient.server.context import ServerContext
from hallclient.server.deps import Context, CurrentActor, scope_actor
from hallclient.server.events import EventHub, EventRecord
from hallclient.server.routes.meta import AUTH_ERRORS
from hallclient.server.schemas import EventOut, EventsPage

router = APIRouter(prefix="/api/v1", tags=["events"], responses=AUTH_ERRORS)

EVENTS_PATH = "/api/v1/events"
SINCE_MAX = 2**53
TIMEOUT_MAX_S = 30.0
TIMEOUT_DEFAULT_S = 25.0


def poll_timeout(requested: float, context: ServerContext, client: Sequence[Any] | None) -> float:
    """How long an empty poll from ``client`` (its address and port) waits, in seconds."""
    # An empty wait ends somewhere in the last quarter of ``timeout``: displays and monitors that
    # all (re)connected at once — after a restart, a network blip — would otherwise come back in
    # one burst every ``timeout`` seconds, in step for ever, and each burst delays window actions.
    # A connection's first poll is the one such a burst is made of: it ends anywhere in the last
    # three quarters, which spreads a thousand reconnecting followers three times as thin.
    low = 0.25 if context.first_polls.first(client) else 0.75
    return min(requested, context.config.long_poll_max_s) * random.uniform(low, 1.0)


async def events_page(
    hub: EventHub, records: Sequence[EventRecord], *, hall_id: int, since: int, tz: tzinfo
) -> EventsPage:
    """The answer to a poll. With no events ``last_seq`` is ``since`` again — or, when the hall's
    database holds fewer events than the client has seen (restored from a backup), its last seq,
    lower than ``since``: the client re-reads the snapshot and follows from there."""
    if records:
        last_seq = records[-1].seq
    else:
        restored = await hub.seq_restored_below(hall_id, since)
        last_seq = since if restored is None else restored
    return EventsPage(
        events=[EventOut(seq=r.seq, type=r.type, at=r.at.astimezone(tz), data=r.data) for r in records],
        last_seq=last_seq,
    )


@router.get(EVENTS_PATH.removeprefix("/api/v1"), response_model=EventsPage)
async def events(
    request: Request,
    context: Context,
    actor: CurrentActor,
    since: Annotated[int, Query(ge=0, le=SINCE_MAX, description="the last seq the client has seen")] = 0,
    timeout: Annotated[
        float, Query(ge=0, le=TIMEOUT_MAX_S, description="seconds to wait when nothing is new")
    ] = TIMEOUT_DEFAULT_S,
) -> EventsPage:
    """Events after ``since``, oldest first, at most one page. Returns at once when there are some;
    otherwise waits up to ``timeout`` seconds (a random part of the last quarter is cut off, to
    spread re-polls; of the last three quarters on a connection's first poll) and returns an empty
    list. Pass ``last_seq`` as the next ``since``: every event is delivered once and in order,
    across reconnects."""
    records = await context.hub.wait_events(
        hall_id=actor.hall_id, since=since, timeout=poll_timeout(timeout, context, request.client)
    )
    if records:
        await scope_actor(request.scope, context)  # still signed in after the wait
    return await events_page(context.hub, records, hall_id=actor.hall_id, since=since, tz=context.config.tz)
