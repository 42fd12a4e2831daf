"""Cached sign-ins in use are checked again before they go stale, in one query a second.

A display renews its long-poll every 19–25 s, farther apart than the auth cache's 5 s: without the
re-check every renewal would find its token stale and take FastAPI's slow way to the database.
The re-check must keep the 5 s bound for revocations: a token revoked or a device withdrawn in the
database leaves the cache at the next round. Real SQLite database, the cache on a fake clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from hallclient.server.authcache import AuthCache
from hallclient.server.config import ServerConfig
from hallclient.server.context import ServerContext
from hallclient.server.db import Database, migrate
from hallclient.server.deps import _lookup, cache_key, recheck_sign_ins
from hallclient.server.events import EventHub
from hallclient.server.models import AuthToken, Device, User
from hallclient.server.security import token_digest
from tests.server.conftest import create_hall
from tests.serverproc import sqlite_url


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sign_ins_in_use_stay_fresh_and_revoked_ones_leave(tmp_path: Path, password_hash: str) -> None:
    url = sqlite_url(tmp_path / "server.sqlite3")
    migrate(url)
    hall = create_hall(url, "http://unused", password_hash)
    config = ServerConfig(database_url=url)
    db = Database(config)
    clock = Clock()
    cache = AuthCache(ttl_s=5.0, clock=clock)
    hub = EventHub(db, poll_interval_s=1, buffer_size=10, page_size=10)
    context = ServerContext(config=config, db=db, hub=hub, auth_cache=cache)
    try:
        user_token = "recheck-user-token"
        now = datetime.now(UTC)
        with db.write() as session:
            clerk = session.scalars(select(User).where(User.username == hall.user("clerk01"))).one()
            session.add(
                AuthToken(
                    token_hash=token_digest(user_token),
                    user_id=clerk.id,
                    hall_id=clerk.hall_id,
                    window_no="01",
                    created_at=now,
                    expires_at=now + timedelta(hours=8),
                )
            )
        display, kiosk, user = (
            token_digest(hall.display_token),
            token_digest(hall.kiosk_token),
            token_digest(user_token),
        )
        clock.now = 900.0
        _lookup(context, digest=kiosk, device=True)  # checked long ago, stale by now
        clock.now = 1000.0
        _lookup(context, digest=display, device=True)
        _lookup(context, digest=user, device=False)

        clock.now = 1002.0  # a long-poll of each: in use
        assert cache.get(cache_key(display, device=True), now=now) is not None
        assert cache.get(cache_key(user, device=False), now=now) is not None
        clock.now = 1003.5  # 1.5 s of freshness left: due
        assert recheck_sign_ins(context) == 2

        clock.now = 1007.0  # past the first check's 5 s: the next renewals still hit the cache
        renewed = cache.get(cache_key(display, device=True), now=now)
        assert renewed is not None and renewed.name == "叫号大屏"
        signed_in = cache.get(cache_key(user, device=False), now=now)
        assert signed_in is not None and signed_in.window_no == "01"
        assert cache.get(cache_key(kiosk, device=True), now=now) is None  # nobody used it: left to go stale

        # Signed out through another process, the display withdrawn: both leave at the next round.
        with db.write() as session:
            session.execute(update(AuthToken).where(AuthToken.token_hash == user).values(revoked_at=now))
            session.execute(update(Device).where(Device.token_hash == display).values(revoked_at=now))
        clock.now = 1007.5  # fresh until 1008.5 since the re-check, last used at 1007: due again
        assert recheck_sign_ins(context) == 2
        assert cache.get(cache_key(display, device=True), now=now) is None
        assert cache.get(cache_key(user, device=False), now=now) is None

        # Nothing in use: nothing to check, no query.
        clock.now = 2000.0
        assert recheck_sign_ins(context) == 0
    finally:
        db.dispose()
