"""Bad input the schema-based fuzz (test_api_fuzz.py) found answered wrongly, each reduced to one
plain request: a 4xx with the server's error body and a Chinese message, declared in
/openapi.json, and nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from tests.server.conftest import HallFixture
from tests.serverproc import ApiClient

CJK = re.compile(r"[\u4e00-\u9fff]")


def _error(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert error["code"] == code, error
    assert CJK.search(error["message"]), error
    return error


def _openapi(hall: HallFixture) -> dict[str, Any]:
    document: dict[str, Any] = requests.get(hall.base_url + "/openapi.json", timeout=30).json()
    return document


def _declared(hall: HallFixture, method: str, path: str) -> dict[str, Any]:
    responses: dict[str, Any] = _openapi(hall)["paths"][path][method]["responses"]
    return responses


def _raw(client: ApiClient, method: str, path: str, data: bytes) -> requests.Response:
    return client.session.request(
        method,
        client.base_url + path,
        data=data,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


# Bytes that are no UTF-8 text at all (the fuzz sent such bodies to every route with one).
NOT_UTF8 = b"\xff\x0c\xfe"


def test_a_ticket_request_that_is_not_utf8_is_a_422_and_issues_nothing(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    error = _error(_raw(kiosk, "POST", "/api/v1/tickets", NOT_UTF8), 422, "validation")
    assert error["params"].get("field") == "body", error
    assert kiosk.issue("A").json()["number"] == "A001"  # the refusal used no number


@pytest.mark.parametrize(
    ("who", "method", "path"),
    [
        ("clerk", "POST", "/api/v1/windows/01/actions/call_next"),
        ("clerk", "POST", "/api/v1/ratings"),
        ("admin", "PUT", "/api/v1/catalog"),
        ("admin", "PUT", "/api/v1/calendar"),
        ("admin", "POST", "/api/v1/devices"),
        ("manager", "POST", "/api/v1/rectifications/1/advance"),
        ("clerk", "POST", "/api/v1/sync/push"),
        (None, "POST", "/api/v1/auth/login"),
    ],
)
def test_any_body_that_is_not_utf8_is_a_422_validation(
    hall: HallFixture, who: str | None, method: str, path: str
) -> None:
    client = hall.clerk("01") if who == "clerk" else hall.login(who) if who else ApiClient(hall.base_url)
    client.session.headers["X-Hall-Sync-Protocol"] = "1"
    error = _error(_raw(client, method, path, NOT_UTF8), 422, "validation")
    assert error["params"].get("field") == "body", error


def test_malformed_json_is_still_a_422_naming_the_body(hall: HallFixture) -> None:
    error = _error(_raw(hall.kiosk(), "POST", "/api/v1/tickets", b'{"service": '), 422, "validation")
    assert error["params"].get("field") == "body", error


@pytest.mark.parametrize("path", ["/t/{public_token}", "/c/{token}"])
def test_the_public_pages_declare_their_not_found_page(hall: HallFixture, path: str) -> None:
    response = requests.get(hall.base_url + path.split("{", maxsplit=1)[0] + "nosuchtoken", timeout=30)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    declared = _declared(hall, "get", path)
    assert "text/html" in declared["404"]["content"], declared


def test_a_device_signing_out_is_a_declared_403(hall: HallFixture) -> None:
    _error(hall.kiosk().post("/api/v1/auth/logout"), 403, "forbidden")
    assert "403" in _declared(hall, "post", "/api/v1/auth/logout")


def test_a_clerk_registering_a_device_is_a_declared_403(hall: HallFixture) -> None:
    _error(hall.clerk("01").post("/api/v1/devices", {"name": "x", "kind": "kiosk"}), 403, "forbidden")
    assert "403" in _declared(hall, "post", "/api/v1/devices")


def test_a_method_a_route_does_not_have_is_a_405_that_says_which_it_has(hall: HallFixture) -> None:
    client = hall.login("manager")
    response = client.session.request("TRACE", client.base_url + "/api/v1/hall", timeout=30)
    _error(response, 405, "http_error")
    assert response.headers.get("Allow") == "GET", response.headers


@pytest.mark.parametrize("field", ["holidays", "workdays"])
def test_a_day_that_does_not_exist_is_named_with_its_list_in_chinese(hall: HallFixture, field: str) -> None:
    admin = hall.login("admin")
    body = {"holidays": ["2026-10-01"], "workdays": ["2026-09-27"]}
    body[field] = [*body[field], "2026-02-30"]
    response = admin.session.put(admin.base_url + "/api/v1/calendar", json=body, timeout=30)
    error = _error(response, 422, "validation")
    assert error["params"]["field"] == field, error
    assert "2026-02-30" in error["message"], error
    assert not re.search("[A-Za-z]{3,}", error["message"]), error  # no Python exception text
    calendar = admin.get("/api/v1/calendar").json()
    assert calendar["holidays"] == [] and calendar["workdays"] == [], calendar  # nothing written


def test_the_schema_says_what_a_ticket_number_and_a_calendar_day_look_like(hall: HallFixture) -> None:
    document = _openapi(hall)
    (number,) = document["paths"]["/api/v1/tickets"]["get"]["parameters"]
    assert re.fullmatch(number["schema"]["pattern"], " a12 ")
    assert not re.fullmatch(number["schema"]["pattern"], "12A")
    update = document["components"]["schemas"]["CalendarUpdate"]["properties"]
    assert update["workdays"]["items"]["format"] == "date", update


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/sync/hello"), ("post", "/api/v1/sync/push"), ("get", "/api/v1/sync/pull")],
)
def test_the_sync_routes_declare_the_protocol_header_they_need(
    hall: HallFixture, method: str, path: str
) -> None:
    operation = _openapi(hall)["paths"][path][method]
    headers = {p["name"].lower(): p for p in operation["parameters"] if p["in"] == "header"}
    assert headers["x-hall-sync-protocol"]["schema"]["enum"] == ["1"], operation["parameters"]
    # Without it, still the 426 the clients know (a client that is too old sends none).
    response = hall.clerk("01").get(path) if method == "get" else hall.clerk("01").post(path, {})
    _error(response, 426, "client_outdated")
