"""Sign-in under load and over time: the failure limit holds for parallel attempts across server
processes, stored password hashes follow the hasher's parameters, a clerk moving to another window
leaves the first one visibly, and the manual-ticket list's day must be a real date."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from argon2 import PasswordHasher
from sqlalchemy import select, update

from hallclient.server.config import ServerConfig
from hallclient.server.db import Database
from hallclient.server.models import LoginFailure, User
from tests.server.conftest import HallFixture
from tests.server.test_auth_and_input import error_of
from tests.serverproc import DEMO_PASSWORD, ApiClient, ServerProcess, start_server

_DEFAULTS = ServerConfig(database_url="unused")
LIMIT = _DEFAULTS.login_max_failures
WINDOW = _DEFAULTS.login_failure_window


@pytest.fixture
def second_server(hall: HallFixture, tmp_path: Path) -> Iterator[ServerProcess]:
    """Another server process on the hall's database, as a hall running several has."""
    process = start_server(hall.database_url, home=tmp_path / "second")
    yield process
    process.stop()


def _login_from(base_url: str, address: str, username: str, password: str) -> requests.Response:
    # The test servers trust X-Forwarded-For from 127.0.0.1, as they would a reverse proxy on the
    # server machine: an address of its own keeps this test's failures out of other tests' counts.
    return requests.post(
        base_url + "/api/v1/auth/login",
        json={"username": username, "password": password},
        headers={"X-Forwarded-For": address},
        timeout=60,
    )


def _address() -> str:
    # Other tests fail sign-ins from addresses of 198.51.100.0/24 into the same database.
    return f"192.0.2.{uuid.uuid4().int % 254 + 1}"


def _database(hall: HallFixture) -> Database:
    return Database(ServerConfig(database_url=hall.database_url))


def test_parallel_wrong_passwords_across_processes_stop_at_the_limit(
    hall: HallFixture, second_server: ServerProcess
) -> None:
    username = hall.user("clerk06")
    address = _address()
    attempts = 32
    start = threading.Barrier(attempts)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(i: int) -> None:
        base_url = (hall.base_url, second_server.base_url)[i % 2]
        start.wait(timeout=30)
        status = _login_from(base_url, address, username, "wrong-password").status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts = Counter(statuses)
    assert sum(counts.values()) == attempts
    # Exactly the limit got a password check; every other attempt was refused before one.
    assert counts == {401: LIMIT, 429: attempts - LIMIT}, counts

    db = _database(hall)
    try:
        with db.read() as session:
            stored = session.scalars(
                select(LoginFailure).where(LoginFailure.username == username, LoginFailure.client == address)
            ).all()
        assert len(stored) == LIMIT
        # The right password waits too, on either process, until the window has passed.
        for base_url in (hall.base_url, second_server.base_url):
            error = error_of(_login_from(base_url, address, username, DEMO_PASSWORD), 429)
            assert error["code"] == "throttled"
        with db.write() as session:
            for failure in session.scalars(
                select(LoginFailure).where(LoginFailure.username == username, LoginFailure.client == address)
            ):
                failure.at -= WINDOW
    finally:
        db.dispose()
    assert _login_from(second_server.base_url, address, username, DEMO_PASSWORD).status_code == 200


def test_a_correct_password_then_refused_for_its_window_does_not_count_as_a_failure(
    hall: HallFixture,
) -> None:
    address = _address()
    username = hall.user("clerk07")
    body = {"username": username, "password": DEMO_PASSWORD, "window_no": "77"}
    for _ in range(LIMIT + 2):
        response = requests.post(
            hall.base_url + "/api/v1/auth/login", json=body, headers={"X-Forwarded-For": address}, timeout=30
        )
        assert error_of(response, 404)["code"] == "not_found"
    assert _login_from(hall.base_url, address, username, DEMO_PASSWORD).status_code == 200


def _stored_hash(hall: HallFixture, username: str) -> str:
    db = _database(hall)
    try:
        with db.read() as session:
            return session.execute(select(User.password_hash).where(User.username == username)).scalar_one()
    finally:
        db.dispose()


def test_a_hash_made_with_weaker_parameters_is_replaced_at_sign_in(hall: HallFixture) -> None:
    username = hall.user("clerk08")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(DEMO_PASSWORD)
    current = PasswordHasher()
    assert current.check_needs_rehash(weak)
    db = _database(hall)
    try:
        with db.write() as session:
            session.execute(update(User).where(User.username == username).values(password_hash=weak))
    finally:
        db.dispose()

    # A wrong password proves nothing: the weak hash stays.
    error_of(
        requests.post(
            hall.base_url + "/api/v1/auth/login",
            json={"username": username, "password": "wrong-password"},
            timeout=30,
        ),
        401,
    )
    assert _stored_hash(hall, username) == weak

    hall.login("clerk08")
    renewed = _stored_hash(hall, username)
    assert renewed != weak and not current.check_needs_rehash(renewed)
    assert current.verify(renewed, DEMO_PASSWORD)
    hall.login("clerk08")  # the new hash works, and is kept as it is
    assert _stored_hash(hall, username) == renewed


def _events_after(follower: ApiClient, since: int, count: int) -> list[dict]:
    """The next ``count`` events of the feed, as a follower long-polling for them sees them."""
    events: list[dict] = []
    deadline = time.monotonic() + 30
    while len(events) < count and time.monotonic() < deadline:
        page = follower.get("/api/v1/events", since=since, timeout=2).json()
        events += page["events"]
        since = page["last_seq"]
    assert len(events) >= count, events
    return events


def test_signing_in_at_another_window_signs_out_of_the_first_in_the_feed(hall: HallFixture) -> None:
    display = hall.display()
    hall.login("clerk01", "01")
    (signed_in,) = _events_after(display, 0, 1)

    moved = hall.login("clerk01", "03")  # the same account, from another counter PC
    events = _events_after(display, signed_in["seq"], 2)
    assert [(e["type"], e["data"]["window_no"]) for e in events] == [
        ("clerk_signed_out", "01"),
        ("clerk_signed_in", "03"),
    ]
    assert events[1]["data"]["left_windows"] == ["01"]
    windows = {w["no"]: w for w in moved.get("/api/v1/hall/snapshot").json()["windows"]}
    assert windows["01"]["state"] == "offline" and windows["03"]["state"] == "idle"

    # The same event as an explicit sign-out from that window.
    since = events[-1]["seq"]
    assert moved.post("/api/v1/auth/logout").status_code == 200
    (explicit,) = _events_after(display, since, 1)
    assert explicit["type"] == "clerk_signed_out" and explicit["data"]["window_no"] == "03"
    assert set(explicit["data"]) == set(events[0]["data"])
    assert events[0]["data"] == {"window_no": "01", "window_name": "01号窗口"}


@pytest.mark.parametrize(
    "day", ["0", "86400", "1767225600", "1700000000", "20260301", "2026-02-30", "2026-3-1", "today", ""]
)
def test_manual_tickets_day_must_be_an_iso_date(hall: HallFixture, day: str) -> None:
    manager = hall.login("manager")
    response = manager.session.get(
        hall.base_url + "/api/v1/sync/manual-tickets", params={"day": day}, timeout=30
    )
    error = error_of(response, 422)
    assert error["code"] == "validation" and error["params"]["field"] == "day", error
    assert error["params"]["errors"][0]["field"] == "day"


def test_manual_tickets_day_as_an_iso_date_is_taken(hall: HallFixture) -> None:
    manager = hall.login("manager")
    today = datetime.now(UTC).date().isoformat()
    response = manager.session.get(
        hall.base_url + "/api/v1/sync/manual-tickets", params={"day": today}, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.json() == []
