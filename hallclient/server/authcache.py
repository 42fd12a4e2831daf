"""A short-lived, per-process cache of verified tokens, so a request need not open a database
transaction just to learn who is asking.

Correctness across processes: an entry lives ``ttl_s`` seconds at most and never past the token's
own expiry; a logout in this process evicts at once; and every write re-checks the sign-in in its
own transaction (``security.recheck_actor``). So a token revoked by another process can still read
for at most ``ttl_s`` seconds, and can never write again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from hallclient.server.security import Actor


@dataclass(frozen=True)
class _Entry:
    actor: Actor
    expires_at: datetime | None  # the token's own expiry (devices: none)
    fresh_until: float  # time.monotonic()


class AuthCache:
    def __init__(self, *, ttl_s: float, max_entries: int = 20_000) -> None:
        self._ttl_s = ttl_s
        self._max_entries = max_entries
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str, *, now: datetime) -> Actor | None:
        if self._ttl_s <= 0:
            return None
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            if entry.fresh_until <= time.monotonic() or (
                entry.expires_at is not None and entry.expires_at <= now
            ):
                del self._entries[digest]
                return None
            return entry.actor

    def put(self, digest: str, actor: Actor, *, expires_at: datetime | None) -> None:
        if self._ttl_s <= 0:
            return
        entry = _Entry(actor, expires_at, time.monotonic() + self._ttl_s)
        with self._lock:
            self._entries[digest] = entry
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def evict(self, digest: str) -> None:
        with self._lock:
            self._entries.pop(digest, None)
