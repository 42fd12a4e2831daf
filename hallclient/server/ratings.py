"""Who may record a rating (好差评) for which window and ticket: one rule for ``POST /ratings`` and
the sync path's ``rating.record@1`` (docs/api.md, *Ratings*)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError, ConflictError, ValidationError
from hallclient.domain.queue import TicketState
from hallclient.server.events import NewEvent
from hallclient.server.models import Rating, Ticket, User, Window
from hallclient.server.security import Actor, DeviceKind, Role

# A rating closes a contact: the ticket must have ended at the window (the applicant served or gone).
RATEABLE_STATES = frozenset({TicketState.DONE.value, TicketState.NO_SHOW.value})


@dataclass(frozen=True)
class RatingTarget:
    window_no: str
    ticket_id: int | None
    # The clerk the rating is about: who served the ticket, as the ticket records it (the rating
    # pad is often a counter device); without a ticket, the clerk who recorded it at the counter
    # (``check_counter_actor``: the pushing clerk, or a known clerk of the hall the payload names).
    user_id: int | None


def counter_window_of(actor: Actor, *, what: str = "评价") -> str | None:
    """The one window this actor may record a counter's ratings or paper tickets for; None for
    managers and admins (any window).

    Raises AuthError for an actor that may record none: a display, kiosk or monitor device, a
    counter device registered without a window, a clerk not signed in to a window.
    """
    if actor.is_user:
        if actor.role in (Role.MANAGER, Role.ADMIN):
            return None
        if actor.window_no is None:
            raise AuthError(f"请先登录窗口，再记录{what}。", code="forbidden")
        return actor.window_no
    if actor.device_kind is not DeviceKind.COUNTER or actor.window_no is None:
        raise AuthError(f"此设备不能记录{what}，只有窗口的电脑或窗口工作人员可以。", code="forbidden")
    return actor.window_no


def check_counter_actor(
    session: Session, actor: Actor, *, window_no: str, clerk_username: str | None, what: str = "评价"
) -> int | None:
    """Check that ``actor`` may record this window's ``what``; returns the id of the user it is
    recorded against (None: nobody's, as for a counter device without a named clerk).

    ``window_no`` must be the actor's own window. ``clerk_username`` (a sync payload's) may name
    another user of the hall than the one pushing: a counter keeps what a clerk recorded offline
    until it can sync, and by then the shift may have changed — the next clerk's push carries the
    first clerk's ratings and paper tickets. Refusing them would lose them for good (the first
    clerk's token is gone, and a refused mutation is never sent again), so the record is kept under
    the clerk it names, as long as that is a known, active user of this hall and the push comes
    from the window where it was made. A name the hall does not know is refused.
    """
    own_window = counter_window_of(actor, what=what)
    if own_window is not None and own_window != window_no:
        raise AuthError(
            f"您登录的是 {own_window} 号窗口，不能记录 {window_no} 号窗口的{what}。",
            code="forbidden",
            window_no=window_no,
        )
    pusher = actor.id if actor.is_user else None
    if clerk_username is None or (actor.is_user and clerk_username == actor.username):
        return pusher
    named = session.execute(
        select(User.id).where(
            User.hall_id == actor.hall_id, User.username == clerk_username, User.active.is_(True)
        )
    ).scalar_one_or_none()
    if named is None:
        raise ValidationError(
            f"这条{what}记在工作人员 {clerk_username} 名下，但本厅没有这位在职的工作人员，未记录。"
            "请交值班长处理。",
            code="unknown_clerk",
            field="clerk_username",
            clerk_username=clerk_username,
        )
    return named


def check_rating_target(
    session: Session,
    *,
    actor: Actor,
    window_no: str,
    ticket_id: int | None,
    clerk_username: str | None = None,
    holding_window: bool = False,
) -> RatingTarget:
    """Check that ``actor`` may record a rating of ``ticket_id`` (if any) at ``window_no``.

    * a clerk only for the window they signed in to, a counter device only for its own window,
      managers and admins for any window; other devices never;
    * with ``holding_window`` (a rating recorded now, ``POST /ratings``), a clerk only while they
      still hold that window, as for a window action: once the next clerk signs in there, the
      first one's sign-in records nothing more at it. Sync push leaves it off: it carries what the
      counter recorded earlier, maybe before the shift changed (``check_counter_actor``);
    * a ticket must have ended (done or no-show) at that very window: its window decides;
    * one rating per ticket, recorded against the clerk who served it;
    * ``clerk_username`` (the sync payload's), when given, the actor's own user name or another
      known clerk of the hall (``check_counter_actor``).
    """
    recorded_by = check_counter_actor(session, actor, window_no=window_no, clerk_username=clerk_username)
    known_window = session.execute(
        select(Window.clerk_user_id).where(Window.hall_id == actor.hall_id, Window.no == window_no)
    ).first()
    if known_window is None:
        raise ValidationError(f"没有 {window_no} 号窗口。", field="window_no")
    clerk = actor.is_user and actor.role not in (Role.MANAGER, Role.ADMIN)
    if holding_window and clerk and known_window.clerk_user_id != actor.id:
        raise AuthError(
            f"{window_no} 号窗口已由其他工作人员登录，请重新登录。", code="forbidden", window_no=window_no
        )
    served_by = recorded_by
    if ticket_id is not None:
        ticket = session.execute(
            select(Ticket.number, Ticket.state, Ticket.window_no, Ticket.clerk_user_id).where(
                Ticket.id == ticket_id, Ticket.hall_id == actor.hall_id
            )
        ).first()
        if ticket is None:
            raise ValidationError("没有这个号。", field="ticket_id")
        number, state, served_at, clerk_user_id = ticket
        served_by = clerk_user_id if clerk_user_id is not None else served_by
        ensure_rateable(
            session,
            hall_id=actor.hall_id,
            ticket_id=ticket_id,
            number=number,
            state=state,
            served_at=served_at,
            window_no=window_no,
        )
    return RatingTarget(window_no=window_no, ticket_id=ticket_id, user_id=served_by)


def ensure_rateable(
    session: Session,
    *,
    hall_id: int,
    ticket_id: int,
    number: str,
    state: str,
    served_at: str | None,
    window_no: str,
) -> None:
    """A ticket that ended (done or no-show) at ``window_no`` and has no rating yet: what a
    rating may be recorded for, and so what the applicant may be asked to rate."""
    if state not in RATEABLE_STATES:
        raise ConflictError(
            f"{number} 号当前为“{TicketState(state).label}”，办结后才能评价。",
            code="not_finished",
            ticket_id=ticket_id,
            state=state,
        )
    if served_at != window_no:
        raise ConflictError(
            f"{number} 号不是在 {window_no} 号窗口办理的，不能记为本窗口的评价。",
            code="not_this_window",
            ticket_id=ticket_id,
            window_no=served_at,
        )
    rated = session.execute(
        select(Rating.id).where(Rating.hall_id == hall_id, Rating.ticket_id == ticket_id)
    ).first()
    if rated is not None:
        raise ConflictError("这个号已经评价过了（一次一评）。", code="already_rated", ticket_id=ticket_id)


def rating_recorded_event(rating: Rating) -> NewEvent:
    """The hall event of a new rating, whichever way it came (``POST /ratings`` or sync): the
    monitor counts it and lists a 差评 for rectification from it."""
    return NewEvent(
        type="rating_recorded",
        data={
            "rating_id": rating.id,
            "ticket_id": rating.ticket_id,
            "case_no": rating.case_no,
            "item_code": rating.item_code,
            "window_no": rating.window_no,
            "level": rating.level,
            "bad": rating.level is not None and rating.level <= 2,
            "reasons": rating.reasons,
        },
        window_no=rating.window_no,
    )
