"""Paper tickets served at a window while the queue was unreachable (``manual_ticket.add@1``):
reconciling closes the queue's ticket, or flags a clash for the manager. Real server, SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from hallclient.server.config import DEFAULT_TIMEZONE
from tests.server.conftest import HallFixture, create_hall
from tests.server.pushkit import push_one, push_raw
from tests.server.test_queue_actions import ok
from tests.serverproc import ApiClient


def _paper(window_no: str, clerk: str, number: str) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "number": number,
        "window_no": window_no,
        "clerk_username": clerk,
        "at": datetime.now().astimezone().isoformat(),
        "note": None,
    }


def _batch(name: str, payload: dict) -> dict:
    mutation = {"mutation_id": 1, "name": name, "version": 1, "payload": payload}
    return {"client_id": f"test-{uuid.uuid4().hex[:12]}", "mutations": [mutation]}


def _served_on_paper(hall: HallFixture, clerk: ApiClient, window_no: str, number: str) -> dict:
    return push_one(clerk, "manual_ticket.add", _paper(window_no, hall.user(f"clerk{window_no}"), number))


def _listed(hall: HallFixture, who: ApiClient, status: str) -> list[dict]:
    return ok(who.get("/api/v1/sync/manual-tickets", status=status))  # type: ignore[return-value]


def test_a_waiting_ticket_served_on_paper_is_closed_and_never_called_again(hall: HallFixture) -> None:
    ticket = ok(hall.kiosk().issue("A"))
    assert ticket["number"] == "A001"
    clerk = hall.clerk("01")
    seq = ok(clerk.get("/api/v1/hall/snapshot"))["seq"]
    answer = _served_on_paper(hall, clerk, "01", "Ａ１")  # typed in full width, unpadded
    assert answer["status"] == "applied", answer
    assert answer["data"] == {
        "status": "reconciled",
        "reconciliation": "closed",
        "ticket_id": ticket["id"],
        "clash_ticket_id": None,
    }
    closed = ok(clerk.get(f"/api/v1/tickets/{ticket['id']}"))
    assert (closed["state"], closed["window_no"], closed["note"]) == ("done", "01", "窗口离线办理")
    events = ok(clerk.get("/api/v1/events", since=seq, timeout=0))["events"]
    finished = [e for e in events if e["type"] == "ticket_finished"]
    assert [e["data"]["ticket"]["id"] for e in finished] == [ticket["id"]]
    assert finished[0]["data"]["offline"] is True and finished[0]["data"]["window_no"] == "01"
    # Its service day, which the monitor counts it for (a paper ticket of an earlier day is
    # finished when its counter syncs, and is not one of today's).
    issued_on = datetime.fromisoformat(closed["issued_at"]).astimezone(ZoneInfo(DEFAULT_TIMEZONE)).date()
    assert finished[0]["data"]["ticket"]["day"] == issued_on.isoformat()
    assert ok(clerk.act("01", "call_next"))["ticket"] is None  # nobody is called twice
    [row] = [
        r for r in _listed(hall, hall.login("manager"), "reconciled") if r["clash_ticket_id"] == ticket["id"]
    ]
    assert row["number"] == "A001"


def test_suspended_and_own_window_tickets_are_closed_too(hall: HallFixture) -> None:
    kiosk, clerk01, clerk02 = hall.kiosk(), hall.clerk("01"), hall.clerk("02")
    suspended, own = ok(kiosk.issue("A")), ok(kiosk.issue("A"))
    ok(clerk02.act("02", "call", number=suspended["number"]))
    ok(clerk02.act("02", "suspend"))
    assert _served_on_paper(hall, clerk01, "01", suspended["number"])["data"]["reconciliation"] == "closed"
    assert ok(clerk01.get(f"/api/v1/tickets/{suspended['id']}"))["state"] == "done"

    # Called at this very window before the network went: done, and the window is free again.
    ok(clerk01.act("01", "call", number=own["number"]))
    assert _served_on_paper(hall, clerk01, "01", own["number"])["data"]["reconciliation"] == "closed"
    assert ok(clerk01.get(f"/api/v1/tickets/{own['id']}"))["state"] == "done"
    window = next(w for w in ok(clerk01.get("/api/v1/hall/snapshot"))["windows"] if w["no"] == "01")
    assert (window["state"], window["current_ticket"]) == ("idle", None)


def test_a_ticket_called_elsewhere_or_over_is_a_clash_the_manager_sees(hall: HallFixture) -> None:
    kiosk, clerk01, clerk02 = hall.kiosk(), hall.clerk("01"), hall.clerk("02")
    elsewhere, over = ok(kiosk.issue("A")), ok(kiosk.issue("A"))
    ok(clerk02.act("02", "call", number=over["number"]))
    ok(clerk02.act("02", "start"))
    ok(clerk02.act("02", "finish"))
    ok(clerk02.act("02", "call", number=elsewhere["number"]))

    for ticket, state in ((elsewhere, "called"), (over, "done")):
        answer = _served_on_paper(hall, clerk01, "01", ticket["number"])
        assert answer["status"] == "applied"
        assert answer["data"]["status"] == "clash" and answer["data"]["clash_ticket_id"] == ticket["id"]
        assert ok(clerk01.get(f"/api/v1/tickets/{ticket['id']}"))["state"] == state  # left as it was
    clashes = _listed(hall, hall.login("manager"), "clash")
    assert {(c["number"], c["window_no"]) for c in clashes} == {
        (elsewhere["number"], "01"),
        (over["number"], "01"),
    }
    monitor_token = ok(hall.login("admin").post("/api/v1/devices", {"name": "值班室", "kind": "monitor"}))[
        "token"
    ]
    assert len(_listed(hall, ApiClient(hall.base_url, device_token=monitor_token), "clash")) == 2
    assert clerk01.get("/api/v1/sync/manual-tickets", status="clash").status_code == 403


def test_an_unknown_number_is_manual_only_and_others_windows_are_refused(hall: HallFixture) -> None:
    clerk01 = hall.clerk("01")
    answer = _served_on_paper(hall, clerk01, "01", "B900")
    assert answer["data"] == {
        "status": "reconciled",
        "reconciliation": "manual_only",
        "ticket_id": None,
        "clash_ticket_id": None,
    }
    assert [r["number"] for r in _listed(hall, hall.login("manager"), "manual_only")] == ["B900"]

    waiting = ok(hall.kiosk().issue("A"))
    other_window = push_one(
        clerk01, "manual_ticket.add", _paper("02", hall.user("clerk01"), waiting["number"])
    )
    assert (other_window["status"], other_window["code"]) == ("rejected", "forbidden")
    unknown_clerk = push_one(clerk01, "manual_ticket.add", _paper("01", "nobody_here", waiting["number"]))
    assert (unknown_clerk["status"], unknown_clerk["code"]) == ("rejected", "unknown_clerk")
    # A kiosk does not sync at all (sync carries the hall's cases): the whole push is refused.
    kiosk_paper = _paper("01", hall.user("clerk01"), waiting["number"])
    kiosk = push_raw(hall.kiosk(), _batch("manual_ticket.add", kiosk_paper))
    assert (kiosk.status_code, kiosk.json()["error"]["code"]) == (403, "forbidden")
    bad = push_one(clerk01, "manual_ticket.add", _paper("01", hall.user("clerk01"), "A-1"))
    assert (bad["status"], bad["data"].get("field")) == ("rejected", "number")
    assert ok(clerk01.get(f"/api/v1/tickets/{waiting['id']}"))["state"] == "waiting"


def test_the_next_shift_pushes_the_first_clerks_paper_tickets_under_the_first_clerk(
    hall: HallFixture,
) -> None:
    """Paper tickets clerk01 served while the queue was down reach the server after clerk02 took
    over window 01: kept under clerk01, as the counter recorded them."""
    ticket = ok(hall.kiosk().issue("A"))
    next_shift = hall.login("clerk02", "01")
    answer = push_one(next_shift, "manual_ticket.add", _paper("01", hall.user("clerk01"), ticket["number"]))
    assert answer["status"] == "applied", answer
    assert answer["data"]["reconciliation"] == "closed"
    [listed] = _listed(hall, hall.login("manager"), "reconciled")
    assert (listed["number"], listed["clerk_username"]) == (ticket["number"], hall.user("clerk01"))


def test_a_record_id_another_hall_used_tells_nothing_of_that_hall(
    hall: HallFixture, password_hash: str
) -> None:
    """Record ids are the counters' own; should one hall push an id another hall's counter used,
    it learns nothing of that record (its status, that hall's ticket) and is told its own was not
    kept, rather than "applied" with the other hall's answer."""
    other = create_hall(hall.database_url, hall.base_url, password_hash)
    waiting = ok(hall.kiosk().issue("A"))
    paper = _paper("01", hall.user("clerk01"), waiting["number"])
    mine = push_one(hall.clerk("01"), "manual_ticket.add", paper)
    assert mine["status"] == "applied" and mine["data"]["ticket_id"] == waiting["id"]
    theirs = push_one(
        other.clerk("01"),
        "manual_ticket.add",
        {**paper, "number": "F9", "clerk_username": other.user("clerk01")},
    )
    assert theirs["status"] == "conflict", theirs
    assert str(waiting["id"]) not in str(theirs) and "reconciled" not in str(theirs)
    assert _listed(other, other.login("manager"), "manual_only") == []
    assert [row["id"] for row in _listed(hall, hall.login("manager"), "reconciled")] == [paper["id"]]
