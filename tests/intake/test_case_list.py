"""list_cases: filter chips (今日, 待补正, 承诺逾期, 黄牌, 红牌), search, masking, paging."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hallclient.domain.alerts import AlertLevel, AlertThresholds, alert_level
from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.masking import mask_id_number
from hallclient.domain.outcome import CheckState
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseChip, CaseDraft, CaseFilter, CaseRow, CaseStatus, TicketRef
from hallclient.intake.queries import _list_query
from hallclient.store import Store
from tests.intake.builders import at, checks, organisation, person, resident_id, save_draft

TODAY = dt.date(2024, 10, 21)  # a Monday
TODAY_ID = resident_id("44030419900307123")
CHIPS = list(CaseChip)


def _save(store: Store, catalog: Catalog, calendar: WorkCalendar, when: dt.datetime, draft: CaseDraft) -> str:
    return save_draft(store, draft, catalog=catalog, calendar=calendar, now=when).id


@pytest.fixture
def seeded(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    food, workshop, pension = catalog.item("SCJG-006"), catalog.item("SCJG-008"), catalog.item("SB-001")

    def accepted(name: str, id_body: str, item_code: str = "SCJG-006") -> CaseDraft:
        item = catalog.item(item_code)
        return CaseDraft(
            item_code=item.code,
            applicant=person(name, id_number=resident_id(id_body)),
            checks=checks(item.materials),
        )

    def deficient(name: str, id_body: str) -> CaseDraft:
        return CaseDraft(
            item_code=food.code,
            applicant=person(name, id_number=resident_id(id_body)),
            checks=checks(food.materials, food_safety_rules=CheckState.MISSING),
            applicant_pledges=True,
            pledge_days=3,
        )

    ids = {
        # due 15 Oct: red on the 21st
        "red": _save(store, catalog, calendar, at(2024, 10, 8), accepted("赵一", "11010519800101001")),
        # due 23 Oct: two working days left, yellow
        "yellow": _save(store, catalog, calendar, at(2024, 10, 16), accepted("钱二", "11010519800101002")),
        # due 25 Oct: three working days left, no alert
        "calm": _save(store, catalog, calendar, at(2024, 10, 18), accepted("孙三", "11010519800101003")),
        # 容缺 on the 14th: pledge due 17 Oct (overdue), completion due 21 Oct (yellow, due today)
        "overdue_pledge": _save(
            store, catalog, calendar, at(2024, 10, 14), deficient("李四", "11010519800101004")
        ),
        # 容缺 today: pledge open
        "fresh_pledge": _save(
            store, catalog, calendar, at(2024, 10, 21, 8), deficient("周五", "11010519800101005")
        ),
        # today, 10 working days
        "today": _save(
            store,
            catalog,
            calendar,
            at(2024, 10, 21, 11),
            dataclasses.replace(
                accepted("张小三", TODAY_ID[:17], workshop.code), ticket=TicketRef("t9", "B031")
            ),
        ),
        # today, 一次性告知: not running against a deadline
        "notified": _save(
            store,
            catalog,
            calendar,
            at(2024, 10, 21, 12),
            CaseDraft(
                item_code=food.code,
                applicant=person("张三丰", id_number=resident_id("11010519800101007")),
                checks=(),
            ),
        ),
        # completed on the spot long ago: never red
        "done": _save(
            store,
            catalog,
            calendar,
            at(2024, 10, 8, 15),
            dataclasses.replace(accepted("吴七", "11010519800101008", pension.code), complete_now=True),
        ),
    }
    return ids


def rows(
    store: Store, calendar: WorkCalendar, *chips: CaseChip, text: str = "", **kw: object
) -> list[CaseRow]:
    with store.session(readonly=True) as session:
        return cases.list_cases(
            session=session,
            filter=CaseFilter(text=text, chips=frozenset(chips)),
            today=TODAY,
            calendar=calendar,
            **kw,  # type: ignore[arg-type]
        )


def names(found: list[CaseRow], seeded: dict[str, str]) -> set[str]:
    by_id = {v: k for k, v in seeded.items()}
    return {by_id[row.id] for row in found}


def test_no_chip_lists_every_case_newest_first(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    found = rows(store, calendar)
    assert len(found) == len(seeded)
    assert [r.created_at for r in found] == sorted((r.created_at for r in found), reverse=True)


@pytest.mark.parametrize(
    ("chip", "expected"),
    [
        (CaseChip.TODAY, {"fresh_pledge", "today", "notified"}),
        (CaseChip.AWAITING_SUPPLEMENT, {"overdue_pledge", "fresh_pledge"}),
        (CaseChip.PLEDGE_OVERDUE, {"overdue_pledge"}),
        (CaseChip.YELLOW, {"yellow", "overdue_pledge"}),
        (CaseChip.RED, {"red"}),
    ],
)
def test_each_chip_selects_its_cases(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], chip: CaseChip, expected: set[str]
) -> None:
    assert names(rows(store, calendar, chip), seeded) == expected


def test_alert_chips_agree_with_the_domain_rule_for_every_threshold(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    everything = rows(store, calendar)
    for days in (0, 1, 2, 3, 5):
        thresholds = AlertThresholds(yellow_within_workdays=days)
        expected: dict[AlertLevel, set[str]] = {AlertLevel.YELLOW: set(), AlertLevel.RED: set()}
        for row in everything:
            if row.promised_due is None or not row.status.is_open:
                continue
            level = alert_level(
                deadline=row.promised_due, today=TODAY, calendar=calendar, yellow_within_workdays=days
            )
            if level is not AlertLevel.NONE:
                expected[level].add(row.id)
        for chip, level in ((CaseChip.YELLOW, AlertLevel.YELLOW), (CaseChip.RED, AlertLevel.RED)):
            found = rows(store, calendar, chip, thresholds=thresholds)
            assert {r.id for r in found} == expected[level], (days, chip)
            assert all(r.alert is level for r in found)


def test_chips_combine(store: Store, calendar: WorkCalendar, seeded: dict[str, str]) -> None:
    assert names(rows(store, calendar, CaseChip.TODAY, CaseChip.AWAITING_SUPPLEMENT), seeded) == {
        "fresh_pledge"
    }
    assert names(rows(store, calendar, CaseChip.AWAITING_SUPPLEMENT, CaseChip.YELLOW), seeded) == {
        "overdue_pledge"
    }


def test_rows_flag_overdue_pledges(store: Store, calendar: WorkCalendar, seeded: dict[str, str]) -> None:
    flagged = {r.id for r in rows(store, calendar) if r.pledge_overdue}
    assert flagged == {seeded["overdue_pledge"]}


def test_supplied_pledge_leaves_the_supplement_chips(
    store: Store, catalog: Catalog, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    from hallclient.domain.outcome import MaterialCheck

    material = catalog.item("SCJG-006").material("food_safety_rules")
    with store.session() as session:
        cases.record_supplement(
            session=session,
            case_id=seeded["overdue_pledge"],
            supplied=[MaterialCheck(material.key, CheckState.ORIGINAL, material.originals, material.copies)],
            catalog=catalog,
            clerk="lisi",
            now=at(2024, 10, 21, 14),
        )
    assert rows(store, calendar, CaseChip.PLEDGE_OVERDUE) == []
    assert names(rows(store, calendar, CaseChip.AWAITING_SUPPLEMENT), seeded) == {"fresh_pledge"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张", {"today", "notified"}),
        ("张三", {"notified"}),
        ("ｚ", set()),
        (TODAY_ID[-4:], {"today"}),  # the last four characters of the ID number
        (mask_id_number(TODAY_ID), {"today"}),  # as printed on a receipt
        ("110105********" + TODAY_ID[-4:], set()),
        ("44030419", {"today"}),
        ("B031", {"today"}),
        ("b031", {"today"}),
        ("1381234", {"red", "yellow", "calm", "overdue_pledge", "fresh_pledge", "today", "notified", "done"}),
        ("1391234", set()),
        # The phone as the applicant says it or as it was typed on the form.
        (
            "138-1234",
            {"red", "yellow", "calm", "overdue_pledge", "fresh_pledge", "today", "notified", "done"},
        ),
        (
            "138 1234 5678",
            {"red", "yellow", "calm", "overdue_pledge", "fresh_pledge", "today", "notified", "done"},
        ),
        (
            "+86 138 1234 5678",
            {"red", "yellow", "calm", "overdue_pledge", "fresh_pledge", "today", "notified", "done"},
        ),
        ("+86 139 1234", set()),
        ("DEMO-241021", {"fresh_pledge", "today", "notified"}),
        ("demo-241008-07-0001", {"red"}),
    ],
)
def test_search_finds_cases_by_what_clerks_type(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], text: str, expected: set[str]
) -> None:
    assert names(rows(store, calendar, text=text), seeded) == expected


@pytest.fixture
def organisations(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    item = catalog.item("SCJG-006")

    def draft(phone: str) -> CaseDraft:
        applicant = dataclasses.replace(organisation(), phone=phone)
        return CaseDraft(item_code=item.code, applicant=applicant, checks=checks(item.materials))

    return {
        "fuzhou": _save(store, catalog, calendar, at(2024, 10, 21, 9), draft("（0591）8765 4321 转 801")),
        "fuzhou_short": _save(store, catalog, calendar, at(2024, 10, 21, 10), draft("0591-7654321")),
        "beijing": _save(store, catalog, calendar, at(2024, 10, 21, 11), draft("010 6234 5678")),
        "service": _save(store, catalog, calendar, at(2024, 10, 21, 12), draft("4001234567")),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0591", {"fuzhou", "fuzhou_short"}),
        ("0591-8765", {"fuzhou"}),
        ("(0591) 8765 4321", {"fuzhou"}),
        ("059187654321", {"fuzhou"}),
        ("0591-87654321 转 801", {"fuzhou"}),
        ("0591-87654321-801", {"fuzhou"}),
        ("059187654321801", {"fuzhou"}),  # 8 digits and the extension, or 7 and a longer one
        ("0591-87654321 转 802", set()),
        ("05917654321", {"fuzhou_short"}),
        ("010-6234", {"beijing"}),
        ("01062345678", {"beijing"}),
        ("+86 10 6234 5678", {"beijing"}),
        ("400-123", {"service"}),
        ("400 123 4567", {"service"}),
    ],
)
def test_search_finds_an_organisation_by_its_phone_however_typed(
    store: Store, calendar: WorkCalendar, organisations: dict[str, str], text: str, expected: set[str]
) -> None:
    assert names(rows(store, calendar, text=text), organisations) == expected


@pytest.mark.parametrize("text", ["138-1234", "+86 138 1234 5678", "(0591) 8765", "059187654321801"])
def test_phone_search_uses_the_phone_index(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str], organisations: dict[str, str], text: str
) -> None:
    query = _list_query(
        CaseFilter(text=text), today=TODAY, calendar=calendar, thresholds=AlertThresholds()
    ).limit(50)
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "USING INDEX ix_cases_applicant_phone (applicant_phone>? AND applicant_phone<?)" in plan, plan
    assert "SCAN cases" not in plan or "SCAN cases USING INDEX" in plan, plan


def test_rows_carry_only_masked_personal_data(
    store: Store, calendar: WorkCalendar, seeded: dict[str, str]
) -> None:
    full_id = TODAY_ID
    [row] = rows(store, calendar, text="B031")
    assert row.applicant_number == mask_id_number(full_id)
    assert row.applicant_name == "张*三"
    assert full_id not in repr(row) and "张小三" not in repr(row)
    assert row.status is CaseStatus.ACCEPTED and row.ticket_number == "B031"


def test_paging(store: Store, calendar: WorkCalendar, seeded: dict[str, str]) -> None:
    first = rows(store, calendar, limit=3)
    second = rows(store, calendar, limit=3, offset=3)
    rest = rows(store, calendar, limit=50, offset=6)
    ids = [r.id for r in first + second + rest]
    assert len(ids) == len(seeded) == len(set(ids))
    with pytest.raises(ValidationError):
        rows(store, calendar, limit=0)
