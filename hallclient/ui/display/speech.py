"""Voice announcements for the calling display: Qt's text-to-speech with a zh_CN voice, else a chime.

Halls read ticket digits one by one ("A 零 一 二") and window numbers as numbers ("五号窗口"),
so the applicant hears the same thing whatever the speech engine does with "012".
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger("hallclient.ui.display.speech")

DIGITS = "零一二三四五六七八九"

# One call takes about five seconds to read. A call that waited half a minute for its turn has
# been on the board all that time; reading it then talks over fresher calls and sends people to
# windows that may have called someone else since. So it is skipped.
STALE_AFTER_S = 30.0
# Calls waiting to be spoken: at five seconds each, more than this could not be read within
# STALE_AFTER_S anyway; when it is full the oldest waiting call is dropped.
MAX_QUEUED = 8
# No engine needs this long for one call: one still "speaking" after it is hung, and the next
# call is handed over (the engine is told to stop first).
UTTERANCE_TIMEOUT_S = 20.0
# An engine that hangs on this many calls in a row is given up for the chime, as after an error.
MAX_HANGS = 3


class Announcer(Protocol):
    def announce(self, text: str) -> None: ...


def spoken_digits(text: str) -> str:
    """'A012' → 'A 零 一 二': each character on its own so it is never read as 'twelve'."""
    return " ".join(DIGITS[int(ch)] if ch.isdigit() else ch for ch in text.strip())


def spoken_window(window_no: str) -> str:
    """'05' → '五', '12' → '十二', '2A' → '二 A' (numbers up to 99 read as numbers)."""
    no = window_no.strip()
    if not no.isdigit() or int(no) > 99:
        return spoken_digits(no)
    value = int(no)
    tens, ones = divmod(value, 10)
    if value < 10:
        return DIGITS[value]
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[ones] if ones else "")


def spoken_call(number: str, window_no: str) -> str:
    # The hall's spoken language, independent of the UI language: the voice is a zh_CN voice.
    return f"请 {spoken_digits(number)} 号 到 {spoken_window(window_no)} 号窗口办理"


@dataclass
class _Pending:
    text: str
    queued_at: float  # the announcer's clock (monotonic seconds)


class ChimeAnnouncer:
    """No speech engine: a chime tells the hall to look at the screen."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        log.warning("no text-to-speech voice (%s); calls are announced with a chime", reason)

    def announce(self, text: str) -> None:
        QApplication.beep()


class SpeechAnnouncer(QObject):
    """Speaks with QTextToSpeech, one call at a time from a short queue of its own.

    The engine's own queue (``enqueue``) is unbounded and cannot be looked into, so calls are
    handed to it one by one (``say`` only when it is idle): a call that has waited too long is
    skipped, a recall replaces its own call still waiting, and an engine that never says it has
    finished is given up on. Falls back to the chime for good if the engine reports an error or
    keeps hanging.
    """

    def __init__(
        self,
        speech: QObject,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._speech = speech
        self._clock = clock
        self._fallback: ChimeAnnouncer | None = None
        self._queue: deque[_Pending] = deque()
        self._current: _Pending | None = None
        self._current_started = False  # the engine has said it is speaking the current call
        self._hangs = 0  # calls in a row the engine did not finish
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(int(UTTERANCE_TIMEOUT_S * 1000))
        self._watchdog.timeout.connect(self._on_watchdog_timeout)
        speech.setParent(self)
        state_signal = getattr(speech, "stateChanged", None)
        if state_signal is not None:
            state_signal.connect(self._on_speech_state_changed)
        error_signal = getattr(speech, "errorOccurred", None)
        if error_signal is not None:
            error_signal.connect(self._on_speech_error_occurred)

    @property
    def pending(self) -> list[str]:
        """The calls waiting for their turn, first to be spoken first (not the one being spoken)."""
        return [item.text for item in self._queue]

    @property
    def speaking(self) -> str | None:
        return self._current.text if self._current is not None else None

    def announce(self, text: str) -> None:
        if self._fallback is not None:
            self._fallback.announce(text)
            return
        now = self._clock()
        # A recall is the same sentence again: it takes its earlier call's place, with a fresh
        # time, instead of being read twice in a row when its turn comes.
        for item in self._queue:
            if item.text == text:
                item.queued_at = now
                break
        else:
            if len(self._queue) >= MAX_QUEUED:
                dropped = self._queue.popleft()
                log.info("speech queue full: not announcing %r", dropped.text)
            self._queue.append(_Pending(text, now))
        self._speak_next()

    def _speak_next(self) -> None:
        if self._current is not None or self._fallback is not None:
            return
        now = self._clock()
        while self._queue:
            item = self._queue.popleft()
            if now - item.queued_at > STALE_AFTER_S:
                log.info("not announcing %r: waited %.0f s for its turn", item.text, now - item.queued_at)
                continue
            self._current = item
            self._current_started = False
            self._watchdog.start()
            self._speech.say(item.text)  # type: ignore[attr-defined]
            return

    def _finish_current(self) -> None:
        self._watchdog.stop()
        self._current = None
        self._current_started = False
        self._speak_next()

    def _on_speech_state_changed(self, state: object) -> None:
        # Compared by name: QTextToSpeech.State lives in a module that may not load on this machine.
        name = getattr(state, "name", str(state))
        if name == "Error":
            self._on_speech_error_occurred(state)
        elif self._current is None:
            return
        elif name in ("Speaking", "Synthesizing"):
            self._current_started = True
        elif name == "Ready" and self._current_started:
            # Only after the engine began this call: a Ready left over from stopping the hung
            # one before must not end the next call early (say() would cut it off).
            self._hangs = 0
            self._finish_current()

    def _on_watchdog_timeout(self) -> None:
        if self._current is None:
            return
        self._hangs += 1
        log.warning("speech engine did not finish %r in %s s", self._current.text, UTTERANCE_TIMEOUT_S)
        # Let go of the hung call before stopping: the Ready that stop() may send at once must
        # not be taken for the end of the next call.
        self._current = None
        stop = getattr(self._speech, "stop", None)
        if stop is not None:
            stop()
        if self._hangs >= MAX_HANGS:
            self._give_up(f"speech engine hung on {self._hangs} calls in a row")
        else:
            self._finish_current()

    def _on_speech_error_occurred(self, *args: object) -> None:
        self._give_up(f"speech engine error {args}")

    def _give_up(self, reason: str) -> None:
        if self._fallback is not None:
            return
        self._fallback = ChimeAnnouncer(reason)
        self._watchdog.stop()
        self._current = None
        self._queue.clear()  # the board shows them; a burst of chimes now would mean nothing


def make_announcer(parent: QObject | None = None) -> Announcer:
    """The best announcer this machine has; never raises."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except (ImportError, OSError) as exc:  # the module needs system audio libraries
        return ChimeAnnouncer(f"QtTextToSpeech unavailable: {exc}")
    try:
        if not QTextToSpeech.availableEngines():
            return ChimeAnnouncer("no text-to-speech engine installed")
        speech = QTextToSpeech()
        if speech.state() == QTextToSpeech.State.Error:
            return ChimeAnnouncer(f"engine error: {speech.errorString()}")
        chinese = [
            loc
            for loc in speech.availableLocales()
            if loc.language() == QLocale.Language.Chinese and loc.territory() == QLocale.Country.China
        ] or [loc for loc in speech.availableLocales() if loc.language() == QLocale.Language.Chinese]
        if not chinese:
            return ChimeAnnouncer("no Chinese voice")
        speech.setLocale(chinese[0])
        if not speech.availableVoices():
            return ChimeAnnouncer("no Chinese voice")
        speech.setVoice(speech.availableVoices()[0])
        return SpeechAnnouncer(speech, parent)
    except Exception as exc:  # a broken engine plugin must not take the display down
        return ChimeAnnouncer(f"engine failed: {exc}")
