"""Sign-in with throttling, sign-out, and device registration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select, update

from hallclient.domain.errors import AuthError, NotFoundError
from hallclient.server.deps import Context, CurrentActor, cache_key
from hallclient.server.events import append_events
from hallclient.server.models import AuthToken, Device, Hall, User, Window
from hallclient.server.queue_engine import sign_in_window, sign_out_window
from hallclient.server.schemas import (
    DeviceOut,
    DeviceRequest,
    ErrorBody,
    LoginRequest,
    LoginResponse,
    LogoutResponse,
    OfflineVerifier,
    UserOut,
    WindowInfo,
)
from hallclient.server.security import (
    Role,
    clear_login_failures,
    hash_password,
    new_token,
    password_needs_rehash,
    recheck_actor,
    require_user,
    reserve_login_attempt,
    token_digest,
    verify_password,
    verify_unknown_user,
)

router = APIRouter(prefix="/api/v1", tags=["auth"])
LOGIN_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "wrong username or password"},
    404: {"model": ErrorBody, "description": "no such window"},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody, "description": "too many failed sign-ins; see Retry-After"},
}
# Signing out and registering devices need a signed-in user (an admin, for devices).
SIGNED_IN_ERRORS: dict[int | str, dict[str, Any]] = {
    **LOGIN_ERRORS,
    403: {"model": ErrorBody, "description": "a device, or a user without the role"},
}


def _client(request: Request) -> str:
    return (request.client.host if request.client else "unknown")[:64]


# The failure log's username column is this long, as is the users' one (models.py). The body allows
# longer names: such a name is just a wrong one, and must be logged as such (PostgreSQL refuses to
# store it whole, which used to answer a wrong username with a 422 instead of a 401).
_THROTTLE_KEY_MAX = 64


@router.post("/auth/login", response_model=LoginResponse, responses=LOGIN_ERRORS)
def login(body: LoginRequest, request: Request, context: Context) -> LoginResponse:
    config = context.config
    now = context.now()
    client = _client(request)
    username = body.username.strip()
    throttle_key = username[:_THROTTLE_KEY_MAX]
    with context.db.write() as session:
        # Counted as a failure before the password is checked, so that parallel attempts cannot
        # all pass the throttle first; a proven password takes it out again below.
        reserve_login_attempt(
            session,
            username=throttle_key,
            client=client,
            now=now,
            max_failures=config.login_max_failures,
            max_failures_per_client=config.login_max_failures_per_client,
            window=config.login_failure_window,
        )
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        verify_unknown_user(body.password)
        ok = False
    else:
        # The password is checked for a disabled account too: refused at once, it would stand out
        # by its timing from a wrong password, and tell which usernames exist.
        ok = verify_password(user.password_hash, body.password) and user.active
    if not ok or user is None:
        raise AuthError("用户名或密码不正确。", code="auth")
    # Hashed before the transactions: argon2 takes tens of milliseconds, the database waits for none.
    rehashed = hash_password(body.password) if password_needs_rehash(user.password_hash) else None
    token = new_token()
    expires_at = now + config.token_ttl
    verifier = hash_password(body.password)  # a fresh salt: the stored hash never leaves the server
    with context.db.write() as session:
        # This username's failures from this address (this attempt's among them) were the typos
        # of whoever just proved the password, and leave the address's count too. Other usernames'
        # failures stay counted: one who sprays from an address and knows a password (their own)
        # must not wipe the count by signing in. Committed on its own: a sign-in then refused
        # (no such window, the window left still busy) proved the password all the same.
        clear_login_failures(
            session, username=throttle_key, client=client, now=now, window=config.login_failure_window
        )
        if rehashed is not None:
            # Only over the hash just checked: a password set meanwhile (set-password) stays.
            session.execute(
                update(User)
                .where(User.id == user.id, User.password_hash == user.password_hash)
                .values(password_hash=rehashed)
            )
    with context.db.write() as session:
        # The password was proven against the row read before the check; set-password or
        # disable-user may have committed since, and each ends only the sign-ins made before it.
        # Locked, the row cannot change again until this sign-in commits, so one of the two ends it.
        proven = [user.password_hash] + ([rehashed] if rehashed is not None else [])
        still_valid = session.execute(
            select(User.id)
            .where(User.id == user.id, User.active.is_(True), User.password_hash.in_(proven))
            .with_for_update()
        ).first()
        if still_valid is None:
            raise AuthError("用户名或密码不正确。", code="auth")
        hall = session.get(Hall, user.hall_id)
        assert hall is not None
        window_info = None
        if body.window_no is not None:
            window = session.execute(
                select(Window).where(Window.hall_id == hall.id, Window.no == body.window_no)
            ).scalar_one_or_none()
            if window is None:
                raise NotFoundError(
                    f"没有 {body.window_no} 号窗口。", code="not_found", window_no=body.window_no
                )
            events = sign_in_window(session, hall_id=hall.id, window_no=window.no, user=user, now=now)
            append_events(session, hall_id=hall.id, events=events, at=now, actor=f"user:{user.id}")
            window_info = WindowInfo(no=window.no, name=window.name, services=list(window.services))
        session.add(
            AuthToken(
                token_hash=token_digest(token),
                user_id=user.id,
                hall_id=hall.id,
                window_no=body.window_no,
                device_id=body.device_id,
                created_at=now,
                expires_at=expires_at,
            )
        )
        response = LoginResponse(
            token=token,
            expires_at=expires_at.astimezone(config.tz),
            user=UserOut(
                id=user.id,
                username=user.username,
                display_name=user.display_name,
                role=user.role,  # type: ignore[arg-type]  # the column only ever holds Role values
                hall_code=hall.code,
            ),
            window=window_info,
            offline_verifier=OfflineVerifier(
                algorithm="argon2id",
                hash=verifier,
                valid_until=(now + config.offline_verifier_ttl).astimezone(config.tz),
            ),
        )
    if window_info is not None:
        context.hub.notify()
    return response


@router.post("/auth/logout", response_model=LogoutResponse, responses=SIGNED_IN_ERRORS)
def logout(context: Context, actor: CurrentActor) -> LogoutResponse:
    """Revoke this token; a clerk signed in to a window leaves it (the window goes offline).

    A token revoked already (another process, the admin command) is signed out: it leaves the
    windows as whoever revoked it left them.
    """
    require_user(actor)
    now = context.now()
    wrote = False
    with context.db.write() as session:
        # Locked first, as ending a user's sign-ins does (tokens, then windows): a sign-out racing
        # another sign-out or a revocation waits for it, then finds the token revoked.
        auth = session.execute(
            select(AuthToken).where(AuthToken.id == actor.token_id).with_for_update()
        ).scalar_one_or_none()
        digest = auth.token_hash if auth is not None else None
        if auth is not None and auth.revoked_at is None:
            if actor.window_no is not None:
                event = sign_out_window(
                    session, hall_id=actor.hall_id, window_no=actor.window_no, user_id=actor.id, now=now
                )
                if event is not None:
                    append_events(session, hall_id=actor.hall_id, events=[event], at=now, actor=actor.key)
                    wrote = True
            auth.revoked_at = now
    # After the commit, so that no request in between can put the token back in the cache.
    if digest is not None:
        context.auth_cache.evict(cache_key(digest, device=False))
    if wrote:
        context.hub.notify()
    return LogoutResponse(signed_out=True)


@router.post("/devices", response_model=DeviceOut, responses=SIGNED_IN_ERRORS)
def register_device(body: DeviceRequest, context: Context, actor: CurrentActor) -> DeviceOut:
    """Register a counter PC, kiosk, display or monitor; the token is shown once."""
    require_user(actor, Role.ADMIN)
    now = context.now()
    with context.db.write() as session:
        # The actor may come from the auth cache: an admin signed out or disabled through another
        # process must not mint a device token, which outlives every sign-in.
        recheck_actor(session, actor=actor, now=now)
        device, token = create_device(
            session,
            hall_id=actor.hall_id,
            name=body.name,
            kind=body.kind,
            window_no=body.window_no,
            now=now,
        )
        return DeviceOut(
            id=device.id, name=device.name, kind=device.kind, window_no=device.window_no, token=token
        )


def create_device(
    session: Any, *, hall_id: int, name: str, kind: str, window_no: str | None, now: Any
) -> tuple[Device, str]:
    if window_no is not None:
        exists = session.execute(
            select(Window.id).where(Window.hall_id == hall_id, Window.no == window_no)
        ).first()
        if exists is None:
            raise NotFoundError(f"没有 {window_no} 号窗口。", code="not_found", window_no=window_no)
    token = new_token()
    device = Device(
        hall_id=hall_id,
        name=name,
        kind=kind,
        window_no=window_no,
        token_hash=token_digest(token),
        created_at=now,
    )
    session.add(device)
    session.flush()
    return device, token
