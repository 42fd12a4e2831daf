"""The display's voice: one call at a time from a short queue, stale calls skipped, a hung
engine given up on. A fake engine and a fake clock stand in for QTextToSpeech and time."""

from __future__ import annotations

import enum
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from hallclient.ui.display import speech as speech_module
from hallclient.ui.display.speech import (
    MAX_HANGS,
    MAX_QUEUED,
    STALE_AFTER_S,
    SpeechAnnouncer,
    spoken_call,
)


class State(enum.Enum):  # the names of QTextToSpeech.State
    Ready = 0
    Speaking = 1
    Error = 3


class FakeSpeech(QObject):
    """Says what it is given and finishes when the test says so (``finish``)."""

    stateChanged = Signal(object)  # noqa: N815 (Qt's name)
    errorOccurred = Signal(object, str)  # noqa: N815 (Qt's name)

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.stops = 0

    def say(self, text: str) -> None:
        self.said.append(text)
        self.stateChanged.emit(State.Speaking)

    def stop(self) -> None:
        self.stops += 1
        self.stateChanged.emit(State.Ready)

    def finish(self) -> None:
        self.stateChanged.emit(State.Ready)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def calls(count: int) -> list[str]:
    return [spoken_call(f"A{i:03d}", f"{i + 1:02d}") for i in range(count)]


def test_speech_reads_calls_in_order_and_falls_back_to_the_chime_on_an_engine_error(qtbot: Any) -> None:
    speech = FakeSpeech()
    announcer = SpeechAnnouncer(speech, clock=Clock())
    announcer.announce("第一")
    announcer.announce("第二")
    assert speech.said == ["第一"]  # never cut off by the next call
    speech.finish()
    assert speech.said == ["第一", "第二"]
    speech.errorOccurred.emit(None, "audio device gone")
    announcer.announce("第三")
    assert speech.said == ["第一", "第二"]  # the chime took over


def test_a_burst_of_calls_skips_those_that_waited_too_long(qtbot: Any) -> None:
    """Ten windows call within seconds at opening time; each call takes 5 s to read."""
    clock = Clock()
    speech = FakeSpeech()
    announcer = SpeechAnnouncer(speech, clock=clock)
    burst = calls(10)
    for text in burst:
        announcer.announce(text)
    assert speech.said == burst[:1]
    assert len(announcer.pending) <= MAX_QUEUED
    for _ in range(20):
        clock.now += 5
        speech.finish()
    assert announcer.pending == [] and announcer.speaking is None
    # burst[0] is read at once. Of the nine waiting, the oldest gave way to keep MAX_QUEUED;
    # of the rest, those whose turn (every 5 s) came after STALE_AFTER_S were skipped.
    gave_way = 9 - MAX_QUEUED
    in_time = int(STALE_AFTER_S // 5)
    assert speech.said == [burst[0], *burst[1 + gave_way :][:in_time]]
    assert len(speech.said) < len(burst)


def test_a_recall_replaces_its_waiting_call(qtbot: Any) -> None:
    clock = Clock()
    speech = FakeSpeech()
    announcer = SpeechAnnouncer(speech, clock=clock)
    first, second, third = calls(3)
    for text in (first, second, third, second):  # window 02 recalls before its call was read
        announcer.announce(text)
    for _ in range(4):
        clock.now += 5
        speech.finish()
    assert speech.said == [first, second, third]


def test_a_recall_keeps_its_call_from_going_stale(qtbot: Any) -> None:
    clock = Clock()
    speech = FakeSpeech()
    announcer = SpeechAnnouncer(speech, clock=clock)
    first, second = calls(2)
    announcer.announce(first)
    announcer.announce(second)
    clock.now += STALE_AFTER_S - 1
    announcer.announce(second)  # the recall is fresh: its turn comes within the limit
    clock.now += 5
    speech.finish()
    assert speech.said == [first, second]


def test_an_engine_that_never_finishes_does_not_hold_the_queue(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No error, no end of speech: each call is given up after the watchdog, and an engine that
    keeps hanging is replaced by the chime; a display running for weeks keeps no backlog."""
    monkeypatch.setattr(speech_module, "UTTERANCE_TIMEOUT_S", 0.05)
    speech = FakeSpeech()
    speech.stop = lambda: None  # type: ignore[method-assign]  # hung: stopping does not help either
    announcer = SpeechAnnouncer(speech)  # the real clock: the watchdog is a real (short) timer
    texts = calls(MAX_HANGS + 2)
    for text in texts:
        announcer.announce(text)
    assert speech.said == texts[:1]
    qtbot.waitUntil(lambda: len(speech.said) == 2, timeout=2000)
    assert speech.said == texts[:2]  # the queue moved on
    qtbot.waitUntil(lambda: announcer.speaking is None and announcer.pending == [], timeout=2000)
    assert speech.said == texts[:MAX_HANGS]  # then the engine was given up: chime from now on
    for text in calls(50):
        announcer.announce(text)
    assert speech.said == texts[:MAX_HANGS]
    assert announcer.pending == []


def test_a_slow_engine_is_stopped_and_the_next_call_is_not_cut_short(qtbot: Any) -> None:
    speech = FakeSpeech()
    announcer = SpeechAnnouncer(speech, clock=Clock())
    first, second, third = calls(3)
    for text in (first, second, third):
        announcer.announce(text)
    announcer._on_watchdog_timeout()  # first took too long
    assert speech.stops == 1
    assert speech.said == [first, second]  # the Ready from stop() did not end the second
    speech.finish()
    assert speech.said == [first, second, third]  # a finished call: the engine is fine again
