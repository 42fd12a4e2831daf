"""The monitor's numbers, as plain values: today's figures from the event feed, rows and alerts.

Qt-free. ``DayFigures`` counts each event once by its seq, whatever order the replay of the
day's history and the live feed deliver them in, so a reconnect can simply replay what it
missed. Levels: ``ok`` < ``warn`` (yellow) < ``alert`` (red), against ``Thresholds``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hallclient.domain.queue import WindowState
from hallclient.queue.models import HallEvent, HallSnapshot


class Level(enum.IntEnum):
    OK = 0
    WARN = 1
    ALERT = 2


@dataclass(frozen=True)
class Thresholds:
    wait_warn_s: int = 20 * 60
    wait_alert_s: int = 40 * 60
    waiting_warn: int = 15  # people waiting for one service
    waiting_alert: int = 30
    serving_warn_s: int = 30 * 60
    paused_warn_s: int = 15 * 60
    paused_alert_s: int = 30 * 60


def level_for(value: float, warn: float, alert: float) -> Level:
    if value >= alert:
        return Level.ALERT
    if value >= warn:
        return Level.WARN
    return Level.OK


@dataclass(frozen=True)
class BadRating:
    seq: int
    at: datetime | None
    window_no: str
    level: int | None
    reasons: tuple[str, ...]
    ticket_number: str
    case_no: str
    item_code: str = ""


@dataclass
class DayFigures:
    day: date | None = None
    seen: set[int] = field(default_factory=set)
    issued: int = 0
    green_channel: int = 0
    finished: int = 0
    no_show: int = 0
    ratings: int = 0
    bad: list[BadRating] = field(default_factory=list)
    issued_at: dict[Any, datetime] = field(default_factory=dict)
    called_at: dict[Any, datetime] = field(default_factory=dict)
    numbers: dict[Any, str] = field(default_factory=dict)
    window_since: dict[str, datetime] = field(default_factory=dict)

    @property
    def max_seq(self) -> int:
        return max(self.seen, default=0)

    @property
    def called(self) -> int:
        return len(self.called_at)

    def start_day(self, day: date, *, again: bool = False) -> bool:
        """A new (server) day starts from zero; True if it did. ``again``: this day too (the
        server's events were replaced by a backup's, so what was counted may no longer be so)."""
        if self.day == day and not again:
            return False
        fresh = DayFigures(day=day)
        self.__dict__.update(fresh.__dict__)
        return True

    def apply(self, event: HallEvent) -> bool:
        """Count one event (once); False if it was seen already or is not from this day."""
        if event.seq in self.seen or event.at is None or event.at.date() != self.day:
            return False
        self.seen.add(event.seq)
        data = event.data
        ticket = data.get("ticket") or {}
        ticket_id = ticket.get("id")
        if ticket_id is not None and ticket.get("number"):
            self.numbers[ticket_id] = str(ticket["number"])
        window_no = data.get("window_no")
        if window_no and event.type.startswith(("ticket_", "window_", "clerk_")):
            self.window_since[str(window_no)] = event.at
        if event.type == "ticket_issued":
            self.issued += 1
            self.green_channel += bool(ticket.get("green_channel"))
            if ticket_id is not None:
                self.issued_at[ticket_id] = event.at
        elif event.type == "ticket_called" and ticket_id is not None:
            self.called_at.setdefault(ticket_id, event.at)
        elif event.type in ("ticket_finished", "ticket_no_show") and self._of_this_day(ticket):
            if event.type == "ticket_finished":
                self.finished += 1
            else:
                self.no_show += 1
        elif event.type == "rating_recorded" and data.get("level") is not None:
            self.ratings += 1
            if data.get("bad"):
                self.bad.append(
                    BadRating(
                        seq=event.seq,
                        at=event.at,
                        window_no=str(data.get("window_no") or ""),
                        level=data.get("level"),
                        reasons=tuple(str(r) for r in data.get("reasons") or ()),
                        ticket_number=self.numbers.get(data.get("ticket_id"), ""),
                        case_no=str(data.get("case_no") or ""),
                        item_code=str(data.get("item_code") or ""),
                    )
                )
                self.bad.sort(key=lambda b: b.seq, reverse=True)
        return True

    def _of_this_day(self, ticket: dict[str, object]) -> bool:
        # A paper ticket served offline on an earlier day is reconciled (finished) when its
        # counter syncs today; it counts for its own day. Servers before the "day" field: today.
        day = ticket.get("day")
        return day is None or self.day is None or day == self.day.isoformat()

    def average_wait_s(self) -> float | None:
        """From issue to first call, over today's tickets that were both issued and called."""
        waits = [
            (called - self.issued_at[tid]).total_seconds()
            for tid, called in self.called_at.items()
            if tid in self.issued_at
        ]
        return sum(waits) / len(waits) if waits else None


@dataclass(frozen=True)
class ServiceRow:
    code: str
    prefix: str
    name: str
    waiting: int
    oldest_wait_s: int
    level: Level


@dataclass(frozen=True)
class WindowRow:
    no: str
    name: str
    state: str
    clerk: str
    ticket_number: str
    busy_s: int | None  # since the current ticket was called, or since the pause began
    pause_reason: str
    level: Level


def service_rows(snapshot: HallSnapshot, *, elapsed_s: float, limits: Thresholds) -> list[ServiceRow]:
    """``elapsed_s``: time since the snapshot was taken (waits keep growing between re-reads)."""
    rows = []
    for s in snapshot.services:
        oldest = int(s.oldest_wait_s + elapsed_s) if s.waiting else 0
        level = max(
            level_for(oldest, limits.wait_warn_s, limits.wait_alert_s),
            level_for(s.waiting, limits.waiting_warn, limits.waiting_alert),
        )
        rows.append(ServiceRow(s.code, s.prefix, s.name, s.waiting, oldest, level))
    return rows


def window_rows(
    snapshot: HallSnapshot, figures: DayFigures, *, now: datetime, limits: Thresholds
) -> list[WindowRow]:
    rows = []
    for w in snapshot.windows:
        state = str(w.state)
        ticket = w.current_ticket
        since: datetime | None = None
        level = Level.OK
        if state == WindowState.PAUSED:
            # The server's state_since survives a monitor restart; the day's events are a fallback.
            since = w.state_since or figures.window_since.get(w.no)
        elif ticket is not None:
            since = ticket.called_at
        busy = int((now - since).total_seconds()) if since is not None else None
        if state == WindowState.PAUSED:
            level = max(Level.WARN, level_for(busy or 0, limits.paused_warn_s, limits.paused_alert_s))
        elif busy is not None:
            level = level_for(busy, limits.serving_warn_s, 10**9)
        rows.append(
            WindowRow(
                no=w.no,
                name=w.name,
                state=state,
                clerk=w.clerk or "",
                ticket_number=ticket.number if ticket else "",
                busy_s=max(0, busy) if busy is not None else None,
                pause_reason=w.pause_reason or "",
                level=level,
            )
        )
    return rows
