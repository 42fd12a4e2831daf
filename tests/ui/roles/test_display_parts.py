"""The display's board rules and its announcer fallbacks, without a server."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from hallclient.queue.models import HallEvent, HallSnapshot, Ticket, WindowStatus
from hallclient.ui.display.board import CallBoard, CallEntry
from hallclient.ui.display.speech import ChimeAnnouncer, make_announcer

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def call(seq: int, number: str, window: str, minutes: int, kind: str = "ticket_called") -> CallEntry:
    event = HallEvent(
        seq=seq,
        type=kind,
        at=T0 + timedelta(minutes=minutes),
        data={"ticket": {"id": seq, "number": number, "service": number[0]}, "window_no": window},
    )
    entry = CallEntry.from_event(event)
    assert entry is not None
    return entry


def snapshot(*calling: tuple[str, str, int]) -> HallSnapshot:
    windows = tuple(
        WindowStatus(
            no=window,
            state="calling",
            current_ticket=Ticket(
                id=100 + i,
                number=number,
                service=number[0],
                state="called",
                called_at=T0 + timedelta(minutes=m),
            ),
        )
        for i, (number, window, m) in enumerate(calling)
    )
    return HallSnapshot(seq=1, server_time=T0, services=(), windows=windows, suspended=())


def test_recall_and_transfer_move_a_number_up_never_twice() -> None:
    board = CallBoard(size=3)
    for i, (number, window) in enumerate([("A001", "01"), ("B001", "04"), ("A002", "02"), ("C001", "06")]):
        board.add(call(i + 1, number, window, i))
    assert [c.number for c in board.calls] == ["C001", "A002", "B001"]  # A001 fell off the end
    board.add(call(9, "B001", "04", 9, kind="ticket_recalled"))
    assert [c.number for c in board.calls] == ["B001", "C001", "A002"]
    assert board.latest is not None and board.latest.recall
    board.add(call(10, "A002", "05", 10))  # transferred to window 05 and called there
    assert [(c.number, c.window_no) for c in board.calls] == [("A002", "05"), ("B001", "04"), ("C001", "06")]


def test_a_reread_snapshot_adds_missed_calls_in_time_order_without_duplicates() -> None:
    board = CallBoard()
    board.add(call(1, "A001", "01", 0))
    missed = board.merge_snapshot(snapshot(("A001", "01", 0), ("B002", "04", 5), ("C003", "06", 3)))
    assert [c.number for c in missed] == ["B002", "C003"]
    assert [c.number for c in board.calls] == ["B002", "C003", "A001"]
    assert board.merge_snapshot(snapshot(("B002", "04", 5))) == []


def test_without_a_speech_engine_there_is_a_chime_logged_once(caplog: Any, qtbot: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="hallclient.ui.display.speech"):
        chime = ChimeAnnouncer("no engine in this test")
        for _ in range(3):
            chime.announce("请 A 零 零 一 号 到 一 号窗口办理")
    assert len([r for r in caplog.records if "chime" in r.getMessage()]) == 1
    announcer = make_announcer()  # whatever this machine has, it must not raise
    announcer.announce("请 A 零 零 一 号 到 一 号窗口办理")


def test_a_number_called_at_another_window_while_offline_shows_that_window() -> None:
    """A001 was on the board at window 01; while the display was offline it was transferred and
    called at window 05. The re-read snapshot must send the applicant to 05, not leave 01 up."""
    board = CallBoard()
    board.add(call(1, "A001", "01", 0))
    board.add(call(2, "B002", "04", 1))
    missed = board.merge_snapshot(snapshot(("A001", "05", 6), ("B002", "04", 1)))
    assert [(c.number, c.window_no) for c in missed] == [("A001", "05")]
    assert [(c.number, c.window_no) for c in board.calls] == [("A001", "05"), ("B002", "04")]


def test_a_snapshot_older_than_the_feed_does_not_move_a_number_back() -> None:
    """The snapshot read crosses a call on the feed: its window for A001 is the earlier one."""
    board = CallBoard()
    board.add(call(1, "A001", "01", 0))
    board.add(call(2, "A001", "05", 6))  # transferred and called at 05, from the feed
    assert board.merge_snapshot(snapshot(("A001", "01", 0))) == []
    assert [(c.number, c.window_no) for c in board.calls] == [("A001", "05")]
