"""Every document read back from its PDF: fields, masking, materials, dates, fonts, QR, paper."""

from __future__ import annotations

import dataclasses

import pytest
from printing_pdf import flat_text, fonts, page_sizes, pdf_text, qr_texts, squash

from hallclient.domain.errors import ValidationError
from hallclient.printing import samples
from hallclient.printing.documents import (
    PLEDGE_COMMITMENTS,
    STANDARD_APPEAL_TEXT,
    document_number,
    render_deficiency_notice,
    render_document,
    render_notify_once,
    render_receipt,
    render_rejection_notice,
    render_ticket,
)
from hallclient.printing.formatting import cn_date, received_label
from hallclient.printing.model import (
    CaseDocumentData,
    CaseKind,
    DocumentType,
    MaterialRow,
    Paper,
    ReceivedState,
    TicketData,
)

MM = 72 / 25.4
CaseDoc = tuple[DocumentType, Paper, CaseDocumentData, bytes]
CASE_DOCS = [
    DocumentType.RECEIPT,
    DocumentType.NOTIFY_ONCE,
    DocumentType.DEFICIENCY_NOTICE,
    DocumentType.REJECTION_NOTICE,
]


def _render(
    doc_type: DocumentType, paper: Paper | None = None
) -> tuple[CaseDocumentData | TicketData, bytes]:
    data = samples.samples()[doc_type]
    rendered = render_document(doc_type, data, paper=paper)
    assert rendered.doc_type is doc_type
    assert rendered.warnings == ()
    return data, rendered.pdf


@pytest.fixture(scope="module", params=[(t, p) for t in CASE_DOCS for p in (Paper.A4, Paper.ROLL_80)])
def case_doc(request: pytest.FixtureRequest) -> CaseDoc:
    doc_type, paper = request.param
    data, pdf = _render(doc_type, paper)
    assert isinstance(data, CaseDocumentData)
    return doc_type, paper, data, pdf


def test_case_document_shows_every_field(
    case_doc: CaseDoc,
) -> None:
    doc_type, _paper, data, pdf = case_doc
    text = flat_text(pdf)
    assert doc_type.title in text
    assert squash(document_number(doc_type, data)) in text
    for value in (
        data.case_no,
        data.item_name,
        data.applicant.name,
        data.hall.name,
        data.clerk_name,
        f"{data.window_no}号窗口",
        cn_date(data.accepted_on),
        data.department,
    ):
        assert squash(value) in text, value
    assert data.hall.phone in text


def test_id_numbers_are_masked(case_doc: CaseDoc) -> None:
    _doc_type, _paper, data, pdf = case_doc
    text = flat_text(pdf)
    applicant = data.applicant
    for full, masked in (
        (applicant.id_number, applicant.id_number[:6] + "********" + applicant.id_number[-4:]),
        (
            applicant.agent_id_number,
            applicant.agent_id_number[:6] + "********" + applicant.agent_id_number[-4:],
        ),
        (
            applicant.org_credit_code,
            applicant.org_credit_code[:4] + "*" * 10 + applicant.org_credit_code[-4:],
        ),
        (applicant.phone, applicant.phone[:3] + "****" + applicant.phone[-4:]),
    ):
        if full:
            assert full not in text
            assert masked in text


def test_materials_with_counts(case_doc: CaseDoc) -> None:
    _doc_type, paper, data, pdf = case_doc
    text = flat_text(pdf)
    for index, row in enumerate(data.materials, start=1):
        if paper is Paper.A4:
            # A table row reads: number, name, 必要/非必要, required originals/copies, received, state.
            received = (
                ("—", "—")
                if row.state in (ReceivedState.E_LICENSE, ReceivedState.MISSING)
                else (
                    str(row.originals),
                    str(row.copies),
                )
            )
            expected = (
                f"{index}{row.name}{'必要' if row.core else '非必要'}"
                f"{row.required_originals}{row.required_copies}{''.join(received)}{received_label(row)}"
            )
        else:
            marker = "" if row.core else "（非必要）"
            expected = (
                f"{row.name}{marker}{row.required_originals}/{row.required_copies}{received_label(row)}"
            )
        assert squash(expected) in text, expected
        if row.e_license_no:
            assert row.e_license_no in text


def test_qr_code_decodes_to_the_progress_url(
    case_doc: CaseDoc,
) -> None:
    _doc_type, _paper, data, pdf = case_doc
    assert qr_texts(pdf, scale=2.5) == [data.progress_url]


def test_every_font_is_an_embedded_truetype_subset(
    case_doc: CaseDoc,
) -> None:
    _doc_type, _paper, _data, pdf = case_doc
    used = fonts(pdf)
    assert used
    for font in used:
        assert font.embedded_as == "/FontFile2", font
        # A subset's name carries a six-letter tag: AAAAAA+FontName.
        assert font.base_font[1:7].isupper() and font.base_font[7] == "+", font


def test_paper_size(case_doc: CaseDoc) -> None:
    _doc_type, paper, _data, pdf = case_doc
    sizes = page_sizes(pdf)
    if paper is Paper.A4:
        assert all(abs(w - 210 * MM) < 1 and abs(h - 297 * MM) < 1 for w, h in sizes)
    else:
        assert len(sizes) == 1
        assert abs(sizes[0][0] - 80 * MM) < 1


def test_receipt_deadlines_in_chinese() -> None:
    data = samples.receipt_case()
    text = flat_text(render_receipt(data))
    assert f"承诺办结时限为{data.promised_days}个工作日" in text
    assert f"预计于{cn_date(data.promised_due)}前办结" in text
    assert cn_date(data.promised_due) == "2025年6月6日"
    assert "2025年6月3日09:42" in text  # printed at


def test_immediate_case_says_done_on_the_spot() -> None:
    data = dataclasses.replace(samples.receipt_case(), kind=CaseKind.IMMEDIATE, promised_due=None)
    text = flat_text(render_receipt(data))
    assert "即办件" in text and "当场办结" in text
    assert "预计于" not in text


def test_notify_once_lists_every_missing_material_once() -> None:
    data = samples.notify_once_case()
    text = pdf_text(render_notify_once(data))
    outstanding = [row for row in data.materials if row.state.outstanding]
    assert len(outstanding) == 3
    lines = [squash(line) for line in text.splitlines()]
    body = "".join(lines)
    for row in outstanding:
        # Once in the numbered list (name followed by the problem), once more in the checklist table.
        assert body.count(squash(f"{row.name}：")) == 1, row.name
    for extra in data.missing:
        assert squash(extra) in body
    assert "一次性告知" in body
    present = next(row for row in data.materials if not row.state.outstanding)
    assert squash(f"{present.name}：") not in body


def test_notify_once_does_not_repeat_a_correction_listed_twice() -> None:
    data = dataclasses.replace(samples.notify_once_case(), missing=("申请表未签字", "申请表未签字"))
    body = flat_text(render_notify_once(data))
    assert body.count("申请表未签字") == 1


def test_deficiency_notice_has_the_pledge_with_five_commitments() -> None:
    data = samples.deficiency_case()
    assert data.pledge_due is not None
    body = flat_text(render_deficiency_notice(data))
    due = cn_date(data.pledge_due)
    assert f"请您于{due}前补齐下列材料" in body
    assert "承诺书" in body
    for number, commitment in enumerate(PLEDGE_COMMITMENTS, start=1):
        assert squash(f"{number}.{commitment.format(due=due)}") in body
    assert "承诺单位（盖章）" in body and "日期：" in body
    for row in data.outstanding_materials:
        assert squash(f"{row.name}：未提交") in body


def test_deficiency_notice_needs_a_pledge_deadline() -> None:
    data = dataclasses.replace(samples.deficiency_case(), pledge_due=None)
    with pytest.raises(ValidationError) as caught:
        render_deficiency_notice(data)
    assert caught.value.field == "pledge_due"


def test_rejection_notice_gives_reason_referral_and_appeal_rights() -> None:
    data = samples.rejection_case()
    body = flat_text(render_rejection_notice(data))
    assert squash(data.reject_reason) in body
    assert squash(data.reject_legal_basis) in body
    assert squash(data.reject_referral) in body
    assert squash(STANDARD_APPEAL_TEXT) in body
    assert "六十日内" in body and "六个月内" in body and "行政复议" in body and "行政诉讼" in body
    custom = dataclasses.replace(data, reject_appeal_text="可向临江市人民政府申请行政复议。")
    custom_body = flat_text(render_rejection_notice(custom))
    assert "可向临江市人民政府申请行政复议。" in custom_body
    assert squash(STANDARD_APPEAL_TEXT) not in custom_body


def test_rejection_without_reason_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        render_rejection_notice(dataclasses.replace(samples.rejection_case(), reject_reason="  "))
    assert caught.value.field == "reject_reason"


def test_ticket() -> None:
    data, pdf = _render(DocumentType.TICKET)
    assert isinstance(data, TicketData)
    body = flat_text(pdf)
    for value in (data.hall_name, data.service_name, data.number, "绿色通道", "2025年6月3日09:15"):
        assert squash(value) in body
    assert f"您前面还有{data.people_ahead}人在等候" in body
    assert qr_texts(pdf) == [data.status_url]
    (width, height), *more = page_sizes(pdf)
    assert not more and abs(width - 80 * MM) < 1 and height < 150 * MM
    plain = render_ticket(dataclasses.replace(data, green_channel=False))
    assert "绿色通道" not in flat_text(plain)


def test_roll_length_grows_with_the_materials() -> None:
    base = samples.receipt_case()
    extra = tuple(
        MaterialRow(f"补充材料{n}", False, 1, 1, ReceivedState.COPY, copies=1) for n in range(1, 13)
    )
    short = render_receipt(dataclasses.replace(base, materials=base.materials[:1]), paper=Paper.ROLL_80)
    long = render_receipt(dataclasses.replace(base, materials=base.materials + extra), paper=Paper.ROLL_80)
    (_w1, short_h), *more_short = page_sizes(short)
    (_w2, long_h), *more_long = page_sizes(long)
    assert not more_short and not more_long  # one strip of paper, never a second page
    assert long_h > short_h + 12 * 4 * MM  # at least ~4 mm per added row
    assert "补充材料12" in flat_text(long)


def test_long_a4_document_numbers_its_pages() -> None:
    base = samples.notify_once_case()
    extra = tuple(MaterialRow(f"补充材料{n}", True, 1, 0, ReceivedState.MISSING) for n in range(1, 40))
    pdf = render_notify_once(dataclasses.replace(base, materials=base.materials + extra))
    pages = len(page_sizes(pdf))
    assert pages >= 3
    assert f"第{pages}页共{pages}页" in flat_text(pdf)


def test_same_data_gives_the_same_bytes() -> None:
    data = samples.receipt_case()
    assert render_receipt(data) == render_receipt(data)


def test_dispatcher_refuses_the_wrong_data() -> None:
    with pytest.raises(ValidationError):
        render_document(DocumentType.TICKET, samples.receipt_case())
    with pytest.raises(ValidationError):
        render_document(DocumentType.RECEIPT, samples.ticket())


def test_bad_case_data_gives_a_clear_error() -> None:
    base = samples.receipt_case()
    bad_row = MaterialRow("身份证", True, 1, -1, ReceivedState.COPY)
    for data, field in (
        (dataclasses.replace(base, case_no=" "), "case_no"),
        (dataclasses.replace(base, progress_url=""), "progress_url"),
        (dataclasses.replace(base, materials=(bad_row,)), "materials"),
    ):
        with pytest.raises(ValidationError) as caught:
            render_receipt(data)
        assert caught.value.field == field
    with pytest.raises(ValidationError) as caught:
        render_ticket(dataclasses.replace(samples.ticket(), people_ahead=-1))
    assert caught.value.field == "people_ahead"


def test_text_that_looks_like_markup_is_printed_as_written() -> None:
    data = dataclasses.replace(samples.receipt_case(), item_name="<b>测试&事项</b> <br/>")
    text = flat_text(render_receipt(data))
    assert "<b>测试&事项</b><br/>" in text
