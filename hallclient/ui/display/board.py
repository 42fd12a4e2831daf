"""What the calling display shows, as plain values: the recent calls, newest first.

Qt-free so the rules (a recall moves a call to the top, a re-read snapshot adds what was missed
without repeating what is there) are simple to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hallclient.domain.queue import TicketState
from hallclient.queue.models import HallEvent, HallSnapshot

CALL_EVENTS = frozenset({"ticket_called", "ticket_recalled"})
RECENT_CALLS = 8


@dataclass(frozen=True)
class CallEntry:
    ticket_id: Any
    number: str
    service: str
    window_no: str
    window_name: str
    at: datetime | None
    recall: bool = False

    @classmethod
    def from_event(cls, event: HallEvent) -> CallEntry | None:
        ticket = event.data.get("ticket") or {}
        number = ticket.get("number")
        window_no = event.data.get("window_no")
        if not number or not window_no:
            return None
        return cls(
            ticket_id=ticket.get("id"),
            number=str(number),
            service=str(ticket.get("service") or ""),
            window_no=str(window_no),
            window_name=str(event.data.get("window_name") or ""),
            at=event.at,
            recall=event.type == "ticket_recalled",
        )


class CallBoard:
    def __init__(self, size: int = RECENT_CALLS) -> None:
        self.size = size
        self.calls: list[CallEntry] = []

    @property
    def latest(self) -> CallEntry | None:
        return self.calls[0] if self.calls else None

    def add(self, entry: CallEntry) -> None:
        """A new call or a recall: to the top; the same ticket is never listed twice."""
        self.calls = [entry, *(c for c in self.calls if not _same_ticket(c, entry))][: self.size]

    def merge_snapshot(self, snapshot: HallSnapshot) -> list[CallEntry]:
        """Windows still calling someone we have not shown (missed while offline); returns them.

        A number on the board at another window that a window called later (a transfer missed
        while offline) moves to that window. Ordered by call time and kept below anything
        already on the board that is newer.
        """
        missed: list[CallEntry] = []
        for window in snapshot.windows:
            ticket = window.current_ticket
            if ticket is None or ticket.state not in (TicketState.CALLED, TicketState.SERVING):
                continue
            entry = CallEntry(
                ticket_id=ticket.id,
                number=ticket.number,
                service=ticket.service,
                window_no=window.no,
                window_name=window.name,
                at=ticket.called_at,
            )
            shown = next((c for c in self.calls if _same_ticket(c, entry)), None)
            # Only a later call moves it: a snapshot read while the feed brought a newer call
            # still names the window before.
            if shown is None or (shown.window_no != entry.window_no and _time(entry) > _time(shown)):
                missed.append(entry)
        combined = [c for c in self.calls if not any(_same_ticket(c, m) for m in missed)]
        combined += missed
        combined.sort(key=_time, reverse=True)
        self.calls = combined[: self.size]
        return missed

    def drop_earlier_days(self, now: datetime) -> bool:
        """Forget calls made before ``now``'s day (in ``now``'s time zone); True if any went.

        Ticket numbers start again every morning: yesterday's "A003 → window 05" left on the
        board would send today's A003 to a window that never called them.
        """
        today = now.date()
        kept = [c for c in self.calls if c.at is None or c.at.astimezone(now.tzinfo).date() >= today]
        dropped = len(kept) != len(self.calls)
        self.calls = kept
        return dropped


def _time(entry: CallEntry) -> float:
    return entry.at.timestamp() if entry.at else 0.0


def _same_ticket(a: CallEntry, b: CallEntry) -> bool:
    # By number, not id: a transferred ticket keeps its number under a new id, and the applicant
    # must see only where to go now.
    return a.number == b.number
