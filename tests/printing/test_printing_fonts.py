"""Font discovery and rare characters (生僻字): drawn by a fallback font, or reported before printing."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from printing_pdf import chars_by_font, flat_text, fonts

from hallclient.domain.errors import StorageError
from hallclient.printing import samples
from hallclient.printing.documents import render_document
from hallclient.printing.fonts import (
    MISSING_MARK,
    FontChain,
    FontSpec,
    check_printable,
    default_font_chain,
    discover_specs,
    latin_font,
    shipped_font,
)
from hallclient.printing.model import ApplicantInfo, ApplicantKind, DocumentType, Paper

EXT_A = "䶮"  # U+4DAE, CJK Extension A
EXT_B = "𠮷"  # U+20BB7, CJK Extension B


def _shipped() -> FontSpec:
    spec = shipped_font()
    assert spec is not None, "resources/fonts must ship a CJK font"
    return spec


def _receipt_for(name: str, chain: FontChain) -> tuple[bytes, tuple[str, ...]]:
    person = ApplicantInfo(kind=ApplicantKind.PERSON, name=name, id_number="320102198803154415")
    data = dataclasses.replace(samples.receipt_case(), applicant=person)
    rendered = render_document(DocumentType.RECEIPT, data, paper=Paper.ROLL_80, fonts=chain)
    return rendered.pdf, rendered.warnings


def test_shipped_font_is_a_cjk_truetype_with_its_licence() -> None:
    spec = _shipped()
    assert spec.path.suffix == ".ttf"
    licence = spec.path.parent / "LICENSE-DroidSansFallback.txt"
    assert "Apache License" in licence.read_text(encoding="utf-8")
    chain = FontChain([spec])
    assert chain.primary == spec.reg_name
    assert check_printable("政务服务中心受理回执", chain=chain) == []


def test_glyph_missing_from_the_primary_font_comes_from_the_fallback() -> None:
    # A chain whose first font (Latin only) lacks every CJK glyph: each must come from the CJK font.
    shipped = _shipped()
    chain = FontChain([latin_font(), shipped])
    pdf, warnings = _receipt_for(f"李{EXT_A}", chain)
    assert warnings == ()
    assert f"李{EXT_A}" in flat_text(pdf)
    by_font = chars_by_font(pdf)
    assert "DroidSansFallback" in by_font[EXT_A]
    assert "BitstreamVera" in by_font["3"]
    assert all(font.embedded_as == "/FontFile2" for font in fonts(pdf))


def test_glyph_no_font_has_is_marked_and_reported() -> None:
    chain = FontChain([_shipped(), latin_font()])  # neither has Extension B
    assert check_printable(f"吉{EXT_B}祥", chain=chain) == [EXT_B]
    pdf, warnings = _receipt_for(f"吉{EXT_B}", chain)
    assert len(warnings) == 1
    assert EXT_B in warnings[0] and "U+20BB7" in warnings[0]
    text = flat_text(pdf)
    assert f"吉{MISSING_MARK}" in text
    assert EXT_B not in text


def test_each_missing_character_is_reported_once() -> None:
    chain = FontChain([_shipped(), latin_font()])
    assert check_printable(f"{EXT_B}{EXT_B}\U0002a6a5 \u200b", chain=chain) == [EXT_B, "\U0002a6a5"]


def test_direction_marks_pasted_with_a_name_or_phone_are_not_printed_as_missing_characters() -> None:
    # E-mail clients and address books wrap copied names and numbers in invisible direction marks;
    # they have no glyph to print and must not send the clerk to write in a character by hand.
    chain = FontChain([_shipped(), latin_font()])
    marks = "\u202a\u202c\u200e\u200f\u2066\u2069\u00ad"
    assert check_printable("\u202a张晓梅\u202c\u200e 13812345678\u2069", chain=chain) == []
    person = ApplicantInfo(
        kind=ApplicantKind.PERSON,
        name="\u202a张\u00ad晓梅\u202c",
        id_number="320102198803154415",
        phone="\u2066138\u200e1234\u200f5678\u2069",
    )
    data = dataclasses.replace(samples.receipt_case(), applicant=person)
    rendered = render_document(DocumentType.RECEIPT, data, paper=Paper.A4, fonts=chain)
    assert rendered.warnings == ()
    text = flat_text(rendered.pdf)
    assert MISSING_MARK not in text
    assert "张晓梅：" in text
    assert not any(mark in text for mark in marks)
    # Marks never hide a character that is really missing.
    assert check_printable(f"\u202a吉{EXT_B}\u202c", chain=chain) == [EXT_B]


def test_default_chain_prints_extension_b_or_warns() -> None:
    """Either outcome is right: a machine with an Extension B font prints it, one without warns."""
    chain = default_font_chain()
    printable = check_printable(EXT_B) == []
    pdf, warnings = _receipt_for(f"吉{EXT_B}", chain)
    if printable:
        assert warnings == ()
        assert EXT_B in flat_text(pdf)
    else:
        assert warnings and EXT_B in warnings[0]


def test_extension_b_font_is_used_when_installed() -> None:
    hanazono = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
    if not hanazono.is_file():
        pytest.skip("no Hanazono font on this machine (Debian: fonts-hanazono)")
    chain = FontChain([_shipped(), latin_font(), FontSpec(hanazono)])
    pdf, warnings = _receipt_for(f"吉{EXT_B}", chain)
    assert warnings == ()
    assert EXT_B in flat_text(pdf)
    assert "HanaMinB" in chars_by_font(pdf)[EXT_B]
    assert "DroidSansFallback" in chars_by_font(pdf)["吉"]


def test_discovery_prefers_a_system_cjk_font_and_skips_broken_files(tmp_path: Path) -> None:
    system = tmp_path / "truetype" / "droid"
    system.mkdir(parents=True)
    shutil.copy(_shipped().path, system / "DroidSansFallbackFull.ttf")
    # Earlier in the preference list, but not a font at all: must be skipped, not crash.
    (tmp_path / "simsun.ttc").write_bytes(b"not a font")
    specs = discover_specs(dirs=[tmp_path])
    assert specs[0].path == system / "DroidSansFallbackFull.ttf"
    assert specs[1] == latin_font()
    assert _shipped() in specs


def test_discovery_falls_back_to_the_shipped_font(tmp_path: Path) -> None:
    specs = discover_specs(dirs=[tmp_path])
    assert specs[0] == _shipped()
    assert specs[1] == latin_font()


def test_override_names_the_primary_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "chosen.ttf"
    shutil.copy(_shipped().path, chosen)
    monkeypatch.setenv("HALLCLIENT_PRINT_FONT", str(chosen))
    assert discover_specs(dirs=[])[0] == FontSpec(chosen)


def test_a_chain_without_any_usable_font_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00garbage")
    with pytest.raises(StorageError) as caught:
        FontChain([FontSpec(broken)])
    assert caught.value.code == "no_print_font"
