"""Queue rules where the other queue tests are thin: a ticket another window takes while an action
waits for its lock (PostgreSQL), a clerk who signs in to a second window, a ticket suspended at the
window it was transferred to (real server, SQLite and PostgreSQL), and the daily numbers at the
hall's midnight (the engine on SQLite)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import Connection, create_engine, text

from hallclient.domain.queue import TicketSource
from tests.server.conftest import HallFixture
from tests.server.pushkit import push_one
from tests.server.test_queue_actions import ok, refused
from tests.serverproc import DEMO_PASSWORD, sqlite_url


def _windows(client: object) -> dict[str, dict[str, Any]]:
    snapshot = ok(client.get("/api/v1/hall/snapshot"))  # type: ignore[attr-defined]
    return {w["no"]: w for w in snapshot["windows"]}


@dataclass
class _OtherWindow:
    """Another window's transaction, holding row locks until it commits."""

    connection: Connection
    watcher: Connection

    def wait_until_blocked(self, deadline_s: float = 20) -> None:
        """Until another session of this database waits for a row lock: the request under test
        has read what it reads before locking, and now waits for this transaction to end."""
        query = text(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        end = time.monotonic() + deadline_s
        while self.watcher.execute(query).scalar_one() == 0:
            assert time.monotonic() < end, "the request never waited for the row lock"
            time.sleep(0.02)

    def write(self, sql: str, **params: object) -> None:
        self.connection.execute(text(sql), params)


@contextmanager
def _holding(hall: HallFixture, lock_sql: str, **params: object) -> Iterator[_OtherWindow]:
    """Locks ``lock_sql``'s rows on PostgreSQL; commits what the block wrote when it ends."""
    if not hall.database_url.startswith("postgresql"):
        pytest.skip("row locks that make a request wait: PostgreSQL")
    engine = create_engine(hall.database_url)
    try:
        with engine.connect() as holder, engine.connect() as watcher, holder.begin():
            holder.execute(text(lock_sql), params)
            yield _OtherWindow(holder, watcher)
    finally:
        engine.dispose()


T = TypeVar("T")
_HALL_OF = "SELECT hall_id FROM tickets WHERE id = :id"
# What another window's call writes (queue_engine._call).
_CALLED_AT = "UPDATE tickets SET state = 'called', window_no = '{window}', called_at = now() WHERE id = :id"
_WINDOW_CALLING = (
    "UPDATE windows SET state = 'calling', current_ticket_id = :id"
    f" WHERE no = '{{window}}' AND hall_id = ({_HALL_OF})"
)


def _login(hall: HallFixture, name: str, window_no: str) -> requests.Response:
    body = {"username": hall.user(name), "password": DEMO_PASSWORD, "window_no": window_no}
    return requests.post(hall.base_url + "/api/v1/auth/login", json=body, timeout=60)


def _in_background(request: Callable[[], T]) -> Callable[[], T]:
    answers: list[T] = []
    thread = threading.Thread(target=lambda: answers.append(request()))
    thread.start()

    def answer() -> T:
        thread.join(timeout=60)
        assert answers, "the request did not end"
        return answers[0]

    return answer


@pytest.mark.pg
def test_call_by_number_sees_the_call_of_the_window_it_waited_for(hall: HallFixture) -> None:
    """Window 01 calls A001 by its number just as window 02's call of it commits: 01 must find it
    called (409), not call it a second time over the stale read it looked the number up with."""
    ticket = ok(hall.kiosk().issue("A"))
    clerk01 = hall.clerk("01")
    hall.clerk("02")
    with _holding(hall, "SELECT id FROM tickets WHERE id = :id FOR UPDATE", id=ticket["id"]) as other:
        answer = _in_background(lambda: clerk01.act("01", "call", number=ticket["number"]))
        other.wait_until_blocked()
        other.write(_CALLED_AT.format(window="02"), id=ticket["id"])
        other.write(_WINDOW_CALLING.format(window="02"), id=ticket["id"])
    error = refused(answer(), 409, "invalid_transition")
    assert ticket["number"] in error["message"] and "已叫号" in error["message"]
    shown = ok(clerk01.get(f"/api/v1/tickets/{ticket['id']}"))
    assert shown["state"] == "called" and shown["window_no"] == "02"
    windows = _windows(clerk01)
    assert windows["01"]["current_ticket"] is None
    assert windows["02"]["current_ticket"]["id"] == ticket["id"]


@pytest.mark.pg
def test_sign_in_keeps_the_ticket_a_window_called_while_the_sign_in_waited(hall: HallFixture) -> None:
    """Clerk 05 signs in at window 01 (offline when the sign-in read it) just as clerk 01's sign-in
    there and call of A001 commit: the window keeps its ticket, and clerk 05 takes it over."""
    ticket = ok(hall.kiosk().issue("A"))
    window_01 = f"SELECT id FROM windows WHERE no = '01' AND hall_id = ({_HALL_OF}) FOR UPDATE"
    with _holding(hall, window_01, id=ticket["id"]) as other:
        answer = _in_background(lambda: _login(hall, "clerk05", "01"))
        other.wait_until_blocked()
        other.write(_CALLED_AT.format(window="01"), id=ticket["id"])
        other.write(_WINDOW_CALLING.format(window="01"), id=ticket["id"])
        other.write(
            f"UPDATE windows SET clerk_user_id = (SELECT id FROM users WHERE username = :clerk)"
            f" WHERE no = '01' AND hall_id = ({_HALL_OF})",
            id=ticket["id"],
            clerk=hall.user("clerk01"),
        )
    response = answer()
    assert response.status_code == 200, response.text
    window = _windows(hall.display())["01"]
    assert window["state"] == "calling" and window["clerk"] == "clerk05显示名"
    assert window["current_ticket"]["id"] == ticket["id"]


@pytest.mark.pg
def test_a_paper_ticket_called_meanwhile_at_another_window_is_a_clash(hall: HallFixture) -> None:
    """Window 01 reports A001 served on paper just as window 02's call of it commits: a clash for
    the manager, not a ticket closed at 01 under window 02's feet."""
    ticket = ok(hall.kiosk().issue("A"))
    clerk01 = hall.clerk("01")
    hall.clerk("02")
    paper = {
        "id": uuid.uuid4().hex,
        "number": ticket["number"],
        "window_no": "01",
        "clerk_username": hall.user("clerk01"),
        "at": datetime.now().astimezone().isoformat(),
        "note": None,
    }
    with _holding(hall, "SELECT id FROM tickets WHERE id = :id FOR UPDATE", id=ticket["id"]) as other:
        answer = _in_background(lambda: push_one(clerk01, "manual_ticket.add", paper))
        other.wait_until_blocked()
        other.write(_CALLED_AT.format(window="02"), id=ticket["id"])
        other.write(_WINDOW_CALLING.format(window="02"), id=ticket["id"])
    pushed = answer()
    assert pushed["data"]["status"] == "clash", pushed
    shown = ok(clerk01.get(f"/api/v1/tickets/{ticket['id']}"))
    assert (shown["state"], shown["window_no"]) == ("called", "02")


def test_a_clerk_moving_to_another_window_leaves_the_first(hall: HallFixture) -> None:
    """One clerk, one window: signing in at window 02 signs the clerk out of window 01, whose old
    sign-in no longer calls there (an applicant would be called to an empty counter)."""
    at_01 = hall.clerk("01")
    ok(at_01.act("01", "pause", reason="meal"))
    at_02 = hall.login("clerk01", "02")
    windows = _windows(at_02)
    assert windows["01"]["state"] == "offline" and windows["01"]["clerk"] is None
    assert windows["01"]["pause_reason"] is None
    assert windows["02"]["state"] == "idle" and windows["02"]["clerk"] == "clerk01显示名"
    hall.kiosk().issue("A")
    error = refused(at_01.act("01", "unpause"), 403, "forbidden")
    assert "已登录其他窗口" in error["message"]
    refused(at_01.act("01", "call_next"), 403, "forbidden")
    assert ok(at_02.act("02", "call_next"))["ticket"] is not None
    # Signing in to the same window again is no move.
    again = hall.login("clerk01", "02")
    assert _windows(again)["02"]["clerk"] == "clerk01显示名"


def test_a_clerk_with_an_applicant_at_one_window_cannot_sign_in_at_another(hall: HallFixture) -> None:
    ticket = ok(hall.kiosk().issue("A"))
    at_01 = hall.clerk("01")
    ok(at_01.act("01", "call_next"))
    error = refused(_login(hall, "clerk01", "02"), 409, "window_busy")
    assert "01" in error["message"] and ticket["number"] in error["message"]
    windows = _windows(at_01)
    assert windows["01"]["current_ticket"]["id"] == ticket["id"] and windows["01"]["clerk"] == "clerk01显示名"
    assert windows["02"]["state"] == "offline" and windows["02"]["clerk"] is None
    assert ok(at_01.act("01", "start"))["ticket"]["state"] == "serving"


def test_a_ticket_suspended_at_the_window_it_was_sent_to_comes_back_there(hall: HallFixture) -> None:
    """Transferred to window 08 (which serves D, not A) and suspended there: 08 resumes it, and it
    waits for 08 again, not in the general A queue where 08 would never call it."""
    first = ok(hall.kiosk().issue("A"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    moved = ok(clerk01.act("01", "transfer", to_window="08"))["ticket"]
    clerk08 = hall.clerk("08")
    ok(clerk08.act("08", "call_next"))
    ok(clerk08.act("08", "suspend"))
    later_a = ok(hall.kiosk().issue("A"))

    resumed = ok(clerk08.act("08", "resume", ticket_id=moved["id"]))
    assert resumed["ticket"]["state"] == "waiting" and resumed["ticket"]["target_window_no"] == "08"
    assert resumed["ticket"]["number"] == first["number"]
    assert ok(clerk01.act("01", "call_next"))["ticket"]["id"] == later_a["id"]  # not 01's any more
    ok(clerk01.act("01", "no_show"))
    assert ok(clerk08.act("08", "call_next"))["ticket"]["id"] == moved["id"]


def test_a_window_of_the_service_may_still_resume_a_ticket_sent_to_another_window(hall: HallFixture) -> None:
    ok(hall.kiosk().issue("A"))
    clerk01 = hall.clerk("01")
    ok(clerk01.act("01", "call_next"))
    moved = ok(clerk01.act("01", "transfer", to_window="08"))["ticket"]
    clerk08 = hall.clerk("08")
    ok(clerk08.act("08", "call_next"))
    ok(clerk08.act("08", "suspend"))
    refused(hall.clerk("06").act("06", "resume", ticket_id=moved["id"]), 409, "not_this_window")  # C only
    resumed = ok(clerk01.act("01", "resume", ticket_id=moved["id"]))
    assert resumed["ticket"]["target_window_no"] is None  # back in the A queue, as any suspended one
    assert ok(clerk01.act("01", "call_next"))["ticket"]["id"] == moved["id"]


def test_daily_numbers_turn_over_at_the_halls_midnight_and_stay_gap_free(tmp_path: Path) -> None:
    """Numbers start again at the hall's midnight (Beijing time, 16:00 UTC), not UTC's, and a
    ticket whose transaction fails gives its number back."""
    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database, migrate
    from hallclient.server.demo import create_hall as create_hall_rows
    from hallclient.server.models import Service
    from hallclient.server.queue_engine import issue_ticket

    url = sqlite_url(tmp_path / "midnight.sqlite3")
    migrate(url)
    db = Database(ServerConfig(database_url=url))
    tz = ZoneInfo("Asia/Shanghai")
    late, early = datetime(2026, 3, 2, 15, 59, tzinfo=UTC), datetime(2026, 3, 2, 16, 1, tzinfo=UTC)

    def issue(at: datetime, *, fail: bool = False) -> tuple[str, date]:
        with db.write() as session:
            ticket, _, _ = issue_ticket(
                session,
                hall_id=hall_id,
                service_code="A",
                source=TicketSource.KIOSK,
                green_channel=False,
                appointment_id=None,
                appointment_at=None,
                now=at,
                tz=tz,
            )
            if fail:
                raise RuntimeError("the statement after the issue failed")
            return ticket.number, ticket.service_day

    try:
        with db.write() as session:
            hall_id = create_hall_rows(session, code="MIDNIGHT", name="午夜大厅", now=late).id
            session.add(Service(hall_id=hall_id, code="A", prefix="A", name="综合", position=0))
        assert issue(late) == ("A001", date(2026, 3, 2))
        with pytest.raises(RuntimeError):
            issue(late, fail=True)
        assert issue(late) == ("A002", date(2026, 3, 2))
        # The same UTC date, the next day in the hall.
        assert issue(early) == ("A001", date(2026, 3, 3))
        assert issue(late) == ("A003", date(2026, 3, 2))
    finally:
        db.dispose()
