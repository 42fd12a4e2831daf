"""查找办件 by the agent's (代办人) name and by the last four digits of the applicant's phone."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hallclient.domain.alerts import AlertThresholds
from hallclient.domain.catalog import Catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDraft, CaseFilter
from hallclient.intake.queries import _list_query
from hallclient.store import Store
from tests.intake.builders import (
    AGENT_ID,
    agent_checks,
    at,
    checks,
    organisation,
    person,
    resident_id,
    save_draft,
)

TODAY = dt.date(2024, 10, 21)


@pytest.fixture
def seeded(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    item = catalog.item("SCJG-006")

    def save(hour: int, applicant: object, *, agent: bool = False) -> str:
        draft = CaseDraft(
            item_code=item.code,
            applicant=applicant,  # type: ignore[arg-type]
            checks=agent_checks(item.materials) if agent else checks(item.materials),
        )
        return save_draft(store, draft, catalog=catalog, calendar=calendar, now=at(2024, 10, 21, hour)).id

    def mobile(name: str, id_body: str, phone: str, agent: AgentDraft | None = None) -> object:
        return dataclasses.replace(person(name, id_number=resident_id(id_body), agent=agent), phone=phone)

    def org(phone: str) -> object:
        return dataclasses.replace(organisation(), phone=phone)

    return {
        # 王小明 hands it in for 赵一
        "agent": save(
            9,
            mobile("赵一", "11010519800101001", "13900005678", AgentDraft("王小明", AGENT_ID)),
            agent=True,
        ),
        # an agent with a two-part name, as the ID card writes it
        "agent_dot": save(
            10,
            mobile("钱二", "11010519800101002", "13900001111", AgentDraft("阿依古丽·买买提", AGENT_ID)),
            agent=True,
        ),
        "plain": save(11, mobile("王五", "11010519800101003", "13712342222")),
        "landline": save(12, org("0591-87655678")),
        "extension": save(13, org("0591-87654321 转 5678")),  # the extension is not the tail
        "extension_tail": save(14, org("0591-87655678 转 801")),
        "service": save(15, org("400-123-5678")),
    }


def found(store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str) -> set[str]:
    with store.session(readonly=True) as session:
        rows = cases.list_cases(session=session, filter=CaseFilter(text=text), today=TODAY, calendar=calendar)
    by_id = {v: k for k, v in seeded.items()}
    return {by_id[row.id] for row in rows}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("王小明", {"agent"}),
        ("王小", {"agent"}),
        ("王", {"agent", "plain"}),  # the applicant 王五 and the agent 王小明
        ("小明", set()),  # a name is found by its beginning, as the applicant's
        ("阿依古丽·买买提", {"agent_dot"}),
        ("阿依古丽.买买提", {"agent_dot"}),  # whichever dot the clerk types
        ("阿依古丽・买", {"agent_dot"}),
    ],
)
def test_search_finds_a_case_by_the_agents_name(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str, expected: set[str]
) -> None:
    assert found(store, calendar, seeded, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 手机尾号: the mobile, a landline's number (not its extension), a 400 number
        ("5678", {"agent", "landline", "extension_tail", "service"}),
        ("５６７８", {"agent", "landline", "extension_tail", "service"}),
        (" 5678 ", {"agent", "landline", "extension_tail", "service"}),
        ("1111", {"agent_dot"}),
        ("2222", {"plain"}),
        ("4321", {"extension"}),
        # not the area code, nor the beginning of a number
        ("0591", {"landline", "extension", "extension_tail"}),
        ("8765", set()),
        ("0000", set()),
        ("678", set()),  # the last four, not fewer
    ],
)
def test_search_finds_a_case_by_the_last_four_digits_of_the_phone(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str, expected: set[str]
) -> None:
    assert found(store, calendar, seeded, text) == expected


def _plan(store: Store, calendar: WorkCalendar, text: str) -> list[str]:
    query = _list_query(
        CaseFilter(text=text), today=TODAY, calendar=calendar, thresholds=AlertThresholds()
    ).limit(50)
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        return [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]


def test_the_phone_tail_is_an_index_lookup_and_the_rest_stays_indexed(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    plan = _plan(store, calendar, "5678")
    assert "MULTI-INDEX OR" in plan, plan
    assert "SEARCH cases USING INDEX ix_cases_applicant_id_tail (applicant_id_tail=?)" in plan, plan
    assert "SEARCH cases USING INDEX ix_cases_applicant_phone_tail (applicant_phone_tail=?)" in plan, plan
    # Neither the cases nor a whole index are read to find a phone's ending.
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_an_agent_name_search_is_an_index_lookup_next_to_the_applicant_name(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    for text in ("王小明", "阿依古丽.买"):
        plan = _plan(store, calendar, text)
        assert "MULTI-INDEX OR" in plan, plan
        assert any(step.startswith("SEARCH cases USING INDEX ix_cases_applicant_name") for step in plan), plan
        agent = "SEARCH cases USING INDEX ix_cases_agent_name (agent_name>? AND agent_name<?)"
        # Both ways of writing a two-part name's dot are looked up, each a range of the index.
        assert plan.count(agent) == (2 if "." in text else 1), plan
        # Never the whole list walked in date order, fetching every case to test its agent.
        assert not any(step.startswith("SCAN") for step in plan), plan


def test_numbers_do_not_look_up_the_agent_name(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    # A name never holds a digit: a search that cannot be a name adds no branch for it.
    for text in ("B031", "44030419", "DEMO-241021", "138-1234"):
        query = _list_query(
            CaseFilter(text=text), today=TODAY, calendar=calendar, thresholds=AlertThresholds()
        )
        assert "agent_name" not in str(query.whereclause), text
    assert "agent_name" in str(
        _list_query(
            CaseFilter(text="王"), today=TODAY, calendar=calendar, thresholds=AlertThresholds()
        ).whereclause
    )
