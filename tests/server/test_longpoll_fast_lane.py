"""The long-poll fast lane (longpoll.py): it answers exactly as the FastAPI route would, and leaves
everything that is not plain — bad input, unknown tokens, a first poll — to the route.

In-process (Starlette's TestClient runs the app and its event hub), so a test can tell which of
the two answered: only the route calls ``EventHub.wait_events``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hallclient.server.app import create_app
from hallclient.server.config import ServerConfig
from hallclient.server.db import migrate
from hallclient.server.demo import create_hall
from hallclient.server.events import EventHub, FirstPolls, NewEvent, append_events
from hallclient.server.routes.auth import create_device
from tests.serverproc import sqlite_url

NOW = datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=UTC)


@dataclass
class Served:
    client: TestClient
    token: str
    hall_id: int
    config: ServerConfig
    route_calls: list[int]

    def get(self, query: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
        sent = headers or {"X-Device-Token": self.token}
        response = self.client.get("/api/v1/events?" + query, headers=sent)
        return response.status_code, response.content, dict(response.headers)

    def append(self, *events: NewEvent) -> int:
        app_context = self.client.app.state.context  # type: ignore[attr-defined]
        with app_context.db.write() as session:
            last = append_events(session, hall_id=self.hall_id, events=events, at=NOW, actor="测试")
        app_context.hub.notify(self.hall_id)
        return last


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    url = sqlite_url(tmp_path / "fastlane.sqlite3")
    migrate(url)
    config = ServerConfig(database_url=url)
    app = create_app(config)
    context = app.state.context
    with context.db.write() as session:
        hall = create_hall(session, code="FL", name="快速通道大厅", now=NOW)
        _, token = create_device(
            session, hall_id=hall.id, name="大屏", kind="display", window_no=None, now=NOW
        )
        hall_id = hall.id
    route_calls: list[int] = []
    original = EventHub.wait_events

    async def counted(self: EventHub, **kwargs: int | float) -> object:
        route_calls.append(int(kwargs["since"]))
        return await original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(EventHub, "wait_events", counted)
    with TestClient(app) as client:
        yield Served(client, token, hall_id, config, route_calls)


def _wait_for_feed(served: Served, base: int, seq: int) -> None:
    hub = served.client.app.state.context.hub  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        feed = hub.ready_feed(served.hall_id, base)
        if feed is not None and feed.last_seq >= seq:
            return
        time.sleep(0.02)
    raise AssertionError(f"the hub did not reach seq {seq}")


def test_a_plain_poll_is_answered_by_the_fast_lane_byte_for_byte_as_the_route_answers(
    served: Served,
) -> None:
    served.append(NewEvent("window_paused", {"window_no": "01", "reason": "会议"}))
    # First poll of the hall in this process: the route answers (and the hub starts following).
    status, first, _ = served.get("since=0&timeout=0")
    assert status == 200 and served.route_calls == [0]
    base = json.loads(first)["last_seq"]
    last = served.append(
        NewEvent("ticket_called", {"ticket": {"number": "A001"}, "window_name": "1号窗口"}, "01"),
        NewEvent("ticket_started", {"note": '引号"与换行\n', "n": 1.5, "none": None}, "01"),
    )
    _wait_for_feed(served, base, last)

    status, fast, fast_headers = served.get(f"since={base}&timeout=0")
    assert status == 200 and served.route_calls == [0], "a plain poll went to the route"
    # ``0e0`` is a number to FastAPI but not plain to the fast lane: the route answers the same poll.
    status, routed, routed_headers = served.get(f"since={base}&timeout=0e0")
    assert status == 200 and served.route_calls == [0, base]

    assert fast == routed
    assert fast_headers["content-type"] == routed_headers["content-type"] == "application/json"
    assert int(fast_headers["content-length"]) == len(fast)
    page = json.loads(fast)
    assert [e["seq"] for e in page["events"]] == [base + 1, base + 2] and page["last_seq"] == last
    assert page["events"][0]["at"] == NOW.astimezone(served.config.tz).isoformat()


@pytest.mark.parametrize(
    ("query", "headers", "status", "message"),
    [
        ("since=-1", None, 422, "since"),
        ("since=abc", None, 422, "since"),
        ("timeout=31", None, 422, "timeout"),
        ("since=9007199254740993", None, 422, "since"),
        ("since=1&since=2", None, 200, None),
        ("since=1&colour=red", None, 200, None),
        ("since=1", {"Authorization": "Basic abc"}, 401, "登录凭证格式不正确"),
        ("since=1", {"X-Device-Token": "not-a-token"}, 401, None),
        ("since=1", {"Accept": "application/json"}, 401, "请先登录"),
    ],
)
def test_what_is_not_plain_goes_to_the_route_and_gets_its_answer(
    served: Served, query: str, headers: dict[str, str] | None, status: int, message: str | None
) -> None:
    served.get("since=0&timeout=0")  # the hub follows the hall and the token is cached
    served.route_calls.clear()
    got, body, _ = served.get(query + "&timeout=0" if "timeout" not in query else query, **(headers or {}))
    assert got == status, body
    # The fast lane answers only 200s; a 200 here must have come from the route.
    assert got != 200 or served.route_calls, "the fast lane answered a request that was not plain"
    if message is not None:
        assert message in body.decode()


def test_a_poll_ahead_of_this_process_waits_until_its_timeout(served: Served) -> None:
    # A client that last asked another server process may hold a seq this process has not seen:
    # it waits for it. (Here the database has no such seq either — as after a restore from a
    # backup — so once the wait is over the answer names the hall's last seq: test_events.py.)
    _status, first, _ = served.get("since=0&timeout=0")
    served.route_calls.clear()
    started = time.monotonic()
    status, body, _ = served.get("since=50&timeout=0.4")
    waited = time.monotonic() - started
    assert status == 200 and served.route_calls == []
    assert json.loads(body) == {"events": [], "last_seq": json.loads(first)["last_seq"]}
    assert 0.25 <= waited < 2


def test_a_waiting_fast_lane_poll_is_woken_by_a_new_event(served: Served) -> None:
    served.get("since=0&timeout=0")
    served.route_calls.clear()
    result: dict[str, object] = {}

    def follow() -> None:
        started = time.monotonic()
        result["answer"] = served.get("since=0&timeout=20")
        result["waited"] = time.monotonic() - started

    follower = threading.Thread(target=follow)
    follower.start()
    time.sleep(0.3)
    served.append(NewEvent("window_resumed", {"window_no": "02"}, "02"))
    follower.join(timeout=30)
    status, body, _ = result["answer"]  # type: ignore[misc]
    assert status == 200 and served.route_calls == []
    assert [e["type"] for e in json.loads(body)["events"]] == ["window_resumed"]
    assert float(result["waited"]) < 5  # type: ignore[arg-type]


def test_first_polls_are_told_apart_by_connection_and_forgotten_oldest_first() -> None:
    polls = FirstPolls(size=2)
    assert polls.first(("10.0.0.5", 50001)) is True
    assert polls.first(("10.0.0.5", 50001)) is False
    assert polls.first(("10.0.0.5", 50002)) is True
    assert polls.first(("10.0.0.6", 50001)) is True  # the oldest, port 50001 of .5, is forgotten
    assert polls.first(("10.0.0.5", 50002)) is False
    assert polls.first(("10.0.0.5", 50001)) is True
    assert polls.first(None) is False  # no client address (not over TCP): treated as a renewal
