"""Voice announcements for the calling display: Qt's text-to-speech with a zh_CN voice, else a chime.

Halls read ticket digits one by one ("A 零 一 二") and window numbers as numbers ("五号窗口"),
so the applicant hears the same thing whatever the speech engine does with "012".
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QApplication

log = logging.getLogger("hallclient.ui.display.speech")

DIGITS = "零一二三四五六七八九"


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


class ChimeAnnouncer:
    """No speech engine: a chime tells the hall to look at the screen."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        log.warning("no text-to-speech voice (%s); calls are announced with a chime", reason)

    def announce(self, text: str) -> None:
        QApplication.beep()


class SpeechAnnouncer(QObject):
    """Speaks with QTextToSpeech; falls back to the chime for good if the engine reports an error."""

    def __init__(self, speech: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._speech = speech
        self._fallback: ChimeAnnouncer | None = None
        speech.setParent(self)
        error_signal = getattr(speech, "errorOccurred", None)
        if error_signal is not None:
            error_signal.connect(self._on_speech_error_occurred)

    def announce(self, text: str) -> None:
        if self._fallback is not None:
            self._fallback.announce(text)
            return
        # enqueue (Qt 6.6+) keeps calls in order; say() would cut off the one being spoken.
        enqueue = getattr(self._speech, "enqueue", None)
        if enqueue is not None:
            enqueue(text)
        else:
            self._speech.say(text)  # type: ignore[attr-defined]

    def _on_speech_error_occurred(self, *args: object) -> None:
        if self._fallback is None:
            self._fallback = ChimeAnnouncer(f"speech engine error {args}")


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
