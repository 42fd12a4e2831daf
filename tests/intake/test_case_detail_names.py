"""The case detail masks persons' names (applicant, agent) as the list does, until the audited
显示完整证件号 shows them with the ID numbers."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from hallclient.domain.catalog import Catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDetail, CaseDraft
from hallclient.store import Store
from hallclient.store.models import AuditEntry, Case
from tests.intake.builders import AGENT_ID, PERSON_ID, agent_checks, at, organisation, person, save_draft

NOW = at(2024, 10, 8, 9, 30)


def save(store: Store, catalog: Catalog, calendar: WorkCalendar, applicant: object) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(item_code=item.code, applicant=applicant, checks=agent_checks(item.materials))  # type: ignore[arg-type]
    return save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW).id


def detail(store: Store, calendar: WorkCalendar, case_id: str, *, reveal: bool = False) -> CaseDetail:
    with store.session(readonly=not reveal) as session:
        return cases.get_case_detail(
            session=session, case_id=case_id, viewer="lisi", now=NOW, calendar=calendar, reveal_id=reveal
        )


def audits(store: Store) -> list[list[str]]:
    with store.session(readonly=True) as session:
        return [list((a.detail or {})["fields"]) for a in session.scalars(select(AuditEntry))]


def test_names_are_masked_until_revealed_and_the_reveal_is_audited(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    case_id = save(
        store, catalog, calendar, person("张小三", agent=AgentDraft(name="欧阳娜娜", id_number=AGENT_ID))
    )
    masked = detail(store, calendar, case_id)
    assert (masked.applicant_name, masked.agent_name) == ("张*三", "欧**娜")
    assert "张小三" not in repr(masked) and "欧阳娜娜" not in repr(masked)
    assert audits(store) == []

    full = detail(store, calendar, case_id, reveal=True)
    assert (full.applicant_name, full.agent_name) == ("张小三", "欧阳娜娜")
    assert (full.id_number, full.agent_id_number) == (PERSON_ID, AGENT_ID)
    assert audits(store) == [["applicant_name", "applicant_id_number", "agent_name", "agent_id_number"]]


def test_an_organisation_keeps_its_name_and_its_agent_is_masked(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    applicant = dataclasses.replace(organisation(), agent=AgentDraft(name="李小四", id_number=AGENT_ID))
    case_id = save(store, catalog, calendar, applicant)
    masked = detail(store, calendar, case_id)
    # An organisation's name, code and legal representative are public record.
    assert masked.applicant_name == "示范县某某餐饮有限公司" and masked.legal_rep == "李四"
    assert masked.agent_name == "李*四"
    full = detail(store, calendar, case_id, reveal=True)
    assert full.agent_name == "李小四"
    assert audits(store) == [["agent_name", "agent_id_number"]]


def test_a_copys_reveal_records_only_what_it_shows(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    # A case pulled from another window keeps only the last four characters of the ID numbers
    # (docs/sync.md): its reveal shows the names, and the audit says no more than that.
    case_id = save(
        store, catalog, calendar, person("张小三", agent=AgentDraft(name="欧阳娜娜", id_number=AGENT_ID))
    )
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.applicant_id_number = "*" * 14 + PERSON_ID[-4:]
        case.agent_id_number = "*" * 14 + AGENT_ID[-4:]
    full = detail(store, calendar, case_id, reveal=True)
    assert (full.applicant_name, full.agent_name) == ("张小三", "欧阳娜娜")
    assert audits(store) == [["applicant_name", "agent_name"]]
