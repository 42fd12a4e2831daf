"""Ratings: stored in the local store first (with their outbox mutation), then sent to the server.

A prompt that times out is stored with level None ("not rated"); nothing here ever invents a
level. Sending reuses the rating's request_id, so a retry (or the outbox pushing the same rating
later) is applied once on the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from hallclient.domain.errors import ValidationError
from hallclient.domain.rating import RatingLevel
from hallclient.queue.client import ServerClient
from hallclient.queue.models import RatingReceipt, TicketId
from hallclient.store import Store, repo
from hallclient.store.models import Rating
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


def _server_ticket_id(raw: str | None) -> TicketId | None:
    if raw is None:
        return None
    return int(raw) if raw.isdigit() else raw


def send_rating(*, client: ServerClient, record: RatingRecord) -> RatingReceipt:
    """POST the stored rating; raises OfflineError (and the rest of the hierarchy) unchanged."""
    return client.post_rating(
        request_id=record.request_id,
        ticket_id=_server_ticket_id(record.ticket_id),
        window_no=record.window_no,
        level=record.level,
        reasons=record.reasons,
        comment=record.comment,
        rated_at=record.rated_at,
        case_no=record.case_no,
        channel=record.channel,
    )


def mark_sent(*, store: Store, rating_id: str) -> None:
    with store.session() as session:
        repo.mark_rating_synced(session, rating_id)


def unsent_ratings(*, store: Store, limit: int = 100) -> list[RatingRecord]:
    with store.session(readonly=True) as session:
        request_ids = session.scalars(
            select(Rating.request_id).where(Rating.synced.is_(False)).order_by(Rating.rated_at).limit(limit)
        ).all()
        records = [repo.get_rating(session, request_id=rid) for rid in request_ids]
    return [r for r in records if r is not None]
