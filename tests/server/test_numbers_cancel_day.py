"""Calling and finding a ticket by its number, cancelling a waiting ticket, and the end of the day:
tickets left waiting from an earlier day are never called. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import requests

from tests.server.conftest import HallFixture
from tests.server.test_queue_actions import ok, refused


def _move_to_yesterday(hall: HallFixture, ticket_id: int) -> None:
    """Make a ticket one left over from the day before (the server's clock decides "today")."""
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import Ticket

    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None
            session.execute(
                update(Ticket)
                .where(Ticket.id == ticket_id)
                .values(
                    service_day=ticket.service_day - timedelta(days=1),
                    issued_at=ticket.issued_at - timedelta(days=1),
                    effective_at=ticket.effective_at - timedelta(days=1),
                )
            )
    finally:
        db.dispose()


def _waiting(client: object, service: str) -> int:
    snapshot = ok(client.get("/api/v1/hall/snapshot"))  # type: ignore[attr-defined]
    return next(s for s in snapshot["services"] if s["code"] == service)["waiting"]


def test_call_by_number(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    first = ok(kiosk.issue("A"))
    second = ok(kiosk.issue("A"))
    clerk = hall.clerk("01")

    # Lower case and without the leading zeros works: "a2" is A002.
    number = second["number"]
    loose = number[0].lower() + str(int(number[1:]))
    called = ok(clerk.act("01", "call", number=loose))
    assert called["ticket"]["id"] == second["id"] and called["ticket"]["state"] == "called"
    assert called["window"]["current_ticket"]["number"] == number

    ok(clerk.act("01", "no_show"))
    # Not waiting any more: a clear 409 naming the number and its state.
    error = refused(clerk.act("01", "call", number=number), 409, "invalid_transition")
    assert number in error["message"] and "已过号" in error["message"]
    # Never issued today: 404 naming the number.
    error = refused(clerk.act("01", "call", number="A999"), 404, "not_found")
    assert "A999" in error["message"]
    # A number of a service the window does not serve.
    other = ok(kiosk.issue("C"))
    refused(clerk.act("01", "call", number=other["number"]), 409, "not_this_window")
    # ticket_id and number naming different tickets.
    refused(clerk.act("01", "call", number=first["number"], ticket_id=other["id"]), 422, "validation")
    # Malformed numbers are refused at the door.
    for bad in ["", "012", "A-12", "A12B", "A" * 9 + "1"]:
        refused(clerk.act("01", "call", number=bad), 422, "validation")
    # The refused attempts changed nothing: the first ticket is still waiting and callable by number.
    assert ok(clerk.act("01", "call", number=first["number"]))["ticket"]["id"] == first["id"]


def test_find_ticket_by_number_today(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    issued = ok(kiosk.issue("B"))
    display = hall.display()
    found = ok(display.get("/api/v1/tickets", number=issued["number"]))
    assert found["id"] == issued["id"] and found["state"] == "waiting"
    assert found["people_ahead"] == 0 and found["expired"] is False

    # After a transfer the number names the current entry, not the ended one.
    clerk = hall.clerk("04")
    ok(clerk.act("04", "call", number=issued["number"]))
    moved = ok(clerk.act("04", "transfer", to_service="A", note="缺材料，先到综合受理"))["ticket"]
    found = ok(display.get("/api/v1/tickets", number=issued["number"].lower()))
    assert found["id"] == moved["id"] and found["service"] == "A" and found["state"] == "waiting"

    error = refused(display.get("/api/v1/tickets", number="B777"), 404, "not_found")
    assert "B777" in error["message"]
    refused(display.get("/api/v1/tickets", number="not a number"), 422, "validation")
    refused(display.get("/api/v1/tickets"), 422, "validation")
    # Yesterday's ticket with the same number is not today's.
    _move_to_yesterday(hall, issued["id"])
    _move_to_yesterday(hall, moved["id"])
    refused(display.get("/api/v1/tickets", number=issued["number"]), 404, "not_found")


def test_cancel_waiting_ticket_by_issuer_or_manager(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    display = hall.display()
    since = ok(display.get("/api/v1/hall/snapshot"))["seq"]

    by_kiosk = ok(kiosk.issue("A"))
    cancelled = ok(kiosk.post(f"/api/v1/tickets/{by_kiosk['id']}/cancel", {"request_id": "c-1"}))
    assert cancelled["state"] == "cancelled"
    # A retry answers the same; the cancel is not applied twice.
    assert ok(kiosk.post(f"/api/v1/tickets/{by_kiosk['id']}/cancel", {"request_id": "c-1"})) == cancelled
    # Once cancelled, a new request to cancel is a 409.
    refused(kiosk.post(f"/api/v1/tickets/{by_kiosk['id']}/cancel", {"request_id": "c-2"}), 409)

    # A walk-in issued at window 03: its clerk may cancel it, another clerk may not.
    clerk03 = hall.clerk("03")
    walk_in = ok(clerk03.issue("B", source="walk_in"))
    clerk04 = hall.clerk("04")
    refused(clerk04.post(f"/api/v1/tickets/{walk_in['id']}/cancel", {"request_id": "x"}), 403, "forbidden")
    # Nor may a display, nor another kiosk's ticket be cancelled by a clerk.
    refused(display.post(f"/api/v1/tickets/{walk_in['id']}/cancel", {"request_id": "x"}), 403, "forbidden")
    other_kiosk_ticket = ok(kiosk.issue("A"))
    refused(
        clerk03.post(f"/api/v1/tickets/{other_kiosk_ticket['id']}/cancel", {"request_id": "y"}),
        403,
        "forbidden",
    )
    assert ok(clerk03.post(f"/api/v1/tickets/{walk_in['id']}/cancel", {"request_id": "z"}))["state"] == (
        "cancelled"
    )

    # The manager may cancel any waiting ticket, with a reason for the record.
    manager = hall.login("manager")
    body = {"request_id": "m-1", "reason": "申请人已离开"}
    assert (
        ok(manager.post(f"/api/v1/tickets/{other_kiosk_ticket['id']}/cancel", body))["state"] == "cancelled"
    )
    assert _waiting(manager, "A") == 0 and _waiting(manager, "B") == 0

    # A called ticket is the window's business: finish, no-show or suspend it there.
    called_one = ok(kiosk.issue("A"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    error = refused(manager.post(f"/api/v1/tickets/{called_one['id']}/cancel", {"request_id": "m-2"}), 409)
    assert "已叫号" in error["message"]
    refused(manager.post("/api/v1/tickets/999999999/cancel", {"request_id": "m-3"}), 404, "not_found")
    refused(manager.post(f"/api/v1/tickets/{called_one['id']}/cancel", {"request_id": "m-4", "x": 1}), 422)

    events = ok(display.get("/api/v1/events", since=since, timeout=0))["events"]
    cancels = [e for e in events if e["type"] == "ticket_cancelled"]
    assert [e["data"]["ticket"]["id"] for e in cancels] == [
        by_kiosk["id"],
        walk_in["id"],
        other_kiosk_ticket["id"],
    ]
    assert cancels[-1]["data"]["reason"] == "申请人已离开" and cancels[0]["data"]["by"] == "device"


def test_an_earlier_days_ticket_held_overnight_is_finished_not_transferred_or_suspended(
    hall: HallFixture,
) -> None:
    """A window can still hold yesterday's called ticket in the morning. Sent on to another queue
    or suspended, it would wait in yesterday's queue, which no window calls: both are refused and
    write nothing, and the clerk can still end it there (the applicant takes a new ticket)."""
    kiosk = hall.kiosk()
    display = hall.display()
    held = ok(kiosk.issue("A"))
    clerk = hall.clerk("01")
    ok(clerk.act("01", "call_next"))
    _move_to_yesterday(hall, held["id"])
    since = ok(display.get("/api/v1/hall/snapshot"))["seq"]
    for action, extra in (
        ("transfer", {"to_service": "B"}),
        ("transfer", {"to_window": "02"}),
        ("suspend", {}),
    ):
        error = refused(clerk.act("01", action, **extra), 409, "ticket_expired")
        assert held["number"] in error["message"] and "请重新取号" in error["message"]
    assert ok(display.get("/api/v1/events", since=since, timeout=0))["events"] == []
    assert ok(clerk.get(f"/api/v1/tickets/{held['id']}"))["state"] == "called"
    assert ok(clerk.act("01", "no_show"))["ticket"]["state"] == "no_show"


def test_a_clerk_who_left_the_issuing_window_may_no_longer_cancel_its_walk_in(hall: HallFixture) -> None:
    """The walk-in is the issuing window's: a clerk who moved to another window, or signed in
    again without one, no longer cancels it; whoever holds that window now does."""
    first = hall.clerk("01")
    moved_away = ok(first.issue("A", source="walk_in"))
    left_behind = ok(first.issue("A", source="walk_in"))
    at_window_02 = hall.login("clerk01", "02")
    refused(
        at_window_02.post(f"/api/v1/tickets/{moved_away['id']}/cancel", {"request_id": "c-1"}),
        403,
        "forbidden",
    )
    windowless = hall.login("clerk01")
    refused(
        windowless.post(f"/api/v1/tickets/{left_behind['id']}/cancel", {"request_id": "c-2"}),
        403,
        "forbidden",
    )
    now_at_01 = hall.login("clerk03", "01")
    assert (
        ok(now_at_01.post(f"/api/v1/tickets/{moved_away['id']}/cancel", {"request_id": "c-3"}))["state"]
        == "cancelled"
    )


def test_tickets_from_an_earlier_day_are_never_called(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    old = ok(kiosk.issue("A", green_channel=True))  # would otherwise go first
    _move_to_yesterday(hall, old["id"])
    clerk = hall.clerk("01")
    assert _waiting(clerk, "A") == 0  # the snapshot counts today's queue only

    assert ok(clerk.act("01", "call_next"))["ticket"] is None
    today = ok(kiosk.issue("A"))
    assert today["people_ahead"] == 0  # the leftover is not ahead of anyone
    assert ok(clerk.act("01", "call_next"))["ticket"]["id"] == today["id"]
    ok(clerk.act("01", "no_show"))

    # Calling it on purpose, by id: a clear 409; by number: it is not today's number.
    error = refused(clerk.act("01", "call", ticket_id=old["id"]), 409, "ticket_expired")
    assert old["number"] in error["message"] and "过期" in error["message"]
    shown = ok(clerk.get(f"/api/v1/tickets/{old['id']}"))
    assert shown["state"] == "waiting" and shown["expired"] is True and shown["people_ahead"] == 0
    page = requests.get(hall.base_url + old["status_url"], timeout=10)
    assert page.status_code == 200 and "已过期" in page.text

    # The manager can still tidy it up.
    manager = hall.login("manager")
    assert (
        ok(manager.post(f"/api/v1/tickets/{old['id']}/cancel", {"request_id": "old"}))["state"] == "cancelled"
    )


def test_suspended_from_an_earlier_day_is_not_resumed(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    ticket = ok(kiosk.issue("A"))
    clerk = hall.clerk("01")
    ok(clerk.act("01", "call_next"))
    ok(clerk.act("01", "suspend"))
    _move_to_yesterday(hall, ticket["id"])
    snapshot = ok(clerk.get("/api/v1/hall/snapshot"))
    assert ticket["id"] not in [t["id"] for t in snapshot["suspended"]]
    refused(clerk.act("01", "resume", ticket_id=ticket["id"]), 409, "ticket_expired")
    assert ok(clerk.get(f"/api/v1/tickets/{ticket['id']}"))["state"] == "suspended"
