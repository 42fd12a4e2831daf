"""Installs the Qt translator for Settings.language (source strings are zh_CN)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hallclient.assets import AssetNotFoundError, resources_dir

log = logging.getLogger("hallclient.ui.i18n")

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """The installed translator of hallclient's own strings (keep a reference), or None for the
    source language. Qt's own strings follow the same language (``install_qt_translator``)."""
    install_qt_translator(app, language or SOURCE_LANGUAGE)
    if not language or language == SOURCE_LANGUAGE:
        return None
    try:
        qm = resources_dir() / "translations" / f"hallclient_{language}.qm"
    except AssetNotFoundError:
        return None
    translator = QTranslator(app)
    if not qm.is_file() or not translator.load(str(qm)):
        log.warning("no compiled translation for %s (%s); showing Chinese", language, qm.name)
        return None
    app.installTranslator(translator)
    return translator


def install_qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own words — a dialog's 确定 and 取消, a text box's context menu — in ``language``.

    Qt writes them in English and ships its translations beside its libraries (the installer keeps
    the Chinese and English ones); without them a Chinese dialog had a "Cancel" button. None when
    Qt needs none (English) or has none for the language: its English words then stay.
    """
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        log.info("Qt has no translation of its own words for %s in %s", language, folder)
        return None
    app.installTranslator(translator)
    return translator
