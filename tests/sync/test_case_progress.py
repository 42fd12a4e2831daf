"""The public case progress page (``/c/<token>``) behind the QR code on receipts: a real server
process, cases pushed through sync from a real counter store, the printed QR read back."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable

import pytest
import requests

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.masking import mask_id_number, mask_phone
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft
from hallclient.printing import render_document
from hallclient.printing.from_case import load_case_document
from hallclient.settings import Settings
from hallclient.store import Store
from tests.intake.builders import PERSON_ID, at, checks, person
from tests.printing.printing_pdf import qr_texts
from tests.serverproc import ServerProcess
from tests.sync.conftest import make_engine, take_in

NOW = at(2026, 3, 2, 9, 30)
ITEM = "SCJG-006"
MISSING = ("food_safety_rules", "health_certificates")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


def _deficiency_case(store: Store, catalog: Catalog, window_no: str) -> str:
    item = catalog.item(ITEM)
    draft = CaseDraft(
        item_code=item.code,
        applicant=person("欧阳娜娜"),
        checks=checks(item.materials, **dict.fromkeys(MISSING, CheckState.MISSING)),
        applicant_pledges=True,
        pledge_days=3,
    )
    return take_in(store, catalog, draft, window_no=window_no, now=NOW)


def _page(url: str) -> requests.Response:
    return requests.get(url, timeout=30)


def _no_personal_data(page: str) -> None:
    phone = "13812345678"
    for secret in ("欧阳娜娜", PERSON_ID, mask_id_number(PERSON_ID), phone, mask_phone(phone)):
        assert secret not in page
    assert not re.search(r"\d{17}[\dX]", page)  # no ID number of anybody


def test_the_printed_qr_leads_to_a_page_that_follows_the_case(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    store = make_store("progress")
    case_id = _deficiency_case(store, catalog, window_no="21")
    settings = Settings(server_url=server.base_url, hall_code="DEMO")  # no public address set
    with store.session(readonly=True) as session:
        doc_type, data = load_case_document(
            session=session,
            case_id=case_id,
            doc_type=None,
            catalog=catalog,
            calendar=WorkCalendar.default(),
            settings=settings,
            now=NOW,
        )
    [url] = qr_texts(render_document(doc_type, data).pdf)
    assert url == f"{server.base_url}/c/{case_id}"

    before = _page(url)  # the paper is in the applicant's hand before the counter has synced
    assert before.status_code == 404 and "办件信息尚未同步，请稍后再查" in before.text

    engine = make_engine(store, server.base_url, clerk_token)
    assert engine.sync_once().applied >= 1
    page = _page(url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    item = catalog.item(ITEM)
    text = page.text
    assert item.name in text and catalog.department(item.department_code).name in text
    assert "容缺受理，待补正" in text
    assert "2026年3月2日" in text  # accepted
    assert data.promised_due is not None and data.pledge_due is not None
    assert f"{data.promised_due.year}年{data.promised_due.month}月{data.promised_due.day}日" in text
    assert f"{data.pledge_due.year}年{data.pledge_due.month}月{data.pledge_due.day}日" in text
    for key in MISSING:
        assert item.material(key).name in text
    assert page.headers["cache-control"] == "no-store"
    _no_personal_data(text)

    # 补正 at the counter: once synced, the page shows the case accepted with nothing to supply.
    supplied = [
        MaterialCheck(key, CheckState.ORIGINAL, originals=m.originals, copies=m.copies)
        for key in MISSING
        for m in [item.material(key)]
    ]
    with store.session() as session:
        cases.record_supplement(
            session=session,
            case_id=case_id,
            supplied=supplied,
            catalog=catalog,
            clerk="clerk01",
            now=NOW + dt.timedelta(days=1),
        )
    engine.sync_once()
    text = _page(url).text
    assert "已受理" in text and "待补正" not in text
    assert all(item.material(key).name not in text for key in MISSING)

    with store.session() as session:
        cases.withdraw_case(
            session=session, case_id=case_id, reason="申请人要求撤回", clerk="clerk01", now=NOW
        )
    engine.sync_once()
    assert "已撤回" in _page(url).text
    _no_personal_data(_page(url).text)


def test_unknown_and_malformed_tokens_get_a_plain_404_page(server: ServerProcess) -> None:
    unknown = _page(f"{server.base_url}/c/{uuid.uuid4()}")
    assert unknown.status_code == 404 and "尚未同步" in unknown.text
    for token in ("DEMO-260302-01-0001", "1", "x" * 80, "<script>"):
        response = _page(f"{server.base_url}/c/{requests.utils.quote(token, safe='')}")
        assert response.status_code == 404 and "查无此办件" in response.text
        assert "<script>" not in response.text
