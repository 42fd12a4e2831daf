"""save_case: every outcome path, validation, deadlines, case numbers, one-transaction writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from sqlalchemy import delete, func, select

from hallclient.domain.casenumber import parse_case_no
from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.outcome import CheckState, Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDraft, CaseStatus, TicketRef
from hallclient.store import Store, open_store
from hallclient.store.models import AuditEntry, Case, CaseEvent, CaseMaterial, OutboxMutation, Pledge, Setting
from tests.intake.builders import (
    AGENT_ID,
    PERSON_ID,
    agent_checks,
    at,
    checks,
    organisation,
    person,
    resident_id,
)

NOW = at(2024, 10, 8, 9, 30)  # a Tuesday, the first working day after National Day


def save(store: Store, catalog: Catalog, calendar: WorkCalendar, draft: CaseDraft, **kw: Any) -> Any:
    args: dict[str, Any] = {"now": NOW, "clerk": "zhangsan", "window_no": "07", "hall_code": "DEMO"}
    args.update(kw)
    with store.session() as session:
        return cases.save_case(session=session, draft=draft, catalog=catalog, calendar=calendar, **args)


def counts(store: Store) -> dict[str, int]:
    with store.session(readonly=True) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Case, CaseMaterial, Pledge, CaseEvent, OutboxMutation, AuditEntry)
        }


def mutations(store: Store) -> list[tuple[str, dict[str, Any]]]:
    with store.session(readonly=True) as session:
        rows = session.scalars(select(OutboxMutation).order_by(OutboxMutation.mutation_id))
        return [(f"{row.name}@{row.version}", json.loads(row.payload)) for row in rows]


def oracle_add_workdays(start: dt.date, n: int) -> dt.date:
    """Day-by-day count with chinese-calendar's own is_workday: independent of WorkCalendar."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


# ------------------------------------------------------------------------------------ outcomes


def test_complete_checklist_is_accepted_with_its_number_deadline_event_and_mutation(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")  # 食品经营许可证核发, 5 working days
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials),
        ticket=TicketRef(id="t-1", number="A012"),
    )
    summary = save(store, catalog, calendar, draft)

    assert summary.status is CaseStatus.ACCEPTED and summary.outcome is Outcome.ACCEPT
    assert not summary.overridden
    assert summary.case_no == "DEMO-241008-07-0001"
    assert summary.promised_due == oracle_add_workdays(NOW.date(), 5)
    assert summary.pledge_due is None and summary.ticket_number == "A012"
    with store.session(readonly=True) as session:
        case = session.get(Case, summary.id)
        assert case is not None
        assert case.ticket_id == "t-1" and case.applicant_id_tail == draft.applicant.id_number[-4:]
        assert draft.applicant.phone == "13812345678" and case.applicant_phone_tail == "5678"
        assert [m.material_key for m in case.materials] == [m.key for m in item.materials]
        assert [e.kind for e in case.events] == ["created"]
    [(name, payload)] = mutations(store)
    assert name == "case.create@1"
    assert payload["id"] == summary.id and payload["case_no"] == summary.case_no
    assert payload["applicant"]["id_number"] == draft.applicant.id_number
    assert payload["promised_due"] == summary.promised_due.isoformat()
    assert payload["ticket_number"] == "A012" and len(payload["materials"]) == len(item.materials)


def test_missing_secondary_material_with_pledge_is_accept_with_deficiency(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=organisation(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        applicant_pledges=True,
        pledge_days=3,
    )
    summary = save(store, catalog, calendar, draft)

    assert summary.status is CaseStatus.AWAITING_SUPPLEMENT
    assert summary.outcome is Outcome.ACCEPT_WITH_DEFICIENCY
    assert summary.pledge_due == oracle_add_workdays(NOW.date(), 3)
    assert summary.to_supply == (item.material("food_safety_rules").name,)
    with store.session(readonly=True) as session:
        pledge = session.scalar(select(Pledge))
        assert pledge is not None and pledge.status == "open" and pledge.due == summary.pledge_due
        kinds = session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)).all()
        assert kinds == ["created", "pledge_signed"]
    [(_, payload)] = mutations(store)
    assert payload["pledge"]["materials"] == ["food_safety_rules"]
    assert payload["status"] == "awaiting_supplement"


def test_missing_secondary_without_pledge_is_notify_once_without_deadlines(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.status is CaseStatus.NOTIFIED and summary.outcome is Outcome.NOTIFY_ONCE
    assert summary.promised_due is None and summary.pledge_due is None and summary.accepted_at is None
    assert counts(store)["pledges"] == 0


def test_missing_core_material_is_notify_once_even_with_a_pledge(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    core = next(m for m in item.materials if m.core and m.condition is None)
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, **{core.key: CheckState.MISSING}),
        applicant_pledges=True,
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.outcome is Outcome.NOTIFY_ONCE
    assert any(core.name in reason for reason in summary.reasons)


def test_out_of_scope_is_rejected_with_reason_and_referral(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=(),
        in_scope=False,
        reject_reason="经营场所不在本县辖区",
        referral="请到经营场所所在地政务服务中心办理",
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.status is CaseStatus.REJECTED and summary.outcome is Outcome.REJECT
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="zhangsan", now=NOW, calendar=calendar
        )
    assert detail.reject_reason == "经营场所不在本县辖区"
    assert detail.referral == "请到经营场所所在地政务服务中心办理"
    assert mutations(store)[0][1]["reject"]["referral"] == detail.referral


def test_rejection_needs_a_reason(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials),
        chosen_outcome=Outcome.REJECT,
        override_reason="不属于本大厅职责范围",
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "reject_reason"
    assert counts(store)["cases"] == 0


def test_override_is_saved_with_its_reason_and_audited(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        chosen_outcome=Outcome.ACCEPT,
        override_reason="食品安全管理制度已在系统中备案，经科长同意受理",
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.outcome is Outcome.ACCEPT and summary.recommended_outcome is Outcome.NOTIFY_ONCE
    assert summary.overridden
    with store.session(readonly=True) as session:
        audit = session.scalar(select(AuditEntry))
        assert audit is not None
        assert (audit.who, audit.what, audit.subject) == ("zhangsan", "override_outcome", summary.id)
        assert audit.detail["reason"] == draft.override_reason
        case = session.get(Case, summary.id)
        assert case is not None and case.override_reason == draft.override_reason
    assert [name for name, _ in mutations(store)] == ["audit.add@1", "case.create@1"]


def test_override_without_a_reason_writes_nothing(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        chosen_outcome=Outcome.ACCEPT,
        override_reason="  ",
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "override_reason"
    assert set(counts(store).values()) == {0}


def test_override_to_deficiency_needs_the_pledge(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        chosen_outcome=Outcome.ACCEPT_WITH_DEFICIENCY,
        override_reason="申请人急需开业，经分管领导批准容缺",
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "applicant_pledges"
    assert set(counts(store).values()) == {0}


def test_no_override_takes_in_a_case_with_deficiency_while_a_core_material_is_missing(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    core = next(m for m in item.materials if m.core and m.condition is None)
    for state in (CheckState.MISSING, CheckState.DEFICIENT):
        draft = CaseDraft(
            item_code=item.code,
            applicant=person(),
            checks=checks(item.materials, **{core.key: state}),
            applicant_pledges=True,
            chosen_outcome=Outcome.ACCEPT_WITH_DEFICIENCY,
            override_reason="申请人急需开业，经分管领导批准容缺",
        )
        with pytest.raises(ValidationError) as caught:
            save(store, catalog, calendar, draft)
        assert caught.value.code == "deficiency_core_incomplete"
        assert caught.value.field == "chosen_outcome"
    assert set(counts(store).values()) == {0}


def test_immediate_item_can_be_completed_on_the_spot_at_save(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SB-001")  # 即办件
    draft = CaseDraft(
        item_code=item.code, applicant=person(), checks=checks(item.materials), complete_now=True
    )
    summary = save(store, catalog, calendar, draft)
    assert summary.status is CaseStatus.COMPLETED and summary.completed_at == NOW
    assert summary.promised_due == NOW.date()


def test_promised_item_cannot_be_completed_on_the_spot(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code, applicant=person(), checks=checks(item.materials), complete_now=True
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "complete_now"


def test_bundle_case_checks_the_merged_materials(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    bundle = catalog.bundle("YJS-001")
    merged = catalog.materials_for_bundle(bundle)
    draft = CaseDraft(bundle_code=bundle.code, applicant=organisation(), checks=checks(merged))
    summary = save(store, catalog, calendar, draft)
    assert summary.outcome is Outcome.ACCEPT and summary.subject_name == bundle.name
    assert summary.promised_due == oracle_add_workdays(NOW.date(), bundle.promised_days)
    with store.session(readonly=True) as session:
        keys = session.scalars(select(CaseMaterial.material_key).order_by(CaseMaterial.position)).all()
    assert keys == [m.key for m in merged] and len(keys) == len(set(keys))


def test_unticked_material_counts_as_missing(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    item = catalog.item("SCJG-006")
    summary = save(store, catalog, calendar, CaseDraft(item_code=item.code, applicant=person(), checks=()))
    assert summary.outcome is Outcome.NOTIFY_ONCE
    with store.session(readonly=True) as session:
        assert set(session.scalars(select(CaseMaterial.state))) == {"missing"}


# ---------------------------------------------------------------------------------- applicant


def _wrong_check(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


@pytest.mark.parametrize(
    "case",
    [
        (_wrong_check(PERSON_ID), "id_checksum", "校验位不正确"),
        (PERSON_ID[:-1], "id_length", "应为 18 位"),
        (resident_id("11010520991231002"), "id_birth_date", "晚于今天"),
        ("", "id_empty", "请输入公民身份号码"),
    ],
)
def test_invalid_id_blocks_the_save_with_field_and_reason(
    store: Store, catalog: Catalog, calendar: WorkCalendar, case: tuple[str, str, str]
) -> None:
    id_number, code, words = case
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code, applicant=person(id_number=id_number), checks=checks(item.materials)
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "applicant.id_number"
    assert caught.value.code == code
    assert words in caught.value.message
    assert set(counts(store).values()) == {0}
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Setting)) == 0  # no number used up


def test_invalid_agent_id_names_the_agent_field(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    agent = AgentDraft(name="王五", id_number=_wrong_check(AGENT_ID))
    draft = CaseDraft(item_code=item.code, applicant=person(agent=agent), checks=checks(item.materials))
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "agent.id_number" and caught.value.code == "id_checksum"


def test_an_agent_with_the_applicants_own_id_number_is_refused_and_nothing_is_written(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    own = person()
    # The same number as typed differently (lower-case x, spaces) is still the same person.
    typed = " ".join(own.id_number[i : i + 6] for i in range(0, 18, 6)).lower()
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(agent=AgentDraft(name="王五", id_number=typed)),
        checks=agent_checks(item.materials),
    )
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "agent.id_number" and caught.value.code == "agent_is_applicant"
    assert "取消“代办”" in caught.value.message
    assert set(counts(store).values()) == {0}


def test_valid_agent_is_saved_normalised(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    item = catalog.item("SCJG-006")
    typed = " ".join(AGENT_ID[i : i + 6] for i in range(0, 18, 6)).lower()
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(agent=AgentDraft(name=" 王五 ", id_number=typed)),
        checks=agent_checks(item.materials),
    )
    summary = save(store, catalog, calendar, draft)
    with store.session(readonly=True) as session:
        case = session.get(Case, summary.id)
        assert case is not None and (case.agent_name, case.agent_id_number) == ("王五", AGENT_ID)


def test_with_an_agent_the_power_of_attorney_and_agent_id_are_required(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-001")
    assert {m.key for m in item.materials if m.condition == "委托代理人办理的"} == {
        "power_of_attorney",
        "agent_id_card",
    }
    agent = AgentDraft(name="王五", id_number=AGENT_ID)
    # checks() ticks the conditional materials 不适用: right without an agent, wrong with one.
    alone = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    assert save(store, catalog, calendar, alone).outcome is Outcome.ACCEPT
    through_agent = CaseDraft(
        item_code=item.code,
        applicant=person(agent=agent),
        checks=checks(item.materials),
        applicant_pledges=True,
    )
    summary = save(store, catalog, calendar, through_agent)
    assert summary.outcome is Outcome.NOTIFY_ONCE
    assert summary.promised_due is None and summary.pledge_due is None
    with_papers = CaseDraft(
        item_code=item.code, applicant=person(agent=agent), checks=agent_checks(item.materials)
    )
    assert save(store, catalog, calendar, with_papers).outcome is Outcome.ACCEPT


def test_bad_credit_code_and_missing_legal_rep_are_reported_at_their_fields(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    from hallclient.intake.applicant import applicant_errors
    from hallclient.intake.models import ApplicantDraft, ApplicantKind

    draft = ApplicantDraft(
        kind=ApplicantKind.ORGANISATION, name="某公司", credit_code="91350100M000100Y44", legal_rep=""
    )
    errors = applicant_errors(draft, today=NOW.date())
    assert set(errors) == {"applicant.credit_code", "applicant.legal_rep"}
    assert errors["applicant.credit_code"].code == "credit_checksum"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0591-87654321", "0591-87654321"),
        ("(0591)87654321", "0591-87654321"),
        ("059187654321", "0591-87654321"),
        ("0591-8765 4321 转 801", "0591-87654321-801"),
        ("400-123-4567", "400-123-4567"),
        ("800 820 8820", "800-820-8820"),
        ("+86 138 1234 5678", "13812345678"),
    ],
)
def test_an_organisation_may_give_a_landline_or_service_number(
    store: Store, catalog: Catalog, calendar: WorkCalendar, typed: str, stored: str
) -> None:
    item = catalog.item("SCJG-006")
    applicant = dataclasses.replace(organisation(), phone=typed)
    draft = CaseDraft(item_code=item.code, applicant=applicant, checks=checks(item.materials))
    summary = save(store, catalog, calendar, draft)
    with store.session(readonly=True) as session:
        case = session.get(Case, summary.id)
        assert case is not None and case.applicant_phone == stored
        # For the 手机尾号 search: the number's last four digits, not the extension's.
        assert case.applicant_phone_tail == stored.removesuffix("-801")[-4:]
    [(_, payload)] = mutations(store)
    assert payload["applicant"]["phone"] == stored


def test_a_person_still_needs_a_mobile_and_an_organisation_a_whole_landline(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    from hallclient.intake.applicant import applicant_errors

    landline = dataclasses.replace(person(), phone="0591-87654321")
    [error] = applicant_errors(landline, today=NOW.date()).values()
    assert (error.field, error.code) == ("applicant.phone", "mobile_length")
    short = dataclasses.replace(organisation(), phone="0591-876543")
    [error] = applicant_errors(short, today=NOW.date()).values()
    assert (error.field, error.code) == ("applicant.phone", "phone_number_length")
    assert "区号 0591 后的电话号码应为 7 或 8 位，输入的是 6 位" in error.message
    blank = dataclasses.replace(organisation(), phone=" \u200e ")  # optional: nothing visible typed
    assert applicant_errors(blank, today=NOW.date()) == {}


def test_applicant_kind_must_be_served_by_the_item(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-001")  # 个体工商户: persons only
    draft = CaseDraft(item_code=item.code, applicant=organisation(), checks=checks(item.materials))
    with pytest.raises(ValidationError) as caught:
        save(store, catalog, calendar, draft)
    assert caught.value.field == "applicant.kind"


# ---------------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("accepted", "promised_item"),
    [
        (at(2024, 9, 27), "SCJG-006"),  # Friday before National Day: 29 Sep (Sun) is a make-up day
        (at(2024, 9, 29), "SCJG-006"),  # accepted on the make-up Sunday itself
        (at(2024, 9, 30), "SCJG-008"),  # 10 days across the holiday and the 12 Oct make-up Saturday
        (at(2025, 1, 24), "SCJG-006"),  # Spring Festival 2025: 26 Jan and 8 Feb are make-up days
        (at(2025, 1, 27), "GJJ-001"),  # 1 working day, accepted the day before the holiday
        (at(2025, 4, 30), "BDC-001"),  # Labour Day 2025
    ],
)
def test_promised_completion_counts_working_days_across_holidays_and_make_up_days(
    store: Store, catalog: Catalog, calendar: WorkCalendar, accepted: dt.datetime, promised_item: str
) -> None:
    item = catalog.item(promised_item)
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    summary = save(store, catalog, calendar, draft, now=accepted)
    assert summary.promised_due == oracle_add_workdays(accepted.date(), item.promised_days)
    assert not summary.deadline_estimated


@pytest.mark.parametrize("pledge_days", [1, 3, 5, 8, 20])
def test_pledge_deadline_is_working_days_and_never_after_the_promised_completion(
    store: Store, catalog: Catalog, calendar: WorkCalendar, pledge_days: int
) -> None:
    item = catalog.item("SCJG-006")  # promised in 5 working days
    accepted = at(2024, 9, 27, 16, 0)
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        applicant_pledges=True,
        pledge_days=pledge_days,
    )
    summary = save(store, catalog, calendar, draft, now=accepted)
    expected = oracle_add_workdays(accepted.date(), min(pledge_days, item.promised_days))
    assert summary.pledge_due == expected
    assert summary.promised_due is not None and summary.pledge_due <= summary.promised_due


def test_a_case_saved_late_at_night_belongs_to_the_hall_day(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    item = catalog.item("SCJG-006")
    utc_evening = dt.datetime(2024, 10, 8, 17, 30, tzinfo=dt.UTC)  # 01:30 on 9 Oct in the hall
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    summary = save(store, catalog, calendar, draft, now=utc_evening)
    assert parse_case_no(summary.case_no).day == dt.date(2024, 10, 9)


def test_deadline_beyond_the_known_calendar_is_flagged_estimated(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    assert calendar.known_until is not None
    later = calendar.known_until + dt.timedelta(days=400)
    item = catalog.item("SCJG-006")
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    summary = save(store, catalog, calendar, draft, now=at(later.year, later.month, later.day))
    assert summary.deadline_estimated


def test_a_hall_override_in_an_unpublished_year_leaves_the_deadline_an_estimate(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    assert calendar.known_until is not None
    next_year = calendar.known_until.year + 1
    # The hall's own day off on 2 January, entered before the State Council's schedule is out.
    synced = calendar.with_overrides(holidays=[dt.date(next_year, 1, 2)])
    item = catalog.item("SCJG-008")  # 10 working days
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    summary = save(store, catalog, synced, draft, now=at(next_year - 1, 12, 28))
    assert summary.promised_due is not None and summary.promised_due.year == next_year
    assert summary.deadline_estimated


# ------------------------------------------------------------------------------- case numbers


def _simple_draft(catalog: Catalog) -> CaseDraft:
    item = catalog.item("SB-001")
    return CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))


def test_case_numbers_count_per_window_and_per_day(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    numbers = [save(store, catalog, calendar, _simple_draft(catalog)).case_no for _ in range(3)]
    numbers.append(save(store, catalog, calendar, _simple_draft(catalog), window_no="12").case_no)
    numbers.append(save(store, catalog, calendar, _simple_draft(catalog), now=at(2024, 10, 9)).case_no)
    assert numbers == [
        "DEMO-241008-07-0001",
        "DEMO-241008-07-0002",
        "DEMO-241008-07-0003",
        "DEMO-241008-12-0001",
        "DEMO-241009-07-0001",
    ]


def test_saving_the_same_draft_twice_gives_the_first_case(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    draft = _simple_draft(catalog)
    first = save(store, catalog, calendar, draft)
    again = save(store, catalog, calendar, draft)
    assert again.id == first.id and again.case_no == first.case_no
    assert counts(store)["cases"] == 1 and counts(store)["outbox"] == 1


def test_saving_again_keeps_the_estimated_deadline_flag(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    assert calendar.known_until is not None
    later = calendar.known_until + dt.timedelta(days=400)
    item = catalog.item("SCJG-006")
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    now = at(later.year, later.month, later.day)
    first = save(store, catalog, calendar, draft, now=now)
    again = save(store, catalog, calendar, draft, now=now)
    assert first.deadline_estimated and again.deadline_estimated
    assert again == first


def test_lost_sequence_counter_never_reuses_a_number(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    first = save(store, catalog, calendar, _simple_draft(catalog))
    with store.session() as session:  # as after restoring settings from an older backup
        session.execute(delete(Setting))
    second = save(store, catalog, calendar, _simple_draft(catalog))
    assert first.case_no != second.case_no
    assert parse_case_no(second.case_no).sequence == 2


def test_concurrent_saves_from_two_connections_get_distinct_numbers(
    db_path: Path, store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    other = open_store(db_path)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker(target: Store) -> None:
        try:
            for _ in range(15):
                results.append(save(target, catalog, calendar, _simple_draft(catalog)).case_no)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(s,)) for s in (store, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert not errors
    assert sorted(parse_case_no(n).sequence for n in results) == list(range(1, 31))


# ------------------------------------------------------------------------------- transactions


def test_a_failure_while_writing_the_outbox_leaves_nothing_behind(
    store: Store, catalog: Catalog, calendar: WorkCalendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> int:
        raise RuntimeError("disk pulled")

    monkeypatch.setattr("hallclient.store.outbox.enqueue", broken)
    with pytest.raises(RuntimeError):
        save(store, catalog, calendar, _simple_draft(catalog))
    assert set(counts(store).values()) == {0}
    monkeypatch.undo()
    assert save(store, catalog, calendar, _simple_draft(catalog)).case_no.endswith("-0001")
