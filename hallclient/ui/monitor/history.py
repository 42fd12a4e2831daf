"""Today's events from the hall feed, for the monitor's figures (blocking: run on the net lane).

The feed has no "since midnight" query, so the first of today's events is found by bisecting
on seq (each probe is one immediate ``/events?since=…&timeout=0``): a year of history costs
~20 probes rather than a replay from seq 0. Then the day is paged through.
"""

from __future__ import annotations

from datetime import date

from hallclient.queue.client import ServerClient
from hallclient.queue.models import HallEvent

MAX_PAGES = 400  # 400 pages of 500 events: far beyond any hall's day; stops a runaway loop


def _starts_on_or_after(client: ServerClient, since: int, day: date) -> tuple[bool, int]:
    """Whether the first event after ``since`` is from ``day`` or later (or there is none)."""
    batch = client.events(since=since, timeout_s=0)
    if not batch.events:
        return True, since
    first = batch.events[0]
    return (first.at is None or first.at.date() >= day), first.seq


def find_day_start(client: ServerClient, *, day: date, last_seq: int) -> int:
    """A ``since`` value with every event of ``day`` after it (a few older ones may follow it too)."""
    on_day, _ = _starts_on_or_after(client, 0, day)
    if on_day:
        return 0
    # Invariants: every event up to `low` is older than `day`; every event after `high` is not.
    low, high = 0, last_seq
    while high - low > 1:
        middle = (low + high) // 2
        on_day, first_seq = _starts_on_or_after(client, middle, day)
        if on_day:
            high = middle
        else:
            low = max(middle, first_seq)
    return min(low, high)


def day_events(
    client: ServerClient, *, day: date, last_seq: int, since: int | None = None
) -> list[HallEvent]:
    """Events of ``day`` with seq ≤ ``last_seq`` (after ``since`` when given; else from the day's start)."""
    cursor = find_day_start(client, day=day, last_seq=last_seq) if since is None else since
    events: list[HallEvent] = []
    for _ in range(MAX_PAGES):
        if cursor >= last_seq:
            break
        batch = client.events(since=cursor, timeout_s=0)
        if not batch.events:
            break
        events.extend(
            e for e in batch.events if e.seq <= last_seq and e.at is not None and e.at.date() == day
        )
        cursor = batch.events[-1].seq
    return events
