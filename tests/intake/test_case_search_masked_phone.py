"""查找办件 by a phone number as a receipt prints it (hallclient.domain.masking.mask_phone):
138****5678, 0591-****4321-***, 400-***-4321. The visible beginning is matched as the beginning
of the stored phone and the last four as its indexed tail, so a copy of another window's case,
which holds the masked phone only, is found the same way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hallclient.domain.alerts import AlertThresholds
from hallclient.domain.catalog import Catalog
from hallclient.domain.masking import mask_phone
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import ApplicantDraft, CaseDraft, CaseFilter
from hallclient.intake.queries import _list_query
from hallclient.store import Store, open_store
from hallclient.store.models import Case
from hallclient.sync.apply import apply_changes
from hallclient.sync.transport import Change
from tests.intake.builders import (
    as_the_feed_shares_it,
    at,
    checks,
    organisation,
    person,
    resident_id,
    save_draft,
)

NOW = at(2024, 10, 21, 9, 30)

PHONES = {
    "mobile": "13812345678",
    "mobile_139": "13912345678",  # the same last four behind another beginning
    "landline": "0591-87654321",
    "extension": "0591-87654321 转 801",
    "shanghai": "021-87654321",
    "service": "400-123-4321",
}


def _take_in(
    store: Store,
    catalog: Catalog,
    calendar: WorkCalendar,
    applicant: ApplicantDraft,
    *,
    minute: int,
    window: str = "07",
) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(item_code=item.code, applicant=applicant, checks=checks(item.materials))
    return save_draft(
        store, draft, catalog=catalog, calendar=calendar, now=NOW.replace(minute=minute), window_no=window
    ).id


@pytest.fixture
def seeded(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    ids = {}
    for minute, (key, phone) in enumerate(PHONES.items()):
        if phone.startswith("1"):
            applicant = dataclasses.replace(
                person(id_number=resident_id(f"1101051980010100{minute}")), phone=phone
            )
        else:
            applicant = dataclasses.replace(organisation(), phone=phone)
        ids[key] = _take_in(store, catalog, calendar, applicant, minute=minute)
    return ids


def _found(store: Store, calendar: WorkCalendar, text: str) -> set[str]:
    with store.session(readonly=True) as session:
        rows = cases.list_cases(
            session=session, filter=CaseFilter(text=text), today=NOW.date(), calendar=calendar
        )
    return {row.id for row in rows}


def test_the_receipt_forms_are_what_the_search_is_given(store: Store, seeded: dict[str, str]) -> None:
    with store.session(readonly=True) as session:
        stored = {case.id: case.applicant_phone for case in session.query(Case)}
    receipt = {key: mask_phone(stored[case_id] or "") for key, case_id in seeded.items()}
    assert receipt == {
        "mobile": "138****5678",
        "mobile_139": "139****5678",
        "landline": "0591-****4321",
        "extension": "0591-****4321-***",
        "shanghai": "021-****4321",
        "service": "400-***-4321",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("138****5678", {"mobile"}),
        ("139****5678", {"mobile_139"}),
        ("138 **** 5678", {"mobile"}),
        ("１３８＊＊＊＊５６７８", {"mobile"}),
        ("+86 138****5678", {"mobile"}),
        ("138-****-5678", {"mobile"}),
        ("1*********5678", {"mobile", "mobile_139"}),
        ("****5678", {"mobile", "mobile_139"}),  # how a number of another form is masked
        ("137****5678", set()),
        ("138****1234", set()),
        # A landline's masked number: the extension (hidden on the receipt) is not the tail.
        ("0591-****4321", {"landline", "extension"}),
        ("0591-****4321-***", {"landline", "extension"}),
        ("(0591)****4321", {"landline", "extension"}),
        ("0591 **** 4321", {"landline", "extension"}),
        ("021-****4321", {"shanghai"}),
        ("0591-****0801", set()),
        ("0755-****4321", set()),
        ("400-***-4321", {"service"}),
        ("800-***-4321", set()),
    ],
)
def test_a_masked_phone_finds_the_case(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str, expected: set[str]
) -> None:
    by_id = {v: k for k, v in seeded.items()}
    assert {by_id[case_id] for case_id in _found(store, calendar, text)} == expected


def _plan(store: Store, calendar: WorkCalendar, text: str) -> list[str]:
    query = _list_query(
        CaseFilter(text=text), today=NOW.date(), calendar=calendar, thresholds=AlertThresholds()
    ).limit(50)
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        return [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


@pytest.mark.parametrize("text", ["138****5678", "0591-****4321-***", "400-***-4321", "****5678"])
def test_a_masked_phone_is_an_index_lookup(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str
) -> None:
    plan = _plan(store, calendar, text)
    assert "MULTI-INDEX OR" in plan, plan
    phone_steps = (
        "SEARCH cases USING INDEX ix_cases_applicant_phone_tail (applicant_phone_tail=?)",
        "SEARCH cases USING INDEX ix_cases_applicant_phone (applicant_phone>? AND applicant_phone<?)",
    )
    assert any(step in plan for step in phone_steps), plan
    # Neither the cases nor a whole index are read to match the masked number.
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_the_masked_phone_on_another_windows_receipt_finds_the_copy(
    tmp_path: Path, catalog: Catalog, calendar: WorkCalendar
) -> None:
    origin, here = open_store(tmp_path / "w05.db"), open_store(tmp_path / "w07.db")
    try:
        mobile = dataclasses.replace(person(id_number=resident_id("11010519800101001")), phone="13812345678")
        landline = dataclasses.replace(organisation(), phone="0591-87654321 转 801")
        shared = {
            "mobile": _take_in(origin, catalog, calendar, mobile, minute=0, window="05"),
            "landline": _take_in(origin, catalog, calendar, landline, minute=1, window="05"),
        }
        with here.session() as session:
            changes = [
                Change(
                    seq=seq,
                    kind="case",
                    key=case_id,
                    digest=f"d{seq}",
                    body=as_the_feed_shares_it(origin, case_id, updated_at=NOW),
                )
                for seq, case_id in enumerate(shared.values(), start=1)
            ]
            apply_changes(session, changes, at=NOW)
        with here.session(readonly=True) as session:
            kept = {case.id: case.applicant_phone for case in session.query(Case)}
        assert kept == {shared["mobile"]: "138****5678", shared["landline"]: "0591-****4321-***"}
        own = _take_in(here, catalog, calendar, dataclasses.replace(mobile, phone="13912345678"), minute=2)

        assert _found(here, calendar, "138****5678") == {shared["mobile"]}
        assert _found(here, calendar, "139****5678") == {own}
        assert _found(here, calendar, "****5678") == {shared["mobile"], own}
        assert _found(here, calendar, "0591-****4321-***") == {shared["landline"]}
        assert _found(here, calendar, "0591-****4321") == {shared["landline"]}
    finally:
        origin.close()
        here.close()
