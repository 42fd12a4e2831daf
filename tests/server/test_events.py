"""The hall event feed: immediate answers, long-poll waits, prompt wake-up, resume without loss."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.server.conftest import HallFixture


def test_events_describe_actions_in_order(hall: HallFixture) -> None:
    display = hall.display()
    clerk = hall.clerk("01")
    ticket = hall.kiosk().issue("A").json()
    clerk.act("01", "call_next")
    clerk.act("01", "recall")
    clerk.act("01", "start")
    clerk.act("01", "finish")
    clerk.act("01", "pause", reason="meal")
    clerk.act("01", "unpause")
    page = display.get("/api/v1/events", since=0, timeout=0).json()
    types = [e["type"] for e in page["events"]]
    assert types == [
        "clerk_signed_in",
        "ticket_issued",
        "ticket_called",
        "ticket_recalled",
        "ticket_started",
        "ticket_finished",
        "window_paused",
        "window_resumed",
    ]
    assert [e["seq"] for e in page["events"]] == list(range(1, 9))
    assert page["last_seq"] == 8
    called = page["events"][2]
    assert called["data"]["ticket"]["number"] == ticket["number"] and called["data"]["window_no"] == "01"
    assert called["data"]["window_name"] == "01号窗口"


def test_long_poll_waits_then_returns_empty(hall: HallFixture) -> None:
    display = hall.display()
    last = display.get("/api/v1/events", since=0, timeout=0).json()["last_seq"]
    waits = []
    for _ in range(4):
        started = time.monotonic()
        page = display.get("/api/v1/events", since=last, timeout=1).json()
        waits.append(time.monotonic() - started)
        assert page == {"events": [], "last_seq": last}
    # Each empty wait ends in the last quarter of the timeout, at a random point (spread re-polls).
    assert all(0.7 <= wait < 1.5 for wait in waits), waits


def test_a_connections_first_long_poll_ends_anywhere_in_the_last_three_quarters(hall: HallFixture) -> None:
    # Followers that reconnect together (server restart, network blip) must not all come back
    # in the same few seconds: a first poll on a connection is spread over 0.25–1.0 × timeout.
    last = hall.display().get("/api/v1/events", since=0, timeout=0).json()["last_seq"]
    waits: list[float] = []

    def first_poll() -> None:
        follower = hall.display()  # a new connection
        started = time.monotonic()
        page = follower.get("/api/v1/events", since=last, timeout=2).json()
        waits.append(time.monotonic() - started)
        assert page == {"events": [], "last_seq": last}

    followers = [threading.Thread(target=first_poll) for _ in range(12)]
    for follower in followers:
        follower.start()
    for follower in followers:
        follower.join(timeout=30)
    assert len(waits) == 12
    assert all(0.4 <= wait < 3 for wait in waits), waits
    # Renewals alone would all take ≥ 1.5 s; twelve first polls all doing so: (0.5/1.5)^12 ≈ 2e-6.
    assert min(waits) < 1.5, waits


def test_long_poll_wakes_promptly_on_a_new_event(hall: HallFixture) -> None:
    display = hall.display()
    last = display.get("/api/v1/events", since=0, timeout=0).json()["last_seq"]
    result: dict = {}

    def follow() -> None:
        started = time.monotonic()
        result["page"] = display.get("/api/v1/events", since=last, timeout=20).json()
        result["waited"] = time.monotonic() - started

    follower = threading.Thread(target=follow)
    follower.start()
    time.sleep(0.5)
    hall.kiosk().issue("C")
    follower.join(timeout=30)
    assert [e["type"] for e in result["page"]["events"]] == ["ticket_issued"]
    assert result["waited"] < 10  # woken by the event, not by the 20 s timeout


def test_follower_that_disconnects_and_resumes_sees_each_event_once(hall: HallFixture) -> None:
    kiosk = hall.kiosk()
    seen: list[int] = []
    since = 0
    stop = threading.Event()

    def issue_many() -> None:
        for i in range(40):
            kiosk.issue("ABCDEF"[i % 6])
        stop.set()

    writer = threading.Thread(target=issue_many)
    writer.start()
    while not (stop.is_set() and len(seen) >= 40):
        follower = hall.display()  # a new connection each time: the follower "reconnects"
        page = follower.get("/api/v1/events", since=since, timeout=2).json()
        seen.extend(e["seq"] for e in page["events"])
        since = page["last_seq"]
        follower.session.close()
    writer.join()
    assert seen == list(range(1, 41))
    assert hall.display().get("/api/v1/events", since=since, timeout=0).json()["events"] == []


def test_a_follower_ahead_of_the_halls_events_is_told_the_halls_last_seq(hall: HallFixture) -> None:
    # A database restored from a backup numbers its events from below what a display has already
    # seen; a quick restart between two polls gives the display no failure to notice. Its next
    # poll answers with the hall's last seq, lower than ``since``: the display starts over.
    clerk = hall.clerk("01")
    hall.kiosk().issue("A")
    clerk.act("01", "call_next")
    last = hall.display().get("/api/v1/events", since=0, timeout=0).json()["last_seq"]
    assert last >= 3
    seen_before_the_restore = last + 40
    for attempt in range(3):  # the first poll of a process reads the database, later ones its feed
        started = time.monotonic()
        page = hall.display().get("/api/v1/events", since=seen_before_the_restore, timeout=0.5).json()
        assert page == {"events": [], "last_seq": last}, attempt
        assert time.monotonic() - started < 5
    # A follower that is up to date waits as before and keeps its since.
    assert hall.display().get("/api/v1/events", since=last, timeout=0.5).json() == {
        "events": [],
        "last_seq": last,
    }


@pytest.mark.parametrize(
    "extra",
    [{}, {"lane": "route"}],
    ids=["fast-lane", "route"],  # a parameter the fast lane does not take sends the poll to the route
)
def test_a_poll_waiting_when_its_sign_in_ends_hands_over_nothing_written_after(
    hall: HallFixture, extra: dict[str, str]
) -> None:
    """A sign-out is effective at once for reads: a long-poll already waiting when it comes does
    not hand over the events written afterwards, it answers 401 as the next request would."""
    clerk = hall.login("clerk01")  # no window: its sign-out writes no event of its own
    seq = clerk.get("/api/v1/hall/snapshot").json()["seq"]
    clerk.get("/api/v1/events", since=seq, timeout=0)  # followed already: the token is cached
    answers: list[requests.Response] = []
    poll = threading.Thread(
        target=lambda: answers.append(clerk.get("/api/v1/events", since=seq, timeout=20, **extra))
    )
    poll.start()
    time.sleep(1.0)  # the poll is waiting
    assert clerk.post("/api/v1/auth/logout").status_code == 200
    hall.kiosk().issue("A").raise_for_status()
    poll.join(30)
    [answer] = answers
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"]["code"] == "auth"
    # Signed in, the same poll hands the event over.
    again = hall.login("clerk01").get("/api/v1/events", since=seq, timeout=20, **extra).json()
    assert [e["type"] for e in again["events"]] == ["ticket_issued"]
