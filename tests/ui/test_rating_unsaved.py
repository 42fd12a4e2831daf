"""An applicant's rating the local store cannot take at the moment (a locked file, a full disk) is
kept, retried and saved once; it survives the program being closed before the store takes it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from hallclient.rating.service import RatingAnswer, RatingContext, save_rating, unsaved_ratings_path
from hallclient.store import Store, open_store, outbox
from hallclient.store.models import Rating
from hallclient.ui.controllers.rating import RatingController
from hallclient.ui.tasks import TaskRunner
from tests.ui.counterkit import BAD_REASONS, stored_rating

# Short, so that a save against a locked store fails in a moment instead of after 10 s.
BUSY_MS = 150


@contextmanager
def _controller(db_path: Path, *, retry_ms: int) -> Iterator[tuple[RatingController, Store, TaskRunner]]:
    store = open_store(db_path, busy_timeout_ms=BUSY_MS)
    runner = TaskRunner(net_workers=1)
    controller = RatingController(runner=runner, store=store, timeout_s=60, retry_ms=retry_ms)
    controller.set_bad_reasons(BAD_REASONS)
    try:
        yield controller, store, runner
    finally:
        controller.prompt.close()
        runner.shutdown()
        store.close()


@contextmanager
def _locked(db_path: Path) -> Iterator[None]:
    """Another program holding the store's write lock (a backup tool, an antivirus scan)."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


class _LaterLock:
    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._other: sqlite3.Connection | None = None

    def take(self) -> None:
        self._other = sqlite3.connect(self._db_path, isolation_level=None)
        self._other.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self._other is not None:
            self._other.execute("ROLLBACK")
            self._other.close()
            self._other = None


@contextmanager
def _locked_later(db_path: Path) -> Iterator[_LaterLock]:
    """A lock taken once the store exists, and released only after the controller is closed."""
    lock = _LaterLock(db_path)
    try:
        yield lock
    finally:
        lock.release()


def _context(request_id: str) -> RatingContext:
    return RatingContext(
        request_id=request_id, window_no="03", clerk_username="clerk03", ticket_id=41, ticket_number="B041"
    )


def _rate(qtbot, controller: RatingController, request_id: str, level: int = 5) -> None:  # type: ignore[no-untyped-def]
    controller.ask(_context(request_id))
    qtbot.mouseClick(controller.prompt.level_buttons[level], Qt.MouseButton.LeftButton)


def _counts(store: Store) -> tuple[int, int]:
    with store.session(readonly=True) as session:
        ratings = int(session.scalar(select(func.count()).select_from(Rating)) or 0)
        return ratings, outbox.pending_count(session)


def _outbox_order(store: Store) -> list[str]:
    with store.session(readonly=True) as session:
        return [
            m.payload["request_id"]
            for m in outbox.pending_batch(session, limit=100)
            if m.name == "rating.record"
        ]


def test_a_rating_the_store_refuses_is_kept_and_saved_once_it_can_be(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "counter.sqlite3"
    with _controller(db_path, retry_ms=300) as (controller, store, _runner):
        counts: list[int] = []
        controller.unsaved_changed.connect(counts.append)
        with _locked(db_path):
            with qtbot.waitSignal(controller.save_failed, timeout=5000) as failed:
                _rate(qtbot, controller, "r-locked", level=5)
            assert "占用" in failed.args[0]
            assert controller.unsaved_count == 1
            assert counts[-1] == 1
            assert stored_rating(store, "r-locked") is None
        # The lock is gone: the retry timer saves it, without the clerk doing anything.
        qtbot.waitUntil(lambda: stored_rating(store, "r-locked") is not None, timeout=5000)
        qtbot.waitUntil(lambda: controller.unsaved_count == 0, timeout=2000)
        assert counts[-1] == 0
        record = stored_rating(store, "r-locked")
        assert record is not None and record.level == 5
        assert _counts(store) == (1, 1)
        assert not unsaved_ratings_path(store).exists()


def test_the_next_rating_first_saves_those_waiting(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "counter.sqlite3"
    # No timed retry within the test: only the next rating can bring the first one in.
    with _controller(db_path, retry_ms=600_000) as (controller, store, _runner):
        with _locked(db_path):
            with qtbot.waitSignal(controller.save_failed, timeout=5000):
                _rate(qtbot, controller, "r-first", level=4)
            with qtbot.waitSignal(controller.save_failed, timeout=5000):
                _rate(qtbot, controller, "r-second", level=5)
            assert controller.unsaved_count == 2
        _rate(qtbot, controller, "r-third", level=3)
        qtbot.waitUntil(lambda: controller.unsaved_count == 0, timeout=5000)
        assert _outbox_order(store) == ["r-first", "r-second", "r-third"]
        assert _counts(store) == (3, 3)


def test_ratings_unsaved_at_closing_are_saved_at_the_next_start_once(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "counter.sqlite3"
    with _locked_later(db_path) as lock:
        with _controller(db_path, retry_ms=600_000) as (controller, store, _runner):
            lock.take()
            _rate(qtbot, controller, "r-closing", level=2)
            qtbot.mouseClick(controller.prompt.reason_buttons[0], Qt.MouseButton.LeftButton)
            controller.prompt.comment.setPlainText("等了一个小时")
            # The clerk quits with the 差评 page still open: the save runs while the program
            # closes, when no answer reaches the window any more.
            controller.end_contact()
            sidecar = unsaved_ratings_path(store)
        assert sidecar.exists()
        # the lock goes away while the program is not running
    with _controller(db_path, retry_ms=600_000) as (controller, store, _runner):
        qtbot.waitUntil(lambda: stored_rating(store, "r-closing") is not None, timeout=5000)
        record = stored_rating(store, "r-closing")
        assert record is not None
        assert (record.level, record.reasons, record.comment) == (2, ("long_wait",), "等了一个小时")
        assert (record.ticket_id, record.ticket_number) == ("41", "B041")
        qtbot.waitUntil(lambda: not sidecar.exists(), timeout=2000)
        assert _counts(store) == (1, 1)


def test_a_kept_rating_the_store_already_has_is_not_stored_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The store took the rating but the set-aside copy was not removed (the program was killed in
    between): starting again leaves one rating and one outbox row."""
    db_path = tmp_path / "counter.sqlite3"
    with _locked_later(db_path) as lock, _controller(db_path, retry_ms=600_000) as (controller, _s, _r):
        lock.take()
        with qtbot.waitSignal(controller.save_failed, timeout=5000):
            _rate(qtbot, controller, "r-twice", level=1)
            controller.end_contact()  # a 差评 without reasons: the applicant walked away
        rated_at = controller.unsaved_ratings()[0].rated_at
    store = open_store(db_path)
    try:
        save_rating(store=store, context=_context("r-twice"), answer=RatingAnswer(level=1), rated_at=rated_at)
        sidecar = unsaved_ratings_path(store)
    finally:
        store.close()
    assert sidecar.exists()
    with _controller(db_path, retry_ms=600_000) as (controller, store, _runner):
        qtbot.waitUntil(lambda: not sidecar.exists(), timeout=5000)
        assert controller.unsaved_count == 0
        assert _counts(store) == (1, 1)


def test_a_rating_that_can_never_be_stored_is_not_retried(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another answer already stored for the same contact is a refusal, not a passing failure."""
    db_path = tmp_path / "counter.sqlite3"
    with _controller(db_path, retry_ms=200) as (controller, store, _runner):
        save_rating(
            store=store,
            context=_context("r-other"),
            answer=RatingAnswer(level=3),
            rated_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC),
        )
        with qtbot.waitSignal(controller.save_refused, timeout=5000):
            _rate(qtbot, controller, "r-other", level=5)
        assert controller.unsaved_count == 0
        assert _counts(store) == (1, 1)
        assert not unsaved_ratings_path(store).exists()
