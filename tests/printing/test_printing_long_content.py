"""Documents with long content, read back with the position of every character: nothing runs off
the paper, nothing is printed over something else, every page keeps its footer."""

from __future__ import annotations

import dataclasses

import pytest
from printing_pdf import CharBox, char_boxes, flat_text, page_count, page_text, squash

from hallclient.printing import samples
from hallclient.printing.documents import render_deficiency_notice, render_document, render_receipt
from hallclient.printing.layout import A4_MARGIN_BOTTOM, A4_MARGIN_X
from hallclient.printing.model import (
    CaseDocumentData,
    DocumentType,
    HallInfo,
    MaterialRow,
    Paper,
    ReceivedState,
)

LONG_HALL = HallInfo(
    name="临江市滨江新区行政审批局（临江市滨江新区政务服务中心）滨江大道分中心",
    code="320102",
    address="临江市滨江新区滨江大道888号市民中心综合服务大楼一楼东侧政务服务大厅（地铁2号线市民中心站3号口出）",
    phone="0512-12345678",
)


def _many_materials(count: int) -> tuple[MaterialRow, ...]:
    return tuple(
        MaterialRow(f"第{n}项补充材料", n % 2 == 0, 1, 1, ReceivedState.COPY, copies=1)
        for n in range(1, count + 1)
    )


def _overlapping(boxes: list[CharBox]) -> list[tuple[str, str]]:
    return [
        (first.char, second.char)
        for index, first in enumerate(boxes)
        for second in boxes[index + 1 :]
        if first.overlaps(second)
    ]


def _overlapping_sorted(boxes: list[CharBox]) -> list[tuple[str, str]]:
    """Like ``_overlapping`` for a whole page: boxes sorted by height, compared with those level."""
    ordered = sorted(boxes, key=lambda box: box.bottom)
    found = []
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.bottom > first.top:
                break
            if first.overlaps(second, tolerance=1.0):
                found.append((first.char, second.char))
    return found


def _everything_long(doc_type: DocumentType) -> CaseDocumentData:
    base = samples.samples()[doc_type]
    assert isinstance(base, CaseDocumentData)
    person = "阿卜杜热合曼·买买提艾力·依明江·阿不都克热木·吐尔逊"
    organisation = dataclasses.replace(
        samples.ORG,
        name="临江市" + "味道鲜美香气扑鼻" * 8 + "餐饮管理有限公司",
        legal_rep=person,
        agent_name=person,
    )
    materials = tuple(
        MaterialRow(
            f"第{n}项材料：" + "与食品经营相适应的主要设备设施布局、操作流程等文件" * (1 + n % 3),
            n % 2 == 0,
            1,
            2,
            list(ReceivedState)[n % len(ReceivedState)],
            originals=1,
            copies=1,
            e_license_no="91320102MA1N2K3L4Y-20250317-0001234567" if n % 5 == 2 else "",
            note="可容缺" if n % 4 == 1 else "",
        )
        for n in range(1, 36)
    )
    return dataclasses.replace(
        base,
        hall=LONG_HALL,
        applicant=organisation,
        item_name="食品经营许可证核发（新办、变更、延续、补证、注销）及小餐饮登记" * 3,
        department="临江市滨江新区行政审批局（市场监督管理局委托实施）",
        materials=materials,
    )


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80], ids=lambda paper: paper.value)
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
def test_long_content_stays_on_the_paper_and_is_never_printed_over(
    doc_type: DocumentType, paper: Paper
) -> None:
    data = _everything_long(doc_type)
    rendered = render_document(doc_type, data, paper=paper)
    assert rendered.warnings == ()
    pdf = rendered.pdf
    pages = page_count(pdf)
    assert (pages == 1) if paper.is_roll else (pages >= 3)
    for page in range(pages):
        (width, height), boxes = char_boxes(pdf, page=page)
        outside = [b.char for b in boxes if b.left < 0 or b.right > width or b.bottom < 0 or b.top > height]
        assert outside == [], (page + 1, "".join(outside))
        assert _overlapping_sorted(boxes) == [], page + 1
    text = flat_text(pdf)
    for value in (
        data.applicant.name,
        data.item_name,
        data.hall.address,
        *(row.name for row in data.materials),
    ):
        assert squash(value) in text, value


def _receipt(data: CaseDocumentData) -> tuple[CaseDocumentData, bytes]:
    return data, render_receipt(data)


def test_a_long_hall_name_and_address_stay_inside_the_footer_of_every_page() -> None:
    data, pdf = _receipt(
        dataclasses.replace(samples.receipt_case(), hall=LONG_HALL, materials=_many_materials(30))
    )
    pages = page_count(pdf)
    assert pages >= 2
    for page in range(pages):
        (width, _height), boxes = char_boxes(pdf, page=page)
        footer = [box for box in boxes if box.top < A4_MARGIN_BOTTOM]
        assert footer, f"page {page + 1} has no footer"
        outside = [
            box.char for box in footer if box.left < A4_MARGIN_X - 1 or box.right > width - A4_MARGIN_X + 1
        ]
        assert outside == [], f"page {page + 1}: footer runs off the paper"
        assert _overlapping(footer) == [], f"page {page + 1}: footer text printed over itself"
        text = page_text(pdf, page)
        for part in (data.hall.name, data.hall.address, data.hall.phone, f"第{page + 1}页共{pages}页"):
            assert squash(part) in text, (page + 1, part)


def test_a_short_footer_stays_on_one_line() -> None:
    _data, pdf = _receipt(samples.receipt_case())
    _size, boxes = char_boxes(pdf)
    footer = [box for box in boxes if box.top < A4_MARGIN_BOTTOM]
    # One line at the usual size (8.5 pt): every glyph within one line's height, the phone included.
    assert max(box.top for box in footer) - min(box.bottom for box in footer) < 12
    assert "第1页共1页" in flat_text(pdf)


def test_the_pledge_is_always_on_a_sheet_of_its_own() -> None:
    # However far the notice runs onto its last page, the pledge the hall keeps never shares it
    # with the notice the applicant takes home (its signature line and seal in particular).
    base = samples.deficiency_case()
    for extra in range(12):
        data = dataclasses.replace(base, materials=base.materials + _many_materials(extra))
        pdf = render_deficiency_notice(data)
        pages = [page_text(pdf, page) for page in range(page_count(pdf))]
        pledge_pages = [index for index, text in enumerate(pages) if "现郑重承诺" in text]
        assert pledge_pages == [len(pages) - 1], extra
        pledge = pages[-1]
        assert pledge.startswith("承诺书"), (extra, pledge[:40])
        assert "申请人（签收）" not in pledge and "受理专用章" not in pledge, extra
        assert "申请人（签收）" in pages[-2], extra


def test_a_long_hall_name_in_the_seal_is_broken_into_lines_that_can_be_read() -> None:
    _data, pdf = _receipt(dataclasses.replace(samples.receipt_case(), hall=LONG_HALL))
    pages = page_count(pdf)
    (_width, _height), boxes = char_boxes(pdf, page=pages - 1)
    label = next(box for box in boxes if box.char == "专")
    centre_x = (label.left + label.right) / 2
    radius = 18 * 72 / 25.4
    in_seal = [
        box
        for box in boxes
        if abs((box.left + box.right) / 2 - centre_x) < radius
        and label.top + 10 < box.bottom < label.bottom + 2 * radius
        and box.char in LONG_HALL.name
        and box.char.strip()
    ]
    lines: list[list[CharBox]] = []
    for box in sorted(in_seal, key=lambda box: -(box.top + box.bottom)):
        if lines and abs((lines[-1][0].top + lines[-1][0].bottom) - (box.top + box.bottom)) < 6:
            lines[-1].append(box)
        else:
            lines.append([box])
    read = "".join(box.char for line in lines for box in sorted(line, key=lambda box: box.left))
    assert squash(read) == squash(LONG_HALL.name)
    # Three lines of 6.5 pt or more, not one line shrunk to about 2 pt.
    assert len(lines) == 3
    assert min(box.top - box.bottom for box in in_seal if "\u4e00" <= box.char <= "\u9fff") > 4.5
    assert _overlapping(in_seal) == []


# 600 characters of catalog text, numbered so that a lost or repeated piece cannot go unseen.
LONG_NOTE = "".join(f"第{n:03d}条须加盖公章并签字；" for n in range(1, 60))[:600]
LONG_NAME = "".join(f"第{n:03d}项经营场所使用证明材料" for n in range(1, 200))[:2000]


def _with_first_material(data: CaseDocumentData, **changes: object) -> CaseDocumentData:
    first = dataclasses.replace(data.materials[0], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(data, materials=(first, *data.materials[1:]))


def _with_received_material(data: CaseDocumentData, **changes: object) -> CaseDocumentData:
    """``changes`` to the first material received as asked: one the table alone shows (a notice
    also lists each missing or deficient material, with its note, below the table)."""
    index = next(i for i, row in enumerate(data.materials) if not row.state.outstanding)
    changed = dataclasses.replace(data.materials[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(
        data, materials=(*data.materials[:index], changed, *data.materials[index + 1 :])
    )


def _read_in_order(pdf: bytes, text: str) -> list[str]:
    """``text`` as it reads from page to page: on each page the longest piece of what is left.
    Assert that the pieces add up to ``text`` to know every character is there, in order."""
    pieces: list[str] = []
    left = squash(text)
    for page in range(page_count(pdf)):
        on_page = page_text(pdf, page)
        length = next((n for n in range(len(left), 0, -1) if left[:n] in on_page), 0)
        if length:
            pieces.append(left[:length])
            left = left[length:]
    return pieces


def _assert_on_the_paper(pdf: bytes) -> None:
    for page in range(page_count(pdf)):
        (width, height), boxes = char_boxes(pdf, page=page)
        outside = [b.char for b in boxes if b.left < 0 or b.right > width or b.bottom < 0 or b.top > height]
        assert outside == [], (page + 1, "".join(outside))
        assert _overlapping_sorted(boxes) == [], page + 1


CASE_DOCUMENTS = [
    DocumentType.RECEIPT,
    DocumentType.NOTIFY_ONCE,
    DocumentType.DEFICIENCY_NOTICE,
    DocumentType.REJECTION_NOTICE,
]


@pytest.mark.parametrize("doc_type", CASE_DOCUMENTS, ids=lambda doc_type: doc_type.value)
def test_a_material_note_taller_than_a_page_breaks_across_pages(doc_type: DocumentType) -> None:
    # The note column is 18 mm wide: 600 characters make a cell about two A4 pages tall.
    base = samples.samples()[doc_type]
    assert isinstance(base, CaseDocumentData)
    data = _with_received_material(base, note=LONG_NOTE)
    pdf = render_document(doc_type, data, paper=Paper.A4).pdf
    pieces = _read_in_order(pdf, LONG_NOTE)
    assert "".join(pieces) == LONG_NOTE
    assert len(pieces) >= 2  # taller than a page: it cannot be on one
    _assert_on_the_paper(pdf)
    text = flat_text(pdf)
    for row in data.materials:
        assert squash(row.name) in text, row.name


def test_a_material_name_taller_than_a_page_breaks_across_pages() -> None:
    data = _with_first_material(samples.receipt_case(), name=LONG_NAME)
    pdf = render_document(DocumentType.RECEIPT, data, paper=Paper.A4).pdf
    pieces = _read_in_order(pdf, LONG_NAME)
    assert "".join(pieces) == LONG_NAME
    assert len(pieces) >= 2
    _assert_on_the_paper(pdf)


@pytest.mark.parametrize(
    "doc_type",
    [DocumentType.NOTIFY_ONCE, DocumentType.DEFICIENCY_NOTICE],
    ids=lambda doc_type: doc_type.value,
)
def test_a_long_material_note_and_name_on_the_roll(doc_type: DocumentType) -> None:
    # The roll's table leaves notes out (docs/printing.md); a notice lists the missing material
    # with its note below the table. The slip is cut to its content, so it stays one page.
    base = samples.samples()[doc_type]
    assert isinstance(base, CaseDocumentData)
    data = _with_first_material(
        base, name=LONG_NOTE.replace("须", "件"), note=LONG_NOTE, state=ReceivedState.MISSING, core=False
    )
    pdf = render_document(doc_type, data, paper=Paper.ROLL_80).pdf
    assert page_count(pdf) == 1
    text = flat_text(pdf)
    assert squash(LONG_NOTE) in text
    assert squash(data.materials[0].name) in text
    _assert_on_the_paper(pdf)


def test_a_long_material_name_on_the_roll_receipt() -> None:
    data = _with_first_material(samples.receipt_case(), name=LONG_NAME, note=LONG_NOTE)
    pdf = render_document(DocumentType.RECEIPT, data, paper=Paper.ROLL_80).pdf
    assert page_count(pdf) == 1
    assert squash(LONG_NAME) in flat_text(pdf)
    _assert_on_the_paper(pdf)


def test_catalog_text_taller_than_a_page_in_the_case_table_breaks_across_pages() -> None:
    # The item's department, from the catalog, in the spanned cells of the table at the top.
    department = "".join(f"第{n:04d}处临江市滨江新区行政审批局受委托实施" for n in range(1, 200))[:3000]
    data = dataclasses.replace(samples.receipt_case(), department=department)
    pdf = render_document(DocumentType.RECEIPT, data, paper=Paper.A4).pdf
    pieces = _read_in_order(pdf, department)
    assert "".join(pieces) == department
    assert len(pieces) >= 2
    _assert_on_the_paper(pdf)
