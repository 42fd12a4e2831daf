"""Security review of the central server, with real requests against a real server process
(SQLite, and PostgreSQL when HALLCLIENT_TEST_PG is set): hall scoping, roles, tokens, the login
throttle and its client address, the public pages, error messages, password hashing, CORS."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.server.conftest import HallFixture, create_hall
from tests.server.pushkit import SYNC_HEADERS, push_one, push_raw
from tests.serverproc import DEMO_PASSWORD, ApiClient, ServerProcess, start_server

NOW = datetime.now().astimezone().isoformat()
APPLICANT = {"name": "王秘密", "id_number": "11010519491231002X", "phone": "13812345678"}


def error_of(response: requests.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "params"}
    return dict(body["error"])


def login_raw(base_url: str, username: str, password: str, **headers: str) -> requests.Response:
    return requests.post(
        base_url + "/api/v1/auth/login",
        json={"username": username, "password": password},
        headers=headers,
        timeout=30,
    )


def device(hall: HallFixture, kind: str, window_no: str | None = None) -> ApiClient:
    body = {"name": f"{kind} {uuid.uuid4().hex[:6]}", "kind": kind, "window_no": window_no}
    answer = hall.login("admin").post("/api/v1/devices", body)
    assert answer.status_code == 200, answer.text
    return ApiClient(hall.base_url, device_token=answer.json()["token"])


def served_ticket(hall: HallFixture, clerk: ApiClient, window_no: str) -> dict[str, Any]:
    """A ticket of ``hall`` called, served and finished at ``window_no``."""
    hall.kiosk().issue("A").raise_for_status()
    ticket = clerk.act(window_no, "call_next").json()["ticket"]
    for action in ("start", "finish"):
        clerk.act(window_no, action, ticket_id=ticket["id"]).raise_for_status()
    return dict(ticket)


def bad_rating(clerk: ApiClient, window_no: str, ticket_id: int) -> int:
    body = {
        "request_id": uuid.uuid4().hex,
        "window_no": window_no,
        "ticket_id": ticket_id,
        "level": 1,
        "reasons": [],
        "comment": "",
        "channel": "counter_pad",
        "rated_at": NOW,
    }
    answer = clerk.post("/api/v1/ratings", body)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["id"])


def sql_rows(database_url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql), params))
    finally:
        engine.dispose()


# --- every route scoped to the caller's hall -----------------------------------------------------


def test_no_route_reaches_another_halls_records(hall: HallFixture, password_hash: str) -> None:
    other = create_hall(hall.database_url, hall.base_url, password_hash)
    clerk = hall.clerk("01")
    ticket = served_ticket(hall, clerk, "01")
    waiting = hall.kiosk().issue("A").json()
    rating_id = bad_rating(clerk, "01", ticket["id"])
    case_id = str(uuid.uuid4())
    case = {"id": case_id, "case_no": f"{hall.code}-0001", "status": "accepted", "applicant": APPLICANT}
    assert push_one(clerk, "case.create", case)["status"] == "applied"

    for role in ("admin", "manager"):
        stranger = other.login(role)
        error_of(stranger.get(f"/api/v1/tickets/{waiting['id']}"), 404)
        assert stranger.get("/api/v1/tickets", number=waiting["number"]).status_code == 404
        cancel = {"request_id": uuid.uuid4().hex}
        error_of(stranger.post(f"/api/v1/tickets/{waiting['id']}/cancel", cancel), 404)
        advance = {"request_id": uuid.uuid4().hex, "note": "跨厅"}
        error_of(stranger.post(f"/api/v1/rectifications/{rating_id}/advance", advance), 404)
        listed = stranger.get("/api/v1/rectifications", status="all").json()["rectifications"]
        assert rating_id not in [r["rating_id"] for r in listed]
        stats = stranger.get("/api/v1/stats/today").json()
        assert (stats["issued"], stats["ratings"]) == (0, 0)
        assert stranger.get("/api/v1/catalog").json()["items"] == [{"code": other.code}]
        events = stranger.get("/api/v1/events", timeout=0).json()["events"]
        assert hall.code not in str(events) and ticket["number"] not in str(events)
    # The sync feed, with its protocol header.
    pulled = other.login("admin").session.get(
        other.base_url + "/api/v1/sync/pull", headers=SYNC_HEADERS, timeout=30
    )
    assert pulled.status_code == 200 and case_id not in pulled.text and "王秘密" not in pulled.text
    manual = other.login("manager").get("/api/v1/sync/manual-tickets").json()
    assert manual == []

    # A rating for another hall's ticket, at a window number both halls have; calling it.
    stranger_clerk = other.clerk("01")
    error_of(stranger_clerk.act("01", "call", ticket_id=waiting["id"]), 404)
    body = {
        "request_id": uuid.uuid4().hex,
        "window_no": "01",
        "ticket_id": ticket["id"],
        "level": 5,
        "reasons": [],
        "comment": "",
        "channel": "counter_pad",
        "rated_at": NOW,
    }
    assert stranger_clerk.post("/api/v1/ratings", body).status_code in (404, 422)
    # A case edit of another hall's case through sync.
    edit = push_one(stranger_clerk, "case.withdraw", {"id": case_id, "base_version": 1, "reason": "x"})
    assert edit["status"] != "applied" and "王秘密" not in str(edit)

    # Their calendar and catalog writes stay in their hall.
    other_admin = other.login("admin")
    put = other_admin.session.put(
        other.base_url + "/api/v1/calendar",
        json={"holidays": ["2031-01-02"], "workdays": [], "years": []},
        timeout=30,
    )
    assert put.status_code == 200, put.text
    mine = hall.login("admin").get("/api/v1/calendar").json()
    assert "2031-01-02" not in mine["holidays"]
    # Nothing of the above changed the first hall's ticket.
    assert hall.kiosk().get(f"/api/v1/tickets/{waiting['id']}").json()["state"] == "waiting"


# --- roles --------------------------------------------------------------------------------------


def test_roles_and_devices_reach_only_what_they_may(hall: HallFixture) -> None:
    monitor = device(hall, "monitor")
    kiosk, display = hall.kiosk(), hall.display()
    clerk = hall.clerk("01")
    ticket = served_ticket(hall, clerk, "01")
    rating_id = bad_rating(clerk, "01", ticket["id"])
    waiting = hall.login("manager").issue("B").json()  # issued by a manager, not a window

    admin_only = [
        ("PUT", "/api/v1/catalog", {"version": 1, "items": []}),
        ("PUT", "/api/v1/calendar", {"holidays": [], "workdays": [], "years": []}),
        ("POST", "/api/v1/devices", {"name": "x", "kind": "kiosk"}),
    ]
    manager_only = [
        ("POST", f"/api/v1/rectifications/{rating_id}/advance", {"request_id": "r1", "note": "n"}),
        ("POST", f"/api/v1/tickets/{waiting['id']}/cancel", {"request_id": "r2"}),
    ]
    manager_reads = ["/api/v1/stats/today", "/api/v1/rectifications", "/api/v1/sync/manual-tickets"]
    window_writes = [
        ("POST", "/api/v1/windows/01/actions/call_next", {"request_id": "r3"}),
        ("POST", "/api/v1/windows/01/actions/pause", {"request_id": "r4", "reason": "break"}),
    ]

    def send(client: ApiClient, method: str, path: str, body: object) -> requests.Response:
        return client.session.request(method, client.base_url + path, json=body, timeout=30)

    for who in (clerk, kiosk, display, monitor):
        for method, path, body in admin_only:
            assert send(who, method, path, body).status_code == 403, (who.session.headers, path)
    for who in (clerk, kiosk, display, monitor):
        for method, path, body in manager_only:
            assert send(who, method, path, body).status_code == 403, (who.session.headers, path)
    for who in (clerk, kiosk, display):
        for path in manager_reads:
            assert who.get(path).status_code == 403, (who.session.headers, path)
    for path in manager_reads:
        assert monitor.get(path).status_code == 200
    for who in (kiosk, display, monitor):
        for method, path, body in window_writes:
            assert send(who, method, path, body).status_code == 403
        assert who.post("/api/v1/auth/logout").status_code == 403
        rating = {
            "request_id": uuid.uuid4().hex,
            "window_no": "01",
            "level": 5,
            "reasons": [],
            "comment": "",
            "channel": "counter_pad",
            "rated_at": NOW,
        }
        assert who.post("/api/v1/ratings", rating).status_code == 403
    for who in (display, monitor):
        assert who.issue("A").status_code == 403
    # Reads a device needs.
    for who in (kiosk, display, monitor):
        assert who.get("/api/v1/hall").status_code == 200
        assert who.get("/api/v1/hall/snapshot").status_code == 200


def test_a_clerk_acts_only_for_the_window_signed_in_to(hall: HallFixture) -> None:
    first, second = hall.clerk("01"), hall.clerk("02")
    ticket = served_ticket(hall, second, "02")
    hall.kiosk().issue("A").raise_for_status()
    for action in ("call_next", "pause", "recall", "finish"):
        assert error_of(first.act("02", action, reason="break"), 403)["code"] == "forbidden"
    rating = {
        "request_id": uuid.uuid4().hex,
        "window_no": "02",
        "ticket_id": ticket["id"],
        "level": 5,
        "reasons": [],
        "comment": "",
        "channel": "counter_pad",
        "rated_at": NOW,
    }
    error_of(first.post("/api/v1/ratings", rating), 403)
    # Signed in without a window: no window at all.
    windowless = hall.login("clerk03")
    error_of(windowless.act("03", "call_next"), 403)
    # A ticket issued at window 02 is cancelled by window 02's clerk only.
    walk_in = second.issue("A").json()
    error_of(first.post(f"/api/v1/tickets/{walk_in['id']}/cancel", {"request_id": "c1"}), 403)
    assert second.post(f"/api/v1/tickets/{walk_in['id']}/cancel", {"request_id": "c1"}).status_code == 200


@pytest.mark.parametrize("kind", ["kiosk", "display", "monitor"])
def test_a_device_that_is_no_counter_writes_no_case(hall: HallFixture, kind: str) -> None:
    who = {"kiosk": hall.kiosk, "display": hall.display}.get(kind, lambda: device(hall, kind))()
    case = {"id": str(uuid.uuid4()), "case_no": f"{kind}-1", "status": "accepted", "applicant": APPLICANT}
    body = {
        "client_id": f"{kind}-{uuid.uuid4().hex[:8]}",
        "mutations": [{"mutation_id": 1, "name": "case.create", "version": 1, "payload": case}],
    }
    refused = push_raw(who, body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden", refused.text
    hello = who.session.get(hall.base_url + "/api/v1/sync/hello", headers=SYNC_HEADERS, timeout=30)
    assert hello.status_code == 403
    pulled = push_one(hall.clerk("01"), "case.create", {**case, "id": str(uuid.uuid4())})
    assert pulled["status"] == "applied"  # a counter's clerk still syncs


@pytest.mark.parametrize("kind", ["kiosk", "display"])
def test_a_kiosk_or_display_pulls_no_applicant(hall: HallFixture, kind: str) -> None:
    case = {"id": str(uuid.uuid4()), "case_no": "PRIV-1", "status": "accepted", "applicant": APPLICANT}
    assert push_one(hall.clerk("01"), "case.create", case)["status"] == "applied"
    who = hall.kiosk() if kind == "kiosk" else hall.display()
    pulled = who.session.get(hall.base_url + "/api/v1/sync/pull", headers=SYNC_HEADERS, timeout=30)
    assert pulled.status_code == 403
    assert "王秘密" not in pulled.text and case["id"] not in pulled.text


# --- tokens -------------------------------------------------------------------------------------


def test_tokens_are_long_random_and_stored_as_hashes_only(hall: HallFixture) -> None:
    tokens = [hall.login("manager").login_body["token"] for _ in range(3)]
    kiosk = hall.kiosk_token
    for token in [*tokens, kiosk]:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", token), token  # 256 bits of secrets.token_urlsafe
    assert len(set(tokens)) == 3
    stored = [
        value
        for table, column in (("auth_tokens", "token_hash"), ("devices", "token_hash"))
        for (value,) in sql_rows(hall.database_url, f"SELECT {column} FROM {table}")
    ]
    for token in [*tokens, kiosk]:
        assert token not in stored
    # No column of any sign-in table holds a token, as a whole or in part.
    for table in ("auth_tokens", "devices", "users", "login_failures"):
        for row in sql_rows(hall.database_url, f"SELECT * FROM {table}"):
            for token in [*tokens, kiosk]:
                assert token[:20] not in str(row)


def test_a_disabled_users_token_and_sign_in(hall: HallFixture, server: ServerProcess) -> None:
    from tests.serverproc import hallclient_server

    clerk = hall.clerk("04")
    assert clerk.get("/api/v1/hall").status_code == 200
    home = Path(server.log_path).parent
    hallclient_server("disable-user", "--db", hall.database_url, "--hall", hall.code,
                      "--username", hall.user("clerk04"), home=home)  # fmt: skip
    assert error_of(clerk.act("04", "call_next"), 401)["code"] == "auth"  # writes: at once
    deadline = time.monotonic() + 30
    while clerk.get("/api/v1/hall").status_code == 200:  # reads: within the cache's seconds
        assert time.monotonic() < deadline
        time.sleep(0.5)
    # Signing in as the disabled user says what a wrong password says, and no more.
    disabled = login_raw(hall.base_url, hall.user("clerk04"), DEMO_PASSWORD)
    wrong = login_raw(hall.base_url, hall.user("clerk05"), "not-the-password")
    unknown = login_raw(hall.base_url, "nobody-" + uuid.uuid4().hex[:8], DEMO_PASSWORD)
    assert disabled.status_code == wrong.status_code == unknown.status_code == 401
    assert disabled.json() == wrong.json() == unknown.json()
    assert set(disabled.headers) == set(wrong.headers) == set(unknown.headers)


@pytest.fixture
def second_process(server: ServerProcess, tmp_path: Path) -> Iterator[ServerProcess]:
    if not server.database_url.startswith("postgresql"):
        pytest.skip("several server processes share a PostgreSQL database")
    process = start_server(server.database_url, home=tmp_path / "second")
    yield process
    process.stop()


def test_a_sign_out_in_one_process_ends_the_token_in_another(
    hall: HallFixture, second_process: ServerProcess
) -> None:
    clerk = hall.clerk("06")
    there = ApiClient(second_process.base_url, token=clerk.login_body["token"])
    assert there.get("/api/v1/hall").status_code == 200  # verified and cached there
    hall.kiosk().issue("C").raise_for_status()
    assert clerk.post("/api/v1/auth/logout").status_code == 200
    assert error_of(there.act("06", "call_next"), 401)["code"] == "auth"
    assert error_of(there.issue("C"), 401)["code"] == "auth"
    deadline = time.monotonic() + 10  # the documented 5 s of reads, and some slack
    while there.get("/api/v1/hall").status_code == 200:
        assert time.monotonic() < deadline, "a signed-out token kept reading in another process"
        time.sleep(0.25)
    snapshot = hall.login("manager").get("/api/v1/hall/snapshot").json()
    assert next(s for s in snapshot["services"] if s["code"] == "C")["waiting"] == 1


# --- the login throttle and the client address ---------------------------------------------------


def _fail(base_url: str, username: str, times: int, address: str) -> None:
    for _ in range(times):
        assert login_raw(base_url, username, "wrong", **{"X-Forwarded-For": address}).status_code == 401


@pytest.fixture
def distrusting_server(
    server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServerProcess]:
    """A second process that trusts X-Forwarded-For only from a proxy elsewhere (never contacted)."""
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "192.0.2.10")
    process = start_server(server.database_url, home=tmp_path / "distrusting")
    yield process
    process.stop()


def test_forwarded_for_is_trusted_only_from_the_configured_proxy(
    hall: HallFixture, distrusting_server: ServerProcess
) -> None:
    username = hall.user("clerk07")
    # Trusted (the default: a proxy on this machine): each forwarded address is counted apart.
    _fail(hall.base_url, username, 5, "198.51.100.1")
    ok = login_raw(hall.base_url, username, DEMO_PASSWORD, **{"X-Forwarded-For": "198.51.100.2"})
    assert ok.status_code == 200
    # The client cannot push its real address out of the list: the proxy's own entry counts.
    spoofed = login_raw(
        hall.base_url, username, DEMO_PASSWORD, **{"X-Forwarded-For": "198.51.100.9, 198.51.100.1"}
    )
    assert spoofed.status_code == 429
    # Not trusted: the header changes nothing, the connection's address is counted.
    other = hall.user("clerk08")
    _fail(distrusting_server.base_url, other, 5, "198.51.100.3")
    for address in ("198.51.100.4", "203.0.113.77"):
        answer = login_raw(distrusting_server.base_url, other, DEMO_PASSWORD, **{"X-Forwarded-For": address})
        assert answer.status_code == 429, answer.text


# --- public pages --------------------------------------------------------------------------------


def test_ticket_page_tokens_are_random_and_the_page_is_not_cached(hall: HallFixture) -> None:
    tickets = [hall.kiosk().issue("A").json() for _ in range(3)]
    tokens = [t["public_token"] for t in tickets]
    assert len(set(tokens)) == 3 and all(len(t) >= 16 for t in tokens)
    for t in tickets:
        for guess in (str(t["id"]), t["number"], f"{hall.code}{t['number']}"):
            assert requests.get(f"{hall.base_url}/t/{guess}", timeout=10).status_code == 404
    page = requests.get(hall.base_url + tickets[0]["status_url"], timeout=10)
    assert page.status_code == 200 and tickets[0]["number"] in page.text
    # The address is the key to the page: kept out of shared caches, search engines and the
    # Referer sent to other sites, as the case page does.
    assert "no-store" in page.headers.get("Cache-Control", "")
    assert page.headers.get("Referrer-Policy") == "no-referrer"
    assert "noindex" in page.headers.get("X-Robots-Tag", "")
    missing = requests.get(hall.base_url + "/t/" + "x" * 16, timeout=10)
    assert missing.status_code == 404 and "no-store" in missing.headers.get("Cache-Control", "")


def test_public_pages_show_no_personal_data(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    case_id = str(uuid.uuid4())
    case = {
        "id": case_id,
        "case_no": f"{hall.code}-77",
        "status": "awaiting_supplement",
        "item_code": "X",
        "applicant": {**APPLICANT, "agent_name": "代办人秘密", "agent_id_number": "110105194912310037"},
        "materials": [{"key": "m1", "name": "营业执照", "state": "missing"}],
        "created_at": NOW,
    }
    assert push_one(clerk, "case.create", case)["status"] == "applied"
    ticket = hall.kiosk().issue("A", green_channel=True).json()
    for path in (f"/c/{case_id}", f"/c/{case_id.upper()}", ticket["status_url"]):
        page = requests.get(hall.base_url + path, timeout=10)
        assert page.status_code == 200, path
        whole = page.text + str(page.headers)
        for secret in ("王秘密", "秘密", "11010519491231002X", "1002X", "13812345678", "5678", "0037"):
            assert secret not in whole, (path, secret)
        assert "Traceback" not in whole


# --- error messages, hashing, CORS ----------------------------------------------------------------


def test_errors_carry_no_internals(hall: HallFixture) -> None:
    answers = [
        requests.get(hall.base_url + "/api/v1/nothing-here", timeout=10),
        requests.post(hall.base_url + "/api/v1/auth/login", data=b"{not json", timeout=10),
        requests.post(hall.base_url + "/api/v1/auth/login", json={"username": 1}, timeout=10),
        requests.get(hall.base_url + "/api/v1/tickets/99999999999999999999", timeout=10),
        hall.login("admin").session.put(hall.base_url + "/api/v1/catalog", json={"items": 5}, timeout=10),
    ]
    for answer in answers:
        assert 400 <= answer.status_code < 500, answer.text
        for leak in ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3", "SELECT ", ".py"):
            assert leak not in answer.text, (answer.request.url, leak)


def test_password_hashes_are_argon2id_with_sound_parameters(hall: HallFixture) -> None:
    verifier = hall.login("clerk01").login_body["offline_verifier"]["hash"]
    [(stored,)] = sql_rows(
        hall.database_url, "SELECT password_hash FROM users WHERE username = :u", u=hall.user("clerk01")
    )
    for value in (verifier, stored):
        found = re.fullmatch(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[^$]{16,}\$[^$]{32,}", value)
        assert found, value
        memory_kib, passes, _lanes = (int(g) for g in found.groups())
        # OWASP's floor for argon2id: 19 MiB with 2 passes, or more memory with fewer.
        assert memory_kib >= 19 * 1024 and passes >= 2
    assert verifier != stored  # a fresh salt: the stored hash never leaves the server


def test_no_cross_origin_access_is_granted(hall: HallFixture) -> None:
    origin = {"Origin": "http://evil.example"}
    preflight = requests.options(
        hall.base_url + "/api/v1/auth/login",
        headers={**origin, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert "access-control-allow-origin" not in {k.lower() for k in preflight.headers}
    token = hall.login("manager").login_body["token"]
    read = requests.get(
        hall.base_url + "/api/v1/hall", headers={**origin, "Authorization": f"Bearer {token}"}, timeout=10
    )
    assert read.status_code == 200
    assert "access-control-allow-origin" not in {k.lower() for k in read.headers}


def test_the_server_log_holds_no_password_or_token(hall: HallFixture, server: ServerProcess) -> None:
    secret = "Geheim-" + uuid.uuid4().hex
    login_raw(hall.base_url, hall.user("clerk09"), secret)
    clerk = hall.clerk("09")
    clerk.get("/api/v1/hall")
    clerk.post("/api/v1/auth/logout")
    log = server.log_text()
    assert secret not in log and clerk.login_body["token"] not in log
    assert DEMO_PASSWORD not in log
