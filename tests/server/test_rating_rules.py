"""Who may record a rating for which window and ticket, over HTTP and through sync push; real
server on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import create_engine, text

from tests.server.conftest import HallFixture, catalog_for, put_catalog
from tests.server.pushkit import push_one, push_raw, rating_payload
from tests.server.test_queue_actions import ok, refused
from tests.serverproc import ApiClient


def _rating(window_no: str, ticket_id: int | None, **extra: object) -> dict:
    return {
        "request_id": uuid.uuid4().hex,
        "ticket_id": ticket_id,
        "window_no": window_no,
        "level": 5,
        "reasons": [],
        "channel": "counter_pad",
        "rated_at": datetime.now().astimezone().isoformat(),
        **extra,
    }


def _served(hall: HallFixture, clerk: ApiClient, window_no: str, service: str = "A") -> dict:
    """A ticket issued, called, started and finished at ``window_no``."""
    ticket = ok(hall.kiosk().issue(service))
    ok(clerk.act(window_no, "call", number=ticket["number"]))
    ok(clerk.act(window_no, "start"))
    return ok(clerk.act(window_no, "finish"))["ticket"]


def _counter_device(hall: HallFixture, window_no: str | None) -> ApiClient:
    body = {"name": f"{window_no}号窗口电脑", "kind": "counter", "window_no": window_no}
    token = ok(hall.login("admin").post("/api/v1/devices", body))["token"]
    return ApiClient(hall.base_url, device_token=token)


def _ratings(hall: HallFixture, where: str, **params: object) -> list[tuple[str, str | None]]:
    """(window, clerk's username) of the ratings stored ``where``."""
    engine = create_engine(hall.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT r.window_no, u.username FROM ratings r LEFT JOIN users u ON u.id = r.user_id"
                    f" WHERE {where}"
                ),
                params,
            )
            return [(row[0], row[1]) for row in rows]
    finally:
        engine.dispose()


def _ratings_of(hall: HallFixture, ticket_id: int) -> list[tuple[str, str | None]]:
    return _ratings(hall, "r.ticket_id = :t", t=ticket_id)


def test_a_clerk_rates_only_finished_tickets_of_their_own_window(hall: HallFixture) -> None:
    clerk01, clerk02 = hall.clerk("01"), hall.clerk("02")
    served_at_02 = _served(hall, clerk02, "02")

    # Another window's number: not under the caller's window, nor under the window it was served at.
    refused(clerk01.post("/api/v1/ratings", _rating("02", served_at_02["id"])), 403, "forbidden")
    refused(clerk01.post("/api/v1/ratings", _rating("01", served_at_02["id"])), 409, "not_this_window")
    refused(clerk01.post("/api/v1/ratings", _rating("02", None)), 403, "forbidden")
    assert _ratings_of(hall, served_at_02["id"]) == []

    # Before the applicant is done, nobody can fill the rating in (and so block the real one).
    waiting = ok(hall.kiosk().issue("A"))
    refused(clerk01.post("/api/v1/ratings", _rating("01", waiting["id"])), 409, "not_finished")
    ok(clerk01.act("01", "call", number=waiting["number"]))
    refused(clerk01.post("/api/v1/ratings", _rating("01", waiting["id"])), 409, "not_finished")
    ok(clerk01.act("01", "start"))
    refused(clerk01.post("/api/v1/ratings", _rating("01", waiting["id"])), 409, "not_finished")
    ok(clerk01.act("01", "finish"))
    stored = ok(clerk01.post("/api/v1/ratings", _rating("01", waiting["id"])))
    assert (stored["window_no"], stored["ticket_id"]) == ("01", waiting["id"])
    assert _ratings_of(hall, waiting["id"]) == [("01", hall.user("clerk01"))]

    # The window's own applicant served there is rated by clerk02 for window 02.
    assert ok(clerk02.post("/api/v1/ratings", _rating("02", served_at_02["id"])))["window_no"] == "02"


def test_a_no_show_may_be_rated_and_a_clerk_without_a_window_may_not_rate(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    ticket = ok(hall.kiosk().issue("A"))
    ok(clerk.act("01", "call", number=ticket["number"]))
    ok(clerk.act("01", "no_show"))
    no_window = hall.login("clerk03")
    refused(no_window.post("/api/v1/ratings", _rating("01", ticket["id"])), 403, "forbidden")
    assert ok(clerk.post("/api/v1/ratings", _rating("01", ticket["id"], level=None)))["level"] is None


def test_devices_other_than_the_windows_own_counter_cannot_record_ratings(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    ticket = _served(hall, clerk, "01")
    refused(hall.kiosk().post("/api/v1/ratings", _rating("01", ticket["id"])), 403, "forbidden")
    refused(hall.display().post("/api/v1/ratings", _rating("01", ticket["id"])), 403, "forbidden")
    refused(_counter_device(hall, None).post("/api/v1/ratings", _rating("01", ticket["id"])), 403)
    refused(_counter_device(hall, "02").post("/api/v1/ratings", _rating("01", ticket["id"])), 403)
    assert _ratings_of(hall, ticket["id"]) == []
    stored = ok(_counter_device(hall, "01").post("/api/v1/ratings", _rating("01", ticket["id"])))
    assert stored["window_no"] == "01"
    # A device is nobody's user: the rating is the clerk's who served the ticket, as the ticket says.
    assert _ratings_of(hall, ticket["id"]) == [("01", hall.user("clerk01"))]


def test_a_manager_rates_any_window_but_the_ticket_decides_which(hall: HallFixture) -> None:
    ticket = _served(hall, hall.clerk("02"), "02")
    manager = hall.login("manager")
    refused(manager.post("/api/v1/ratings", _rating("01", ticket["id"])), 409, "not_this_window")
    assert ok(manager.post("/api/v1/ratings", _rating("02", ticket["id"])))["window_no"] == "02"
    # Recorded by the manager, about the clerk who served the applicant.
    assert _ratings_of(hall, ticket["id"]) == [("02", hall.user("clerk02"))]


def test_sync_records_the_pushing_clerk_and_window_or_refuses_with_a_reason(hall: HallFixture) -> None:
    clerk01, clerk02 = hall.clerk("01"), hall.clerk("02")
    mine, theirs = _served(hall, clerk01, "01"), _served(hall, clerk02, "02")
    me = hall.user("clerk01")

    wrong_window = push_one(clerk01, "rating.record", rating_payload("02", me, theirs["id"]))
    assert (wrong_window["status"], wrong_window["code"]) == ("rejected", "forbidden")
    assert "01 号窗口" in wrong_window["reason"]
    served_elsewhere = push_one(clerk01, "rating.record", rating_payload("01", me, theirs["id"]))
    assert (served_elsewhere["status"], served_elsewhere["code"]) == ("conflict", "not_this_window")
    nobody = push_one(clerk01, "rating.record", rating_payload("01", "nobody_here", mine["id"]))
    assert (nobody["status"], nobody["code"]) == ("rejected", "unknown_clerk")
    assert "nobody_here" in nobody["reason"]
    # A kiosk does not sync at all (sync carries the hall's cases): the whole push is refused.
    mutation = {"mutation_id": 1, "name": "rating.record", "version": 1}
    batch = {
        "client_id": "kiosk-1",
        "mutations": [{**mutation, "payload": rating_payload("01", me, mine["id"])}],
    }
    kiosk = push_raw(hall.kiosk(), batch)
    assert (kiosk.status_code, kiosk.json()["error"]["code"]) == (403, "forbidden")
    waiting = ok(hall.kiosk().issue("A"))
    early = push_one(clerk01, "rating.record", rating_payload("01", me, waiting["id"]))
    assert (early["status"], early["code"]) == ("conflict", "not_finished")
    assert _ratings_of(hall, mine["id"]) == _ratings_of(hall, theirs["id"]) == []

    applied = push_one(clerk01, "rating.record", rating_payload("01", me, mine["id"]))
    assert applied["status"] == "applied"
    assert _ratings_of(hall, mine["id"]) == [("01", me)]
    again = push_one(clerk01, "rating.record", rating_payload("01", me, mine["id"]))
    assert (again["status"], again["code"]) == ("conflict", "already_rated")


def _deactivate(hall: HallFixture, username: str) -> None:
    engine = create_engine(hall.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE users SET active = :no WHERE username = :u"), {"no": False, "u": username}
            )
    finally:
        engine.dispose()


def test_the_next_shift_pushes_the_first_clerks_offline_ratings_under_the_first_clerk(
    hall: HallFixture,
) -> None:
    """clerk01 rated offline and signed off; the counter syncs once clerk02 has taken window 01. The
    ratings are kept under clerk01 — the ticket's clerk, or the clerk the rating names — instead of
    being refused for good (clerk01's token is gone, and a refused mutation is not sent again)."""
    first = hall.user("clerk01")
    served = _served(hall, hall.clerk("01"), "01")
    next_shift = hall.login("clerk02", "01")

    ticketed = push_one(next_shift, "rating.record", rating_payload("01", first, served["id"]))
    assert ticketed["status"] == "applied", ticketed
    assert _ratings_of(hall, served["id"]) == [("01", first)]
    loose = rating_payload("01", first, None)
    assert push_one(next_shift, "rating.record", loose)["status"] == "applied"
    assert _ratings(hall, "r.request_id = :r", r=loose["request_id"]) == [("01", first)]

    # Only from the window where it was made, and only a clerk the hall knows and still employs.
    elsewhere = push_one(next_shift, "rating.record", rating_payload("02", first, None))
    assert (elsewhere["status"], elsewhere["code"]) == ("rejected", "forbidden")
    _deactivate(hall, hall.user("clerk03"))
    gone = rating_payload("01", hall.user("clerk03"), None)
    refused_gone = push_one(next_shift, "rating.record", gone)
    assert (refused_gone["status"], refused_gone["code"]) == ("rejected", "unknown_clerk")
    assert hall.user("clerk03") in refused_gone["reason"]
    assert _ratings(hall, "r.request_id = :r", r=gone["request_id"]) == []


def test_a_rating_names_the_service_item_of_its_case_and_the_manager_reads_it(hall: HallFixture) -> None:
    """DESIGN §6: a rating is linked to its case's service item. Both ways a rating comes in keep
    it, the feed carries it, and a 差评's rectification names the item as the catalog calls it."""
    assert put_catalog(hall.login("admin"), catalog_for(hall, items=None)).status_code == 200
    clerk = hall.clerk("01")
    me = hall.user("clerk01")
    posted = _served(hall, clerk, "01")
    pushed = _served(hall, clerk, "01")
    unknown = _served(hall, clerk, "01")

    answer = ok(
        clerk.post(
            "/api/v1/ratings",
            _rating(
                "01", posted["id"], level=2, reasons=["long_wait"], case_no="01-0001", item_code="SCJG-001"
            ),
        )
    )
    assert answer["item_code"] == "SCJG-001"
    bad_push = rating_payload("01", me, pushed["id"], level=1, reasons=["long_wait"], item_code="GJJ-002")
    assert push_one(clerk, "rating.record", bad_push)["status"] == "applied"
    # A code the present catalog does not hold (an item withdrawn since) is kept as it came.
    assert ok(clerk.post("/api/v1/ratings", _rating("01", unknown["id"], level=2, item_code="SB-999")))

    feed = hall.display().get("/api/v1/events", since=0, timeout=0).json()["events"]
    recorded = [e["data"]["item_code"] for e in feed if e["type"] == "rating_recorded"]
    assert recorded == ["SCJG-001", "GJJ-002", "SB-999"]
    listed = ok(hall.login("manager").get("/api/v1/rectifications"))["rectifications"]
    assert [(r["item_code"], r["item_name"]) for r in listed] == [
        ("SB-999", None),
        ("GJJ-002", "住房公积金提取（租房）"),
        ("SCJG-001", "个体工商户设立登记"),
    ]


def test_a_malformed_item_code_is_refused_with_its_field_and_nothing_is_kept(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    served = _served(hall, clerk, "01")
    error = refused(clerk.post("/api/v1/ratings", _rating("01", served["id"], item_code="scjg 001")), 422)
    assert "item_code" in str(error)
    pushed = push_one(
        clerk, "rating.record", rating_payload("01", hall.user("clerk01"), served["id"], item_code="<b>")
    )
    assert (pushed["status"], pushed["code"]) == ("rejected", "validation")
    assert "事项编码" in pushed["reason"]
    assert _ratings_of(hall, served["id"]) == []
