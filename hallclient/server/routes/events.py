"""The hall event feed, followed by long-poll."""

from __future__ import annotations

import random
from typing import Annotated

from fastapi import APIRouter, Query

from hallclient.server.deps import Context, CurrentActor
from hallclient.server.routes.meta import AUTH_ERRORS
from hallclient.server.schemas import EventOut, EventsPage

router = APIRouter(prefix="/api/v1", tags=["events"], responses=AUTH_ERRORS)


@router.get("/events", response_model=EventsPage)
async def events(
    context: Context,
    actor: CurrentActor,
    since: Annotated[int, Query(ge=0, le=2**53, description="the last seq the client has seen")] = 0,
    timeout: Annotated[float, Query(ge=0, le=30, description="seconds to wait when nothing is new")] = 25.0,
) -> EventsPage:
    """Events after ``since``, oldest first, at most one page. Returns at once when there are some;
    otherwise waits up to ``timeout`` seconds (a random part of the last quarter is cut off, to
    spread re-polls) and returns an empty list. Pass ``last_seq`` as the
    next ``since``: every event is delivered once and in order, across reconnects."""
    # An empty wait ends somewhere in the last quarter of ``timeout``: displays and monitors that
    # all (re)connected at once — after a restart, a network blip — would otherwise come back in
    # one burst every ``timeout`` seconds, in step for ever, and each burst delays window actions.
    timeout = min(timeout, context.config.long_poll_max_s) * random.uniform(0.75, 1.0)
    records = await context.hub.wait_events(hall_id=actor.hall_id, since=since, timeout=timeout)
    tz = context.config.tz
    return EventsPage(
        events=[EventOut(seq=r.seq, type=r.type, at=r.at.astimezone(tz), data=r.data) for r in records],
        last_seq=records[-1].seq if records else since,
    )
