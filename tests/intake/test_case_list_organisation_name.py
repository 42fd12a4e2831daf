"""The case list shows the applicant's name as the detail does: a person's masked (张*三), an
organisation's in full, since it is public record like its 统一社会信用代码."""

from __future__ import annotations

import pytest

from hallclient.domain.catalog import Catalog
from hallclient.domain.masking import mask_credit_code
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, ApplicantDraft, ApplicantKind, CaseDraft, CaseFilter
from hallclient.store import Store
from tests.intake.builders import (
    AGENT_ID,
    CREDIT_CODE,
    agent_checks,
    at,
    checks,
    organisation,
    person,
    save_draft,
)

NOW = at(2024, 10, 21, 9, 30)


@pytest.fixture
def seeded(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    item = catalog.item("SCJG-006")

    def save(applicant: ApplicantDraft, *, agent: bool = False) -> str:
        draft = CaseDraft(
            item_code=item.code,
            applicant=applicant,
            checks=agent_checks(item.materials) if agent else checks(item.materials),
        )
        return save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW).id

    return {
        "张小三": save(person("张小三", agent=AgentDraft(name="欧阳娜娜", id_number=AGENT_ID)), agent=True),
        "John Smith": save(person("John Smith")),
        "示范县某某餐饮有限公司": save(organisation()),
        # mask_name would have cut a Latin company name down to its initials
        "Acme Trading Co., Ltd.": save(organisation("Acme Trading Co., Ltd.")),
        # and a two-character one to its first character
        "某厂": save(organisation("某厂")),
    }


def _rows(store: Store, calendar: WorkCalendar, text: str = "") -> dict[str, tuple[ApplicantKind, str, str]]:
    with store.session(readonly=True) as session:
        found = cases.list_cases(
            session=session, filter=CaseFilter(text=text), today=NOW.date(), calendar=calendar
        )
    return {row.id: (row.applicant_kind, row.applicant_name, row.applicant_number) for row in found}


def test_the_list_masks_persons_and_shows_organisations_in_full(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    listed = _rows(store, calendar)
    by_name = {name: listed[case_id] for name, case_id in seeded.items()}
    assert by_name["张小三"][:2] == (ApplicantKind.PERSON, "张*三")
    assert by_name["John Smith"][:2] == (ApplicantKind.PERSON, "J*** S****")
    for name in ("示范县某某餐饮有限公司", "Acme Trading Co., Ltd.", "某厂"):
        assert by_name[name] == (ApplicantKind.ORGANISATION, name, mask_credit_code(CREDIT_CODE))


def test_each_row_shows_the_name_the_unrevealed_detail_shows(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    listed = _rows(store, calendar)
    for case_id in seeded.values():
        with store.session(readonly=True) as session:
            detail = cases.get_case_detail(
                session=session, case_id=case_id, viewer="zhangsan", now=NOW, calendar=calendar
            )
        assert listed[case_id][1] == detail.applicant_name, detail.applicant_name


def test_an_organisation_found_by_its_name_is_listed_by_it(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    found = _rows(store, calendar, "Acme")
    assert [name for _, name, _ in found.values()] == ["Acme Trading Co., Ltd."]
