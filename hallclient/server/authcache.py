"""A short-lived, per-process cache of verified tokens, so a request need not open a database
transaction just to learn who is asking.

Correctness across processes: an entry is fresh for ``ttl_s`` seconds from its last check against
the database, never past the token's own expiry; a logout in this process evicts at once; and
every write re-checks the sign-in in its own transaction (``security.recheck_actor``). So a token
revoked by another process can still read for at most ``ttl_s`` seconds, and can never write again.

A look-up that read a token as valid just before a sign-out committed must not put it back after
the sign-out evicted it: the look-up takes ``mark()`` before it reads, and ``put`` refuses an entry
evicted since that mark.

Tokens in use are checked again before they go stale (``due_for_recheck``; ``deps.recheck_sign_ins``
does it for all of them in one query a second). A display, monitor or counter renews its
long-poll only every 19–25 s, farther apart than ``ttl_s``: without the re-check each renewal would
find its token stale and take the slow way — FastAPI, a request thread, a database look-up.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from hallclient.server.security import Actor


class _Entry:
    __slots__ = ("actor", "expires_at", "fresh_until", "last_used")

    def __init__(
        self, actor: Actor, expires_at: datetime | None, fresh_until: float, last_used: float
    ) -> None:
        self.actor = actor
        self.expires_at = expires_at  # the token's own expiry (devices: none)
        self.fresh_until = fresh_until  # monotonic
        self.last_used = last_used  # monotonic: when a request last asked for it


class AuthCache:
    def __init__(
        self, *, ttl_s: float, max_entries: int = 20_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl_s = ttl_s
        self._max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        # Evictions are numbered; the latest number of each recently evicted key is kept (as many
        # keys as entries). A mark older than the last number forgotten refuses every put.
        self._evictions = 0
        self._evicted: OrderedDict[str, int] = OrderedDict()
        self._forgotten = 0

    @property
    def ttl_s(self) -> float:
        return self._ttl_s

    def get(self, key: str, *, now: datetime) -> Actor | None:
        if self._ttl_s <= 0:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            moment = self._clock()
            if entry.fresh_until <= moment or (entry.expires_at is not None and entry.expires_at <= now):
                del self._entries[key]
                return None
            entry.last_used = moment
            return entry.actor

    def mark(self) -> int:
        """Taken before reading a sign-in from the database, and handed to ``put``."""
        with self._lock:
            return self._evictions

    def put(self, key: str, actor: Actor, *, expires_at: datetime | None, mark: int) -> None:
        """``actor`` as checked against the database by a read that began at ``mark``: fresh for
        ``ttl_s`` from now, unless ``key`` was evicted since ``mark``."""
        if self._ttl_s <= 0:
            return
        moment = self._clock()
        with self._lock:
            if self._evicted.get(key, 0) > mark or self._forgotten > mark:
                return
            previous = self._entries.get(key)
            last_used = previous.last_used if previous is not None else moment
            self._entries[key] = _Entry(actor, expires_at, moment + self._ttl_s, last_used)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def evict(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._evictions += 1
            self._evicted[key] = self._evictions
            self._evicted.move_to_end(key)
            while len(self._evicted) > self._max_entries:
                _, self._forgotten = self._evicted.popitem(last=False)

    def due_for_recheck(self, *, within_s: float, used_within_s: float) -> list[str]:
        """Keys still fresh but not for more than ``within_s``, asked for in the last
        ``used_within_s`` seconds: the ones worth checking again before a request finds them stale.
        Entries nobody has asked for lately are left to go stale."""
        moment = self._clock()
        with self._lock:
            return [
                key
                for key, entry in self._entries.items()
                if moment < entry.fresh_until <= moment + within_s
                and entry.last_used >= moment - used_within_s
            ]
