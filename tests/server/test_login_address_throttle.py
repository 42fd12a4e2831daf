"""Failed sign-ins counted per client address across all usernames: one address trying a password
against every username of the hall (password spraying) is throttled too, by the count every server
process keeps in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests

from hallclient.server.config import ServerConfig
from tests.server.conftest import HallFixture
from tests.server.test_auth_and_input import error_of
from tests.serverproc import DEMO_PASSWORD

_DEFAULTS = ServerConfig(database_url="unused")
LIMIT = _DEFAULTS.login_max_failures_per_client
WINDOW = _DEFAULTS.login_failure_window


def login_from(hall: HallFixture, address: str, username: str, password: str) -> requests.Response:
    """Sign in as if from another machine: the test server trusts X-Forwarded-For from 127.0.0.1
    (uvicorn's default), as it would a reverse proxy on the server machine."""
    return requests.post(
        hall.base_url + "/api/v1/auth/login",
        json={"username": username, "password": password},
        headers={"X-Forwarded-For": address},
        timeout=30,
    )


def _record_failures(hall: HallFixture, address: str, count: int, *, age: timedelta) -> None:
    """Failed sign-ins from the address, one per made-up username, as other server processes record
    them (a real failed sign-in costs an argon2 check: a hundred would take most of a minute)."""
    from hallclient.server.db import Database
    from hallclient.server.security import record_login_failure

    db = Database(ServerConfig(database_url=hall.database_url))
    at = datetime.now(UTC) - age
    try:
        with db.write() as session:
            for i in range(count):
                record_login_failure(session, username=f"spray{i}-{hall.code}", client=address, now=at)
    finally:
        db.dispose()


def test_one_address_failing_across_usernames_is_throttled(hall: HallFixture) -> None:
    assert _DEFAULTS.login_max_failures < LIMIT
    address = "198.51.100.7"
    _record_failures(hall, address, 20, age=WINDOW + timedelta(minutes=1))  # too old to count
    _record_failures(hall, address, LIMIT - 3, age=timedelta(seconds=5))
    error_of(login_from(hall, address, hall.user("clerk01"), "wrong-password"), 401)
    # A successful sign-in takes its own username's typo out of the count, and only that.
    assert login_from(hall, address, hall.user("clerk01"), DEMO_PASSWORD).status_code == 200
    error_of(login_from(hall, address, "nobody-" + hall.code, "wrong-password"), 401)
    error_of(login_from(hall, address, hall.user("clerk04"), "wrong-password"), 401)
    assert login_from(hall, address, hall.user("clerk02"), DEMO_PASSWORD).status_code == 200
    error_of(login_from(hall, address, hall.user("clerk05"), "wrong-password"), 401)  # the limit-th

    # Every username from this address waits now, whether it exists or not, and even with the right
    # password: clerk01's and clerk02's successes left the other usernames' failures counted.
    for username, password in [
        (hall.user("clerk03"), DEMO_PASSWORD),
        (hall.user("clerk01"), DEMO_PASSWORD),
        ("nobody-else-" + hall.code, "wrong-password"),
    ]:
        refused = login_from(hall, address, username, password)
        error = error_of(refused, 429)
        assert error["code"] == "throttled" and "网络地址" in error["message"], username
        retry_after = int(refused.headers["Retry-After"])
        assert 0 < retry_after <= WINDOW.total_seconds()
        assert error["params"]["retry_after"] == retry_after
    # Another address is not affected.
    assert login_from(hall, "198.51.100.8", hall.user("clerk03"), DEMO_PASSWORD).status_code == 200
