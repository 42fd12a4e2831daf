"""The hall's address and phone on real case documents: taken from the catalog's hall record,
printed in the footer of every A4 page and at the foot of a roll slip; a catalog without them
prints the hall's name alone, with no empty label."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from printing_pdf import flat_text, page_count, page_text

from hallclient.domain.catalog import Catalog, catalog_to_dict, load_sample_catalog, parse_catalog
from hallclient.domain.outcome import CheckState
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.models import CaseDraft
from hallclient.printing import DocumentType, Paper, render_document
from hallclient.printing.from_case import load_case_document
from hallclient.settings import PrintSettings, Settings
from hallclient.store import Store, open_store
from tests.intake.builders import at, checks, person, save_draft

NOW = at(2024, 10, 8, 9, 30)
SETTINGS = Settings(hall_code="DEMO", printing=PrintSettings(progress_base_url="https://zwfw.example.gov.cn"))
HALL_NAME = "示范县政务服务中心"


@pytest.fixture(scope="module")
def sample() -> Catalog:
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


def _with_hall(catalog: Catalog, **hall: Any) -> Catalog:
    """The catalog as the server would publish it with this hall record."""
    document = catalog_to_dict(catalog)
    document["hall"] = hall
    return parse_catalog(document)


def _drafts(catalog: Catalog) -> dict[DocumentType, CaseDraft]:
    """One case per document a case can be handed, each for the same 承诺件."""
    item = catalog.item("SCJG-006")
    return {
        DocumentType.RECEIPT: CaseDraft(
            applicant=person(), checks=checks(item.materials), item_code=item.code
        ),
        DocumentType.NOTIFY_ONCE: CaseDraft(
            applicant=person(),
            checks=checks(item.materials, food_business_layout=CheckState.MISSING),
            item_code=item.code,
        ),
        DocumentType.DEFICIENCY_NOTICE: CaseDraft(
            applicant=person(),
            checks=checks(item.materials, health_certificates=CheckState.MISSING),
            item_code=item.code,
            applicant_pledges=True,
        ),
        DocumentType.REJECTION_NOTICE: CaseDraft(
            applicant=person(),
            checks=checks(item.materials),
            item_code=item.code,
            in_scope=False,
            reject_reason="该事项不属于本中心受理范围",
            referral="请前往市政务服务中心办理",
        ),
    }


def _printed(
    store: Store, catalog: Catalog, calendar: WorkCalendar, draft: CaseDraft, paper: Paper = Paper.A4
) -> tuple[DocumentType, bytes]:
    """Save the case in the store, read it back for printing and render its usual document."""
    summary = save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW)
    with store.session(readonly=True) as session:
        doc_type, data = load_case_document(
            session=session,
            case_id=summary.id,
            doc_type=None,
            catalog=catalog,
            calendar=calendar,
            settings=SETTINGS,
            now=NOW + dt.timedelta(minutes=5),
        )
    return doc_type, render_document(doc_type, data, paper=paper).pdf


@pytest.mark.parametrize(
    "expected",
    [
        DocumentType.RECEIPT,
        DocumentType.NOTIFY_ONCE,
        DocumentType.DEFICIENCY_NOTICE,
        DocumentType.REJECTION_NOTICE,
    ],
)
def test_every_page_of_a_case_document_ends_with_the_halls_address_and_phone(
    store: Store, sample: Catalog, calendar: WorkCalendar, expected: DocumentType
) -> None:
    catalog = _with_hall(
        sample,
        code="DEMO",
        name=HALL_NAME,
        address="  示范县人民路1号市民服务中心一楼 ",
        phone=" 0123-4567890",
    )
    doc_type, pdf = _printed(store, catalog, calendar, _drafts(catalog)[expected])
    assert doc_type is expected
    total = page_count(pdf)
    if doc_type is DocumentType.DEFICIENCY_NOTICE:
        assert total >= 2  # the 承诺书 has a sheet of its own: the footer is on that one too
    footer = f"{HALL_NAME}地址：示范县人民路1号市民服务中心一楼咨询电话：0123-4567890"
    for page in range(total):
        # The footer is drawn last on each page, after everything the page says.
        assert page_text(pdf, page).endswith(f"{footer}第{page + 1}页共{total}页")


def test_the_shipped_catalog_prints_the_demo_halls_address_and_phone(
    store: Store, sample: Catalog, calendar: WorkCalendar
) -> None:
    assert sample.hall is not None and sample.hall.address and sample.hall.phone
    _, pdf = _printed(store, sample, calendar, _drafts(sample)[DocumentType.RECEIPT])
    assert page_text(pdf, 0).endswith(
        f"地址：{sample.hall.address}咨询电话：{sample.hall.phone}第1页共{page_count(pdf)}页"
    )


def test_a_roll_receipt_ends_with_the_halls_phone_and_address(
    store: Store, sample: Catalog, calendar: WorkCalendar
) -> None:
    catalog = _with_hall(sample, code="DEMO", name=HALL_NAME, address="示范县人民路1号", phone="0123-4567890")
    doc_type, pdf = _printed(store, catalog, calendar, _drafts(catalog)[DocumentType.RECEIPT], Paper.ROLL_80)
    assert doc_type is DocumentType.RECEIPT and page_count(pdf) == 1
    assert "咨询电话：0123-4567890示范县人民路1号打印时间：" in flat_text(pdf)


@pytest.mark.parametrize(
    ("hall", "footer"),
    [
        ({"code": "DEMO", "name": HALL_NAME}, HALL_NAME),  # a catalog from before the fields
        ({"code": "DEMO", "name": HALL_NAME, "address": "", "phone": "  "}, HALL_NAME),
        ({"code": "DEMO", "name": HALL_NAME, "phone": "0123-4567890"}, f"{HALL_NAME}咨询电话：0123-4567890"),
        (
            {"code": "DEMO", "name": HALL_NAME, "address": "示范县人民路1号"},
            f"{HALL_NAME}地址：示范县人民路1号",
        ),
    ],
)
def test_a_hall_without_address_or_phone_prints_no_empty_label(
    store: Store, sample: Catalog, calendar: WorkCalendar, hall: dict[str, str], footer: str
) -> None:
    catalog = _with_hall(sample, **hall)
    for doc_type, draft in _drafts(catalog).items():
        printed_type, pdf = _printed(store, catalog, calendar, draft)
        assert printed_type is doc_type
        total = page_count(pdf)
        for page in range(total):
            assert page_text(pdf, page).endswith(f"{footer}第{page + 1}页共{total}页")
        if "address" not in hall or not hall["address"].strip():
            assert "地址：" not in flat_text(pdf)
        if "phone" not in hall or not hall["phone"].strip():
            assert "咨询电话" not in flat_text(pdf)
