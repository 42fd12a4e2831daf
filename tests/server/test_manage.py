"""The manager's endpoints: today's figures and the 差评 rectification list with its stages.
Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from tests.server.conftest import HallFixture
from tests.server.test_queue_actions import ok, refused
from tests.serverproc import ApiClient


def _rate(clerk: object, window_no: str, level: int | None, ticket_id: int | None = None) -> dict:
    body = {
        "request_id": uuid.uuid4().hex,
        "ticket_id": ticket_id,
        "window_no": window_no,
        "level": level,
        "reasons": ["long_wait"] if level is not None and level <= 2 else [],
        "comment": "排队太久" if level is not None and level <= 2 else "",
        "channel": "counter_pad",
        "rated_at": datetime.now().astimezone().isoformat(),
    }
    return ok(clerk.post("/api/v1/ratings", body))  # type: ignore[attr-defined]


def test_today_figures(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    a1, a2, a3 = (ok(kiosk.issue("A")) for _ in range(3))
    b1 = ok(kiosk.issue("B"))
    clerk = hall.clerk("01")
    ok(clerk.act("01", "call", number=a1["number"]))
    ok(clerk.act("01", "start"))
    ok(clerk.act("01", "finish"))
    _rate(clerk, "01", 1, a1["id"])
    ok(clerk.act("01", "call", number=a2["number"]))
    ok(clerk.act("01", "no_show"))
    ok(kiosk.post(f"/api/v1/tickets/{b1['id']}/cancel", {"request_id": "cancel-b1"}))
    clerk04 = hall.clerk("04")
    ok(clerk04.issue("B", source="walk_in"))
    ok(clerk04.act("04", "call_next"))
    ok(clerk04.act("04", "transfer", to_service="A"))  # A gets a waiting entry; not a new issue

    manager = hall.login("manager")
    stats = ok(manager.get("/api/v1/stats/today"))
    assert stats["day"] == date.fromisoformat(a1["issued_at"][:10]).isoformat()
    assert (stats["issued"], stats["served"], stats["no_show"], stats["cancelled"]) == (5, 1, 1, 1)
    assert stats["waiting"] == 2  # a3 and the transferred walk-in
    assert (stats["ratings"], stats["bad_ratings"]) == (1, 1)
    services = {s["code"]: s for s in stats["services"]}
    assert (services["A"]["issued"], services["A"]["served"], services["A"]["no_show"]) == (3, 1, 1)
    assert services["A"]["waiting"] == 2 and services["B"]["cancelled"] == 1 and services["B"]["issued"] == 2
    assert services["C"]["issued"] == 0 and services["C"]["average_wait_s"] is None
    assert services["A"]["longest_wait_s"] >= services["A"]["average_wait_s"] >= 0
    assert services["A"]["average_service_s"] is not None
    windows = {w["no"]: w for w in stats["windows"]}
    assert (windows["01"]["called"], windows["01"]["served"], windows["01"]["no_show"]) == (2, 1, 1)
    assert windows["04"]["transferred"] == 1 and windows["02"]["called"] == 0
    assert a3["id"]  # still waiting: counted above

    # Who may look: managers, admins and the monitor screen; not clerks or other screens.
    admin = hall.login("admin")
    monitor = ok(admin.post("/api/v1/devices", {"name": "管理大屏", "kind": "monitor"}))

    assert (
        ok(ApiClient(hall.base_url, device_token=monitor["token"]).get("/api/v1/stats/today"))["issued"] == 5
    )
    refused(clerk.get("/api/v1/stats/today"), 403, "forbidden")
    refused(hall.display().get("/api/v1/stats/today"), 403, "forbidden")


def test_rectification_stages(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    clerk = hall.clerk("01")
    rated = []
    for level in (1, 4, 2):
        ticket = ok(kiosk.issue("A"))
        ok(clerk.act("01", "call_next"))
        ok(clerk.act("01", "start"))
        ok(clerk.act("01", "finish"))
        rated.append((_rate(clerk, "01", level, ticket["id"]), ticket))
    _rate(clerk, "01", None)  # not rated: no rectification

    manager = hall.login("manager")
    listed = ok(manager.get("/api/v1/rectifications"))["rectifications"]
    # Only the 差评 (levels 1–2), newest first, each at its first stage since the day it came in.
    assert [r["rating_id"] for r in listed] == [rated[2][0]["id"], rated[0][0]["id"]]
    first = listed[1]
    assert first["stage"] == "verify" and first["stage_label"] == "核实" and first["history"] == []
    assert first["ticket_number"] == rated[0][1]["number"] and first["level"] == 1
    assert first["reasons"] == ["long_wait"] and first["overdue"] is False
    assert first["clerk"] == "clerk01显示名"  # who served the applicant
    assert date.fromisoformat(first["deadline"]) >= date.fromisoformat(first["stage_started_on"])

    rating_id = first["rating_id"]
    path = f"/api/v1/rectifications/{rating_id}/advance"
    step = ok(manager.post(path, {"request_id": "adv-1", "note": "已调取录像核实", "stage": "verify"}))
    assert step["stage"] == "rectify" and step["history"][0]["note"] == "已调取录像核实"
    assert (
        ok(manager.post(path, {"request_id": "adv-1", "note": "已调取录像核实", "stage": "verify"})) == step
    )
    # A second manager screen still showing "verify" is told it moved on; nothing changes.
    error = refused(manager.post(path, {"request_id": "adv-2", "note": "重复", "stage": "verify"}), 409)
    assert error["code"] == "stale_stage"
    refused(manager.post(path, {"request_id": "adv-3", "note": ""}), 422, "validation")
    refused(clerk.post(path, {"request_id": "adv-4", "note": "我来"}), 403, "forbidden")
    ok(manager.post(path, {"request_id": "adv-5", "note": "窗口增开，分流"}))
    closed = ok(manager.post(path, {"request_id": "adv-6", "note": "已电话回访申请人"}))
    assert closed["stage"] == "closed" and closed["deadline"] is None and closed["overdue"] is False
    assert [h["to_stage"] for h in closed["history"]] == ["rectify", "feed_back", "closed"]
    refused(manager.post(path, {"request_id": "adv-7", "note": "再推进"}), 409, "rectification_closed")

    # A good rating or an unknown id has no rectification.
    good = rated[1][0]["id"]
    refused(manager.post(f"/api/v1/rectifications/{good}/advance", {"request_id": "g", "note": "x"}), 404)
    refused(manager.post("/api/v1/rectifications/99999999/advance", {"request_id": "u", "note": "x"}), 404)

    open_ids = [r["rating_id"] for r in ok(manager.get("/api/v1/rectifications"))["rectifications"]]
    assert open_ids == [rated[2][0]["id"]]
    every = ok(manager.get("/api/v1/rectifications", status="all"))["rectifications"]
    assert {r["rating_id"]: r["stage"] for r in every} == {rating_id: "closed", rated[2][0]["id"]: "verify"}

    # The monitor follows the stages live.
    events = ok(hall.display().get("/api/v1/events", since=0, timeout=0))["events"]
    moves = [e["data"]["to_stage"] for e in events if e["type"] == "rectification_advanced"]
    assert moves == ["rectify", "feed_back", "closed"]


def test_rectification_overdue(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    clerk = hall.clerk("01")
    ticket = ok(kiosk.issue("A"))
    ok(clerk.act("01", "call_next"))
    ok(clerk.act("01", "start"))
    ok(clerk.act("01", "finish"))
    rating = _rate(clerk, "01", 1, ticket["id"])
    _backdate_rating(hall, rating["id"], days=30)
    listed = ok(hall.login("manager").get("/api/v1/rectifications"))["rectifications"]
    assert listed[0]["rating_id"] == rating["id"] and listed[0]["overdue"] is True


def _backdate_rating(hall: HallFixture, rating_id: int, *, days: int) -> None:
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import Rating

    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            rating = session.get(Rating, rating_id)
            assert rating is not None
            session.execute(
                update(Rating)
                .where(Rating.id == rating_id)
                .values(recorded_at=rating.recorded_at - timedelta(days=days))
            )
    finally:
        db.dispose()
