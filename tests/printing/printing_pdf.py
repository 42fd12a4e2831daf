"""Reading printed documents back: text, fonts per drawn character, embedded fonts, QR codes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without whitespace: extraction puts spaces where the font changes inside a line."""
    return _WS.sub("", text)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat_text(pdf: bytes) -> str:
    return squash(pdf_text(pdf))


def chars_by_font(pdf: bytes) -> dict[str, str]:
    """Every drawn character mapped to the /BaseFont that drew it (last one wins)."""
    found: dict[str, str] = {}

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if isinstance(font, DictionaryObject):
            name = str(font.get("/BaseFont", ""))
            for char in text:
                if not char.isspace():
                    found[char] = name

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


@dataclass(frozen=True)
class FontInfo:
    base_font: str
    subtype: str
    embedded_as: str | None  # /FontFile2 (TrueType), /FontFile3, /FontFile or None


def fonts(pdf: bytes) -> list[FontInfo]:
    """Every font of every page, with how (whether) its program is embedded."""
    result: dict[str, FontInfo] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page.get("/Resources")
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        font_dict = resources.get("/Font", {}) if resources else {}
        for ref in font_dict.values():
            font = ref.get_object()
            descriptor_owner = font
            if font.get("/Subtype") == "/Type0":
                descriptor_owner = font["/DescendantFonts"][0].get_object()
            descriptor = descriptor_owner.get("/FontDescriptor")
            embedded = None
            if descriptor is not None:
                descriptor = descriptor.get_object()
                embedded = next(
                    (k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None
                )
            name = str(font.get("/BaseFont"))
            result[name] = FontInfo(name, str(font.get("/Subtype")), embedded)
    return list(result.values())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def qr_texts(pdf: bytes, *, page: int = 0, scale: float = 3.0) -> list[str]:
    """Render one page with pdfium and decode every QR code on it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    return [
        barcode.text
        for barcode in zxingcpp.read_barcodes(image)
        if barcode.format == zxingcpp.BarcodeFormat.QRCode
    ]


@dataclass(frozen=True)
class CharBox:
    char: str
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: CharBox, *, tolerance: float = 0.5) -> bool:
        """True when the two glyphs' boxes share more than a hairline (``tolerance`` points) each way."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.top, other.top) - max(self.bottom, other.bottom)
        return width > tolerance and height > tolerance


def char_boxes(pdf: bytes, *, page: int = 0) -> tuple[tuple[float, float], list[CharBox]]:
    """The page size and the box of every drawn character on it, in points from the bottom left."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pdf_page = document[page]
        size = pdf_page.get_size()
        text_page = pdf_page.get_textpage()
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count)
        boxes = [
            CharBox(char, *text_page.get_charbox(index))
            for index, char in enumerate(text[:count])
            if not char.isspace()
        ]
    finally:
        document.close()
    return (float(size[0]), float(size[1])), boxes


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_text(pdf: bytes, page: int) -> str:
    return squash(PdfReader(io.BytesIO(pdf)).pages[page].extract_text())
