"""Installs the Qt translator for Settings.language (source strings are zh_CN)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from hallclient.assets import AssetNotFoundError, resources_dir

log = logging.getLogger("hallclient.ui.i18n")

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """The installed translator (keep a reference), or None for the source language."""
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
