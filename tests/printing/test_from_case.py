"""Document data from real saved cases: the intake services over a real SQLite store, the shipped
sample catalog, the real holiday calendar; each document rendered and read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from printing_pdf import flat_text, qr_texts

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.domain.masking import mask_credit_code, mask_id_number
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.outcome import Outcome as IntakeOutcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDraft, CaseSummary, TicketRef
from hallclient.printing import (
    ApplicantKind,
    CaseDocumentData,
    CaseKind,
    DocumentType,
    Outcome,
    ReceivedState,
    render_document,
)
from hallclient.printing.formatting import cn_date
from hallclient.printing.from_case import (
    allowed_document_types,
    case_document_data,
    case_progress_url,
    load_case_document,
    load_printed_copy,
    public_base_url,
    ticket_data,
)
from hallclient.queue.models import Ticket
from hallclient.settings import PrintSettings, Settings
from hallclient.store import Store, open_store
from hallclient.store.repo import save_printed_document
from tests.intake.builders import AGENT_ID, PERSON_ID, at, checks, organisation, person

NOW = at(2024, 10, 8, 9, 30)  # a Tuesday, the first working day after National Day
BASE_URL = "https://zwfw.example.gov.cn/progress/"
SETTINGS = Settings(hall_code="DEMO", printing=PrintSettings(progress_base_url=BASE_URL))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar.default()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "data" / "counter.db")
    try:
        yield opened
    finally:
        opened.close()


def save(store: Store, catalog: Catalog, calendar: WorkCalendar, draft: CaseDraft) -> CaseSummary:
    with store.session() as session:
        return cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=calendar,
            now=NOW,
            clerk="zhangsan",
            window_no="07",
            hall_code="DEMO",
        )


def document_for(
    store: Store,
    catalog: Catalog,
    calendar: WorkCalendar,
    case_id: str,
    doc_type: DocumentType | None = None,
) -> tuple[DocumentType, CaseDocumentData]:
    with store.session(readonly=True) as session:
        return load_case_document(
            session=session,
            case_id=case_id,
            doc_type=doc_type,
            catalog=catalog,
            calendar=calendar,
            settings=SETTINGS,
            now=NOW + dt.timedelta(minutes=5),
            clerk_name="陈静",
        )


def test_accepted_case_makes_a_receipt_with_everything_recorded(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        applicant=person("张小三"),
        checks=checks(item.materials),
        item_code=item.code,
        ticket=TicketRef(id="t-1", number="A012"),
    )
    summary = save(store, catalog, calendar, draft)
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    assert doc_type is DocumentType.RECEIPT
    assert data.case_no == summary.case_no
    assert data.outcome is Outcome.ACCEPT
    assert data.kind is CaseKind.PROMISED and data.promised_days == item.promised_days
    assert data.accepted_on == dt.date(2024, 10, 8)
    assert data.promised_due == summary.promised_due
    assert data.applicant.id_number == PERSON_ID  # in full: the renderer masks it
    assert data.hall.name == "示范县政务服务中心" and data.hall.code == "DEMO"
    assert data.clerk_name == "陈静" and data.window_no == "07"
    assert data.printed_at == dt.datetime(2024, 10, 8, 9, 35)  # the hall's wall clock
    assert data.progress_url == BASE_URL + "c/" + summary.id  # the case's random id, not its number

    # Conditional materials the clerk marked 不适用 are not on the paper; all others are, in order.
    expected = [m.name for m in item.materials if m.condition is None]
    assert [row.name for row in data.materials] == expected
    assert all(not row.state.outstanding for row in data.materials)

    rendered = render_document(doc_type, data)
    text = flat_text(rendered.pdf)
    assert summary.case_no in text
    assert item.name in text and "县市场监督管理局" in text
    for name in expected:
        assert name in text
    assert mask_id_number(PERSON_ID) in text
    assert PERSON_ID not in text
    assert cn_date(summary.promised_due) in text
    assert "07号窗口" in text and "陈静" in text
    assert qr_texts(rendered.pdf) == [BASE_URL + "c/" + summary.id]


def test_notify_once_lists_missing_materials_and_short_counts(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    short_copies = MaterialCheck("business_license", CheckState.COPY, copies=0)
    item_checks = tuple(
        short_copies if c.material_key == "business_license" else c
        for c in checks(item.materials, food_business_layout=CheckState.MISSING)
    )
    summary = save(
        store, catalog, calendar, CaseDraft(applicant=person(), checks=item_checks, item_code=item.code)
    )
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    assert doc_type is DocumentType.NOTIFY_ONCE
    assert [r.name for r in data.materials if r.state is ReceivedState.MISSING] == [
        "经营场所平面布局图及设备布局、操作流程文件"
    ]
    # The short copy count is not a 缺 in the table, so it is listed as a correction.
    assert data.missing == ("营业执照：需复印件1份，收到0份",)
    text = flat_text(render_document(doc_type, data).pdf)
    assert "经营场所平面布局图及设备布局、操作流程文件：未提交" in text
    assert "营业执照：需复印件1份，收到0份" in text


def test_deficiency_case_makes_the_notice_with_pledge_deadline(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        applicant=person(),
        checks=checks(item.materials, health_certificates=CheckState.MISSING),
        item_code=item.code,
        applicant_pledges=True,
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.pledge_due is not None
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    assert doc_type is DocumentType.DEFICIENCY_NOTICE
    assert allowed_document_types(IntakeOutcome.ACCEPT_WITH_DEFICIENCY) == (
        DocumentType.DEFICIENCY_NOTICE,
        DocumentType.RECEIPT,
    )
    assert data.pledge_due == summary.pledge_due
    missing = [r for r in data.materials if r.state.outstanding]
    assert [(r.name, r.note) for r in missing] == [("从业人员健康证明", "可容缺")]
    text = flat_text(render_document(doc_type, data).pdf)
    assert cn_date(summary.pledge_due) in text
    assert "从业人员健康证明" in text and "承诺书" in text

    # An accepted-with-deficiency case may also have a plain receipt.
    receipt_type, receipt = document_for(store, catalog, calendar, summary.id, DocumentType.RECEIPT)
    assert receipt_type is DocumentType.RECEIPT
    assert summary.case_no in flat_text(render_document(receipt_type, receipt).pdf)


def test_rejected_case_makes_the_rejection_notice(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("BDC-001")
    draft = CaseDraft(
        applicant=person(),
        checks=checks(item.materials),
        item_code=item.code,
        in_scope=False,
        reject_reason="该房屋位于邻县，不属于本中心受理范围",
        referral="请前往邻县不动产登记中心办理",
    )
    summary = save(store, catalog, calendar, draft)
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    assert doc_type is DocumentType.REJECTION_NOTICE
    assert data.fee == Decimal("80")
    text = flat_text(render_document(doc_type, data).pdf)
    assert "该房屋位于邻县，不属于本中心受理范围" in text
    assert "请前往邻县不动产登记中心办理" in text
    assert "行政复议" in text


def test_organisation_with_agent_prints_masked_numbers(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    applicant = dataclasses.replace(organisation(), agent=AgentDraft(name="李䶮", id_number=AGENT_ID))
    states = {m.key: CheckState.ORIGINAL for m in item.materials if m.condition}
    item_checks = tuple(
        MaterialCheck(c.material_key, CheckState.ORIGINAL, originals=1, copies=1)
        if c.material_key in states
        else c
        for c in checks(item.materials)
    )
    summary = save(
        store, catalog, calendar, CaseDraft(applicant=applicant, checks=item_checks, item_code=item.code)
    )
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    assert data.applicant.kind is ApplicantKind.ORG
    assert data.applicant.agent_name == "李䶮"
    assert "授权委托书" in [row.name for row in data.materials]  # applicable now: an agent came
    text = flat_text(render_document(doc_type, data).pdf)
    assert mask_credit_code(data.applicant.org_credit_code) in text
    assert mask_id_number(AGENT_ID) in text and AGENT_ID not in text
    assert "李䶮" in text


def test_a_document_the_outcome_does_not_allow_is_refused(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        applicant=person(),
        checks=checks(item.materials, food_business_layout=CheckState.MISSING),
        item_code=item.code,
    )
    summary = save(store, catalog, calendar, draft)
    with pytest.raises(ValidationError) as caught:
        document_for(store, catalog, calendar, summary.id, DocumentType.RECEIPT)
    assert caught.value.field == "doc_type"
    assert caught.value.code == "document_not_for_outcome"
    with pytest.raises(NotFoundError):
        document_for(store, catalog, calendar, "no-such-case")


def test_naive_print_time_is_refused(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    item = catalog.item("SCJG-006")
    summary = save(
        store,
        catalog,
        calendar,
        CaseDraft(applicant=person(), checks=checks(item.materials), item_code=item.code),
    )
    with store.session(readonly=True) as session:
        detail = cases.case_detail_for_print(session=session, case_id=summary.id, calendar=calendar, now=NOW)
    with pytest.raises(ValidationError) as caught:
        case_document_data(detail, catalog=catalog, settings=SETTINGS, printed_at=dt.datetime(2024, 10, 8, 9))
    assert caught.value.field == "printed_at"


def test_printed_copy_is_the_stored_bytes(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    item = catalog.item("SCJG-006")
    summary = save(
        store,
        catalog,
        calendar,
        CaseDraft(applicant=person(), checks=checks(item.materials), item_code=item.code),
    )
    doc_type, data = document_for(store, catalog, calendar, summary.id)
    pdf = render_document(doc_type, data).pdf
    with store.session() as session:
        record = save_printed_document(
            session,
            case_id=summary.id,
            doc_type=doc_type.value,
            pdf=pdf,
            clerk_username="zhangsan",
            printed_at=NOW,
        )
    with store.session(readonly=True) as session:
        copy = load_printed_copy(session=session, document_id=record.id)
        with pytest.raises(NotFoundError):
            load_printed_copy(session=session, document_id="missing")
    assert copy.pdf == pdf
    assert copy.doc_type is DocumentType.RECEIPT
    assert copy.case_no == summary.case_no and copy.case_id == summary.id


def test_ticket_data_leads_to_the_public_ticket_page() -> None:
    ticket = Ticket(
        id=7,
        number="A012",
        service="A",
        state="waiting",
        green_channel=True,
        issued_at=dt.datetime(2024, 10, 8, 1, 15, tzinfo=dt.UTC),
        people_ahead=4,
        public_token="k3J9x_Q",
    )
    data = ticket_data(
        ticket, hall_name="示范县政务服务中心", service_name="综合受理", settings=SETTINGS.printing
    )
    assert data.status_url == BASE_URL + "t/k3J9x_Q"
    assert data.issued_at == dt.datetime(2024, 10, 8, 9, 15)
    assert data.people_ahead == 4 and data.green_channel
    rendered = render_document(DocumentType.TICKET, data)
    assert "A012" in flat_text(rendered.pdf)
    assert qr_texts(rendered.pdf) == [BASE_URL + "t/k3J9x_Q"]
    with pytest.raises(ValidationError):
        ticket_data(
            dataclasses.replace(ticket, issued_at=None),
            hall_name="h",
            service_name="s",
            settings=SETTINGS.printing,
        )


def test_ticket_qr_leads_to_the_ticket_page_under_the_same_public_address_as_case_documents() -> None:
    ticket = Ticket(
        id=8,
        number="B003",
        service="B",
        state="waiting",
        issued_at=dt.datetime(2024, 10, 8, 1, 20, tzinfo=dt.UTC),
        public_token="Zq81_x",
    )

    def qr_of(settings: Settings | PrintSettings) -> str:
        data = ticket_data(ticket, hall_name="示范县政务服务中心", service_name="综合受理", settings=settings)
        (decoded,) = qr_texts(render_document(DocumentType.TICKET, data).pdf)
        assert decoded == data.status_url
        return decoded

    # The documented form of the setting: the hall's public base, as on case documents.
    hall = Settings(printing=PrintSettings(progress_base_url="https://zwfw.example.gov.cn/hall"))
    assert qr_of(hall) == "https://zwfw.example.gov.cn/hall/t/Zq81_x"
    assert qr_of(hall.printing) == "https://zwfw.example.gov.cn/hall/t/Zq81_x"
    # The legacy form written for tickets (…/t/) still names the same page.
    legacy = PrintSettings(progress_base_url="https://zwfw.example.gov.cn/t/")
    assert qr_of(legacy) == "https://zwfw.example.gov.cn/t/Zq81_x"
    # Not set: the counter's server, never the loopback address of the shipped default.
    assert qr_of(Settings(server_url="http://10.1.2.3:8470/")) == "http://10.1.2.3:8470/t/Zq81_x"
    with pytest.raises(ValidationError):
        ticket_data(ticket, hall_name="h", service_name="s", settings=PrintSettings())


def test_the_public_address_comes_from_the_settings_or_else_the_server_url() -> None:
    case_id = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    hall = Settings(printing=PrintSettings(progress_base_url="https://zwfw.example.gov.cn/hall"))
    assert case_progress_url(hall, case_id) == f"https://zwfw.example.gov.cn/hall/c/{case_id}"
    # A value written for the ticket page (…/t/) names the same server.
    legacy = Settings(printing=PrintSettings(progress_base_url="https://zwfw.example.gov.cn/t/"))
    assert public_base_url(legacy) == "https://zwfw.example.gov.cn"
    # Not set: the address the counter syncs with.
    unset = Settings(server_url="http://10.1.2.3:8470/")
    assert case_progress_url(unset, case_id) == f"http://10.1.2.3:8470/c/{case_id}"
    with pytest.raises(ValidationError) as caught:
        case_progress_url(Settings(), case_id)
    assert caught.value.code == "progress_url_unset"
