"""Sign-in edge cases: writes of the auth routes re-check the sign-in, a disabled account takes as
long to refuse as a wrong password, and over-long input is refused like any other wrong input."""

from __future__ import annotations

import requests

from tests.server.conftest import HallFixture
from tests.server.test_auth_and_input import _revoke_tokens, error_of, login_raw


def test_revoked_admin_registers_no_device(hall: HallFixture) -> None:
    """An admin's sign-in revoked through another process (here: straight in the database) must
    not mint a device token, a credential that outlives every sign-in, during the seconds its
    token stays in the first process's auth cache."""
    admin = hall.login("admin")
    assert admin.get("/api/v1/hall").status_code == 200  # verified and cached now
    _revoke_tokens(hall, admin.login_body["token"])
    refused = admin.post("/api/v1/devices", {"name": "偷偷登记的取号机", "kind": "kiosk"})
    assert error_of(refused, 401)["code"] == "auth"


def test_disabled_admin_registers_no_device(hall: HallFixture) -> None:
    from sqlalchemy import update

    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.models import User

    admin = hall.login("admin")
    assert admin.get("/api/v1/hall").status_code == 200
    db = Database(ServerConfig(database_url=hall.database_url))
    try:
        with db.write() as session:
            session.execute(update(User).where(User.username == hall.user("admin")).values(active=False))
    finally:
        db.dispose()
    error_of(admin.post("/api/v1/devices", {"name": "取号机", "kind": "kiosk"}), 401)


def test_over_long_username_is_a_wrong_username(hall: HallFixture) -> None:
    """Usernames are at most 64 characters in the database; a longer one (the body allows 100) is
    simply unknown, on PostgreSQL too, and counts towards its own throttle."""
    username = hall.code + "x" * 90
    for _ in range(5):
        error = error_of(login_raw(hall, username, "wrong"), 401)
        assert error["code"] == "auth"
    assert error_of(login_raw(hall, username, "wrong"), 429)["code"] == "throttled"
    assert login_raw(hall, hall.user("clerk01"), "demo1234").status_code == 200


def test_public_page_answers_a_mangled_address_with_its_own_page(hall: HallFixture) -> None:
    """The QR code's page is read in a phone's browser: an address cut short, run on or read with a
    stray character gets the page's "not found", in HTML, not a JSON validation error."""
    token = hall.kiosk().issue("A").json()["public_token"]
    for path in [f"/t/{token}%20", f"/t/{token}{token}{token}", "/t/%E4%BA%8C", f"/t/{token}.", "/t/%00"]:
        response = requests.get(hall.base_url + path, timeout=10)
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"].startswith("text/html")
        assert "未找到此排队号" in response.text
    assert "等候中" in requests.get(hall.base_url + f"/t/{token}", timeout=10).text
