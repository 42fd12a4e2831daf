"""Runs the applicant's rating prompt: placement, timeout, local save.

A rating is stored with its ``rating.record@1`` outbox row in one transaction; the sync driver
delivers it (DESIGN §7). Nothing here talks to the server.

A rating the store cannot take now (locked, full) stays in a queue here and in a file beside the
store, and is saved by a retry timer or ahead of the next rating, whichever comes first; one the
program closes on is saved at its next start (``hallclient.rating.service.save_ratings``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from hallclient.domain.rating import RatingLevel
from hallclient.rating.service import (
    RatingAnswer,
    RatingContext,
    SaveRun,
    UnsavedRating,
    save_ratings,
    with_case,
)
from hallclient.store import Store
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.rating_prompt import RatingPrompt

log = logging.getLogger("hallclient.ui.rating")

THANKS_MS = 2500
RETRY_MS = 30_000
# A paper ticket's number names a case taken in at this window within this time (no id to match).
PAPER_TICKET_CASE_WINDOW = timedelta(hours=12)


class RatingController(QObject):
    rating_saved = Signal(object)  # RatingRecord
    save_failed = Signal(str)  # the store refused for now; the rating is kept and retried
    save_refused = Signal(str)  # a rating the store can never take (already rated otherwise)
    unsaved_changed = Signal(int)  # how many ratings wait for the store

    def __init__(
        self,
        *,
        runner: TaskRunner,
        store: Store,
        timeout_s: int,
        prompt: RatingPrompt | None = None,
        clock: Callable[[], datetime] | None = None,
        retry_ms: int = RETRY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._timeout_s = timeout_s
        self._clock = clock or (lambda: datetime.now(UTC))
        self.prompt = prompt or RatingPrompt()
        self._bad_reasons: list[tuple[str, str]] = []
        self._context: RatingContext | None = None
        self._level: int | None = None
        self._remaining = 0
        self._anchor: QWidget | None = None
        self._unsaved: list[UnsavedRating] = []
        self._in_flight: set[str] = set()  # request ids of ratings a db task is saving
        self._told: set[str] = set()  # request ids of unsaved ratings the clerk was told about

        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._on_retry_timeout)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self._on_hide_timer_timeout)
        self.prompt.level_chosen.connect(self._on_prompt_level_chosen)
        self.prompt.reasons_submitted.connect(self._on_prompt_reasons_submitted)
        self.prompt.answer_edited.connect(self._on_prompt_answer_edited)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._on_screens_changed)
            app.screenRemoved.connect(self._on_screens_changed)
        # Ratings an earlier run could not store (it set them aside) are saved now.
        self._save_unsaved(even_if_none=True)

    # -- public ---------------------------------------------------------------------------------

    @property
    def open_context(self) -> RatingContext | None:
        return self._context

    @property
    def unsaved_count(self) -> int:
        return len(self._unsaved)

    def unsaved_ratings(self) -> tuple[UnsavedRating, ...]:
        return tuple(self._unsaved)

    def set_bad_reasons(self, reasons: list[tuple[str, str]]) -> None:
        self._bad_reasons = list(reasons)

    def set_anchor(self, clerk_window: QWidget) -> None:
        """The clerk's window: the prompt goes to another screen than this one when there is one."""
        self._anchor = clerk_window

    def ask(self, context: RatingContext) -> None:
        self.end_contact()
        self._context = context
        self._level = None
        self._remaining = self._timeout_s
        self._hide_timer.stop()
        self.prompt.show_levels(ticket_number=context.ticket_number or "", window_no=context.window_no)
        self.prompt.set_countdown(self._remaining)
        self._place_prompt()
        self._tick.start()

    def ask_after_contact(self, context: RatingContext) -> None:
        """The prompt for a service contact that just ended, linked first (on the db lane) to the
        case taken in during it, if any; if that lookup fails, the prompt opens unlinked rather
        than not."""

        def unlinked(exc: BaseException) -> None:
            log.warning("rating not linked to a case: %s", exc)
            self.ask(context)

        self._runner.submit(
            "db",
            with_case,
            store=self._store,
            context=context,
            since=self._clock() - PAPER_TICKET_CASE_WINDOW,
            on_done=self.ask,
            on_error=unlinked,
        )

    def end_contact(self) -> None:
        """The next applicant is being served: a prompt still open belongs to the one before. It
        ends as if timed out, keeping what that applicant chose, so that a late tap (often the next
        applicant's) cannot rate their contact."""
        if self._context is not None:
            self._finish(self._answer_so_far())

    # -- prompt ---------------------------------------------------------------------------------

    def _place_prompt(self) -> None:
        clerk_screen = self._anchor.screen() if self._anchor is not None else QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s != clerk_screen]
        if clerk_screen is None:  # no screen at all for a moment (all monitors off)
            self.prompt.show()
        elif others:
            self.prompt.show_full_screen_on(others[0])
        else:
            self.prompt.show_window_on(clerk_screen)

    def _on_screens_changed(self, _screen: QScreen) -> None:
        # A monitor plugged in or pulled out while the prompt is up. Placed once Qt has finished
        # moving windows off a removed screen, which it does after telling us.
        QTimer.singleShot(0, self, self._replace_open_prompt)

    def _replace_open_prompt(self) -> None:
        if self.prompt.isVisible():
            self._place_prompt()

    def _on_prompt_level_chosen(self, level: int) -> None:
        if self._context is None:
            return
        self._level = level
        if RatingLevel(level).is_bad and self._bad_reasons:
            self._remaining = self._timeout_s  # give the applicant time to pick reasons
            self.prompt.set_countdown(self._remaining)
            self.prompt.show_reasons(self._bad_reasons)
            return
        if RatingLevel(level).is_bad:
            self.prompt.show_reasons([])
            return
        self._finish(RatingAnswer(level=level))

    def _on_prompt_reasons_submitted(self) -> None:
        if self._context is None or self._level is None or not self.prompt.says_why():
            return
        self._finish(self._bad_answer(self._level))

    def _on_prompt_answer_edited(self) -> None:
        # The timeout is for a prompt nobody answers, not for an applicant still typing a complaint.
        if self._context is not None and self._level is not None:
            self._remaining = self._timeout_s
            self.prompt.set_countdown(self._remaining)

    def _answer_so_far(self) -> RatingAnswer:
        # A level chosen without pressing 提交评价 is kept with the reasons and words given so far.
        return RatingAnswer.not_rated() if self._level is None else self._bad_answer(self._level)

    def _bad_answer(self, level: int) -> RatingAnswer:
        return RatingAnswer(
            level=level, reasons=self.prompt.chosen_reasons(), comment=self.prompt.typed_comment()
        )

    def _on_tick_timeout(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self.prompt.set_countdown(self._remaining)
            return
        self._finish(self._answer_so_far())

    def _on_hide_timer_timeout(self) -> None:
        if self._context is None:
            self.prompt.hide()

    # -- saving ---------------------------------------------------------------------------

    def _finish(self, answer: RatingAnswer) -> None:
        context = self._context
        if context is None:
            return
        self._context = None
        self._level = None
        self._tick.stop()
        if answer.level is not None:
            self.prompt.show_thanks()
            self._hide_timer.start(THANKS_MS)
        else:
            self.prompt.hide()
        self._unsaved.append(UnsavedRating(context=context, answer=answer, rated_at=self._clock()))
        self._save_unsaved()

    def _save_unsaved(self, *, even_if_none: bool = False) -> None:
        """Saves on the db lane the ratings not already being saved there. The lane runs one task
        at a time, in order, and each task first takes the ratings set aside by the ones before
        it, so a rating waiting is saved before any newer one, and never by two tasks at once."""
        self._retry.stop()
        batch = tuple(r for r in self._unsaved if r.request_id not in self._in_flight)
        if not batch and not even_if_none:
            return
        self._in_flight |= {r.request_id for r in batch}
        self._runner.submit(
            "db",
            save_ratings,
            store=self._store,
            ratings=batch,
            on_done=lambda run: self._on_save_run_done(batch, run),
            on_error=lambda exc: self._on_save_run_error(batch, exc),
        )

    def _on_retry_timeout(self) -> None:
        self._save_unsaved()

    def _on_save_run_done(self, batch: tuple[UnsavedRating, ...], run: SaveRun) -> None:
        self._in_flight -= {r.request_id for r in batch}
        done = {r.request_id for r in run.saved} | {r.request_id for r, _exc in run.refused}
        left = {r.request_id for r in run.unsaved}
        # Those still unsaved (set aside by an earlier run included) first, in the order tried.
        self._unsaved = [
            *run.unsaved,
            *(r for r in self._unsaved if r.request_id not in done and r.request_id not in left),
        ]
        for record in run.saved:
            self.rating_saved.emit(record)
        for rating, exc in run.refused:
            log.error("rating %s dropped: %s", rating.request_id, exc)
            self.save_refused.emit(str(exc))
        self.unsaved_changed.emit(len(self._unsaved))
        self._told -= done
        if run.error is not None:
            log.warning("%d rating(s) not saved yet: %s", len(run.unsaved), run.error)
            # Said once per rating: the timer's retries of the same ones stay quiet.
            if not left <= self._told:
                self._told |= left
                self.save_failed.emit(str(run.error))
        self._retry_later()

    def _on_save_run_error(self, batch: tuple[UnsavedRating, ...], exc: BaseException) -> None:
        # save_ratings keeps the failure of any one rating to itself: this is a bug. The ratings
        # stay queued for the next try.
        log.error("saving ratings failed", exc_info=exc)
        self._in_flight -= {r.request_id for r in batch}
        self.unsaved_changed.emit(len(self._unsaved))
        self.save_failed.emit(str(exc))
        self._retry_later()

    def _retry_later(self) -> None:
        if any(r.request_id not in self._in_flight for r in self._unsaved):
            self._retry.start()
