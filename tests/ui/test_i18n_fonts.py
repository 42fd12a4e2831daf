"""The counter speaks zh_CN by default and English with the translator; Chinese has a font."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from hallclient.assets import resources_dir
from hallclient.i18n_build import compile_translations
from hallclient.intake.models import CaseStatus
from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
from hallclient.ui.i18n import install_qt_translator, install_translator
from hallclient.ui.intake import labels as intake_labels
from hallclient.ui.intake.case_list_model import CaseListModel
from hallclient.ui.sync import texts as sync_texts
from hallclient.ui.views.actions import CounterAction
from hallclient.ui.views.counter_window import CounterWindow

# %1, %n and {path}: what the code fills in after translating, so a translation must keep them.
PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{\w+\}")
# "&S" marks a keyboard accelerator; "&&" is a literal ampersand.
ACCELERATOR = re.compile(r"&(?!&)(\w)")


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    state: str  # "" when finished, else lupdate's type: unfinished / vanished / obsolete
    forms: tuple[str, ...]  # the translation, or one text per plural form


def _application() -> QApplication:
    app = QApplication.instance()  # made by pytest-qt's qtbot
    assert isinstance(app, QApplication)
    return app


def read_ts(language: str) -> list[Entry]:
    path: Path = resources_dir() / "translations" / f"hallclient_{language}.ts"
    entries = []
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, message.findtext("source")
            plural = [form.text or "" for form in translation.iter("numerusform")]
            entries.append(
                Entry(
                    context=context.findtext("name") or "",
                    source=message.findtext("source") or "",
                    state=translation.get("type", ""),
                    forms=tuple(plural) if message.get("numerus") == "yes" else (translation.text or "",),
                )
            )
    return entries


def test_every_english_entry_is_translated() -> None:
    untranslated = [
        (e.context, e.source) for e in read_ts("en") if e.state or not all(form.strip() for form in e.forms)
    ]
    assert untranslated == []


def test_chinese_entries_are_the_source_text() -> None:
    entries = read_ts("zh_CN")
    assert entries
    assert [(e.context, e.source) for e in entries if e.state or set(e.forms) != {e.source}] == []


def test_both_languages_list_the_same_strings() -> None:
    english = {(e.context, e.source) for e in read_ts("en")}
    chinese = {(e.context, e.source) for e in read_ts("zh_CN")}
    assert english == chinese


def test_english_keeps_placeholders_and_accelerators() -> None:
    wrong = []
    for e in read_ts("en"):
        wanted = sorted(PLACEHOLDER.findall(e.source))
        accelerators = len(ACCELERATOR.findall(e.source))
        for form in e.forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted or len(ACCELERATOR.findall(form)) != accelerators:
                wrong.append((e.context, e.source, form))
    assert wrong == []


def test_placeholder_check_catches_a_lost_placeholder() -> None:
    assert PLACEHOLDER.findall("已保存：%1，{path}，%n 件") == ["%1", "{path}", "%n"]
    assert PLACEHOLDER.findall("Saved") == []
    assert ACCELERATOR.findall("打印(&P)…") == ["P"]
    assert ACCELERATOR.findall("Save && print") == []


def test_english_translator_changes_the_counter(qtbot) -> None:  # type: ignore[no-untyped-def]
    compile_translations(quiet=True)
    app = _application()
    translator = install_translator(app, "en")
    assert translator is not None
    try:
        view = CounterWindow()
        qtbot.addWidget(view)
        assert view.counter_actions[CounterAction.CALL_NEXT].text() == "Call\nF1"
        assert view.tabs.tabText(1) == "Intake"
        # The app's own start-up messages (hallclient/app.py) are translated too.
        assert QCoreApplication.translate("App", "设置文件有误") == "Settings file has errors"
    finally:
        app.removeTranslator(translator)
    view = CounterWindow()
    qtbot.addWidget(view)
    assert view.counter_actions[CounterAction.CALL_NEXT].text() == "叫号\nF1"
    assert install_translator(app, "zh_CN") is None


def test_qt_own_buttons_speak_the_ui_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A dialog's standard buttons come from Qt, in English unless Qt's translation is loaded."""
    from PySide6.QtWidgets import QDialogButtonBox

    app = _application()
    cancel = QDialogButtonBox.StandardButton.Cancel
    assert install_qt_translator(app, "en") is None
    translator = install_qt_translator(app, "zh_CN")
    assert translator is not None
    try:
        assert translator.translate("QPlatformTheme", "Cancel") == "取消"
        box = QDialogButtonBox(cancel)
        qtbot.addWidget(box)
        assert box.button(cancel).text() == "取消"
    finally:
        app.removeTranslator(translator)


def test_english_reaches_strings_translated_outside_widgets(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Labels from plain functions and models use QCoreApplication.translate with a fixed context."""
    compile_translations(quiet=True)
    app = _application()
    translator = install_translator(app, "en")
    assert translator is not None
    try:
        english = (
            intake_labels.status_label(CaseStatus.ACCEPTED),
            sync_texts.mutation_label("case.create"),
            CaseListModel(lambda code: code).headerData(0, Qt.Orientation.Horizontal),
        )
    finally:
        app.removeTranslator(translator)
    assert english == ("Accepted", "New case", "Case no.")
    assert intake_labels.status_label(CaseStatus.ACCEPTED) == "已受理"


def test_shipped_cjk_font_covers_the_counter_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    families = register_cjk_fonts()
    assert families, "no CJK font in resources/fonts"
    font = apply_application_font(_application(), families)
    assert families[0] in font.families()
    assert any(families[0] in f for f in QFontDatabase.families())
    metrics = QFontMetrics(font)
    for char in "叫号办结过号转移挂起暂停非常满意窗口离线":
        assert metrics.inFontUcs4(ord(char)), char
