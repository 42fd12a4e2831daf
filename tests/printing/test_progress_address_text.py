"""The progress address is printed as text beside its QR code, for an applicant who cannot scan
it (no smartphone at hand, a worn print) or reads it out on the phone: short, and wrapped inside
the paper when long."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from printing_pdf import CharBox, char_boxes, flat_text, qr_texts

from hallclient.printing import samples
from hallclient.printing.documents import render_receipt
from hallclient.printing.layout import A4_MARGIN_X
from hallclient.printing.model import CaseDocumentData, Paper, status_url

LONG_URL = status_url(
    "https://zwfw.linjiang-binjiang-xinqu.example.gov.cn/zhengwu-fuwu/banjian-jindu/chaxun/c/",
    "3f6b2c1e-8d4a-4e7b-9c15-2a7d0e6f4b83",
)


def _shown(url: str) -> str:
    # As printed: the scheme every browser assumes is left off.
    return url.removeprefix("https://")


def _boxes_of(text: str, boxes: list[CharBox]) -> list[CharBox]:
    drawn = "".join(box.char for box in boxes)
    start = drawn.find(text)
    assert start >= 0, f"{text!r} is not drawn as one run of characters"
    return boxes[start : start + len(text)]


def _lines(boxes: list[CharBox]) -> int:
    # Glyphs of one line differ in their bottoms by a descender at most; lines by a leading.
    bottoms = sorted(box.bottom for box in boxes)
    return 1 + sum(1 for low, high in itertools.pairwise(bottoms) if high - low > 4)


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80])
def test_the_receipt_prints_the_progress_address_beside_its_qr_code(paper: Paper) -> None:
    data = samples.receipt_case()
    pdf = render_receipt(data, paper=paper)
    assert qr_texts(pdf, scale=2.5) == [data.progress_url]
    assert _shown(data.progress_url) in flat_text(pdf)
    (width, _height), boxes = char_boxes(pdf)
    address = _boxes_of(_shown(data.progress_url), boxes)
    if paper is Paper.A4:
        # Under the QR code at the top right, on one line, above the material table.
        assert _lines(address) == 1
        assert max(box.right for box in address) > width - A4_MARGIN_X - 5
        assert min(box.bottom for box in address) > _height * 0.7


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80])
def test_a_long_progress_address_wraps_inside_the_paper(paper: Paper) -> None:
    data: CaseDocumentData = dataclasses.replace(samples.receipt_case(), progress_url=LONG_URL)
    pdf = render_receipt(data, paper=paper)
    assert qr_texts(pdf, scale=3.0) == [LONG_URL]
    (width, _height), boxes = char_boxes(pdf)
    address = _boxes_of(_shown(LONG_URL), boxes)
    assert _lines(address) >= 2
    margin = A4_MARGIN_X if paper is Paper.A4 else 0
    assert all(margin - 1 <= box.left and box.right <= width - margin + 1 for box in address)
    others = [box for box in boxes if box not in address]
    assert not [(a.char, b.char) for a in address for b in others if a.overlaps(b)]
