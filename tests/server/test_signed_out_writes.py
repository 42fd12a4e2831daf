"""A sign-in ended elsewhere (another server process, the admin command, straight in the database)
writes nothing more, even while its token is still in this process's auth cache, and a clerk
whose window was taken over no longer records at it; real server on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import requests

from tests.server.conftest import HallFixture, catalog_for, put_catalog
from tests.server.pushkit import push_raw, rating_payload
from tests.server.test_auth_and_input import _revoke_tokens, error_of
from tests.server.test_queue_actions import ok, refused
from tests.server.test_rating_rules import _rating, _ratings_of, _served
from tests.serverproc import ApiClient


def _put_calendar(client: ApiClient, body: object) -> requests.Response:
    return client.session.put(client.base_url + "/api/v1/calendar", json=body, timeout=30)


def _disable(hall: HallFixture, name: str) -> None:
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import User

    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            session.execute(update(User).where(User.username == hall.user(name)).values(active=False))
    finally:
        db.dispose()


def test_revoked_admin_replaces_neither_catalog_nor_calendar(hall: HallFixture) -> None:
    admin = hall.login("admin")
    ok(put_catalog(admin, catalog_for(hall, "2026.1.1")))
    ok(_put_calendar(admin, {"holidays": ["2026-10-09"], "workdays": []}))
    _revoke_tokens(hall, admin.login_body["token"])  # cached still: it was used just now

    assert error_of(put_catalog(admin, catalog_for(hall, "2026.2.2")), 401)["code"] == "auth"
    assert error_of(_put_calendar(admin, {"holidays": [], "workdays": ["2026-10-10"]}), 401)["code"] == "auth"

    reader = hall.login("manager")
    assert ok(reader.get("/api/v1/catalog"))["catalog_version"] == "2026.1.1"
    assert ok(reader.get("/api/v1/calendar")) == {"holidays": ["2026-10-09"], "workdays": [], "years": []}


def test_disabled_admin_replaces_neither_catalog_nor_calendar(hall: HallFixture) -> None:
    admin = hall.login("admin")
    ok(_put_calendar(admin, {"holidays": ["2026-10-09"], "workdays": []}))
    _disable(hall, "admin")

    error_of(put_catalog(admin, catalog_for(hall, "2026.3.3")), 401)
    error_of(_put_calendar(admin, {"holidays": [], "workdays": []}), 401)

    reader = hall.login("manager")
    assert ok(reader.get("/api/v1/catalog")).get("catalog_version") != "2026.3.3"
    assert ok(reader.get("/api/v1/calendar"))["holidays"] == ["2026-10-09"]


def test_a_clerk_whose_window_was_taken_over_records_no_ratings_there(hall: HallFixture) -> None:
    first = hall.clerk("01")
    served = _served(hall, first, "01")
    second = hall.login("clerk02", "01")  # the next shift takes window 01

    refused(first.post("/api/v1/ratings", _rating("01", served["id"])), 403, "forbidden")
    refused(first.post("/api/v1/ratings", _rating("01", None)), 403, "forbidden")
    assert _ratings_of(hall, served["id"]) == []
    # The window's clerk now records the rating, about the clerk who served the applicant.
    ok(second.post("/api/v1/ratings", _rating("01", served["id"])))
    assert _ratings_of(hall, served["id"]) == [("01", hall.user("clerk01"))]


def _window(hall: HallFixture, window_no: str) -> dict:
    snapshot = ok(hall.login("manager").get("/api/v1/hall/snapshot"))
    return next(w for w in snapshot["windows"] if w["no"] == window_no)


def test_a_token_revoked_elsewhere_does_not_sign_its_window_out(hall: HallFixture) -> None:
    """Signing out with a token already revoked is already done: the window is left as the sign-in
    that revoked it left it, not taken offline by a token that no longer counts."""
    clerk = hall.clerk("01")
    before = _window(hall, "01")
    assert before["state"] != "offline"
    assert clerk.get("/api/v1/hall").status_code == 200  # verified and cached now
    _revoke_tokens(hall, clerk.login_body["token"])

    assert ok(clerk.post("/api/v1/auth/logout"))["signed_out"] is True
    after = _window(hall, "01")
    assert (after["state"], after["clerk"]) == (before["state"], before["clerk"])


def test_logout_signs_the_window_out_and_ends_the_token(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    assert ok(clerk.post("/api/v1/auth/logout"))["signed_out"] is True
    assert _window(hall, "01")["state"] == "offline"
    error_of(clerk.get("/api/v1/hall"), 401)


def test_a_push_from_a_sign_in_ended_elsewhere_is_refused_whole(hall: HallFixture) -> None:
    """Sync push is a write like any other: a clerk disabled, or a token revoked, through another
    process pushes nothing more though the token is still cached here; the counter keeps its
    outbox and sends it again under a valid sign-in."""
    clerk = hall.clerk("01")
    served = _served(hall, clerk, "01")
    rating = rating_payload("01", hall.user("clerk01"), served["id"])
    ok(clerk.get("/api/v1/hall"))  # the sign-in is in this process's cache now
    _revoke_tokens(hall, clerk.login_body["token"])

    body = {
        "client_id": f"test-{uuid.uuid4().hex[:12]}",
        "mutations": [{"mutation_id": 1, "name": "rating.record", "version": 1, "payload": rating}],
    }
    assert error_of(push_raw(clerk, body), 401)["code"] == "auth"
    assert _ratings_of(hall, served["id"]) == []
    # The next sign-in sends the same batch, and it is applied once.
    again = push_raw(hall.clerk("01"), body)
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "applied"
    assert _ratings_of(hall, served["id"]) == [("01", hall.user("clerk01"))]
