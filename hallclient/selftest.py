"""``hallclient --self-test``: proves an installation works before a clerk depends on it.

Run after every build and install (the frozen bundle's smoke test runs it). It imports every
module, opens a temporary local store (migrations included), renders Chinese text offscreen, finds
the assets and exercises the libraries that load data files at run time — the things a frozen
bundle most often misses. One line per check, ``ok   <check>`` or ``FAIL <check>: <why>``; the
exit code is 0 only if every check passed.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import pkgutil
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

import hallclient
from hallclient.assets import resource_kind, resources_dir

# The string the widget shows and the English translation must translate: proves a compiled
# translation is bundled and loads. i18n_build scans this file so lupdate keeps the entry.
PROBE_CONTEXT = "SelfTest"
PROBE_TEXT = "政务服务大厅"
PROBE_TEXT_EN = "Government service hall"
LANGUAGES = ("zh_CN", "en")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
_QT_APP: list[object] = []


class CheckFailedError(Exception):
    """A check's own finding (as opposed to an unexpected exception inside the check)."""


# Qt's own (context, text) of the 取消 button. Not written as literal arguments: lupdate would take
# the call for one of hallclient's strings.
_QT_CANCEL = ("QPlatformTheme", "Cancel")


def server_extra_installed() -> bool:
    return importlib.util.find_spec("fastapi") is not None


def check_imports() -> str:
    skip_server = not server_extra_installed()
    failures: list[str] = []
    imported = 0

    def skipped(name: str) -> bool:
        parts = name.split(".")
        return (
            name == "hallclient.__main__"  # runs the CLI when imported
            or "migrations" in parts[:-1]  # Alembic scripts: importable only inside a migration run
            or (skip_server and parts[:2] == ["hallclient", "server"])
        )

    def on_error(name: str) -> None:
        if not skipped(name):
            failures.append(f"{name}: {_exception_text()}")

    for info in pkgutil.walk_packages(hallclient.__path__, "hallclient.", onerror=on_error):
        if skipped(info.name):
            continue
        try:
            importlib.import_module(info.name)
            imported += 1
        except Exception:
            failures.append(f"{info.name}: {_exception_text()}")
    if failures:
        raise CheckFailedError("; ".join(failures))
    note = "; hallclient.server skipped (the 'server' extra, fastapi, is not installed)"
    return f"{imported} modules{note if skip_server else ''}"


def check_assets() -> str:
    from hallclient.domain.catalog import load_sample_catalog

    base = resources_dir()
    problems: list[str] = []
    summary = ""
    try:
        catalog = load_sample_catalog()  # parses and validates, so a broken catalog fails here
        counts = f"{len(catalog.items)} items, {len(catalog.bundles)} 一件事"
        summary = f"catalog {catalog.catalog_version} ({counts})"
    except Exception:
        problems.append(f"catalog: {_exception_text()}")
    fonts = _bundled_fonts()
    if not fonts:
        problems.append(f"no font ({', '.join(FONT_SUFFIXES)}) in {base / 'fonts'}")
    if problems:
        raise CheckFailedError("; ".join(problems))
    return f"{resource_kind()} at {base}: {summary}, {len(fonts)} font(s)"


def check_translations() -> str:
    from PySide6.QtCore import QTranslator

    folder = resources_dir() / "translations"
    for language in LANGUAGES:
        qm = folder / f"hallclient_{language}.qm"
        if not qm.is_file():
            raise CheckFailedError(
                f"{qm.name} missing in {folder} (build it: python -m hallclient.i18n_build)"
            )
        translator = QTranslator()
        if not translator.load(str(qm)):
            raise CheckFailedError(f"{qm} does not load")
        if language == "en":
            got = translator.translate(PROBE_CONTEXT, PROBE_TEXT)
            if got != PROBE_TEXT_EN:
                raise CheckFailedError(
                    f"{qm.name} translates {PROBE_TEXT!r} as {got!r}, not {PROBE_TEXT_EN!r}"
                )
    # Qt's own words (a dialog's 取消) come from Qt's translations, which the installer must carry.
    from PySide6.QtCore import QLibraryInfo, QLocale

    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator()
    if not qt_translator.load(QLocale("zh_CN"), "qtbase", "_", qt_folder):
        raise CheckFailedError(f"Qt's own Chinese translation (qtbase_zh_CN.qm) not found in {qt_folder}")
    if qt_translator.translate(*_QT_CANCEL) != "取消":
        raise CheckFailedError("qtbase_zh_CN.qm does not translate Qt's Cancel button")
    return ", ".join(LANGUAGES) + ", Qt's own zh_CN"


def check_store() -> str:
    from hallclient.store.db import open_store

    with tempfile.TemporaryDirectory(prefix="hallclient-selftest-", ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / "selftest.sqlite3"
        store = open_store(path)
        try:
            # Read through sqlite3, not the store: this proves the migrations ran on disk.
            with sqlite3.connect(path) as conn:
                version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
            conn.close()
        finally:
            for closer in ("close", "dispose"):
                if hasattr(store, closer):
                    getattr(store, closer)()
                    break
        if not version:
            raise CheckFailedError("no Alembic revision recorded: migrations did not run")
        return f"migrated to {version[0]}, journal_mode={journal}"


def check_widget() -> str:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics
    from PySide6.QtWidgets import QApplication, QLabel

    if QApplication.instance() is None:
        # Held for the life of the process: PySide6 may destroy an unreferenced QApplication.
        _QT_APP.append(QApplication([sys.argv[0] if sys.argv else "hallclient"]))
    families: list[str] = []
    for font_file in _bundled_fonts():
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    # Literal arguments, so that lupdate sees them.
    text = QCoreApplication.translate("SelfTest", "政务服务大厅")
    label = QLabel(text)
    font = QFont(families[0]) if families else QFont()
    font.setPixelSize(32)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.resize(320, 64)
    image = label.grab().toImage()
    family = QFontInfo(label.font()).family()
    metrics = QFontMetrics(label.font())
    label.deleteLater()
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise CheckFailedError("the grabbed image is empty")
    # A font without the glyphs renders boxes, which are not empty: check the glyphs exist.
    missing = [ch for ch in text if not metrics.inFontUcs4(ord(ch))]
    if missing:
        raise CheckFailedError(f"font {family!r} has no glyph for {''.join(missing)}")
    background = image.pixelColor(0, 0)
    inked = sum(
        image.pixelColor(x, y) != background
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    if inked < 20:
        raise CheckFailedError(f"the label rendered blank ({inked} inked samples)")
    return f"{text!r} in {family!r} on {QApplication.platformName()}, {inked} inked samples"


def check_pdf() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    fonts = [f for f in _bundled_fonts() if f.suffix.lower() in (".ttf", ".ttc")]
    if not fonts:
        raise CheckFailedError("no TrueType font to embed")
    pdfmetrics.registerFont(TTFont("SelfTestCJK", str(fonts[0])))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("SelfTestCJK", 14)
    pdf.drawString(72, 720, PROBE_TEXT)
    pdf.save()
    data = buffer.getvalue()

    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page_text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    if PROBE_TEXT not in page_text:
        raise CheckFailedError(f"the PDF's text reads {page_text!r}, not {PROBE_TEXT!r}")
    return f"reportlab embedded {fonts[0].name}, pdfium read it back ({len(data)} bytes)"


def check_data_libraries() -> str:
    import chinese_calendar
    from pypinyin import lazy_pinyin
    from stdnum.cn import ric

    pinyin = lazy_pinyin("政务")
    if pinyin != ["zheng", "wu"]:
        raise CheckFailedError(f"pypinyin gave {pinyin}")
    if chinese_calendar.is_workday(date(2024, 10, 1)) or not chinese_calendar.is_workday(date(2024, 10, 12)):
        raise CheckFailedError("chinese_calendar does not know 2024's National Day holiday and make-up day")
    place = ric.get_birth_place("11010519491231002X")  # reads stdnum's bundled area-code table
    if not place:
        raise CheckFailedError("stdnum's area-code table is empty")
    return "pypinyin, chinese_calendar, stdnum area codes"


def check_password_hashing() -> str:
    from argon2 import PasswordHasher

    hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024)
    if not hasher.verify(hasher.hash("self-test"), "self-test"):
        raise CheckFailedError("argon2 did not verify its own hash")
    return "argon2"


def check_qt_signals() -> str:
    """A Qt binding that miscounts references on emit (PySide6 6.12.0 does, on Python 3.11) aborts a
    counter after a few thousand signals; catch such a release here, not at a busy window."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        fired = Signal(object)

    probe = Probe()
    received: list[object] = []
    probe.fired.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for index in range(200):
        probe.fired.emit(index)
    after = sys.getrefcount(True), sys.getrefcount(False)
    if len(received) != 200:
        raise CheckFailedError(f"{len(received)} of 200 signals delivered")
    if after < before:
        raise CheckFailedError(
            f"PySide6 {pyside_version} loses references to True/False on every emit "
            f"({before} -> {after}); install another PySide6 release"
        )
    return f"PySide6 {pyside_version}: 200 emits, reference counts steady"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("assets", check_assets),
    ("imports", check_imports),
    ("translations", check_translations),
    ("store", check_store),
    ("widget", check_widget),
    ("qt signals", check_qt_signals),
    ("pdf", check_pdf),
    ("data libraries", check_data_libraries),
    ("password hashing", check_password_hashing),
)


def run_self_test() -> int:
    # Redirected output on Windows is in the ANSI code page, which may have no Chinese: a line
    # naming 一件事 must come out escaped rather than end the self-test.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    failed = 0
    for name, check in CHECKS:
        try:
            detail = check()
        except CheckFailedError as exc:
            failed += 1
            print(f"FAIL {name}: {exc}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}: {_exception_text()}", flush=True)
        else:
            print(f"ok   {name}: {detail}", flush=True)
    return 1 if failed else 0


def _bundled_fonts() -> list[Path]:
    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def _exception_text() -> str:
    exc = sys.exc_info()[1]
    if exc is None:
        return "unknown error"
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" (at {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{at}"
