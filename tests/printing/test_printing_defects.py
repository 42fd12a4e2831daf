"""What a hall would otherwise get wrong on paper: a 容缺 case's receipt claiming the materials were
complete, a heading left alone at a page's foot, a machine with no Chinese font at all, a long file
name that the system takes but the save refuses."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from printing_pdf import char_boxes, flat_text, page_count, page_text, squash

from hallclient.domain.errors import StorageError, ValidationError
from hallclient.printing import fonts as print_fonts
from hallclient.printing import samples
from hallclient.printing.documents import render_document
from hallclient.printing.files import write_file_atomically
from hallclient.printing.formatting import cn_date
from hallclient.printing.model import CaseDocumentData, DocumentType, Outcome, Paper

# ---------------------------------------------------------------- the receipt of a 容缺 case


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80], ids=lambda paper: paper.value)
def test_the_receipt_of_a_deficiency_case_names_the_deficiency_and_its_deadline(paper: Paper) -> None:
    # A 容缺 case may also be handed a plain 受理回执: it must not say the materials were complete
    # while its own table shows 缺, and it must carry the date by which they are owed.
    data = samples.deficiency_case()
    assert data.outcome is Outcome.ACCEPT_WITH_DEFICIENCY and data.pledge_due is not None
    text = flat_text(render_document(DocumentType.RECEIPT, data, paper=paper).pdf)
    assert "申请材料齐全、符合法定形式，本中心依法予以受理" not in text
    assert "容缺受理" in text
    assert "补正期限" + cn_date(data.pledge_due) in text
    for row in data.outstanding_materials:
        assert squash(row.name) in text


def test_the_receipt_of_a_deficiency_case_needs_the_pledge_deadline() -> None:
    data = dataclasses.replace(samples.deficiency_case(), pledge_due=None)
    with pytest.raises(ValidationError) as caught:
        render_document(DocumentType.RECEIPT, data, paper=Paper.A4)
    assert caught.value.field == "pledge_due"


def test_the_receipt_of_a_plain_accepted_case_is_unchanged() -> None:
    text = flat_text(render_document(DocumentType.RECEIPT, samples.receipt_case(), paper=Paper.A4).pdf)
    assert "申请材料齐全、符合法定形式，本中心依法予以受理" in text
    assert "容缺" not in text and "补正期限" not in text


# ---------------------------------------------------------------- headings at a page's foot

_TABLE_HEADINGS = ("申请材料清单", "材料核对情况", "已核对的申请材料（已全部退还申请人）")


@pytest.mark.parametrize(
    "doc_type",
    [
        DocumentType.RECEIPT,
        DocumentType.NOTIFY_ONCE,
        DocumentType.DEFICIENCY_NOTICE,
        DocumentType.REJECTION_NOTICE,
    ],
    ids=lambda doc_type: doc_type.value,
)
def test_a_material_table_heading_never_ends_a_page_without_its_table(doc_type: DocumentType) -> None:
    # The department cell grows line by line, moving the heading down page 1 until it reaches the
    # foot: wherever it lands, the table's header and first row must be under it, on its page.
    base = samples.samples()[doc_type]
    assert isinstance(base, CaseDocumentData)
    seen_headings = 0
    for growth in range(0, 80, 2):
        data = dataclasses.replace(base, department=base.department + "委托实施单位" * growth)
        pdf = render_document(doc_type, data, paper=Paper.A4).pdf
        for page in range(page_count(pdf)):
            body = page_text(pdf, page).split(squash(data.hall.name) + "地址")[0]
            heading = next((h for h in _TABLE_HEADINGS if h in body), None)
            if heading is None:
                continue
            seen_headings += 1
            assert not body.endswith(heading), (growth, page + 1, heading)
            after = body.split(heading, 1)[1]
            assert after.startswith("序号材料名称"), (growth, page + 1, after[:30])
            assert squash(data.materials[0].name) in after, (growth, page + 1)
    assert seen_headings >= 40


# ---------------------------------------------------------------- no Chinese font anywhere


def test_no_chinese_font_at_all_is_an_error_not_a_page_of_boxes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resources folder without the shipped font (an operator's own HALLCLIENT_RESOURCES) on a
    # machine with no CJK font: the Latin font must not become the primary font and print every
    # Chinese character as 〓 or an empty box; the counter is told what is missing instead.
    monkeypatch.setattr(print_fonts, "shipped_font", lambda: None)
    monkeypatch.delenv("HALLCLIENT_PRINT_FONT", raising=False)
    with pytest.raises(StorageError) as caught:
        print_fonts.discover_specs(dirs=[tmp_path])
    assert caught.value.code == "no_print_font"
    assert "中文" in str(caught.value)


def test_a_machine_without_chinese_fonts_prints_with_the_shipped_font(tmp_path: Path) -> None:
    specs = print_fonts.discover_specs(dirs=[tmp_path])
    chain = print_fonts.FontChain(specs)
    shipped = print_fonts.shipped_font()
    assert shipped is not None and chain.primary == shipped.reg_name
    rendered = render_document(DocumentType.RECEIPT, samples.receipt_case(), paper=Paper.A4, fonts=chain)
    assert rendered.warnings == ()
    assert print_fonts.MISSING_MARK not in flat_text(rendered.pdf)


# ---------------------------------------------------------------- long file names


def test_a_long_file_name_the_system_accepts_is_saved(tmp_path: Path) -> None:
    # 80 Chinese characters are 240 bytes: a valid name on every common filesystem (255 bytes),
    # but not once ".<random>.part" is added for the temporary file.
    target = tmp_path / ("受理回执" * 20 + ".pdf")
    assert len(target.name.encode("utf-8")) <= 255
    write_file_atomically(target, b"%PDF-1.4 whole")
    assert target.read_bytes() == b"%PDF-1.4 whole"
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]


# ---------------------------------------------------------------- long titles


def _glyph_heights(pdf: bytes, text: str) -> list[float]:
    _size, boxes = char_boxes(pdf)
    return [box.top - box.bottom for box in boxes if box.char in text and "\u4e00" <= box.char <= "\u9fff"]


LONG_SERVICE = "不动产登记（抵押权设立、变更、转移、注销登记及预告登记、更正登记、异议登记）综合受理窗口业务"


def test_a_long_service_name_on_a_ticket_is_set_on_more_lines_not_too_small_to_read() -> None:
    # A title too wide for the slip used to shrink onto one line with no limit: about 3 pt here,
    # a grey smear on a 203 dpi thermal head. Now it shrinks as far as 7 pt (glyphs about 6 pt
    # tall), then breaks.
    data = dataclasses.replace(samples.ticket(), service_name=LONG_SERVICE)
    pdf = render_document(DocumentType.TICKET, data, paper=Paper.ROLL_80).pdf
    assert page_count(pdf) == 1
    assert squash(LONG_SERVICE) in flat_text(pdf)
    heights = _glyph_heights(pdf, "抵押权设立变更转移注销预告更正异议综合受理窗口业务")
    assert heights and min(heights) > 5.5, min(heights)
    _assert_on_the_paper(pdf)


def test_a_long_hall_name_heading_a_roll_receipt_can_be_read() -> None:
    name = "临江市滨江新区行政审批局（临江市滨江新区政务服务中心）滨江大道分中心"
    hall = dataclasses.replace(samples.HALL, name=name)
    data = dataclasses.replace(samples.receipt_case(), hall=hall)
    pdf = render_document(DocumentType.RECEIPT, data, paper=Paper.ROLL_80).pdf
    (_w, height), boxes = char_boxes(pdf)
    # "一" is a flat stroke: its box says nothing about the size of the type.
    top = [box for box in boxes if box.bottom > height - 20 * 72 / 25.4 and "\u4e00" < box.char <= "\u9fff"]
    assert squash(hall.name) in flat_text(pdf)
    assert min(box.top - box.bottom for box in top) > 5.5
    _assert_on_the_paper(pdf)


def test_a_title_that_fits_keeps_its_size_and_one_line() -> None:
    pdf = render_document(DocumentType.TICKET, samples.ticket(), paper=Paper.ROLL_80).pdf
    (_w, height), boxes = char_boxes(pdf)
    hall = [box for box in boxes if box.bottom > height - 12 * 72 / 25.4 and box.char.strip()]
    assert "".join(box.char for box in hall) == samples.HALL.name
    assert max(box.bottom for box in hall) - min(box.bottom for box in hall) < 2
    assert min(box.top - box.bottom for box in hall) > 8


def _assert_on_the_paper(pdf: bytes) -> None:
    for page in range(page_count(pdf)):
        (width, height), boxes = char_boxes(pdf, page=page)
        outside = [b.char for b in boxes if b.left < 0 or b.right > width or b.bottom < 0 or b.top > height]
        assert outside == [], (page + 1, "".join(outside))
        ordered = sorted(boxes, key=lambda box: box.bottom)
        for index, first in enumerate(ordered):
            for second in ordered[index + 1 :]:
                if second.bottom > first.top:
                    break
                assert not first.overlaps(second, tolerance=1.0), (page + 1, first.char, second.char)
