"""Fonts for printed documents: a chain of TrueType fonts, every one embedded as a subset.

reportlab's built-in CID fonts (STSong-Light …) are never used: they are not embedded, and a
printer or viewer without that font prints empty boxes. Instead:

1. the primary font is a CJK TrueType font found on the machine (宋体 first, as notices are
   traditionally set in it; then 雅黑/黑体/文泉驿/…), or the Droid Sans Fallback shipped in
   ``resources/fonts`` when there is none; ``HALLCLIENT_PRINT_FONT`` names a file to use instead;
2. then a Latin font (Bitstream Vera, shipped inside reportlab) for the letters and digits some
   CJK fonts lack — Droid Sans Fallback has no ASCII at all;
3. then the other CJK fonts: the shipped one and, when installed, fonts for the CJK extensions
   (SimSun-ExtB on Windows, Hanazono on Linux) for 生僻字 such as 𠮷 (U+20BB7).

Each character is drawn with the first font of the chain whose cmap has it. A character that no
font has is drawn as 〓 (the typesetter's mark for a missing character) and reported, so the clerk
is warned before printing and can write it in by hand; ``check_printable`` tells in advance.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from hallclient.assets import AssetNotFoundError, resource_path

log = logging.getLogger("hallclient.printing")

SHIPPED_FONT = ("fonts", "DroidSansFallbackFull.ttf")
MISSING_MARK = "〓"

# Lower-case file names, best first. CFF-outline fonts (.otf, Noto CJK .ttc) are left out: reportlab
# cannot embed them; any file that fails to load is skipped anyway.
PRIMARY_CANDIDATES = (
    "simsun.ttc",  # Windows 宋体
    "simsun.ttf",
    "songti.ttc",  # macOS 宋体
    "uming.ttc",  # AR PL UMing (Linux), a 明体/宋体
    "msyh.ttc",  # Windows 微软雅黑
    "msyh.ttf",
    "simhei.ttf",  # Windows 黑体
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "notoserifsc-regular.ttf",
    "notosanssc-regular.ttf",
    "droidsansfallbackfull.ttf",
    "stheiti light.ttc",
    "arial unicode.ttf",
)
EXTENSION_CANDIDATES = (
    "simsunb.ttf",  # Windows SimSun-ExtB
    "mingliub.ttc",
    "hanamina.ttf",  # Hanazono: BMP + Extension A
    "hanaminb.ttf",  # Hanazono: Extension B and later
)
# Characters that carry no glyph of their own and are dropped rather than reported: zero-width
# spaces and joiners, variation selectors, the byte-order mark, the soft hyphen (visible only where a
# line breaks), and the direction marks that text copied from e-mail or address books carries around
# phone numbers and names (U+200E/F, U+202A–E, U+2066–9).
_IGNORABLE = re.compile(
    "[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufe00-\ufe0f\ufeff\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
_CJK_PROBE = "受理通知书号"


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab writes U+20BB7 as ``<20BB7>``, which readers reject: the glyph prints, but the text
    cannot be searched, copied or checked. The PDF spec wants the UTF-16BE code units.
    """
    text = _reportlab_to_unicode_cmap(fontname, [min(code, 0xFFFF) for code in subset])
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            units = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{index:02X}> <FFFF>", f"<{index:02X}> <{units}>", 1)
    return str(text)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # reportlab looks the function up at call time


def font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", "C:\\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def find_font_files(dirs: Iterable[Path] | None = None) -> dict[str, Path]:
    """Lower-case file name → path of every .ttf/.ttc below the font folders (first one wins)."""
    found: dict[str, Path] = {}
    for base in dirs if dirs is not None else font_dirs():
        if not base.is_dir():
            continue
        for root, _subdirs, files in os.walk(base):
            for file_name in files:
                if file_name.lower().endswith((".ttf", ".ttc")):
                    found.setdefault(file_name.lower(), Path(root) / file_name)
    return found


@dataclass(frozen=True)
class FontSpec:
    """One font file (and face, for .ttc collections) that may join a chain."""

    path: Path
    subfont_index: int = 0

    @property
    def reg_name(self) -> str:
        """The name registered with reportlab: unique per file, as two folders may hold one name."""
        stem = re.sub(r"[^A-Za-z0-9]+", "", self.path.stem) or "font"
        digest = hashlib.sha1(str(self.path).encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
        return f"HC-{stem}-{self.subfont_index}-{digest}"


class _LoadedFont:
    __slots__ = ("codepoints", "name", "spec")

    def __init__(self, spec: FontSpec, name: str, codepoints: frozenset[int]) -> None:
        self.spec = spec
        self.name = name
        self.codepoints = codepoints


_registry_lock = threading.Lock()
_loaded: dict[FontSpec, _LoadedFont | None] = {}


def _load(spec: FontSpec) -> _LoadedFont | None:
    """Parse and register a font once per process; None when reportlab cannot embed it."""
    with _registry_lock:
        if spec in _loaded:
            return _loaded[spec]
        try:
            font = TTFont(spec.reg_name, str(spec.path), subfontIndex=spec.subfont_index)
        except (TTFError, OSError, ValueError, KeyError, IndexError) as exc:
            # IndexError/KeyError: damaged or unusual tables; the font is simply not used.
            log.info("font %s is not usable for PDF embedding: %s", spec.path, exc)
            _loaded[spec] = None
            return None
        pdfmetrics.registerFont(font)
        loaded = _LoadedFont(spec, spec.reg_name, frozenset(font.face.charToGlyph))
        _loaded[spec] = loaded
        return loaded


class FontChain:
    """An ordered list of fonts; each character goes to the first font that has a glyph for it.

    The first font is loaded at once, the others on first need: a Hanazono face costs ~0.1 s to
    parse and most documents never touch it.
    """

    def __init__(self, specs: Sequence[FontSpec]) -> None:
        self._specs = tuple(dict.fromkeys(specs))
        self._fonts: list[_LoadedFont | bool | None] = [False] * len(self._specs)  # False: not tried
        self._lock = threading.Lock()
        self._choice: dict[int, str | None] = {}
        primary = next((self._font(i) for i in range(len(self._specs)) if self._font(i)), None)
        if primary is None:
            from hallclient.domain.errors import StorageError

            raise StorageError(
                "没有可嵌入的打印字体", code="no_print_font", fonts=[str(s.path) for s in self._specs]
            )
        self.primary = primary.name

    @property
    def specs(self) -> tuple[FontSpec, ...]:
        return self._specs

    def _font(self, index: int) -> _LoadedFont | None:
        state = self._fonts[index]
        if state is False:
            state = _load(self._specs[index])
            self._fonts[index] = state
        return state if isinstance(state, _LoadedFont) else None

    def font_for(self, char: str) -> str | None:
        """The registered name of the font that draws ``char``; None when no font has it."""
        code = ord(char)
        try:
            return self._choice[code]
        except KeyError:
            pass
        with self._lock:
            chosen = None
            for index in range(len(self._specs)):
                font = self._font(index)
                if font is not None and code in font.codepoints:
                    chosen = font.name
                    break
            self._choice[code] = chosen
            return chosen

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no font of the chain can draw, each once, in order."""
        clean = _IGNORABLE.sub("", text)
        return list(dict.fromkeys(c for c in clean if not c.isspace() and self.font_for(c) is None))

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs; undrawable characters become 〓."""
        pieces: list[tuple[str, str]] = []
        mark_font = self.font_for(MISSING_MARK) or self.primary
        for char in _IGNORABLE.sub("", text):
            font, drawn = self.font_for(char), char
            if font is None:
                if char.isspace():
                    font, drawn = self.font_for(" ") or self.primary, " "
                else:
                    font, drawn = mark_font, MISSING_MARK
            if pieces and pieces[-1][0] == font:
                pieces[-1] = (font, pieces[-1][1] + drawn)
            else:
                pieces.append((font, drawn))
        return pieces


class Typesetter:
    """Turns text into drawable runs or Paragraph markup for one document, noting missing glyphs."""

    def __init__(self, chain: FontChain) -> None:
        self.chain = chain
        self.missing: dict[str, None] = {}

    def runs(self, text: str) -> list[tuple[str, str]]:
        for char in self.chain.missing(text):
            self.missing.setdefault(char)
        return self.chain.runs(text)

    def markup(self, text: str) -> str:
        """Paragraph markup for plain ``text``: escaped, one ``<font>`` per run, newlines as breaks."""
        lines = []
        for line in text.split("\n"):
            lines.append(
                "".join(
                    piece if font == self.chain.primary else f'<font name="{font}">{piece}</font>'
                    for font, piece in ((f, escape(p)) for f, p in self.runs(line))
                )
            )
        return "<br/>".join(lines)

    def width(self, text: str, size: float) -> float:
        return float(sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text)))

    def warnings(self) -> tuple[str, ...]:
        if not self.missing:
            return ()
        chars = "、".join(f"{c}（U+{ord(c):04X}）" for c in self.missing)
        return (f"以下字符没有可用字体，打印为“{MISSING_MARK}”，请手工填写：{chars}",)


def shipped_font() -> FontSpec | None:
    try:
        return FontSpec(resource_path(*SHIPPED_FONT))
    except AssetNotFoundError:
        return None


def latin_font() -> FontSpec:
    return FontSpec(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")


def _has_cjk(spec: FontSpec) -> bool:
    font = _load(spec)
    return font is not None and all(ord(c) in font.codepoints for c in _CJK_PROBE)


def discover_specs(*, preferred: Path | None = None, dirs: Iterable[Path] | None = None) -> list[FontSpec]:
    """The default chain's fonts for this machine (see the module docstring for the order)."""
    files = find_font_files(dirs)
    override = preferred or (Path(p) if (p := os.environ.get("HALLCLIENT_PRINT_FONT")) else None)
    primary: FontSpec | None = None
    candidates = [FontSpec(override)] if override else []
    candidates += [FontSpec(files[name]) for name in PRIMARY_CANDIDATES if name in files]
    for spec in candidates:
        if _has_cjk(spec):
            primary = spec
            break
    if override and primary != FontSpec(override):
        log.warning("HALLCLIENT_PRINT_FONT %s is not a usable CJK TrueType font; not used", override)
    shipped = shipped_font()
    if primary is None and (shipped is None or not _has_cjk(shipped)):
        # The Latin font would become the primary one and every Chinese character print as 〓 or
        # an empty box: refuse, and say what is missing, rather than hand out such a paper.
        from hallclient.domain.errors import StorageError

        raise StorageError(
            "没有可用的中文打印字体：请安装中文 TrueType 字体（如宋体 simsun.ttc），"
            "或用 HALLCLIENT_PRINT_FONT 指定字体文件",
            code="no_print_font",
            fonts=[str(spec.path) for spec in candidates] + ([str(shipped.path)] if shipped else []),
        )
    specs = [s for s in (primary, latin_font(), shipped) if s is not None]
    specs += [FontSpec(files[name]) for name in EXTENSION_CANDIDATES if name in files]
    if primary is None and shipped is not None:  # the machine has no CJK font: ours leads
        specs.remove(shipped)
        specs.insert(0, shipped)
    return specs


@cache
def default_font_chain() -> FontChain:
    """The process-wide chain (discovered once; fonts stay registered with reportlab)."""
    chain = FontChain(discover_specs())
    log.info("print fonts: %s", ", ".join(str(s.path) for s in chain.specs))
    return chain


def check_printable(text: str, *, chain: FontChain | None = None) -> list[str]:
    """The characters of ``text`` that would not print (each once): warn the clerk before printing."""
    return (chain or default_font_chain()).missing(text)
