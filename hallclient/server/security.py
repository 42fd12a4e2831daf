"""Passwords (argon2id via argon2-cffi), bearer tokens, login throttling and who is asking."""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, bindparam, delete, func, select
from sqlalchemy.orm import Session

from hallclient.domain.errors import AuthError
from hallclient.server.models import AuthToken, Device, LoginFailure, User

_hasher = PasswordHasher()


class Role(enum.StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"


class DeviceKind(enum.StrEnum):
    COUNTER = "counter"
    KIOSK = "kiosk"
    DISPLAY = "display"
    MONITOR = "monitor"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the hasher's now (a hash stored
    before they were raised): the password just proven should then be stored hashed anew."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# Checked against when the username is unknown, so that a wrong username takes as long as a wrong
# password and the timing does not tell which usernames exist.
_DUMMY_HASH = hash_password("hallclient-no-such-user")


def verify_unknown_user(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """The signed-in user or registered device behind a request."""

    hall_id: int
    kind: str  # "user" or "device"
    id: int
    name: str
    role: Role | None = None
    window_no: str | None = None
    device_kind: DeviceKind | None = None
    username: str | None = None
    token_id: int | None = None  # the AuthToken row of a user's sign-in

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def is_user(self) -> bool:
        return self.kind == "user"


def actor_for_token(session: Session, *, token: str, now: datetime) -> Actor:
    actor, _expires_at = actor_for_token_digest(session, digest=token_digest(token), now=now)
    return actor


def actor_for_token_digest(session: Session, *, digest: str, now: datetime) -> tuple[Actor, datetime]:
    """The user behind a bearer token (by its SHA-256) and when the token expires."""
    row = session.execute(
        select(AuthToken, User).join(User, User.id == AuthToken.user_id).where(AuthToken.token_hash == digest)
    ).first()
    if row is None:
        raise AuthError("登录凭证无效，请重新登录。", code="auth")
    auth, user = row
    check_sign_in(revoked_at=auth.revoked_at, expires_at=auth.expires_at, active=user.active, now=now)
    return user_actor(auth, user), auth.expires_at


def user_actor(auth: AuthToken, user: User) -> Actor:
    """The actor of a user's sign-in (checked by the caller)."""
    return Actor(
        hall_id=auth.hall_id,
        kind="user",
        id=user.id,
        name=user.display_name,
        role=Role(user.role),
        window_no=auth.window_no,
        username=user.username,
        token_id=auth.id,
    )


def check_sign_in(*, revoked_at: datetime | None, expires_at: datetime, active: bool, now: datetime) -> None:
    if revoked_at is not None:
        raise AuthError("已退出登录，请重新登录。", code="auth")
    if expires_at <= now:
        raise AuthError("登录已过期，请重新登录。", code="auth_expired")
    if not active:
        raise AuthError("该账号已停用。", code="auth")


def actor_for_device(session: Session, *, token: str) -> Actor:
    return actor_for_device_digest(session, digest=token_digest(token))


def actor_for_device_digest(session: Session, *, digest: str) -> Actor:
    device = session.execute(select(Device).where(Device.token_hash == digest)).scalar_one_or_none()
    if device is None or device.revoked_at is not None:
        raise AuthError("设备未登记或已停用。", code="auth")
    return device_actor(device)


def device_actor(device: Device) -> Actor:
    """The actor of a registered device (checked by the caller)."""
    return Actor(
        hall_id=device.hall_id,
        kind="device",
        id=device.id,
        name=device.name,
        window_no=device.window_no,
        device_kind=DeviceKind(device.kind),
    )


# Built once: statement construction costs more than the query on the hot path of every write.
_USER_SIGN_IN = (
    select(AuthToken.revoked_at, AuthToken.expires_at, User.active)
    .join(User, User.id == AuthToken.user_id)
    .where(AuthToken.id == bindparam("token_id"))
)
_DEVICE_REVOKED = select(Device.revoked_at).where(Device.id == bindparam("device_id"))


def recheck_actor(session: Session, *, actor: Actor, now: datetime) -> None:
    """Refuse an actor whose sign-in was revoked, expired or disabled since it was looked up.

    Run inside a write transaction: the authentication cache may be a few seconds old, and a
    logout in another server process must stop every later write at once.
    """
    if actor.is_user:
        row = session.execute(_USER_SIGN_IN, {"token_id": actor.token_id}).first()
        if row is None:
            raise AuthError("登录凭证无效，请重新登录。", code="auth")
        revoked_at, expires_at, active = row
        check_sign_in(revoked_at=revoked_at, expires_at=expires_at, active=active, now=now)
        return
    revoked = session.execute(_DEVICE_REVOKED, {"device_id": actor.id}).first()
    if revoked is None or revoked[0] is not None:
        raise AuthError("设备未登记或已停用。", code="auth")


def require_user(actor: Actor, *roles: Role) -> Actor:
    if not actor.is_user:
        raise AuthError("此操作需要工作人员登录。", code="forbidden")
    if roles and actor.role not in roles:
        raise AuthError("当前账号无权进行此操作。", code="forbidden")
    return actor


def _throttled_for(
    session: Session, which: ColumnElement[bool], *, now: datetime, max_failures: int, window: timedelta
) -> int | None:
    """Seconds until one more try is allowed, or None when these failures are below the limit."""
    since = now - window
    recent = (LoginFailure.at > since) & which
    count = session.execute(select(func.count()).where(recent)).scalar_one()
    if count < max_failures:
        return None
    # The limit-th most recent failure leaves the window first; only then is one more try allowed.
    oldest_counted = session.execute(
        select(LoginFailure.at)
        .where(recent)
        .order_by(LoginFailure.at.desc())
        .offset(max_failures - 1)
        .limit(1)
    ).scalar_one_or_none()
    unlock_at = (oldest_counted or now) + window
    return max(1, int((unlock_at - now).total_seconds()) + 1)


def record_login_failure(session: Session, *, username: str, client: str, now: datetime) -> None:
    session.add(LoginFailure(username=username, client=client, at=now))


# The first half of the PostgreSQL advisory lock that serialises one client address's sign-ins
# (the second half is the address's); any constant works that nothing else uses.
_LOGIN_LOCK_CLASS = 847_0002


def reserve_login_attempt(
    session: Session,
    *,
    username: str,
    client: str,
    now: datetime,
    max_failures: int,
    max_failures_per_client: int,
    window: timedelta,
) -> None:
    """Check the throttle and count this attempt as a failure, in one write transaction, before
    the password is checked. Once the password is proven right, ``clear_login_failures`` takes
    the attempt out again with this username's earlier failures from the address.

    Checked and recorded apart, every attempt in flight would pass the check before any of them
    was counted: parallel wrong passwords would get as many tries past the limit as the servers
    have request threads. The attempts of one address take turns here (both counts are of one
    address), so the n-th of them sees the n-1 before it. SQLite write transactions take turns
    anyway (``BEGIN IMMEDIATE``); on PostgreSQL a transaction-scoped advisory lock on the address
    does it across server processes. A throttled attempt raises (a throttled AuthError) and is
    not counted.

    The throttle: this username from this address, or this address across all usernames, failed
    too often recently. Both counts come from the failures every server process records in the
    database, so they hold across processes. Checked before the username is looked up: a
    throttled request is refused the same way whether or not the username exists.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(client.encode("utf-8")).digest()[:4], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(_LOGIN_LOCK_CLASS, key)))
    retry_after = _throttled_for(
        session,
        (LoginFailure.username == username) & (LoginFailure.client == client),
        now=now,
        max_failures=max_failures,
        window=window,
    )
    if retry_after is not None:
        raise AuthError(
            f"登录失败次数过多，请 {retry_after} 秒后再试。",
            code="throttled",
            retry_after=retry_after,
        )
    # One address trying one password against every username (password spraying), or any number of
    # made-up usernames, never reaches the count above.
    retry_after = _throttled_for(
        session, LoginFailure.client == client, now=now, max_failures=max_failures_per_client, window=window
    )
    if retry_after is not None:
        raise AuthError(
            f"此网络地址登录失败次数过多，从该地址登录的所有账号请 {retry_after} 秒后再试。",
            code="throttled",
            retry_after=retry_after,
        )
    record_login_failure(session, username=username, client=client, now=now)


def clear_login_failures(
    session: Session, *, username: str, client: str, now: datetime, window: timedelta
) -> None:
    session.execute(
        delete(LoginFailure).where(
            (LoginFailure.username == username) & (LoginFailure.client == client)
            | (LoginFailure.at < now - window * 2)
        )
    )
