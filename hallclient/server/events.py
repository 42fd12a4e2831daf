"""Hall events: writing them with a gap-free sequence, and following them by long-poll.

Sequence: ``append_events`` bumps the hall's counter row (``UPDATE … RETURNING``) as the last
write of a transaction. The row lock is held until commit, so seq N+1 can only commit after N is
committed and visible: a follower that has seen N+1 can never later find an N it skipped, even
with several server processes on one PostgreSQL.

Following: one ``EventHub`` per process keeps the recent events of each followed hall in memory.
Writers in this process wake it at once after commit; events committed by other processes are
found by a poll every ``event_poll_interval_s``. A waiting request is a future of its hall's feed:
a thousand idle followers cost a thousand small objects, not threads, and one database query per
poll serves all of them.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from hallclient.server.db import Database, StatementRefusedError, execute_and_commit
from hallclient.server.models import HallEvent, HallEventCounter
from hallclient.server.pending_writes import take_plain_updates, updates_as_ctes

log = logging.getLogger("hallclient.server.events")

# The actor of the hall events that the server's own admin commands (apply-hall, set-password…)
# append: no user or device signed in to make them.
ADMIN_ACTOR = "admin-cli"


@dataclass(frozen=True)
class NewEvent:
    type: str
    data: dict[str, Any]
    window_no: str | None = None


@dataclass(frozen=True)
class EventRecord:
    seq: int
    type: str
    at: datetime
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at.isoformat(), "data": self.data}


def append_events(
    session: Session, *, hall_id: int, events: Sequence[NewEvent], at: datetime, actor: str | None
) -> int:
    """Write ``events`` with the next seqs of the hall; returns the last seq. Call it last."""
    if not events:
        return current_seq(session, hall_id=hall_id)
    last = session.execute(
        update(HallEventCounter)
        .where(HallEventCounter.hall_id == hall_id)
        .values(last_seq=HallEventCounter.last_seq + len(events))
        .returning(HallEventCounter.last_seq)
    ).scalar_one()
    first = last - len(events) + 1
    session.add_all(
        HallEvent(
            hall_id=hall_id,
            seq=first + i,
            type=e.type,
            at=at,
            window_no=e.window_no,
            actor=actor,
            data=e.data,
        )
        for i, e in enumerate(events)
    )
    session.flush()
    return last


# ``{updates}``: the transaction's pending row updates (pending_writes.py), run in the same statement;
# ``{check}``/``{check_joins}``: the condition the commit depends on (``RowCheck``).
_APPEND_WITH_ANSWER_PG = """
    WITH {updates}
    bumped AS (
        UPDATE hall_event_counters SET last_seq = last_seq + :n
        WHERE hall_id = :hall_id
        RETURNING last_seq
    ), inserted AS (
        INSERT INTO hall_events (hall_id, seq, type, at, window_no, actor, data)
        SELECT :hall_id, bumped.last_seq - :n + e.i, e.type, :at, e.window_no, :actor, e.data
        FROM bumped,
             json_to_recordset(CAST(:events AS json)) AS e(i int, type text, window_no text, data json)
    ), remembered AS (
        INSERT INTO idempotency_records (hall_id, actor, request_id, scope, response, created_at)
        SELECT :hall_id, :actor, :request_id, :scope,
               CASE WHEN CAST(:seq_field AS text) IS NULL THEN CAST(:response AS json)
                    ELSE CAST(jsonb_set(CAST(:response AS jsonb), ARRAY[CAST(:seq_field AS text)],
                                        to_jsonb(bumped.last_seq)) AS json)
               END,
               :at
        FROM bumped
    )
    SELECT bumped.last_seq{check} FROM bumped{check_joins}
    """


@dataclass(frozen=True)
class RowCheck:
    """A condition the write depends on, read in its last statement: unless ``condition`` holds,
    the statement fails and the transaction is rolled back (``hallclient_require()``), and
    ``refused()`` is raised. ``condition`` may use ``joins`` (joins onto ``bumped``); both are fixed
    SQL, values go in ``params``."""

    condition: str
    joins: str
    params: dict[str, Any]
    refused: Callable[[], Exception]


@functools.lru_cache(maxsize=64)
def _append_sql(updates: str, condition: str, joins: str, dialect: Any) -> str:
    check = f", hallclient_require({condition}, 'refused') AS checked" if condition else ""
    statement = text(_APPEND_WITH_ANSWER_PG.format(updates=updates, check=check, check_joins=joins))
    return str(statement.compile(dialect=dialect))


@dataclass(frozen=True)
class StoredAnswer:
    """An idempotency record to write together with the events (see ``append_events_with_answer``)."""

    request_id: str
    scope: str
    response: dict[str, Any]
    seq_field: str | None  # the response's field that should name the last event seq


def append_events_with_answer(
    session: Session,
    *,
    hall_id: int,
    events: Sequence[NewEvent],
    at: datetime,
    actor: str,
    answer: StoredAnswer,
    check: RowCheck | None = None,
) -> int:
    """``append_events`` and the idempotency record of the request, as the transaction's last write.

    On PostgreSQL this is one statement, sent together with the COMMIT (``execute_and_commit``):
    the hall's counter row is locked while the database runs the two, not for the rest of the
    request nor while this process gets its turn to read the answer. The transaction is therefore
    committed when this returns. (SQLite serialises whole write transactions anyway; there the
    caller commits.) ``answer.response[seq_field]`` is set to the last seq. ``check`` is evaluated
    in that same statement; on SQLite the caller checks before.
    """
    from hallclient.server.models import IdempotencyRecord

    assert events, "nothing to append"
    if session.get_bind().dialect.name != "postgresql":
        last = append_events(session, hall_id=hall_id, events=events, at=at, actor=actor)
        if answer.seq_field is not None:
            answer.response[answer.seq_field] = last
        session.add(
            IdempotencyRecord(
                hall_id=hall_id,
                actor=actor,
                request_id=answer.request_id,
                scope=answer.scope,
                response=answer.response,
                created_at=at,
            )
        )
        session.flush()
        return last
    # The rows this transaction changed are locked already; their updates go in this statement.
    updates = take_plain_updates(session)
    ctes, binds = updates_as_ctes(updates, session.get_bind().dialect.identifier_preparer.quote)
    if check is not None:
        binds.update(check.params)
    sql = _append_sql(
        ctes, check.condition if check else "", check.joins if check else "", session.get_bind().dialect
    )
    rows = [
        {"i": i, "type": e.type, "window_no": e.window_no, "data": e.data} for i, e in enumerate(events, 1)
    ]
    params = {
        **binds,
        "n": len(events),
        "hall_id": hall_id,
        "at": at,
        "actor": actor,
        "events": json.dumps(rows, ensure_ascii=False),
        "request_id": answer.request_id,
        "scope": answer.scope,
        "response": json.dumps(answer.response, ensure_ascii=False),
        "seq_field": answer.seq_field,
    }
    try:
        row = execute_and_commit(session, sql, params)
    except StatementRefusedError:
        assert check is not None
        raise check.refused() from None
    last = int(row[0])
    if answer.seq_field is not None:
        answer.response[answer.seq_field] = last
    return last


def current_seq(session: Session, *, hall_id: int) -> int:
    value = session.execute(
        select(HallEventCounter.last_seq).where(HallEventCounter.hall_id == hall_id)
    ).scalar_one_or_none()
    return int(value or 0)


def read_events(session: Session, *, hall_id: int, after: int, limit: int) -> list[EventRecord]:
    rows = session.execute(
        select(HallEvent.seq, HallEvent.type, HallEvent.at, HallEvent.data)
        .where(HallEvent.hall_id == hall_id, HallEvent.seq > after)
        .order_by(HallEvent.seq)
        .limit(limit)
    ).all()
    return [EventRecord(seq=r.seq, type=r.type, at=r.at, data=r.data) for r in rows]


@dataclass
class _HallFeed:
    base_seq: int  # events after this one are in ``buffer`` (until trimmed)
    last_seq: int
    buffer: collections.deque[EventRecord] = field(default_factory=collections.deque)
    # One future per waiting request, resolved when the feed grows. Cheaper than an
    # asyncio.Condition under ``asyncio.wait_for``: that made a task, a lock round and a predicate
    # call per waiter, and a wave of a few hundred long-polls ending together was a measurable
    # share of the server's time.
    waiters: set[asyncio.Future[None]] = field(default_factory=set)

    def after(self, since: int, limit: int) -> list[EventRecord]:
        start = since - self.base_seq
        return [self.buffer[i] for i in range(max(start, 0), min(start + limit, len(self.buffer)))]

    def wake_all(self) -> None:
        waiters, self.waiters = self.waiters, set()
        for waiter in waiters:
            _resolve(waiter)


class EventHub:
    def __init__(self, db: Database, *, poll_interval_s: float, buffer_size: int, page_size: int) -> None:
        self._db = db
        self._poll_interval_s = poll_interval_s
        self._buffer_size = buffer_size
        self._page_size = page_size
        self._feeds: dict[int, _HallFeed] = {}
        self._dirty: set[int] = set()  # halls this process wrote events for since the last refresh
        self._all_dirty = False
        self._feed_lock: asyncio.Lock | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        # Its own thread, so the poll is never queued behind busy request handlers.
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="event-hub")

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._feed_lock = asyncio.Lock()
        self._task = asyncio.create_task(self._run(), name="event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=False, cancel_futures=True)

    def notify(self, hall_id: int | None = None) -> None:
        """Called by writers (any thread) after a commit that wrote events of ``hall_id`` (None: any)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._mark_dirty, hall_id)

    def _mark_dirty(self, hall_id: int | None) -> None:
        if hall_id is None:
            self._all_dirty = True
        else:
            self._dirty.add(hall_id)
        if self._wake is not None:
            self._wake.set()

    async def _in_db(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, *args)

    def _read(self, hall_id: int, after: int, limit: int) -> list[EventRecord]:
        with self._db.read() as session:
            return read_events(session, hall_id=hall_id, after=after, limit=limit)

    def _seq(self, hall_id: int) -> int:
        with self._db.read() as session:
            return current_seq(session, hall_id=hall_id)

    async def _feed(self, hall_id: int) -> _HallFeed:
        feed = self._feeds.get(hall_id)
        if feed is not None:
            return feed
        assert self._feed_lock is not None, "EventHub.start() was not called"
        async with self._feed_lock:
            feed = self._feeds.get(hall_id)
            if feed is None:
                seq = await self._in_db(self._seq, hall_id)
                feed = _HallFeed(base_seq=seq, last_seq=seq)
                self._feeds[hall_id] = feed
            return feed

    async def _run(self) -> None:
        assert self._wake is not None
        loop = asyncio.get_running_loop()
        next_poll = loop.time() + self._poll_interval_s
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, next_poll - loop.time()))
            self._wake.clear()
            # Every followed hall at the poll interval (other processes' events), and at once the
            # halls this process has just written to.
            polled = self._all_dirty or loop.time() >= next_poll
            if polled:
                next_poll = loop.time() + self._poll_interval_s
            dirty, self._dirty, self._all_dirty = self._dirty, set(), False
            for hall_id, feed in list(self._feeds.items()):
                if not polled and hall_id not in dirty:
                    continue
                try:
                    await self._refresh(hall_id, feed)
                except Exception:  # a database hiccup must not end the feed for everyone
                    log.exception("event poll failed for hall %s", hall_id)

    async def _refresh(self, hall_id: int, feed: _HallFeed) -> None:
        grew = False
        while True:
            rows: list[EventRecord] = await self._in_db(self._read, hall_id, feed.last_seq, self._page_size)
            for row in rows:
                if row.seq != feed.last_seq + 1:
                    # Only possible if events were removed by hand; start the buffer afresh.
                    feed.buffer.clear()
                    feed.base_seq = row.seq - 1
                feed.buffer.append(row)
                feed.last_seq = row.seq
                grew = True
            while len(feed.buffer) > self._buffer_size:
                feed.buffer.popleft()
                feed.base_seq += 1
            if len(rows) < self._page_size:
                break
        if grew:
            feed.wake_all()

    async def wait_events(self, *, hall_id: int, since: int, timeout: float) -> list[EventRecord]:
        """Events after ``since`` (at most one page); waits up to ``timeout`` s when there are none."""
        feed = await self._feed(hall_id)
        if since < feed.base_seq:
            rows: list[EventRecord] = await self._in_db(self._read, hall_id, since, self._page_size)
            return rows
        return await self.wait_in_feed(feed, since, timeout)

    async def seq_restored_below(self, hall_id: int, since: int) -> int | None:
        """The hall's last committed seq when ``since`` lies beyond it, else None. A client can only
        have seen committed events, so this means the database was restored from a backup after it
        read ``since``: answered as ``last_seq``, it tells the client to start over (a quick restart
        between two polls gives it no failure to notice). Costs nothing for a client this process's
        feed has caught up with, the usual empty poll."""
        feed = self._feeds.get(hall_id)
        if since == 0 or (feed is not None and feed.last_seq >= since):
            return None
        committed: int = await self._in_db(self._seq, hall_id)
        return committed if committed < since else None

    def ready_feed(self, hall_id: int, since: int) -> _HallFeed | None:
        """The hall's feed when events after ``since`` can be waited for without the database
        (the feed is followed already and ``since`` is within its buffer), else None."""
        feed = self._feeds.get(hall_id)
        return feed if feed is not None and since >= feed.base_seq else None

    async def wait_in_feed(self, feed: _HallFeed, since: int, timeout: float) -> list[EventRecord]:
        """``wait_events`` for a feed from ``ready_feed`` (or its own)."""
        if feed.last_seq <= since and timeout > 0:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            # ``since`` may be ahead of this process's feed (the client last asked a process that
            # had polled more recently): keep waiting until the feed passes it or time is up.
            while feed.last_seq <= since:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                waiter: asyncio.Future[None] = loop.create_future()
                feed.waiters.add(waiter)
                expiry = loop.call_later(remaining, _resolve, waiter)
                try:
                    await waiter
                finally:
                    expiry.cancel()
                    feed.waiters.discard(waiter)
        return feed.after(since, self._page_size)

    @property
    def followed_halls(self) -> int:
        return len(self._feeds)


class FirstPolls:
    """Which connections have long-polled before, by the client's address and port (at most
    ``size``, the least recently seen forgotten first). Used on the event loop only."""

    def __init__(self, size: int = 50_000) -> None:
        self._size = size
        self._seen: collections.OrderedDict[tuple[str, int], None] = collections.OrderedDict()

    def first(self, client: Sequence[Any] | None) -> bool:
        """True the first time ``client`` ((address, port), as ASGI gives it) is seen."""
        if client is None:
            return False
        key = (client[0], client[1])
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def max_seq_all(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.max(HallEventCounter.last_seq), 0))).scalar_one())
