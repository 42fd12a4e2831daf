"""Keeping a hall's accounts: a user's password, a user leaving or coming back, a device withdrawn.

What the server CLI's ``set-password``, ``disable-user``, ``enable-user``, ``list-users``,
``list-devices`` and ``revoke-device`` do (docs/server.md, *Users and devices*). Each ends what it
must at once in the database: a new password or a disabled account revokes every sign-in of that
user, and signs them out of the windows they hold; a revoked device token is refused from then on.
A server process that has the sign-in cached stops accepting it for reads within
``auth_cache_ttl_s`` (5 s) and for writes at once, as after a sign-out elsewhere (authcache.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError, NotFoundError, ValidationError
from hallclient.server.demo import MIN_PASSWORD_LENGTH, find_hall
from hallclient.server.events import ADMIN_ACTOR, NewEvent, append_events
from hallclient.server.models import AuthToken, Device, User, Window
from hallclient.server.queue_engine import sign_out_window
from hallclient.server.security import hash_password


@dataclass(frozen=True)
class SignInsEnded:
    username: str
    tokens_revoked: int
    windows_left: tuple[str, ...]  # windows the user was signed out of
    windows_busy: tuple[str, ...]  # windows still serving a ticket: the user stays on them until it ends


@dataclass(frozen=True)
class UserLine:
    username: str
    display_name: str
    role: str
    active: bool
    window_no: str | None  # the window the user is signed in to, if any


@dataclass(frozen=True)
class DeviceLine:
    id: int
    name: str
    kind: str
    window_no: str | None
    created_at: datetime
    revoked_at: datetime | None


def set_password(
    session: Session, *, hall_code: str | None, username: str, password: str, now: datetime
) -> SignInsEnded:
    """A new password; every sign-in made with the old one ends (a password is changed when it
    may be known to someone else)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少 {MIN_PASSWORD_LENGTH} 位。", field="password")
    user = _user(session, hall_code=hall_code, username=username)
    user.password_hash = hash_password(password)
    return _end_sign_ins(session, user, now=now)


def set_active(
    session: Session, *, hall_code: str | None, username: str, active: bool, now: datetime
) -> SignInsEnded:
    """Disable (a clerk who left, an account that leaked) or enable again. A disabled user cannot
    sign in and their sign-ins end; their past work keeps their name."""
    user = _user(session, hall_code=hall_code, username=username)
    user.active = active
    if active:
        return SignInsEnded(user.username, 0, (), ())
    return _end_sign_ins(session, user, now=now)


def list_users(session: Session, *, hall_code: str) -> list[UserLine]:
    hall = find_hall(session, hall_code)
    holding = {
        user_id: no
        for user_id, no in session.execute(
            select(Window.clerk_user_id, Window.no).where(
                Window.hall_id == hall.id, Window.clerk_user_id.is_not(None)
            )
        )
    }
    users = session.scalars(select(User).where(User.hall_id == hall.id).order_by(User.username))
    return [UserLine(u.username, u.display_name, u.role, u.active, holding.get(u.id)) for u in users]


def list_devices(session: Session, *, hall_code: str) -> list[DeviceLine]:
    hall = find_hall(session, hall_code)
    devices = session.scalars(select(Device).where(Device.hall_id == hall.id).order_by(Device.id))
    return [_device_line(d) for d in devices]


def _device_line(device: Device) -> DeviceLine:
    return DeviceLine(
        device.id, device.name, device.kind, device.window_no, device.created_at, device.revoked_at
    )


def revoke_device(session: Session, *, hall_code: str | None, device_id: int, now: datetime) -> DeviceLine:
    """Withdraw a device's token (a kiosk stolen, a PC replaced); revoking twice changes nothing."""
    hall = find_hall(session, hall_code)
    device = session.execute(
        select(Device).where(Device.id == device_id, Device.hall_id == hall.id)
    ).scalar_one_or_none()
    if device is None:
        raise NotFoundError(
            f"大厅 {hall.code} 没有编号为 {device_id} 的设备。", code="not_found", device_id=device_id
        )
    if device.revoked_at is None:
        device.revoked_at = now
    return DeviceLine(
        device.id, device.name, device.kind, device.window_no, device.created_at, device.revoked_at
    )


def _user(session: Session, *, hall_code: str | None, username: str) -> User:
    hall = find_hall(session, hall_code)
    user = session.execute(
        select(User).where(User.hall_id == hall.id, User.username == username)
    ).scalar_one_or_none()
    if user is None:
        raise NotFoundError(f"大厅 {hall.code} 没有用户 {username}。", code="not_found", username=username)
    return user


def _end_sign_ins(session: Session, user: User, *, now: datetime) -> SignInsEnded:
    tokens = session.scalars(
        select(AuthToken).where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = now
    left: list[str] = []
    busy: list[str] = []
    events: list[NewEvent] = []
    held = session.scalars(
        select(Window.no).where(Window.hall_id == user.hall_id, Window.clerk_user_id == user.id)
    ).all()
    for window_no in held:
        try:
            event = sign_out_window(
                session, hall_id=user.hall_id, window_no=window_no, user_id=user.id, now=now
            )
        except ConflictError:
            # Still serving a ticket (the rule a clerk's own sign-out follows): the applicant is
            # served to the end; the clerk cannot act any more (their sign-in is gone), a manager
            # can finish or transfer the ticket.
            busy.append(window_no)
            continue
        if event is not None:
            events.append(event)
            left.append(window_no)
    if events:
        append_events(session, hall_id=user.hall_id, events=events, at=now, actor=ADMIN_ACTOR)
    return SignInsEnded(user.username, len(tokens), tuple(left), tuple(busy))
