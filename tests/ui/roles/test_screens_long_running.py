"""The display and the kiosk left running for days: midnight, steady event streams.

No server: the controllers get their feed through the connection monitor's own signals, and
their clock from the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from hallclient.queue.client import ServerClient
from hallclient.queue.models import (
    EventBatch,
    HallEvent,
    HallSnapshot,
    ServiceWaiting,
    Ticket,
    WindowStatus,
)
from hallclient.ui.display import controller as display_controller
from hallclient.ui.display.controller import DisplayController
from hallclient.ui.display.speech import spoken_call
from hallclient.ui.display.view import DisplayWindow
from hallclient.ui.kiosk import controller as kiosk_controller
from hallclient.ui.kiosk.controller import KioskController
from hallclient.ui.kiosk.printer import PdfFolderPrinter
from hallclient.ui.kiosk.view import KioskWindow
from hallclient.ui.tasks import TaskRunner

HALL_TZ = timezone(timedelta(hours=8))
FRIDAY_EVENING = datetime(2026, 3, 6, 17, 20, tzinfo=HALL_TZ)
MONDAY_MORNING = datetime(2026, 3, 9, 8, 0, tzinfo=HALL_TZ)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Silent:
    def announce(self, text: str) -> None:
        pass


@pytest.fixture
def client() -> Iterator[ServerClient]:
    unused = ServerClient("http://127.0.0.1:9")  # never asked: the feed comes from the test
    yield unused
    unused.close()


def snapshot_at(
    now: datetime, *, serving: tuple[str, str, datetime] | None = None, waiting: int = 4
) -> HallSnapshot:
    windows: tuple[WindowStatus, ...] = ()
    if serving is not None:
        number, window_no, called_at = serving
        windows = (
            WindowStatus(
                no=window_no,
                state="serving",
                current_ticket=Ticket(
                    id=77, number=number, service=number[0], state="serving", called_at=called_at
                ),
            ),
        )
    services = (ServiceWaiting(code="F", prefix="F", name="户籍出入境", waiting=waiting, oldest_wait_s=0),)
    return HallSnapshot(seq=10, server_time=now, services=services, windows=windows, suspended=())


def called(seq: int, number: str, window_no: str, at: datetime) -> EventBatch:
    event = HallEvent(
        seq=seq,
        type="ticket_called",
        at=at,
        data={"ticket": {"id": seq, "number": number, "service": number[0]}, "window_no": window_no},
    )
    return EventBatch(events=(event,), last_seq=seq)


def issued(seq: int) -> EventBatch:
    return EventBatch(events=(HallEvent(seq=seq, type="ticket_issued", at=None, data={}),), last_seq=seq)


def record_refreshes(controller: DisplayController | KioskController) -> list[bool]:
    asked: list[bool] = []
    controller.monitor.refresh_snapshot = lambda **_kw: asked.append(True)  # type: ignore[method-assign]
    return asked


def open_display(qtbot: Any, runner: TaskRunner, client: ServerClient, clock: Clock) -> DisplayController:
    view = DisplayWindow()
    qtbot.addWidget(view)
    return DisplayController(view=view, runner=runner, client=client, announcer=Silent(), clock=clock)


def test_the_display_starts_a_new_day_with_an_empty_board_and_fresh_counts(
    qtbot: Any, runner: TaskRunner, client: ServerClient
) -> None:
    clock = Clock(FRIDAY_EVENING)
    controller = open_display(qtbot, runner, client, clock)
    view = controller.view
    controller.monitor.snapshot_loaded.emit(snapshot_at(FRIDAY_EVENING))
    controller.monitor.events_received.emit(called(11, "F003", "12", FRIDAY_EVENING))
    controller._on_clock_timer_timeout()
    assert view.call_line1.text() == "请 F003 号"
    asked = record_refreshes(controller)

    clock.now = FRIDAY_EVENING + timedelta(hours=1)  # same day: nothing changes
    controller._on_clock_timer_timeout()
    assert view.recent_numbers[0].text() == "F003" and asked == []

    # The display ran through the weekend. Monday's F003 must not read "window 12" from Friday.
    clock.now = MONDAY_MORNING
    controller._on_clock_timer_timeout()
    assert view.call_line1.text() == "欢迎光临"
    assert [label.text() for label in view.recent_numbers] == [""] * len(view.recent_numbers)
    assert asked == [True]  # the waiting counts are re-read: Friday's leftovers are not Monday's queue


def test_a_window_left_serving_since_yesterday_is_not_shown_as_a_call(
    qtbot: Any, runner: TaskRunner, client: ServerClient
) -> None:
    controller = open_display(qtbot, runner, client, Clock(MONDAY_MORNING))
    record_refreshes(controller)
    controller.monitor.snapshot_loaded.emit(
        snapshot_at(MONDAY_MORNING, serving=("F003", "12", FRIDAY_EVENING))
    )
    assert controller.board.calls == []
    assert controller.view.call_line1.text() == "欢迎光临"

    controller.monitor.snapshot_loaded.emit(
        snapshot_at(MONDAY_MORNING, serving=("F001", "12", MONDAY_MORNING - timedelta(minutes=5)))
    )
    assert controller.view.call_line1.text() == "请 F001 号"  # today's call from the snapshot stays


def test_the_kiosk_rereads_the_waiting_counts_at_midnight(
    qtbot: Any, runner: TaskRunner, client: ServerClient, tmp_path: Path
) -> None:
    clock = Clock(FRIDAY_EVENING)
    view = KioskWindow()
    qtbot.addWidget(view)
    controller = KioskController(
        view=view, runner=runner, client=client, printer=PdfFolderPrinter(tmp_path), clock=clock
    )
    controller.monitor.snapshot_loaded.emit(snapshot_at(FRIDAY_EVENING))
    asked = record_refreshes(controller)
    controller._on_clock_timer_timeout()
    clock.now = FRIDAY_EVENING + timedelta(hours=6)  # 23:20
    controller._on_clock_timer_timeout()
    assert asked == []
    clock.now = MONDAY_MORNING
    controller._on_clock_timer_timeout()
    assert asked == [True]


@pytest.mark.parametrize("screen", ["display", "kiosk"])
def test_waiting_counts_are_reread_while_events_keep_coming(
    qtbot: Any, runner: TaskRunner, client: ServerClient, tmp_path: Path, screen: str
) -> None:
    """A busy hall's feed never pauses for the re-read interval; the counts must move anyway."""
    clock = Clock(MONDAY_MORNING)
    controller: DisplayController | KioskController
    if screen == "display":
        controller = open_display(qtbot, runner, client, clock)
        interval = display_controller.SNAPSHOT_DEBOUNCE_MS
    else:
        view = KioskWindow()
        qtbot.addWidget(view)
        controller = KioskController(
            view=view, runner=runner, client=client, printer=PdfFolderPrinter(tmp_path), clock=clock
        )
        interval = kiosk_controller.SNAPSHOT_DEBOUNCE_MS
    asked = record_refreshes(controller)
    gap_ms = interval // 4
    for seq in range(1, 3 * 4 + 1):  # three intervals of events, four to an interval
        controller.monitor.events_received.emit(issued(seq))
        qtbot.wait(gap_ms)
    assert asked, "no re-read while the stream lasted"


def test_calls_in_a_batch_that_arrived_late_are_shown_but_not_announced(
    qtbot: Any, runner: TaskRunner, client: ServerClient
) -> None:
    """A slow network, not an outage: the long-poll answer brings calls minutes old. They go on
    the board; only the fresh one is read out. Ages are the server's: this PC's clock runs five
    minutes fast, which must not silence a call made seconds ago."""
    server_now = MONDAY_MORNING + timedelta(hours=1)
    clock = Clock(server_now + timedelta(minutes=5))
    spoken: list[str] = []
    view = DisplayWindow()
    qtbot.addWidget(view)
    controller = DisplayController(view=view, runner=runner, client=client, announcer=Silent(), clock=clock)
    controller.announced.connect(spoken.append)
    record_refreshes(controller)
    controller.monitor.snapshot_loaded.emit(snapshot_at(server_now))

    stale = called(11, "F004", "12", server_now - timedelta(minutes=3)).events
    fresh = called(12, "F005", "10", server_now - timedelta(seconds=10)).events
    controller.monitor.events_received.emit(EventBatch(events=stale + fresh, last_seq=12))
    assert [label.text() for label in view.recent_numbers[:2]] == ["F005", "F004"]
    assert spoken == [spoken_call("F005", "10")]
