"""Ratings: stored in the local store with their ``rating.record@1`` outbox mutation in one
transaction; the sync engine delivers them (DESIGN §7), keyed by the rating's request_id so a
re-push is applied once on the server.

A prompt that times out is stored with level None ("not rated"); nothing here ever invents a
level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from hallclient.domain.errors import ValidationError
from hallclient.domain.rating import RatingLevel
from hallclient.queue.models import Reasons, TicketId
from hallclient.store import Store, repo
from hallclient.store.repo import RatingRecord

CHANNEL_COUNTER_PAD = "counter_pad"


@dataclass(frozen=True)
class RatingContext:
    """Who and what is being rated: one service contact, fixed when the prompt opens."""

    request_id: str
    window_no: str
    clerk_username: str
    ticket_id: TicketId | None = None
    ticket_number: str | None = None
    case_no: str | None = None
    item_code: str | None = None


@dataclass(frozen=True)
class RatingAnswer:
    level: int | None  # None: the prompt timed out
    reasons: tuple[str, ...] = ()
    comment: str = ""

    @classmethod
    def not_rated(cls) -> RatingAnswer:
        return cls(level=None)


def save_rating(
    *, store: Store, context: RatingContext, answer: RatingAnswer, rated_at: dt.datetime
) -> RatingRecord:
    if answer.level is not None:
        RatingLevel.from_value(answer.level)
    if answer.level is None and (answer.reasons or answer.comment):
        raise ValidationError("未评价时不能带原因或意见", field="level")
    with store.session() as session:
        return repo.record_rating(
            session,
            request_id=context.request_id,
            window_no=context.window_no,
            clerk_username=context.clerk_username,
            channel=CHANNEL_COUNTER_PAD,
            level=answer.level,
            rated_at=rated_at,
            ticket_id=str(context.ticket_id) if context.ticket_id is not None else None,
            ticket_number=context.ticket_number,
            case_no=context.case_no,
            item_code=context.item_code,
            reasons=answer.reasons,
            comment=answer.comment,
        )


def with_case(*, store: Store, context: RatingContext, since: dt.datetime) -> RatingContext:
    """``context`` linked to the case taken in during that service contact, if one was: its
    number and service item go with the rating (DESIGN §6). ``since``: how far back a paper
    ticket's number counts (it has no id)."""
    with store.session(readonly=True) as session:
        found = repo.case_taken_in_for_ticket(
            session,
            ticket_id=str(context.ticket_id) if context.ticket_id is not None else None,
            ticket_number=context.ticket_number,
            window_no=context.window_no,
            since=since,
        )
    if found is None:
        return context
    case_no, item_code = found
    return replace(context, case_no=case_no, item_code=item_code)


def cached_reasons(*, store: Store) -> Reasons | None:
    """The reason lists (pause, 差评, reject) the last sync pulled into the store: what the counter
    offers while the server cannot be asked, e.g. after an offline sign-in. None before the first
    pull."""
    with store.session(readonly=True) as session:
        cached = repo.load_cached_document(session, "reasons")
    if cached is None or not isinstance(cached.body, dict):
        return None
    return Reasons.from_json(cached.body)
