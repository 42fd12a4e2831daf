"""Every window action and ticket transition, over HTTP against a real server (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid

import requests

from tests.server.conftest import HallFixture


def ok(response: requests.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def refused(response: requests.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def test_main_line_issue_call_recall_start_finish(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    clerk = hall.clerk("01")
    ticket = ok(kiosk.issue("A"))
    assert ticket["state"] == "waiting" and ticket["number"].startswith("A")
    assert ticket["status_url"] == f"/t/{ticket['public_token']}"

    called = ok(clerk.act("01", "call_next"))
    assert called["ticket"]["id"] == ticket["id"]
    assert called["ticket"]["state"] == "called"
    assert called["ticket"]["window_no"] == "01"
    assert called["window"]["state"] == "calling"
    assert called["window"]["current_ticket"]["id"] == ticket["id"]

    recalled = ok(clerk.act("01", "recall"))
    assert recalled["ticket"]["recall_count"] == 1
    assert recalled["event_seq"] > called["event_seq"]

    started = ok(clerk.act("01", "start"))
    assert started["ticket"]["state"] == "serving" and started["window"]["state"] == "serving"
    finished = ok(clerk.act("01", "finish"))
    assert finished["ticket"]["state"] == "done"
    assert finished["window"] == {**finished["window"], "state": "idle", "current_ticket": None}

    rating_prompt = ok(clerk.act("01", "request_rating"))
    assert rating_prompt["ticket"]["id"] == ticket["id"]
    assert ok(clerk.get(f"/api/v1/tickets/{ticket['id']}"))["state"] == "done"


def test_call_next_with_nobody_waiting_returns_null(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    answer = ok(clerk.act("01", "call_next"))
    assert answer["ticket"] is None
    assert answer["window"]["state"] == "idle"


def test_retry_with_same_request_id_returns_first_answer(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    first_ticket = ok(kiosk.issue("A", request_id="kiosk-req-1"))
    again = ok(kiosk.issue("A", request_id="kiosk-req-1"))
    assert again == first_ticket
    second_ticket = ok(kiosk.issue("A"))
    assert second_ticket["number"] != first_ticket["number"]

    clerk = hall.clerk("01")
    first = ok(clerk.act("01", "call_next", request_id="call-1"))
    retry = ok(clerk.act("01", "call_next", request_id="call-1"))
    assert retry == first  # the same ticket, not a second call that would skip an applicant
    snapshot = ok(clerk.get("/api/v1/hall/snapshot"))
    waiting_a = next(s for s in snapshot["services"] if s["code"] == "A")["waiting"]
    assert waiting_a == 1

    # The same request_id for a different action is refused rather than answered wrongly.
    refused(clerk.act("01", "start", request_id="call-1"), 409, "request_id_reused")


def test_retries_answer_the_first_time_whatever_happened_since(hall: HallFixture) -> None:
    """A retry is answered from the stored answer even when the state has moved on so far that
    the action itself would now be refused (or would do something else)."""
    clerk = hall.clerk("01")
    kiosk = hall.kiosk()
    empty = ok(clerk.act("01", "call_next", request_id="empty-call"))
    assert empty["ticket"] is None
    ok(kiosk.issue("A"))
    # The queue is not empty any more, yet the retry must not call anyone.
    assert ok(clerk.act("01", "call_next", request_id="empty-call")) == empty
    called = ok(clerk.act("01", "call_next", request_id="call-2"))
    started = ok(clerk.act("01", "start", request_id="start-2"))
    finished = ok(clerk.act("01", "finish", request_id="finish-2"))
    # Now "start" and "finish" would be refused (no current ticket): the retries are not.
    assert ok(clerk.act("01", "start", request_id="start-2")) == started
    assert ok(clerk.act("01", "finish", request_id="finish-2")) == finished
    assert ok(clerk.act("01", "call_next", request_id="call-2")) == called
    ticket = ok(clerk.get(f"/api/v1/tickets/{called['ticket']['id']}"))
    assert ticket["state"] == "done"

    # A new request that the state refuses is still refused.
    refused(clerk.act("01", "finish"), 409, "no_current_ticket")
    # After sign-out, even a retry of an answered request is refused as a sign-in problem.
    ok(clerk.post("/api/v1/auth/logout", {}))
    refused(clerk.act("01", "start", request_id="start-2"), 401)
    refused(clerk.act("01", "call_next"), 401)


def test_finish_a_ticket_that_was_never_called_or_started(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    hall.kiosk().issue("A")
    error = refused(clerk.act("01", "finish"), 409, "no_current_ticket")
    assert "没有号" in error["message"]
    ok(clerk.act("01", "call_next"))
    error = refused(clerk.act("01", "finish"), 409, "invalid_transition")
    assert "已叫号" in error["message"] and "办结" in error["message"]
    ok(clerk.act("01", "start"))
    refused(clerk.act("01", "start"), 409, "invalid_transition")
    refused(clerk.act("01", "no_show"), 409, "invalid_transition")  # the applicant is at the counter
    refused(clerk.act("01", "recall"), 409, "invalid_transition")


def test_call_next_while_busy_or_paused_is_refused(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    kiosk = hall.kiosk()
    kiosk.issue("A")
    kiosk.issue("A")
    ok(clerk.act("01", "call_next"))
    refused(clerk.act("01", "call_next"), 409, "window_busy")
    refused(clerk.act("01", "pause", reason="meal"), 409, "window_busy")
    ok(clerk.act("01", "no_show"))

    paused = ok(clerk.act("01", "pause", reason="meal"))
    assert paused["window"]["state"] == "paused" and paused["window"]["pause_reason"] == "meal"
    error = refused(clerk.act("01", "call_next"), 409, "window_paused")
    assert "暂停" in error["message"]
    refused(clerk.act("01", "pause", reason="meal"), 409, "window_paused")
    resumed = ok(clerk.act("01", "unpause"))
    assert resumed["window"]["state"] == "idle"
    refused(clerk.act("01", "unpause"), 409, "window_not_paused")
    assert ok(clerk.act("01", "call_next"))["ticket"] is not None


def test_pause_needs_a_known_reason(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    refused(clerk.act("01", "pause"), 422, "validation")
    error = refused(clerk.act("01", "pause", reason="nap"), 422, "validation")
    assert error["params"]["field"] == "reason"
    reasons = ok(clerk.get("/api/v1/reasons"))
    assert {r["code"] for r in reasons["pause"]} >= {"meal", "break", "meeting"}
    assert all(r["label"] for r in reasons["pause"] + reasons["bad_rating"] + reasons["reject"])


def test_recall_limit(server: object, password_hash: str) -> None:
    from tests.server.conftest import create_hall

    two = create_hall(server.database_url, server.base_url, password_hash, recall_limit=2)  # type: ignore[attr-defined]
    clerk = two.clerk("01")
    two.kiosk().issue("A")
    ok(clerk.act("01", "call_next"))
    ok(clerk.act("01", "recall"))
    ok(clerk.act("01", "recall"))
    error = refused(clerk.act("01", "recall"), 409, "recall_limit")
    assert error["params"]["limit"] == 2


def test_no_show_ends_the_ticket(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    hall.kiosk().issue("A")
    ok(clerk.act("01", "call_next"))
    answer = ok(clerk.act("01", "no_show"))
    assert answer["ticket"]["state"] == "no_show"
    assert answer["window"]["state"] == "idle"


def test_clerk_acts_only_for_own_window(hall: HallFixture) -> None:
    hall.kiosk().issue("A")
    clerk01 = hall.clerk("01")
    hall.clerk("02")
    error = refused(clerk01.act("02", "call_next"), 403, "forbidden")
    assert "01" in error["message"]
    refused(hall.login("clerk03").act("03", "call_next"), 403, "forbidden")  # signed in without a window
    refused(hall.kiosk().act("01", "call_next"), 403, "forbidden")  # devices do not call
    # A second sign-in to window 01 takes it over; the first clerk's token no longer acts for it.
    takeover = hall.login("clerk05", "01")
    refused(clerk01.act("01", "call_next"), 403, "forbidden")
    assert ok(takeover.act("01", "call_next"))["ticket"] is not None
    # The manager may act on any window.
    manager = hall.login("manager")
    assert ok(manager.act("01", "start"))["ticket"]["state"] == "serving"


def test_call_a_specific_ticket(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    a1, a2, c1 = ok(kiosk.issue("A")), ok(kiosk.issue("A")), ok(kiosk.issue("C"))
    clerk = hall.clerk("01")
    answer = ok(clerk.act("01", "call", ticket_id=a2["id"]))
    assert answer["ticket"]["id"] == a2["id"]
    ok(clerk.act("01", "no_show"))
    error = refused(clerk.act("01", "call", ticket_id=c1["id"]), 409, "not_this_window")
    assert c1["number"] in error["message"]
    refused(clerk.act("01", "call", ticket_id=a2["id"]), 409, "invalid_transition")  # already ended
    refused(clerk.act("01", "call", ticket_id=999_999_999), 404, "not_found")
    refused(clerk.act("01", "call"), 422, "validation")
    assert ok(clerk.act("01", "call_next"))["ticket"]["id"] == a1["id"]
    # Acting with another window's ticket id on this window's current ticket is refused.
    refused(clerk.act("01", "start", ticket_id=c1["id"]), 409, "not_this_window")


def test_transfer_to_service_keeps_time_and_number(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    first = ok(kiosk.issue("A"))
    later_b = ok(kiosk.issue("B"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    ok(clerk01.act("01", "start"))
    moved = ok(clerk01.act("01", "transfer", to_service="B", note="需办理不动产登记"))
    successor = moved["ticket"]
    assert successor["state"] == "waiting" and successor["service"] == "B"
    assert successor["number"] == first["number"] and successor["transferred_from_id"] == first["id"]
    assert successor["public_token"] == first["public_token"]
    assert moved["window"]["state"] == "idle"
    assert ok(clerk01.get(f"/api/v1/tickets/{first['id']}"))["state"] == "transferred"
    # Kept its original time: window 04 (B) calls it before the B ticket issued after it.
    clerk04 = hall.clerk("04")
    assert ok(clerk04.act("04", "call_next"))["ticket"]["id"] == successor["id"]
    ok(clerk04.act("04", "no_show"))
    assert ok(clerk04.act("04", "call_next"))["ticket"]["id"] == later_b["id"]


def test_transfer_without_keeping_time_goes_to_the_back(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    ok(kiosk.issue("A"))
    waiting_b = ok(kiosk.issue("B"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    moved = ok(clerk01.act("01", "transfer", to_service="B", keep_time=False))
    clerk04 = hall.clerk("04")
    assert ok(clerk04.act("04", "call_next"))["ticket"]["id"] == waiting_b["id"]
    ok(clerk04.act("04", "no_show"))
    assert ok(clerk04.act("04", "call_next"))["ticket"]["id"] == moved["ticket"]["id"]


def test_transfer_to_window_only_that_window_calls_it(hall: HallFixture) -> None:
    hall.kiosk().issue("A")
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    moved = ok(clerk01.act("01", "transfer", to_window="08"))
    assert moved["ticket"]["target_window_no"] == "08"
    clerk02 = hall.clerk("02")  # serves A, but the ticket was sent to window 08
    assert ok(clerk02.act("02", "call_next"))["ticket"] is None
    clerk08 = hall.clerk("08")  # serves D only, still gets it
    assert ok(clerk08.act("08", "call_next"))["ticket"]["id"] == moved["ticket"]["id"]


def test_invalid_transfer_changes_nothing(hall: HallFixture) -> None:
    hall.kiosk().issue("A")
    clerk = hall.clerk("01")
    called = ok(clerk.act("01", "call_next"))
    refused(clerk.act("01", "transfer"), 422, "validation")
    refused(clerk.act("01", "transfer", to_service="B", to_window="04"), 422, "validation")
    refused(clerk.act("01", "transfer", to_service="Z"), 422, "validation")
    refused(clerk.act("01", "transfer", to_window="99"), 422, "validation")
    refused(clerk.act("01", "transfer", to_window="01"), 422, "validation")
    ticket = ok(clerk.get(f"/api/v1/tickets/{called['ticket']['id']}"))
    assert ticket["state"] == "called"
    window = next(w for w in ok(clerk.get("/api/v1/hall/snapshot"))["windows"] if w["no"] == "01")
    assert window["current_ticket"]["id"] == called["ticket"]["id"]


def test_suspend_and_resume_at_any_window_of_the_service(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    first = ok(kiosk.issue("A"))
    second = ok(kiosk.issue("A"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    ok(clerk01.act("01", "start"))
    suspended = ok(clerk01.act("01", "suspend"))
    assert suspended["ticket"]["state"] == "suspended" and suspended["window"]["state"] == "idle"
    snapshot = ok(clerk01.get("/api/v1/hall/snapshot"))
    assert [t["id"] for t in snapshot["suspended"]] == [first["id"]]

    refused(hall.clerk("06").act("06", "resume", ticket_id=first["id"]), 409, "not_this_window")  # C only
    clerk02 = hall.clerk("02")
    refused(clerk02.act("02", "resume", ticket_id=second["id"]), 409, "invalid_transition")  # not suspended
    resumed = ok(clerk02.act("02", "resume", ticket_id=first["id"]))
    assert resumed["ticket"]["state"] == "waiting"
    assert resumed["ticket"]["number"] == first["number"]  # no new ticket
    # Back with its original time: ahead of the ticket issued after it.
    assert ok(clerk02.act("02", "call_next"))["ticket"]["id"] == first["id"]


def test_green_channel_first_then_service_order(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    b1 = ok(kiosk.issue("B"))
    a1 = ok(kiosk.issue("A"))
    green_b = ok(kiosk.issue("B", green_channel=True))
    clerk05 = hall.clerk("05")  # services B then A
    order = []
    for _ in range(3):
        order.append(ok(clerk05.act("05", "call_next"))["ticket"]["id"])
        ok(clerk05.act("05", "no_show"))
    assert order == [green_b["id"], b1["id"], a1["id"]]
    clerk03 = hall.clerk("03")  # services A then B
    kiosk.issue("B")
    a2 = ok(kiosk.issue("A"))
    assert ok(clerk03.act("03", "call_next"))["ticket"]["id"] == a2["id"]


def test_due_appointment_first(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    walk_in = ok(kiosk.issue("A"))
    appointment = ok(kiosk.issue("A", source="appointment", appointment_id="YY20260301-0007"))
    refused(kiosk.issue("A", source="appointment"), 422, "validation")  # no appointment id
    clerk = hall.clerk("01")
    assert ok(clerk.act("01", "call_next"))["ticket"]["id"] == appointment["id"]
    ok(clerk.act("01", "no_show"))
    assert ok(clerk.act("01", "call_next"))["ticket"]["id"] == walk_in["id"]


def test_daily_numbers_are_gap_free_per_service(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    numbers = [ok(kiosk.issue("A"))["number"] for _ in range(3)]
    refused(kiosk.issue("Z"), 422, "validation")  # a refused ticket takes no number
    numbers.append(ok(kiosk.issue("A"))["number"])
    assert numbers == ["A001", "A002", "A003", "A004"]
    assert ok(kiosk.issue("B"))["number"] == "B001"
    walk_in = hall.clerk("01")
    assert ok(walk_in.issue("A", source="walk_in"))["number"] == "A005"


def test_people_ahead_and_public_page(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    tickets = [ok(kiosk.issue("C")) for _ in range(3)]
    assert [t["people_ahead"] for t in tickets] == [0, 1, 2]
    page = requests.get(hall.base_url + tickets[2]["status_url"], timeout=10)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert tickets[2]["number"] in page.text and "前面还有 2 人" in page.text
    assert "viewport" in page.text
    clerk = hall.clerk("06")
    ok(clerk.act("06", "call_next"))
    page = requests.get(hall.base_url + tickets[0]["status_url"], timeout=10)
    assert "已叫号" in page.text and "06号窗口" in page.text
    assert requests.get(hall.base_url + "/t/nosuchtoken", timeout=10).status_code == 404
    assert requests.get(hall.base_url + "/t/bad%20token%3Cscript%3E", timeout=10).status_code in (404, 422)


def test_snapshot_counts_and_windows(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    for _ in range(2):
        kiosk.issue("D")
    clerk = hall.clerk("08")
    ok(clerk.act("08", "call_next"))
    snapshot = ok(hall.display().get("/api/v1/hall/snapshot"))
    d = next(s for s in snapshot["services"] if s["code"] == "D")
    assert d["waiting"] == 1 and d["oldest_wait_s"] >= 0
    windows = {w["no"]: w for w in snapshot["windows"]}
    assert windows["08"]["state"] == "calling" and windows["08"]["clerk"] == "clerk08显示名"
    assert windows["01"]["state"] == "offline"
    assert snapshot["seq"] >= 3
    hall_info = ok(clerk.get("/api/v1/hall"))
    assert hall_info["code"] == hall.code
    assert [s["code"] for s in hall_info["services"]] == ["A", "B", "C", "D", "E", "F"]
    assert next(w for w in hall_info["windows"] if w["no"] == "05")["services"] == ["B", "A"]


def test_ratings(hall: HallFixture) -> None:
    hall.kiosk().issue("A")
    clerk = hall.clerk("01")
    ok(clerk.act("01", "call_next"))
    ok(clerk.act("01", "start"))
    ticket = ok(clerk.act("01", "finish"))["ticket"]
    body = {
        "request_id": uuid.uuid4().hex,
        "ticket_id": ticket["id"],
        "window_no": "01",
        "level": 2,
        "reasons": ["long_wait"],
        "comment": "排队太久",
        "channel": "counter_pad",
        "rated_at": "2026-03-02T10:15:00+08:00",
    }
    stored = ok(clerk.post("/api/v1/ratings", body))
    assert stored["level"] == 2 and stored["reasons"] == ["long_wait"]
    assert ok(clerk.post("/api/v1/ratings", body)) == stored  # retry
    refused(clerk.post("/api/v1/ratings", {**body, "request_id": uuid.uuid4().hex}), 409, "already_rated")
    unrated = {**body, "request_id": uuid.uuid4().hex, "ticket_id": None, "level": None, "reasons": []}
    assert ok(clerk.post("/api/v1/ratings", unrated))["level"] is None
    refused(
        clerk.post("/api/v1/ratings", {**unrated, "request_id": "x1", "reasons": ["nope"], "level": 1}), 422
    )
    refused(clerk.post("/api/v1/ratings", {**unrated, "request_id": "x2", "level": 6}), 422)
    refused(clerk.post("/api/v1/ratings", {**unrated, "request_id": "x3", "window_no": "99"}), 403)
    manager = hall.login("manager")
    refused(manager.post("/api/v1/ratings", {**unrated, "request_id": "x4", "window_no": "99"}), 422)


def test_a_rating_is_asked_only_for_a_contact_that_ended_here_and_only_once(hall: HallFixture) -> None:
    """The prompt goes out for what ``POST /ratings`` would take: not for the applicant still at
    the window, nor for one sent on by a transfer, nor again once rated (一次一评)."""
    kiosk = hall.kiosk()
    for _ in range(3):
        ok(kiosk.issue("A"))
    clerk = hall.clerk("01")
    called = ok(clerk.act("01", "call_next"))["ticket"]
    error = refused(clerk.act("01", "request_rating"), 409, "not_finished")
    assert called["number"] in error["message"] and "办结后才能评价" in error["message"]
    ok(clerk.act("01", "start"))
    refused(clerk.act("01", "request_rating", ticket_id=called["id"]), 409, "not_finished")
    ok(clerk.act("01", "finish"))
    following = ok(clerk.act("01", "call_next"))["ticket"]
    # The applicant just served, while the next one is called: theirs, with or without the id.
    assert ok(clerk.act("01", "request_rating"))["ticket"]["id"] == called["id"]
    assert ok(clerk.act("01", "request_rating", ticket_id=called["id"]))["ticket"]["id"] == called["id"]
    rating = {
        "request_id": uuid.uuid4().hex,
        "ticket_id": called["id"],
        "window_no": "01",
        "level": 5,
        "reasons": [],
        "channel": "counter_pad",
        "rated_at": "2026-03-02T10:15:00+08:00",
    }
    ok(clerk.post("/api/v1/ratings", rating))
    refused(clerk.act("01", "request_rating"), 409, "already_rated")
    # Sent on to another service: the contact continues there, nothing to rate here.
    ok(clerk.act("01", "transfer", to_service="B"))
    refused(clerk.act("01", "request_rating"), 409, "not_finished")
    refused(clerk.act("01", "request_rating", ticket_id=following["id"]), 409, "not_finished")


def test_reference_documents(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    assert ok(clerk.get("/api/v1/catalog"))["items"] == [{"code": hall.code}]
    assert ok(clerk.get("/api/v1/calendar")) == {"holidays": [], "workdays": [], "years": []}
    update = {"holidays": ["2026-10-09"], "workdays": ["2026-10-11"]}
    stored = {**update, "years": []}
    refused(clerk.session.put(hall.base_url + "/api/v1/calendar", json=update, timeout=10), 403, "forbidden")
    admin = hall.login("admin")
    assert ok(admin.session.put(hall.base_url + "/api/v1/calendar", json=update, timeout=10)) == stored
    assert ok(clerk.get("/api/v1/calendar")) == stored
    clash = {"holidays": ["2026-10-09"], "workdays": ["2026-10-09"]}
    refused(admin.session.put(hall.base_url + "/api/v1/calendar", json=clash, timeout=10), 422)
    refused(
        admin.session.put(
            hall.base_url + "/api/v1/calendar", json={"holidays": ["2026-13-45"], "workdays": []}, timeout=10
        ),
        422,
    )
    assert ok(clerk.get("/api/v1/calendar")) == stored

    # A year given whole: the State Council's schedule, entered before a program release has it.
    year_2027 = {
        "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08"],
        "workdays": ["2027-02-14"],
        "years": [2027],
    }
    assert ok(admin.session.put(hall.base_url + "/api/v1/calendar", json=year_2027, timeout=10)) == year_2027
    assert ok(clerk.get("/api/v1/calendar")) == year_2027
    # Named whole with none of its holidays listed: its Spring Festival would be lost.
    no_holidays = {"holidays": ["2026-10-09"], "workdays": [], "years": [2027]}
    put = admin.session.put(hall.base_url + "/api/v1/calendar", json=no_holidays, timeout=10)
    assert refused(put, 422)["params"]["field"] == "years"
    far = {"holidays": ["1999-10-01"], "workdays": [], "years": [1999]}
    refused(admin.session.put(hall.base_url + "/api/v1/calendar", json=far, timeout=10), 422)
    assert ok(clerk.get("/api/v1/calendar")) == year_2027  # nothing of a refused update is kept
