"""The counter speaks zh_CN by default and English with the translator; Chinese has a font."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from hallclient.assets import resources_dir
from hallclient.i18n_build import compile_translations
from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
from hallclient.ui.i18n import install_translator
from hallclient.ui.views.actions import CounterAction
from hallclient.ui.views.counter_window import CounterWindow


def test_every_english_entry_is_translated() -> None:
    tree = ET.parse(resources_dir() / "translations" / "hallclient_en.ts")
    untranslated = [
        m.findtext("source")
        for m in tree.getroot().iter("message")
        if not (m.findtext("translation") or "").strip()
        or m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    ]
    assert untranslated == []


def test_english_translator_changes_the_counter(qtbot) -> None:  # type: ignore[no-untyped-def]
    compile_translations(quiet=True)
    app = QApplication.instance()
    translator = install_translator(app, "en")
    assert translator is not None
    try:
        view = CounterWindow()
        qtbot.addWidget(view)
        assert view.counter_actions[CounterAction.CALL_NEXT].text() == "Call\nF1"
        assert view.tabs.tabText(1) == "Intake"
    finally:
        app.removeTranslator(translator)
    view = CounterWindow()
    qtbot.addWidget(view)
    assert view.counter_actions[CounterAction.CALL_NEXT].text() == "叫号\nF1"
    assert install_translator(app, "zh_CN") is None


def test_shipped_cjk_font_covers_the_counter_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    families = register_cjk_fonts()
    assert families, "no CJK font in resources/fonts"
    font = apply_application_font(QApplication.instance(), families)
    assert families[0] in font.families()
    assert any(families[0] in f for f in QFontDatabase.families())
    metrics = QFontMetrics(font)
    for char in "叫号办结过号转移挂起暂停非常满意窗口离线":
        assert metrics.inFontUcs4(ord(char)), char
