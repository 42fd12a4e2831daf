"""Ratings: stored in the local store with their ``rating.record@1`` outbox mutation in one
transaction; the sync engine delivers them (DESIGN §7), keyed by the rating's request_id so a
re-push is applied once on the server.

A prompt that times out is stored with level None ("not rated"); nothing here ever invents a
level.

A rating the store cannot take at the moment (a locked file, a full disk) is not the applicant's
fault and is not dropped: :func:`save_ratings` also sets the ones still unsaved aside in a small
file beside the store, which the next start reads back (:func:`load_unsaved_ratings`). Saving the
same rating again is harmless: the store keys ratings by request_id and returns the first record.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.domain.rating import RatingLevel
from hallclient.queue.models import Reasons, TicketId
from hallclient.store import Store, repo
from hallclient.store.repo import RatingRecord

log = logging.getLogger("hallclient.rating")

CHANNEL_COUNTER_PAD = "counter_pad"
UNSAVED_SUFFIX = ".unsaved-ratings.json"


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


@dataclass(frozen=True)
class UnsavedRating:
    """A finished prompt not yet in the store: everything needed to save it as it was given."""

    context: RatingContext
    answer: RatingAnswer
    rated_at: dt.datetime

    @property
    def request_id(self) -> str:
        return self.context.request_id

    def to_json(self) -> dict[str, Any]:
        c, a = self.context, self.answer
        return {
            "request_id": c.request_id,
            "window_no": c.window_no,
            "clerk_username": c.clerk_username,
            "ticket_id": c.ticket_id,
            "ticket_number": c.ticket_number,
            "case_no": c.case_no,
            "item_code": c.item_code,
            "level": a.level,
            "reasons": list(a.reasons),
            "comment": a.comment,
            "rated_at": self.rated_at.isoformat(),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> UnsavedRating:
        context = RatingContext(
            request_id=str(raw["request_id"]),
            window_no=str(raw["window_no"]),
            clerk_username=str(raw["clerk_username"]),
            ticket_id=raw.get("ticket_id"),
            ticket_number=raw.get("ticket_number"),
            case_no=raw.get("case_no"),
            item_code=raw.get("item_code"),
        )
        answer = RatingAnswer(
            level=raw.get("level"), reasons=tuple(raw.get("reasons") or ()), comment=raw.get("comment") or ""
        )
        return cls(context=context, answer=answer, rated_at=dt.datetime.fromisoformat(raw["rated_at"]))


@dataclass(frozen=True)
class SaveRun:
    """What one :func:`save_ratings` did. ``unsaved``: the ones to try again, in order, starting
    with the one the store refused with ``error``."""

    saved: tuple[RatingRecord, ...] = ()
    refused: tuple[tuple[UnsavedRating, Exception], ...] = ()
    unsaved: tuple[UnsavedRating, ...] = ()
    error: Exception | None = field(default=None)


def unsaved_ratings_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + UNSAVED_SUFFIX)


def save_ratings(*, store: Store, ratings: Sequence[UnsavedRating]) -> SaveRun:
    """Save the ratings set aside earlier, then ``ratings``, in order, stopping at the first the
    store cannot take now; then make the set-aside file hold exactly the ones still unsaved, so
    that closing the program (or its being killed) before the store takes them loses none.

    A rating that can never be stored (another answer for the same contact, invalid data) is
    ``refused``, not kept: retrying it would fail for ever.
    """
    # Read again on every save rather than kept in memory: the file stays the one record of what
    # is waiting, whoever saved last, and with none waiting this is one failed open.
    earlier = load_unsaved_ratings(store=store)
    known = {r.request_id for r in earlier}
    queue = [*earlier, *(r for r in ratings if r.request_id not in known)]
    saved: list[RatingRecord] = []
    refused: list[tuple[UnsavedRating, Exception]] = []
    unsaved: tuple[UnsavedRating, ...] = ()
    error: Exception | None = None
    for index, rating in enumerate(queue):
        try:
            saved.append(
                save_rating(
                    store=store, context=rating.context, answer=rating.answer, rated_at=rating.rated_at
                )
            )
        except (ValidationError, ConflictError) as exc:
            log.error("rating %s refused by the store: %s (%s)", rating.request_id, exc, rating.to_json())
            refused.append((rating, exc))
        except Exception as exc:
            # The rest would meet the same locked or full store; they keep their order.
            unsaved = tuple(queue[index:])
            error = exc
            break
    if earlier or unsaved:
        _set_aside(store, unsaved)
    return SaveRun(saved=tuple(saved), refused=tuple(refused), unsaved=unsaved, error=error)


def load_unsaved_ratings(*, store: Store) -> tuple[UnsavedRating, ...]:
    """The ratings set aside earlier (empty when there are none). A file that cannot be read is
    moved out of the way, kept for someone to look at, and logged."""
    path = unsaved_ratings_path(store)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return tuple(UnsavedRating.from_json(item) for item in raw)
    except FileNotFoundError:
        return ()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        kept = path.with_name(path.name + ".unreadable")
        log.error("unsaved ratings in %s unreadable (%s); moved to %s", path, exc, kept)
        try:
            os.replace(path, kept)
        except OSError as move_exc:
            log.error("could not move %s: %s", path, move_exc)
        return ()


def _set_aside(store: Store, ratings: Sequence[UnsavedRating]) -> None:
    path = unsaved_ratings_path(store)
    try:
        if not ratings:
            path.unlink(missing_ok=True)
            return
        text = json.dumps([r.to_json() for r in ratings], ensure_ascii=False, indent=1)
        partial = path.with_name(path.name + ".part")
        with partial.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        # The disk that refused the store may refuse this too: the log is the last copy.
        log.error(
            "could not set %d unsaved rating(s) aside in %s: %s; they are: %s",
            len(ratings),
            path,
            exc,
            json.dumps([r.to_json() for r in ratings], ensure_ascii=False),
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
