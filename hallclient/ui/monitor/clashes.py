"""Paper tickets typed in at a window during an outage that clash with the queue (docs/sync.md):
the same number was called or served at another window, or was over already. The manager sees
today's in the monitor's alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hallclient.queue.client import ServerClient

CLASH_PATH = "/api/v1/sync/manual-tickets"


@dataclass(frozen=True)
class ManualClash:
    id: str
    number: str
    window_no: str
    clerk_username: str
    at: datetime
    service_day: date
    clash_ticket_id: int | None
    note: str | None


def _clash(row: dict[str, Any]) -> ManualClash:
    return ManualClash(
        id=str(row["id"]),
        number=str(row["number"]),
        window_no=str(row["window_no"]),
        clerk_username=str(row["clerk_username"]),
        at=datetime.fromisoformat(str(row["at"])),
        service_day=date.fromisoformat(str(row["service_day"])),
        clash_ticket_id=row.get("clash_ticket_id"),
        note=row.get("note"),
    )


def day_clashes(client: ServerClient, *, day: date) -> list[ManualClash]:
    """The clashes of ``day`` (the hall's service day), newest first. Runs on the net lane."""
    # ServerClient has no method for this manager-only list; _request keeps its error mapping.
    rows = client._request("GET", CLASH_PATH, params={"status": "clash", "day": day.isoformat()})
    return [_clash(row) for row in rows if row.get("service_day") == day.isoformat()]
