"""The shipped CJK font, registered at start-up so Chinese renders on machines without one."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallclient.assets import AssetNotFoundError, resources_dir

log = logging.getLogger("hallclient.ui.fonts")

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def register_cjk_fonts() -> list[str]:
    """Add every font in resources/fonts to Qt; returns the family names it provides."""
    try:
        font_dir = resources_dir() / "fonts"
    except AssetNotFoundError:
        log.warning("resources folder not found; Chinese may render as boxes")
        return []
    families: list[str] = []
    for path in sorted(font_dir.glob("*")) if font_dir.is_dir() else []:
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load font %s", path.name)
            continue
        families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    return families


def apply_application_font(app: QApplication, cjk_families: list[str], *, point_size: int = 11) -> QFont:
    """Keep the platform's UI font for Latin text and fall back to the shipped CJK font."""
    font = QFont(app.font())
    base = [f for f in font.families() if f not in cjk_families] or [font.family()]
    font.setFamilies([*base, *cjk_families])
    font.setPointSize(point_size)
    app.setFont(font)
    return font
