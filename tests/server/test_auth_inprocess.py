"""Sign-in details that a real server cannot show deterministically: how much password checking a
refused login does, and a sign-out racing a look-up that is putting the same token in the auth
cache. Real SQLite database, route and dependency functions called in this process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, update

from hallclient.domain.errors import AuthError
from hallclient.server import accounts, deps, security
from hallclient.server.authcache import AuthCache
from hallclient.server.config import ServerConfig
from hallclient.server.context import ServerContext
from hallclient.server.db import Database, migrate
from hallclient.server.events import EventHub
from hallclient.server.models import AuthToken, User, Window
from hallclient.server.routes import auth
from hallclient.server.schemas import LoginRequest
from tests.server.conftest import HallFixture, create_hall
from tests.serverproc import DEMO_PASSWORD, sqlite_url


@pytest.fixture
def local(tmp_path: Path, password_hash: str) -> Iterator[tuple[ServerContext, HallFixture]]:
    url = sqlite_url(tmp_path / "server.sqlite3")
    migrate(url)
    hall = create_hall(url, "http://unused", password_hash)
    config = ServerConfig(database_url=url)
    db = Database(config)
    hub = EventHub(db, poll_interval_s=1, buffer_size=10, page_size=10)
    context = ServerContext(config=config, db=db, hub=hub, auth_cache=AuthCache(ttl_s=5.0))
    try:
        yield context, hall
    finally:
        db.dispose()


class CountingHasher:
    """The argon2 hasher, counting its verifications."""

    def __init__(self, hasher: Any) -> None:
        self._hasher = hasher
        self.verified = 0

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return bool(self._hasher.verify(password_hash, password))

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))


def _login(context: ServerContext, username: str, password: str) -> None:
    request: Any = SimpleNamespace(client=SimpleNamespace(host="192.0.2.7"))
    auth.login(LoginRequest(username=username, password=password), request, context)


def test_disabled_account_is_refused_after_the_same_password_check(
    local: tuple[ServerContext, HallFixture], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong username and a wrong password each cost one argon2 verification; a disabled account
    must cost the same, or the quick refusal tells which usernames exist."""
    context, hall = local
    with context.db.write() as session:
        session.execute(update(User).where(User.username == hall.user("clerk02")).values(active=False))
    hasher = CountingHasher(security._hasher)
    monkeypatch.setattr(security, "_hasher", hasher)
    for username, password in [
        ("nobody-" + hall.code, DEMO_PASSWORD),
        (hall.user("clerk01"), "wrong-password"),
        (hall.user("clerk02"), DEMO_PASSWORD),
        (hall.user("clerk02"), "wrong-password"),
    ]:
        with pytest.raises(AuthError) as refused:
            _login(context, username, password)
        assert refused.value.code == "auth" and refused.value.message == "用户名或密码不正确。"
        assert hasher.verified == 1, username
        hasher.verified = 0


def test_sign_out_during_a_look_up_keeps_the_token_out_of_the_cache(
    local: tuple[ServerContext, HallFixture], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request that read the token as valid just before a sign-out committed must not put it back
    in the cache after the sign-out evicted it: "a sign-out is effective at once" in its process."""
    context, hall = local
    token = "inprocess-user-token"
    digest = security.token_digest(token)
    now = datetime.now(UTC)
    with context.db.write() as session:
        clerk = session.scalars(select(User).where(User.username == hall.user("clerk01"))).one()
        session.add(
            AuthToken(
                token_hash=digest,
                user_id=clerk.id,
                hall_id=clerk.hall_id,
                created_at=now,
                expires_at=now + timedelta(hours=8),
            )
        )
    key = deps.cache_key(digest, device=False)
    read_token = deps.actor_for_token_digest

    def read_then_sign_out(session: Any, *, digest: str, now: datetime) -> Any:
        found = read_token(session, digest=digest, now=now)
        # Meanwhile the sign-out commits (another connection) and evicts the token.
        with context.db.write() as other:
            other.execute(update(AuthToken).where(AuthToken.token_hash == digest).values(revoked_at=now))
        context.auth_cache.evict(key)
        return found

    monkeypatch.setattr(deps, "actor_for_token_digest", read_then_sign_out)
    actor = deps._lookup(context, digest=digest, device=False)
    assert actor.username == hall.user("clerk01")  # the request itself was let in before the sign-out
    assert deps.cached_actor(context, digest, device=False) is None

    # The background re-check racing a sign-out the same way.
    monkeypatch.setattr(deps, "actor_for_token_digest", read_token)
    with context.db.write() as session:
        session.execute(update(AuthToken).where(AuthToken.token_hash == digest).values(revoked_at=None))
    deps._lookup(context, digest=digest, device=False)
    cache = context.auth_cache
    monkeypatch.setattr(cache, "due_for_recheck", lambda **_kw: [key])
    make_actor = deps.user_actor

    def sign_out_then_make_actor(token_row: AuthToken, user: User) -> security.Actor:
        # The re-check has read the token as valid; the sign-out commits and evicts before it is put.
        with context.db.write() as other:
            other.execute(update(AuthToken).where(AuthToken.token_hash == digest).values(revoked_at=now))
        cache.evict(key)
        return make_actor(token_row, user)

    monkeypatch.setattr(deps, "user_actor", sign_out_then_make_actor)
    assert deps.recheck_sign_ins(context) == 1
    assert deps.cached_actor(context, digest, device=False) is None


def _when_the_password_is_proven(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    """Run ``action`` (an administrator's command, committed on its own) just after a sign-in
    proved the password, before it writes its token: at the verifier's hash that follows."""
    real = auth.hash_password
    pending = [action]

    def hash_after_action(password: str) -> str:
        while pending:
            pending.pop()()
        return str(real(password))

    monkeypatch.setattr(auth, "hash_password", hash_after_action)


def _window_holder(context: ServerContext, hall: HallFixture, window_no: str) -> str | None:
    with context.db.read() as session:
        return session.execute(
            select(User.username)
            .join(Window, Window.clerk_user_id == User.id)
            .where(
                Window.hall_id == User.hall_id,
                Window.no == window_no,
                User.username.startswith(hall.code.lower()),
            )
        ).scalar_one_or_none()


def test_a_password_changed_while_a_sign_in_checks_the_old_one_refuses_that_sign_in(
    local: tuple[ServerContext, HallFixture], monkeypatch: pytest.MonkeyPatch
) -> None:
    """set-password ends every sign-in made with the old password, including one whose check
    passed a moment before the change and whose token was not written yet."""
    context, hall = local
    username = hall.user("clerk01")

    def set_password() -> None:
        with context.db.write() as session:
            accounts.set_password(
                session, hall_code=hall.code, username=username, password="Brand-new-pw-1", now=context.now()
            )

    _when_the_password_is_proven(monkeypatch, set_password)
    request: Any = SimpleNamespace(client=SimpleNamespace(host="192.0.2.7"))
    with pytest.raises(AuthError) as refused:
        auth.login(LoginRequest(username=username, password=DEMO_PASSWORD, window_no="01"), request, context)
    assert refused.value.code == "auth"
    with context.db.read() as session:
        user_id = session.execute(select(User.id).where(User.username == username)).scalar_one()
        assert session.execute(select(AuthToken.id).where(AuthToken.user_id == user_id)).first() is None
    assert _window_holder(context, hall, "01") is None
    _login(context, username, "Brand-new-pw-1")  # the new password signs in


def test_an_account_disabled_while_its_sign_in_is_checked_does_not_take_the_window(
    local: tuple[ServerContext, HallFixture], monkeypatch: pytest.MonkeyPatch
) -> None:
    context, hall = local
    request: Any = SimpleNamespace(client=SimpleNamespace(host="192.0.2.7"))
    manager = hall.user("manager")
    auth.login(LoginRequest(username=manager, password=DEMO_PASSWORD, window_no="01"), request, context)
    username = hall.user("clerk01")

    def disable() -> None:
        with context.db.write() as session:
            accounts.set_active(
                session, hall_code=hall.code, username=username, active=False, now=context.now()
            )

    _when_the_password_is_proven(monkeypatch, disable)
    with pytest.raises(AuthError):
        auth.login(LoginRequest(username=username, password=DEMO_PASSWORD, window_no="01"), request, context)
    assert _window_holder(context, hall, "01") == manager
