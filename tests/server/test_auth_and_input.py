"""Sign-in, throttling, token expiry, hall scoping, and bad input that must give a clear 4xx."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import requests
from argon2 import PasswordHasher

from tests.server.conftest import HallFixture
from tests.serverproc import DEMO_PASSWORD, ApiClient


def error_of(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "params"}
    assert body["error"]["message"]
    return body["error"]


def login_raw(hall: HallFixture, username: str, password: str, **extra: object) -> requests.Response:
    body = {"username": username, "password": password, **extra}
    return requests.post(hall.base_url + "/api/v1/auth/login", json=body, timeout=30)


def test_login_answer_and_offline_verifier(hall: HallFixture) -> None:
    response = login_raw(hall, hall.user("clerk04"), DEMO_PASSWORD, window_no="04", device_id="PC-04")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["role"] == "clerk" and body["user"]["hall_code"] == hall.code
    assert body["window"] == {"no": "04", "name": "04号窗口", "services": ["B"]}
    verifier = body["offline_verifier"]
    assert verifier["algorithm"] == "argon2id"
    assert PasswordHasher().verify(verifier["hash"], DEMO_PASSWORD)
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)
    health = requests.get(hall.base_url + "/api/v1/health", timeout=10).json()
    assert health["status"] == "ok" and health["epoch"]
    assert datetime.fromisoformat(health["server_time"]).utcoffset() == timedelta(hours=8)


def test_wrong_credentials_and_throttle(hall: HallFixture) -> None:
    username = hall.user("clerk02")
    error = error_of(login_raw(hall, username, "wrong-password"), 401)
    assert error["code"] == "auth" and "密码" in error["message"]
    error_of(login_raw(hall, "nobody-" + hall.code, "whatever"), 401)
    for _ in range(4):
        error_of(login_raw(hall, username, "wrong-password"), 401)
    throttled = login_raw(hall, username, DEMO_PASSWORD)  # even the right password waits now
    error = error_of(throttled, 429)
    assert error["code"] == "throttled"
    assert 0 < int(throttled.headers["Retry-After"]) <= 600
    # Another user from the same client is not affected.
    assert login_raw(hall, hall.user("clerk03"), DEMO_PASSWORD).status_code == 200


def test_unknown_window_at_login(hall: HallFixture) -> None:
    error_of(login_raw(hall, hall.user("clerk01"), DEMO_PASSWORD, window_no="77"), 404)


def test_tokens_missing_bad_expired_revoked(hall: HallFixture) -> None:
    anonymous = ApiClient(hall.base_url)
    assert error_of(anonymous.get("/api/v1/hall"), 401)["code"] == "auth"
    error_of(ApiClient(hall.base_url, token="not-a-token").get("/api/v1/hall"), 401)
    error_of(ApiClient(hall.base_url, device_token="not-a-device").get("/api/v1/hall"), 401)
    raw = requests.get(hall.base_url + "/api/v1/hall", headers={"Authorization": "Basic abc"}, timeout=10)
    error_of(raw, 401)

    clerk = hall.clerk("01")
    # Expired before its first use (a token the server has verified is trusted for a few seconds
    # of reads; see test_token_revoked_elsewhere_stops_writes_at_once).
    _expire_tokens(hall, clerk.login_body["token"])
    assert error_of(clerk.get("/api/v1/hall"), 401)["code"] == "auth_expired"
    assert error_of(clerk.act("01", "call_next"), 401)["code"] == "auth_expired"

    other = hall.clerk("02")
    assert other.post("/api/v1/auth/logout").status_code == 200
    error_of(other.get("/api/v1/hall"), 401)
    snapshot = hall.login("manager").get("/api/v1/hall/snapshot").json()
    assert next(w for w in snapshot["windows"] if w["no"] == "02")["state"] == "offline"


def test_token_revoked_elsewhere_stops_writes_at_once(hall: HallFixture) -> None:
    """A sign-in revoked by another server process (here: straight in the database) can write
    nothing more at once, and stops reading within the auth cache's few seconds."""
    clerk = hall.clerk("01")
    assert clerk.get("/api/v1/hall").status_code == 200  # now verified and cached
    hall.kiosk().issue("A").raise_for_status()
    _revoke_tokens(hall, clerk.login_body["token"])
    assert error_of(clerk.act("01", "call_next"), 401)["code"] == "auth"
    deadline = time.monotonic() + 30
    while clerk.get("/api/v1/hall").status_code == 200:
        assert time.monotonic() < deadline, "a revoked token kept reading"
        time.sleep(0.5)
    error_of(clerk.get("/api/v1/hall"), 401)
    waiting = hall.login("manager").get("/api/v1/hall/snapshot").json()["services"][0]["waiting"]
    assert waiting == 1  # the refused call_next called nobody


def test_device_withdrawn_elsewhere_issues_nothing(hall: HallFixture) -> None:
    """A kiosk withdrawn by another process is refused at once, and its refused ticket takes no
    number: the next kiosk's ticket gets the one that would have been used."""
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import Device
    from hallclient.server.security import token_digest

    kiosk = hall.kiosk()
    first = kiosk.issue("A")
    assert first.status_code == 200, first.text
    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            session.execute(
                update(Device)
                .where(Device.token_hash == token_digest(hall.kiosk_token))
                .values(revoked_at=datetime.now(UTC))
            )
    finally:
        db.dispose()
    assert error_of(kiosk.issue("A"), 401)["code"] == "auth"
    clerk = hall.clerk("01")
    walk_in = clerk.issue("A")
    assert walk_in.status_code == 200, walk_in.text
    assert walk_in.json()["number"] == f"A{int(first.json()['number'][1:]) + 1:03d}"


def _revoke_tokens(hall: HallFixture, token: str) -> None:
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import AuthToken
    from hallclient.server.security import token_digest

    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            session.execute(
                update(AuthToken)
                .where(AuthToken.token_hash == token_digest(token))
                .values(revoked_at=datetime.now(UTC))
            )
    finally:
        db.dispose()


def _expire_tokens(hall: HallFixture, token: str) -> None:
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import AuthToken
    from hallclient.server.security import token_digest

    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            session.execute(
                update(AuthToken)
                .where(AuthToken.token_hash == token_digest(token))
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
    finally:
        db.dispose()


def test_every_request_is_scoped_to_its_hall(hall: HallFixture, server: object, password_hash: str) -> None:
    from tests.server.conftest import create_hall

    other = create_hall(server.database_url, server.base_url, password_hash)  # type: ignore[attr-defined]
    mine = hall.kiosk().issue("A").json()
    stranger = other.clerk("01")
    error_of(stranger.get(f"/api/v1/tickets/{mine['id']}"), 404)
    assert stranger.act("01", "call_next").json()["ticket"] is None  # my hall's ticket is not theirs
    error_of(stranger.act("01", "call", ticket_id=mine["id"]), 404)
    assert stranger.get("/api/v1/hall").json()["code"] == other.code
    assert hall.kiosk().get(f"/api/v1/tickets/{mine['id']}").json()["state"] == "waiting"


def test_devices_register_and_their_limits(hall: HallFixture) -> None:
    admin = hall.login("admin")
    created = admin.post("/api/v1/devices", {"name": "2号取号机", "kind": "kiosk"})
    assert created.status_code == 200, created.text
    kiosk = ApiClient(hall.base_url, device_token=created.json()["token"])
    assert kiosk.issue("A").status_code == 200
    error_of(hall.clerk("01").post("/api/v1/devices", {"name": "x", "kind": "kiosk"}), 403)
    error_of(admin.post("/api/v1/devices", {"name": "x", "kind": "kiosk", "window_no": "88"}), 404)
    error_of(hall.display().issue("A"), 403)  # a display shows, it does not issue


BAD_BODIES = [
    ("/api/v1/tickets", {"service": "A"}),  # no request_id
    ("/api/v1/tickets", {"service": "A", "request_id": "r", "green_channel": "maybe"}),
    ("/api/v1/tickets", {"service": "A", "request_id": "r", "unexpected": 1}),
    ("/api/v1/tickets", {"service": "A\x00", "request_id": "r"}),
    ("/api/v1/tickets", {"service": "A", "request_id": "r" * 500}),
    ("/api/v1/tickets", {"service": "A", "request_id": "r", "source": "teleport"}),
    (
        "/api/v1/tickets",
        {"service": "A", "request_id": "r", "appointment_id": "x\x00y", "source": "appointment"},
    ),
    ("/api/v1/tickets", ["not", "an", "object"]),
    ("/api/v1/windows/01/actions/call", {"request_id": "r", "ticket_id": 10**30}),
    ("/api/v1/windows/01/actions/call", {"request_id": "r", "ticket_id": -1}),
    ("/api/v1/windows/01/actions/transfer", {"request_id": "r", "to_service": "B", "note": "x" * 5000}),
    ("/api/v1/windows/01/actions/fly", {"request_id": "r"}),
    ("/api/v1/windows/01/actions/call_next", {}),
    ("/api/v1/ratings", {"request_id": "r", "window_no": "01", "level": 3}),  # no rated_at
]


def test_bad_bodies_get_422_and_write_nothing(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    before = clerk.get("/api/v1/hall/snapshot").json()["seq"]
    for path, body in BAD_BODIES:
        response = clerk.post(path, body)
        error = error_of(response, 422)
        assert error["code"] == "validation", (path, body, error)
    garbage = clerk.session.post(
        hall.base_url + "/api/v1/tickets",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    error_of(garbage, 422)
    assert clerk.get("/api/v1/hall/snapshot").json()["seq"] == before  # nothing was written
    assert clerk.issue("A").json()["number"] == "A001"  # no number was used up


def test_bad_paths_and_queries_are_4xx(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    error_of(clerk.get("/api/v1/tickets/abc"), 422)
    error_of(clerk.get("/api/v1/tickets/0"), 422)
    error_of(clerk.get(f"/api/v1/tickets/{10**20}"), 422)
    error_of(clerk.get("/api/v1/events", since=-1), 422)
    error_of(clerk.get("/api/v1/events", timeout=99), 422)
    error_of(clerk.get("/api/v1/events", since="x"), 422)
    error_of(clerk.act("99", "call_next"), 404)
    error_of(clerk.act("0 1", "call_next"), 422)
    error_of(clerk.get("/api/v1/nowhere"), 404)
    error_of(clerk.session.delete(hall.base_url + "/api/v1/tickets", timeout=10), 405)


def test_openapi_is_complete(hall: HallFixture) -> None:
    spec = requests.get(hall.base_url + "/openapi.json", timeout=10).json()
    paths = spec["paths"]
    for path in [
        "/api/v1/health",
        "/api/v1/auth/login",
        "/api/v1/hall",
        "/api/v1/hall/snapshot",
        "/api/v1/events",
        "/api/v1/tickets",
        "/api/v1/tickets/{ticket_id}",
        "/api/v1/windows/{window_no}/actions/{action}",
        "/api/v1/ratings",
        "/api/v1/catalog",
        "/api/v1/calendar",
        "/api/v1/reasons",
        "/t/{public_token}",
    ]:
        assert path in paths, path
    action = paths["/api/v1/windows/{window_no}/actions/{action}"]["post"]
    assert "$ref" in action["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"409", "422", "403"} <= set(action["responses"])
    assert requests.get(hall.base_url + "/docs", timeout=10).status_code == 200
