"""The write fast lane (writelane.py): a window action or a ticket gets the same answer whether the
lane or the FastAPI route handles it, and whatever is not plain — a body the model refuses, an
unknown token, another content type, a body too large — reaches the route with its body intact.

In-process (Starlette's TestClient), on two SQLite files: the same requests go to an app with the
lane and to one without it, at the same fixed time, and the answers are compared.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hallclient.server import writelane
from hallclient.server.app import create_app
from hallclient.server.config import ServerConfig
from hallclient.server.db import migrate
from hallclient.server.demo import init_demo
from hallclient.server.routes.auth import create_device
from hallclient.server.writelane import WriteFastLane
from tests.serverproc import DEMO_PASSWORD, sqlite_url

NOW = datetime(2026, 3, 2, 9, 30, 0, 250000, tzinfo=UTC)


@dataclass
class Served:
    client: TestClient
    kiosk: str
    lane_calls: list[str] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)

    def login(self, username: str, window_no: str) -> str:
        response = self.client.post(
            "/api/v1/auth/login",
            json={"username": username, "password": DEMO_PASSWORD, "window_no": window_no},
        )
        assert response.status_code == 200, response.text
        token: str = response.json()["token"]
        self.tokens[username] = token
        return token

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        response = self.client.post(path, content=body, headers=headers)
        answer = response.json()
        return response.status_code, _without_random(answer), _compared_headers(response.headers)


def _without_random(answer: Any) -> Any:
    # A ticket's public token is random (secrets.token_urlsafe); everything else is the same.
    if isinstance(answer, dict):
        return {
            k: "…" if k in ("public_token", "status_url") else _without_random(v) for k, v in answer.items()
        }
    if isinstance(answer, list):
        return [_without_random(v) for v in answer]
    return answer


def _compared_headers(headers: Any) -> dict[str, str]:
    return {k: headers[k] for k in ("content-type", "www-authenticate", "retry-after") if k in headers}


def _serve(path: Path, *, lane: bool, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    url = sqlite_url(path)
    migrate(url)
    app = create_app(ServerConfig(database_url=url))
    if not lane:
        # Starlette builds the middleware stack on the first request, from this list.
        app.user_middleware = [m for m in app.user_middleware if m.cls is not WriteFastLane]
    context = app.state.context
    monkeypatch.setattr(context, "now", lambda: NOW)
    with context.db.write() as session:
        summary = init_demo(session, now=NOW)
        assert summary.created
        from hallclient.server.demo import find_hall

        hall = find_hall(session, summary.hall_code)
        _, kiosk = create_device(
            session, hall_id=hall.id, name="取号机", kind="kiosk", window_no=None, now=NOW
        )
    with TestClient(app) as client:
        yield Served(client, kiosk)


def _pair(tmp: Path, patch: pytest.MonkeyPatch) -> Iterator[tuple[Served, Served]]:
    with_lane = _serve(tmp / "lane.sqlite3", lane=True, monkeypatch=patch)
    without = _serve(tmp / "route.sqlite3", lane=False, monkeypatch=patch)
    served = next(with_lane), next(without)
    calls = served[0].lane_calls
    original = writelane.run_in_threadpool

    async def counted(func: Callable[..., Any], *args: Any) -> Any:
        calls.append(getattr(func, "__name__", "call"))
        return await original(func, *args)

    patch.setattr(writelane, "run_in_threadpool", counted)
    yield served
    for generator in (with_lane, without):
        next(generator, None)


@pytest.fixture
def both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Served, Served]]:
    """A fresh pair of apps, one with the lane and one without."""
    yield from _pair(tmp_path, monkeypatch)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served]]:
    """One pair for the tests whose requests change nothing (refusals), clerk01 signed in."""
    with pytest.MonkeyPatch.context() as patch:
        for served in _pair(tmp_path_factory.mktemp("shared"), patch):
            for app in served:
                app.login("clerk01", "01")
            _send_each(
                served,
                "/api/v1/windows/01/actions/recall",
                _json({"request_id": "warm"}),
                _bearer(served, "clerk01"),
            )
            yield served


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def _bearer(both: tuple[Served, Served], username: str) -> list[dict[str, str]]:
    return [
        {"Authorization": f"Bearer {s.tokens[username]}", "Content-Type": "application/json"} for s in both
    ]


def _send_each(
    both: tuple[Served, Served], path: str, body: bytes, headers: list[dict[str, str]]
) -> tuple[int, Any, bool]:
    """Send to both apps (each with its own credential); assert the same answer; (status, answer,
    whether the lane answered)."""
    lane, route = both
    before = len(lane.lane_calls)
    got = lane.post(path, body, headers[0])
    expected = route.post(path, body, headers[1])
    assert got == expected
    return got[0], got[1], len(lane.lane_calls) > before


def test_window_actions_and_tickets_answer_as_the_route_does(both: tuple[Served, Served]) -> None:
    for served in both:
        served.login("clerk01", "01")
        served.login("clerk02", "02")
    rid = (f"r{i}" for i in itertools.count())
    kiosks = [{"X-Device-Token": s.kiosk, "Content-Type": "application/json"} for s in both]
    clerk01, clerk02 = _bearer(both, "clerk01"), _bearer(both, "clerk02")
    action = "/api/v1/windows/{}/actions/{}".format

    # The first request of a token goes to the route (not cached yet); the rest take the lane.
    status, ticket, by_lane = _send_each(
        both, "/api/v1/tickets", _json({"service": "A", "request_id": "t1"}), kiosks
    )
    assert (status, ticket["number"], by_lane) == (200, "A001", False)
    status, ticket, by_lane = _send_each(
        both, "/api/v1/tickets", _json({"service": "A", "request_id": "t2"}), kiosks
    )
    assert (status, ticket["number"], by_lane) == (200, "A002", True)
    retried = _send_each(both, "/api/v1/tickets", _json({"service": "A", "request_id": "t2"}), kiosks)
    assert retried[:2] == (200, ticket) and retried[2]

    _send_each(both, action("01", "recall"), _json({"request_id": next(rid)}), clerk01)  # caches clerk01
    steps = [
        ("call_next", 200, "A001"),
        ("start", 200, "A001"),
        ("finish", 200, "A001"),
        ("finish", 409, "no_current_ticket"),
        ("pause", 422, "reason"),
    ]
    for name, expected_status, expected in steps:
        status, answer, by_lane = _send_each(
            both, action("01", name), _json({"request_id": next(rid)}), clerk01
        )
        assert (status, by_lane) == (expected_status, True), answer
        shown = answer["ticket"]["number"] if status == 200 else answer["error"].get("code")
        if name == "pause":
            shown = answer["error"]["params"]["field"]
        assert shown == expected, answer

    # Another window's clerk: 403 from the engine, through the lane.
    _send_each(both, action("02", "recall"), _json({"request_id": next(rid)}), clerk02)
    status, answer, by_lane = _send_each(
        both, action("01", "call_next"), _json({"request_id": next(rid)}), clerk02
    )
    assert (status, answer["error"]["code"], by_lane) == (403, "forbidden", True)
    # No such window: 404; no such service: 422 (both refused by the engine, through the lane).
    status, answer, by_lane = _send_each(
        both, action("99", "call_next"), _json({"request_id": next(rid)}), clerk01
    )
    assert (status, answer["error"]["code"], by_lane) == (404, "not_found", True)
    status, answer, by_lane = _send_each(
        both, "/api/v1/tickets", _json({"service": "Z", "request_id": "t9"}), kiosks
    )
    assert (status, answer["error"]["params"]["field"], by_lane) == (422, "service", True)


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status"),
    [
        # Bodies the model refuses: the route's 422 names the field, so it read the same body.
        ("/api/v1/windows/01/actions/call_next", {"request_id": 5}, "application/json", 422),
        (
            "/api/v1/windows/01/actions/call_next",
            {"request_id": "x", "colour": "red"},
            "application/json",
            422,
        ),
        (
            "/api/v1/windows/01/actions/call_next",
            {"request_id": "x", "note": "长" * 20000},
            "application/json",
            422,
        ),
        (
            "/api/v1/tickets",
            {"service": "A", "request_id": "x", "green_channel": "yes"},
            "application/json",
            422,
        ),
        ("/api/v1/tickets", ["service", "A"], "application/json", 422),
        # Paths and content the lane does not take.
        ("/api/v1/windows/01/actions/fly", {"request_id": "x"}, "application/json", 422),
        ("/api/v1/windows/0 1/actions/call_next", {"request_id": "x"}, "application/json", 422),
        ("/api/v1/windows/01/actions/call_next", {"request_id": "x"}, "text/plain", None),
        ("/api/v1/windows/01/actions/call_next", "not json", "application/json", 422),
    ],
)
def test_what_is_not_plain_reaches_the_route_with_its_body(
    shared: tuple[Served, Served], path: str, body: Any, content_type: str, status: int | None
) -> None:
    both = shared
    headers = [{**h, "Content-Type": content_type} for h in _bearer(both, "clerk01")]
    raw = body.encode() if isinstance(body, str) else _json(body)
    got_status, answer, by_lane = _send_each(both, path, raw, headers)
    assert not by_lane
    if status is not None:
        assert got_status == status, answer
    if got_status == 422 and isinstance(body, dict) and len(body) > 1:
        odd = next(k for k in body if k not in ("service", "request_id") or not isinstance(body[k], str))
        assert answer["error"]["params"]["field"].endswith(odd), answer


def test_unknown_or_missing_credentials_reach_the_route(shared: tuple[Served, Served]) -> None:
    both = shared
    body = _json({"service": "A", "request_id": str(uuid.uuid4())})
    for headers in (
        {"Content-Type": "application/json"},
        {"Content-Type": "application/json", "X-Device-Token": "no-such-token"},
        {"Content-Type": "application/json", "Authorization": "Basic abc"},
    ):
        status, answer, by_lane = _send_each(both, "/api/v1/tickets", body, [headers, headers])
        assert (status, answer["error"]["code"], by_lane) == (401, "auth", False)
