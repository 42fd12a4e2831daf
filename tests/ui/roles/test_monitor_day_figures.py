"""The monitor's day figures through a long day: outages, a lapsed sign-in, a server restored from a
backup, a busy hall's steady stream.

No server: the feed comes through the connection monitor's own signals, in the order the
connection sends them, and the day's history from a fake ``/events`` the test controls.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from hallclient.domain.errors import OfflineError
from hallclient.queue.models import EventBatch, HallEvent, HallSnapshot, ServiceWaiting
from hallclient.ui.monitor import controller as monitor_controller
from hallclient.ui.monitor.controller import MonitorController
from hallclient.ui.monitor.figures import DayFigures
from hallclient.ui.monitor.view import MonitorWindow
from hallclient.ui.tasks import TaskRunner

HALL_TZ = timezone(timedelta(hours=8))
MORNING = datetime(2026, 3, 9, 9, 0, tzinfo=HALL_TZ)


def issued(seq: int, ticket_id: int | None = None) -> HallEvent:
    tid = ticket_id if ticket_id is not None else seq
    return HallEvent(
        seq=seq,
        type="ticket_issued",
        at=MORNING + timedelta(minutes=seq),
        data={"ticket": {"id": tid, "number": f"C{tid:03d}"}},
    )


def ticket_event(seq: int, kind: str, ticket_id: int) -> HallEvent:
    return HallEvent(
        seq=seq,
        type=kind,
        at=MORNING + timedelta(minutes=seq),
        data={"ticket": {"id": ticket_id, "number": f"C{ticket_id:03d}"}, "window_no": "06"},
    )


class FakeServer:
    """The server's event log, read by ``/events?timeout=0``; reads may be made to fail or wait."""

    token = ""  # a monitor device: the 差评 list is read-only

    def __init__(self, events: list[HallEvent]) -> None:
        self.log = list(events)
        self.fail_since: set[int] = set()  # a history read from this seq fails (once each)
        self.hold = threading.Event()
        self.hold.set()
        self.reads: list[int] = []

    def hall(self) -> Any:
        raise OfflineError("服务器暂时无法连接。")  # the names are not what these tests look at

    rectifications = hall

    def manual_ticket_clashes(self, *, day: date) -> list[Any]:
        return []  # no paper tickets in these halls

    @property
    def seq(self) -> int:
        return self.log[-1].seq if self.log else 0

    def events(self, *, since: int, timeout_s: float = 0) -> EventBatch:
        self.hold.wait(10)
        self.reads.append(since)
        if since in self.fail_since:
            self.fail_since.discard(since)
            raise OfflineError("服务器暂时无法连接。")
        after = tuple(e for e in self.log if e.seq > since)[:50]
        return EventBatch(events=after, last_seq=after[-1].seq if after else since)


class Feed:
    """What the connection monitor tells the controller, in the connection's order."""

    def __init__(self, controller: MonitorController, server: FakeServer) -> None:
        self.controller = controller
        self.server = server

    def snapshot(self, *, resume: bool = False, seq: int | None = None, at: datetime | None = None) -> None:
        monitor = self.controller.monitor
        services = (ServiceWaiting(code="C", prefix="C", name="社保医保", waiting=0, oldest_wait_s=0),)
        snap = HallSnapshot(
            seq=self.server.seq if seq is None else seq,
            server_time=at or MORNING + timedelta(hours=1),
            services=services,
            windows=(),
            suspended=(),
        )
        monitor.snapshot_loaded.emit(snap)
        if resume:  # the feed follows on from the snapshot's seq
            monitor._last_seq = snap.seq

    def live(self, *events: HallEvent) -> None:
        self.server.log += [e for e in events if e.seq > self.server.seq]
        monitor = self.controller.monitor
        monitor._last_seq = events[-1].seq
        monitor.events_received.emit(EventBatch(events=tuple(events), last_seq=events[-1].seq))

    def offline(self) -> None:
        self.controller.monitor.online_changed.emit(False)

    def online(self) -> None:
        self.controller.monitor.online_changed.emit(True)
        self.snapshot(resume=True)


@pytest.fixture
def hall(qtbot: Any, runner: TaskRunner) -> Iterator[tuple[MonitorController, FakeServer, Feed]]:
    server = FakeServer([issued(1), issued(2), issued(3)])
    view = MonitorWindow()
    qtbot.addWidget(view)
    controller = MonitorController(
        view=view,
        runner=runner,
        client=server,  # type: ignore[arg-type]
        clock=lambda: MORNING + timedelta(hours=1),
    )
    # Only the feed's signals are used: nothing asks the real connection for anything.
    controller.monitor.refresh_snapshot = lambda **_kw: None  # type: ignore[method-assign]
    feed = Feed(controller, server)
    yield controller, server, feed
    server.hold.set()
    controller.shutdown()


def card(controller: MonitorController, key: str) -> str:
    return str(controller.view.cards[key].value.text())


def start(qtbot: Any, controller: MonitorController, feed: Feed) -> None:
    feed.online()
    qtbot.waitUntil(lambda: controller.history_loaded, timeout=5000)


def test_a_catch_up_that_failed_is_read_again_from_where_the_gap_began(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """The read of what was missed during an outage fails; live events arrive; the next try must
    still start where the gap began, not after the newest live event."""
    controller, server, feed = hall
    start(qtbot, controller, feed)
    feed.live(issued(4))
    feed.offline()
    server.log += [issued(5), issued(6)]  # while the monitor could not see them
    server.fail_since.add(4)
    feed.online()
    qtbot.waitUntil(lambda: 4 in server.reads, timeout=5000)
    qtbot.waitUntil(lambda: not controller._history_pending, timeout=5000)
    feed.live(issued(7))
    feed.snapshot()  # the next re-read of the snapshot tries again
    qtbot.waitUntil(lambda: card(controller, "issued") == "7", timeout=5000)


def test_an_outage_during_the_days_first_read_is_caught_up_when_it_ends(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """The feed drops and comes back while the day's history is still being read: the events
    missed meanwhile must be read once that read is done, not forgotten."""
    controller, server, feed = hall
    server.hold.clear()
    feed.online()  # the day's read starts, and waits
    feed.offline()
    server.log += [issued(4), issued(5)]
    feed.online()
    server.hold.set()
    qtbot.waitUntil(lambda: controller.history_loaded, timeout=5000)
    qtbot.waitUntil(lambda: card(controller, "issued") == "5", timeout=5000)


def test_events_missed_while_the_sign_in_had_lapsed_are_counted(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """The manager's token runs out (the feed stops on a 401, the connection stays "online"); the
    monitor signs in again and the feed resumes from a fresh snapshot."""
    controller, server, feed = hall
    start(qtbot, controller, feed)
    feed.live(issued(4))
    controller.monitor.auth_lost.emit("登录已过期")
    server.log += [issued(5), issued(6)]
    feed.snapshot(resume=True)  # signed in again: the feed restarts from here
    qtbot.waitUntil(lambda: card(controller, "issued") == "6", timeout=5000)


def test_a_server_restored_from_a_backup_is_counted_afresh(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """The server is restored to a backup taken at seq 3: seqs 4 and 5 are given again to new
    events, which must count, and the lost ones must not."""
    controller, server, feed = hall
    start(qtbot, controller, feed)
    feed.live(issued(4), issued(5))
    assert card(controller, "issued") == "5"
    server.log = server.log[:3]  # restored
    feed.snapshot(resume=True)  # the connection saw the seq go back and re-read the snapshot
    feed.live(ticket_event(4, "ticket_called", 1), ticket_event(5, "ticket_finished", 1))
    qtbot.waitUntil(lambda: card(controller, "finished") == "1", timeout=5000)
    qtbot.waitUntil(lambda: card(controller, "issued") == "3", timeout=5000)


def test_the_new_days_first_events_are_counted_even_when_the_feed_brings_them_first(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """Just after midnight the feed brings the day's first ticket before the snapshot that says
    the day changed (that snapshot was taken a moment earlier): the ticket, not counted for
    yesterday, must be counted for today."""
    controller, _server, feed = hall
    start(qtbot, controller, feed)
    midnight = datetime(2026, 3, 10, 0, 0, tzinfo=HALL_TZ)
    first = HallEvent(
        seq=4, type="ticket_issued", at=midnight + timedelta(seconds=5), data={"ticket": {"id": 4}}
    )
    feed.live(first)
    feed.snapshot(seq=3, at=midnight + timedelta(seconds=4))
    qtbot.waitUntil(lambda: controller.history_loaded, timeout=5000)
    qtbot.waitUntil(lambda: card(controller, "issued") == "1", timeout=5000)


def test_a_snapshot_ahead_of_the_feed_is_not_taken_for_a_restore(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """The re-read snapshot already counts an event the feed delivers just after it: the usual
    order in a busy hall, not a server that went back, so the day is not read again."""
    controller, server, feed = hall
    start(qtbot, controller, feed)
    server.log.append(issued(4))
    feed.snapshot()
    feed.live(issued(4))
    assert controller.history_loaded
    assert not controller._history_pending  # no read of the day again
    assert card(controller, "issued") == "4"


def test_the_tables_are_reread_while_events_keep_coming(
    qtbot: Any, hall: tuple[MonitorController, FakeServer, Feed]
) -> None:
    """A busy hall's feed never pauses for the debounce interval; the queues must move anyway."""
    controller, _server, feed = hall
    asked: list[bool] = []
    controller.monitor.refresh_snapshot = lambda **_kw: asked.append(True)  # type: ignore[method-assign]
    gap_ms = monitor_controller.SNAPSHOT_DEBOUNCE_MS // 4
    for seq in range(4, 4 + 12):  # three intervals of events, four to an interval
        feed.live(issued(seq))
        qtbot.wait(gap_ms)
    assert asked, "no re-read while the stream lasted"


def test_a_paper_ticket_of_an_earlier_day_reconciled_today_counts_for_its_own_day() -> None:
    figures = DayFigures()
    figures.start_day(MORNING.date())
    yesterday = (MORNING - timedelta(days=1)).date().isoformat()
    today = MORNING.date().isoformat()

    def finished(seq: int, ticket: dict[str, object]) -> HallEvent:
        data = {"ticket": {"id": seq, "number": f"A{seq:03d}", **ticket}, "window_no": "06", "offline": True}
        return HallEvent(seq=seq, type="ticket_finished", at=MORNING + timedelta(minutes=seq), data=data)

    figures.apply(finished(1, {"day": yesterday}))  # served on paper yesterday, synced this morning
    figures.apply(finished(2, {"day": today}))
    figures.apply(finished(3, {}))  # a server from before the field: taken as today's
    no_show = HallEvent(
        seq=4,
        type="ticket_no_show",
        at=MORNING + timedelta(minutes=4),
        data={"ticket": {"id": 4, "number": "A004", "day": yesterday}},
    )
    figures.apply(no_show)
    assert (figures.finished, figures.no_show) == (2, 0)
