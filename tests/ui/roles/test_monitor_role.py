"""The manager's monitor against a real server: queues, windows, today's figures and 差评."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from hallclient.domain.errors import AuthError, OfflineError
from hallclient.queue.client import ServerClient
from hallclient.queue.models import EventBatch, HallEvent
from hallclient.ui.monitor.app import MonitorParts, build_monitor
from hallclient.ui.monitor.figures import DayFigures
from hallclient.ui.monitor.history import day_events, find_day_start
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, login


def open_monitor(qtbot: Any, runner: TaskRunner, base_url: str) -> tuple[MonitorParts, ServerClient]:
    client = ServerClient(base_url)
    sign_in_manager(client, "manager", "demo1234")
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.resize(1400, 860)
    parts.view.show()
    parts.controller.start()
    qtbot.waitUntil(lambda: parts.controller.history_loaded, timeout=10000)
    return parts, client


def cell(parts: MonitorParts, table_name: str, first: str, column: int) -> str:
    table = getattr(parts.view, table_name)
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == first:
            return str(table.item(row, column).text())
    raise AssertionError(f"no row {first!r} in {table_name}")


def bad_row(parts: MonitorParts, number: str) -> list[str] | None:
    """The 差评 table's row for this ticket number, as text."""
    table = parts.view.bad_table
    for row in range(table.rowCount()):
        if table.item(row, 2).text() == number:
            return [table.item(row, c).text() for c in range(table.columnCount())]
    return None


def today_issued(base_url: str) -> int:
    api = login(base_url, "manager")
    events, since = [], 0
    while True:
        page = api.get("/api/v1/events", since=since, timeout=0).json()
        if not page["events"]:
            break
        events += page["events"]
        since = page["last_seq"]
    snapshot = api.get("/api/v1/hall/snapshot").json()
    today = datetime.fromisoformat(snapshot["server_time"]).date()
    return sum(
        1 for e in events if e["type"] == "ticket_issued" and datetime.fromisoformat(e["at"]).date() == today
    )


def test_queues_windows_figures_and_bad_ratings_follow_the_hall(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    parts, client = open_monitor(qtbot, runner, server.base_url)
    try:
        assert parts.view.cards["issued"].value.text() == str(today_issued(server.base_url))
        before = int(cell(parts, "services_table", "社保医保", 2))
        clerk = login(server.base_url, "clerk06", window_no="06")
        for _ in range(3):
            clerk.issue("C").raise_for_status()
        qtbot.waitUntil(lambda: cell(parts, "services_table", "社保医保", 2) == str(before + 3), timeout=5000)
        expected = str(today_issued(server.base_url))
        qtbot.waitUntil(lambda: parts.view.cards["issued"].value.text() == expected, timeout=5000)
        qtbot.waitUntil(lambda: cell(parts, "windows_table", "06 号", 1) == "空闲", timeout=5000)
        assert cell(parts, "windows_table", "06 号", 2) == "杨磊"

        # A window pauses: its row says so with the reason, and an alert names it.
        clerk.act("06", "pause", reason="meal").raise_for_status()
        qtbot.waitUntil(lambda: cell(parts, "windows_table", "06 号", 1) == "暂停服务", timeout=5000)
        assert cell(parts, "windows_table", "06 号", 5) == "用餐"
        alerts = [parts.view.alerts_list.item(i).text() for i in range(parts.view.alerts_list.count())]
        assert any("06 号窗口暂停服务（用餐）" in a for a in alerts), alerts
        clerk.act("06", "unpause").raise_for_status()
        qtbot.waitUntil(lambda: cell(parts, "windows_table", "06 号", 1) == "空闲", timeout=5000)

        # Serve one applicant who gives a 差评: served count, average wait, and the 差评 list.
        finished_before = int(parts.view.cards["finished"].value.text())
        bad_before = int(parts.view.cards["bad"].value.text())
        ticket = clerk.act("06", "call_next").json()["ticket"]
        qtbot.waitUntil(lambda: cell(parts, "windows_table", "06 号", 3) == ticket["number"], timeout=5000)
        assert parts.view.cards["average_wait"].value.text().endswith("分钟")
        for action in ("start", "finish"):
            clerk.act("06", action).raise_for_status()
        reasons = clerk.get("/api/v1/reasons").json()["bad_rating"]
        clerk.post(
            "/api/v1/ratings",
            {
                "request_id": uuid.uuid4().hex,
                "ticket_id": ticket["id"],
                "window_no": "06",
                "level": 1,
                "reasons": [reasons[0]["code"]],
                "comment": "",
                "channel": "counter_pad",
                "rated_at": datetime.now(UTC).isoformat(),
            },
        ).raise_for_status()
        qtbot.waitUntil(lambda: bad_row(parts, ticket["number"]) is not None, timeout=5000)
        assert parts.view.cards["finished"].value.text() == str(finished_before + 1)
        row = bad_row(parts, ticket["number"])
        assert row is not None
        # rated without a case taken in: no service item
        assert row[1:7] == ["06 号", ticket["number"], "—", "非常不满意", reasons[0]["label"], "核实"]
        qtbot.waitUntil(lambda: parts.view.cards["bad"].value.text() == str(bad_before + 1), timeout=5000)

        # A monitor opened later reads the same day from the history.
        later, later_client = open_monitor(qtbot, runner, server.base_url)
        try:
            for key in ("issued", "finished", "bad", "no_show"):
                assert later.view.cards[key].value.text() == parts.view.cards[key].value.text(), key
            qtbot.waitUntil(lambda: bad_row(later, ticket["number"]) is not None, timeout=5000)
        finally:
            later.close()
            later_client.close()
    finally:
        parts.close()
        client.close()


def test_a_clerk_cannot_open_the_monitor(server: ServerProcess) -> None:
    client = ServerClient(server.base_url)
    try:
        with pytest.raises(AuthError, match="管理员"):
            sign_in_manager(client, "clerk01", "demo1234")
        assert client.token == ""
    finally:
        client.close()


# -- the day's history, against a feed made of known events --------------------------------------

TZ = timezone(timedelta(hours=8))


class FakeFeed:
    """``events(since, timeout_s)`` over a fixed list, in pages, counting the requests."""

    def __init__(self, events: list[HallEvent], page: int = 50) -> None:
        self.all = events
        self.page = page
        self.requests = 0

    def events(self, *, since: int, timeout_s: float = 0) -> EventBatch:
        self.requests += 1
        after = [e for e in self.all if e.seq > since][: self.page]
        return EventBatch(events=tuple(after), last_seq=after[-1].seq if after else since)


def feed_over_days(days: int, per_day: int) -> list[HallEvent]:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=TZ)
    events, seq = [], 0
    for d in range(days):
        for i in range(per_day):
            seq += 1 + (i % 3 == 0)  # seqs with gaps, as after rolled-back transactions
            at = start + timedelta(days=d, seconds=30 * i)
            events.append(
                HallEvent(
                    seq=seq, type="ticket_issued", at=at, data={"ticket": {"id": seq, "number": f"A{i:03d}"}}
                )
            )
    return events


def test_the_days_first_event_is_found_by_bisection() -> None:
    events = feed_over_days(days=60, per_day=200)
    feed = FakeFeed(events)
    last_day = date(2026, 4, 29)
    today = [e for e in events if e.at is not None and e.at.date() == last_day]
    since = find_day_start(feed, day=last_day, last_seq=events[-1].seq)  # type: ignore[arg-type]
    assert since < today[0].seq
    assert not [e for e in events if since < e.seq < today[0].seq and e.at and e.at.date() == last_day]
    assert feed.requests < 30  # bisection, not a replay of 12,000 events
    got = day_events(feed, day=last_day, last_seq=events[-1].seq)  # type: ignore[arg-type]
    assert [e.seq for e in got] == [e.seq for e in today]
    middle = date(2026, 3, 15)
    got_middle = day_events(FakeFeed(events), day=middle, last_seq=events[-1].seq)  # type: ignore[arg-type]
    assert [e.seq for e in got_middle] == [e.seq for e in events if e.at and e.at.date() == middle]


def test_day_figures_count_each_event_once_in_any_order() -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)

    def ev(seq: int, kind: str, minutes: int, **data: Any) -> HallEvent:
        return HallEvent(seq=seq, type=kind, at=at + timedelta(minutes=minutes), data=data)

    events = [
        ev(1, "ticket_issued", 0, ticket={"id": 1, "number": "A001"}),
        ev(2, "ticket_issued", 2, ticket={"id": 2, "number": "A002", "green_channel": True}),
        ev(3, "ticket_called", 10, ticket={"id": 1, "number": "A001"}, window_no="01"),
        ev(4, "ticket_recalled", 11, ticket={"id": 1, "number": "A001"}, window_no="01"),
        ev(5, "ticket_called", 22, ticket={"id": 2, "number": "A002"}, window_no="02"),
        ev(6, "ticket_finished", 30, ticket={"id": 1, "number": "A001"}, window_no="01"),
        ev(7, "rating_recorded", 31, ticket_id=1, window_no="01", level=2, bad=True, reasons=["attitude"]),
        ev(8, "rating_recorded", 32, ticket_id=2, window_no="02", level=None, bad=False, reasons=[]),
        HallEvent(seq=9, type="ticket_issued", at=at - timedelta(days=1), data={"ticket": {"id": 9}}),
    ]
    figures = DayFigures()
    figures.start_day(at.date())
    live, history = events[4:], events  # the live feed first, then the replay overlapping it
    for event in [*live, *history]:
        figures.apply(event)
    assert (figures.issued, figures.green_channel, figures.called, figures.finished) == (2, 1, 2, 1)
    assert figures.ratings == 1  # "not rated" is not a rating
    assert figures.average_wait_s() == (10 * 60 + 20 * 60) / 2
    assert [(b.ticket_number, b.level, b.reasons) for b in figures.bad] == [("A001", 2, ("attitude",))]
    assert figures.start_day(at.date() + timedelta(days=1))
    assert (figures.issued, figures.bad, figures.seen) == (0, [], set())


def test_a_day_whose_first_read_failed_is_read_whole_once_the_server_answers(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    """The day's history could not be read at start, and feed events arrived since: the catch-up
    must read the whole day, not only what followed the newest event seen, or every ticket issued
    before the monitor started is missing from the day's figures."""
    clerk = login(server.base_url, "clerk06", window_no="06")
    clerk.issue("C").raise_for_status()  # issued before the monitor starts
    client = ServerClient(server.base_url)
    sign_in_manager(client, "manager", "demo1234")
    real_events = client.events
    refused: list[int] = []

    def events(*, since: int, timeout_s: float = 25.0) -> EventBatch:
        if timeout_s == 0 and not refused:  # the first history page only, not the feed
            refused.append(since)
            raise OfflineError("服务器暂时无法连接。")
        return real_events(since=since, timeout_s=timeout_s)

    client.events = events  # type: ignore[method-assign]
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    try:
        qtbot.waitUntil(lambda: bool(refused), timeout=10000)
        clerk.issue("C").raise_for_status()  # reaches the monitor by the feed
        qtbot.wait(1000)
        parts.controller.monitor.refresh_snapshot()  # as after a reconnect
        qtbot.waitUntil(lambda: parts.controller.history_loaded, timeout=10000)
        expected = str(today_issued(server.base_url))
        qtbot.waitUntil(lambda: parts.view.cards["issued"].value.text() == expected, timeout=5000)
    finally:
        parts.close()
        client.close()
        clerk.session.close()
