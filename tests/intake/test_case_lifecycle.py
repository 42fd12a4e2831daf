"""After the save: detail and audited ID reveal, supplement (补正), withdrawal, completion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.domain.masking import mask_id_number
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDraft, CaseStatus, CaseSummary, PledgeStatus
from hallclient.store import Store
from hallclient.store.models import AuditEntry, OutboxMutation
from tests.intake.builders import AGENT_ID, PERSON_ID, agent_checks, at, checks, person, save_draft

NOW = at(2024, 10, 8, 9, 30)


def outbox_names(store: Store) -> list[str]:
    with store.session(readonly=True) as session:
        rows = session.scalars(select(OutboxMutation).order_by(OutboxMutation.mutation_id))
        return [f"{row.name}@{row.version}" for row in rows]


def last_payload(store: Store) -> dict[str, Any]:
    with store.session(readonly=True) as session:
        row = session.scalars(select(OutboxMutation).order_by(OutboxMutation.mutation_id.desc())).first()
        assert row is not None
        return dict(json.loads(row.payload))


def deficiency_case(store: Store, catalog: Catalog, calendar: WorkCalendar, *missing: str) -> CaseSummary:
    item = catalog.item("SCJG-006")
    states = dict.fromkeys(missing or ("food_safety_rules", "health_certificates"), CheckState.MISSING)
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(agent=AgentDraft(name="王五", id_number=AGENT_ID)),
        checks=agent_checks(item.materials, **states),
        applicant_pledges=True,
        pledge_days=3,
    )
    return save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW)


def supply(store: Store, catalog: Catalog, case_id: str, *keys: str, when: Any = NOW) -> Any:
    item = catalog.item("SCJG-006")
    supplied = [
        MaterialCheck(
            k, CheckState.ORIGINAL, originals=item.material(k).originals, copies=item.material(k).copies
        )
        for k in keys
    ]
    with store.session() as session:
        return cases.record_supplement(
            session=session, case_id=case_id, supplied=supplied, catalog=catalog, clerk="lisi", now=when
        )


# ------------------------------------------------------------------------------------- detail


def test_detail_masks_ids_and_revealing_them_is_audited(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    with store.session(readonly=True) as session:
        masked = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="lisi", now=NOW, calendar=calendar
        )
    assert masked.id_number == mask_id_number(PERSON_ID) and masked.agent_id_number == mask_id_number(
        AGENT_ID
    )
    assert not masked.id_revealed
    assert outbox_names(store) == ["case.create@1"]

    with store.session() as session:
        full = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="lisi", now=NOW, calendar=calendar, reveal_id=True
        )
    assert (full.id_number, full.agent_id_number) == (PERSON_ID, AGENT_ID)
    with store.session(readonly=True) as session:
        audit = session.scalar(select(AuditEntry))
        assert audit is not None
        assert (audit.who, audit.what, audit.subject) == ("lisi", "view_full_id", summary.id)
        assert audit.detail["fields"] == [
            "applicant_name",
            "applicant_id_number",
            "agent_name",
            "agent_id_number",
        ]
    assert outbox_names(store) == ["case.create@1", "audit.add@1"]
    assert last_payload(store)["who"] == "lisi"


def test_detail_has_materials_pledge_and_timeline(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="lisi", now=NOW, calendar=calendar
        )
    assert [line.key for line in detail.outstanding] == ["food_safety_rules", "health_certificates"]
    assert detail.pledge is not None and detail.pledge.status is PledgeStatus.OPEN
    assert detail.pledge.due == summary.pledge_due
    assert [entry.kind for entry in detail.timeline] == ["created", "pledge_signed"]
    assert "容缺受理" in detail.timeline[0].text and str(summary.pledge_due) in detail.timeline[1].text


def test_a_pledge_past_its_due_date_shows_as_overdue(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    assert summary.pledge_due is not None
    on_due_day = at(summary.pledge_due.year, summary.pledge_due.month, summary.pledge_due.day, 17)
    day_after = at(summary.pledge_due.year, summary.pledge_due.month, summary.pledge_due.day + 1, 9)
    with store.session(readonly=True) as session:
        due = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="x", now=on_due_day, calendar=calendar
        )
        late = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="x", now=day_after, calendar=calendar
        )
    assert due.pledge is not None and due.pledge.status is PledgeStatus.OPEN
    assert late.pledge is not None and late.pledge.status is PledgeStatus.OVERDUE


# --------------------------------------------------------------------------------- supplement


def test_partial_supplement_keeps_the_pledge_open(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    result = supply(store, catalog, summary.id, "food_safety_rules")
    assert not result.pledge_fulfilled
    assert result.still_outstanding == (catalog.item("SCJG-006").material("health_certificates").name,)
    assert result.case.status is CaseStatus.AWAITING_SUPPLEMENT
    assert outbox_names(store)[-1] == "case.supplement@1"
    assert last_payload(store)["pledge_fulfilled"] is False


def test_supplement_of_everything_closes_the_pledge_and_accepts_the_case(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    supply(store, catalog, summary.id, "food_safety_rules")
    result = supply(store, catalog, summary.id, "health_certificates", when=at(2024, 10, 9))
    assert result.pledge_fulfilled and not result.late
    assert result.case.status is CaseStatus.ACCEPTED and result.case.to_supply == ()
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="x", now=at(2024, 10, 30), calendar=calendar
        )
    assert detail.pledge is not None and detail.pledge.status is PledgeStatus.FULFILLED
    assert detail.pledge.fulfilled_at == at(2024, 10, 9)
    assert detail.outstanding == ()
    assert [e.kind for e in detail.timeline][-3:] == ["supplement", "supplement", "pledge_fulfilled"]
    assert last_payload(store)["status"] == "accepted"


def test_late_supplement_is_accepted_and_marked_late(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar, "food_safety_rules")
    result = supply(store, catalog, summary.id, "food_safety_rules", when=at(2024, 10, 31))
    assert result.pledge_fulfilled and result.late


def test_supplying_a_material_that_is_not_outstanding_is_refused(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    before = outbox_names(store)
    with pytest.raises(ValidationError) as caught:
        supply(store, catalog, summary.id, "business_license")
    assert caught.value.code == "not_outstanding"
    assert outbox_names(store) == before


def test_a_supplement_that_still_falls_short_is_refused(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    with store.session() as session, pytest.raises(ValidationError) as caught:
        cases.record_supplement(
            session=session,
            case_id=summary.id,
            supplied=[MaterialCheck("food_safety_rules", CheckState.DEFICIENT)],
            catalog=catalog,
            clerk="lisi",
            now=NOW,
        )
    assert caught.value.code == "supplement_insufficient"
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="x", now=NOW, calendar=calendar
        )
    assert len(detail.outstanding) == 2


def test_supplement_on_an_accepted_case_is_a_conflict(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar, "food_safety_rules")
    supply(store, catalog, summary.id, "food_safety_rules")
    with pytest.raises(ConflictError):
        supply(store, catalog, summary.id, "food_safety_rules")


# --------------------------------------------------------------------------------- withdrawal


def test_withdrawal_records_the_reason(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    summary = deficiency_case(store, catalog, calendar)
    with store.session() as session:
        withdrawn = cases.withdraw_case(
            session=session, case_id=summary.id, reason="申请人决定暂不开办", clerk="lisi", now=NOW
        )
    assert withdrawn.status is CaseStatus.WITHDRAWN
    assert outbox_names(store)[-1] == "case.withdraw@1"
    assert last_payload(store)["reason"] == "申请人决定暂不开办"
    with pytest.raises(ConflictError), store.session() as session:
        cases.withdraw_case(session=session, case_id=summary.id, reason="再次撤回", clerk="lisi", now=NOW)


def test_the_pledge_of_a_withdrawn_case_lapses_and_is_never_overdue(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = deficiency_case(store, catalog, calendar)
    assert summary.pledge_due is not None
    with store.session() as session:
        cases.withdraw_case(
            session=session, case_id=summary.id, reason="申请人决定暂不开办", clerk="lisi", now=NOW
        )
    long_after = at(summary.pledge_due.year + 1, 3, 2, 9)
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=summary.id, viewer="x", now=long_after, calendar=calendar
        )
    assert detail.pledge is not None
    assert detail.pledge.status is PledgeStatus.LAPSED
    assert detail.pledge.due == summary.pledge_due  # what was promised stays on record


def test_withdrawal_needs_a_reason(store: Store, catalog: Catalog, calendar: WorkCalendar) -> None:
    summary = deficiency_case(store, catalog, calendar)
    with pytest.raises(ValidationError), store.session() as session:
        cases.withdraw_case(session=session, case_id=summary.id, reason=" ", clerk="lisi", now=NOW)
    assert outbox_names(store) == ["case.create@1"]


# --------------------------------------------------------------------------------- completion


def _immediate(store: Store, catalog: Catalog, calendar: WorkCalendar) -> CaseSummary:
    item = catalog.item("SB-001")
    draft = CaseDraft(item_code=item.code, applicant=person(), checks=checks(item.materials))
    return save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW)


def test_immediate_case_is_completed_on_the_spot(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    summary = _immediate(store, catalog, calendar)
    with store.session() as session:
        done = cases.complete_on_the_spot(
            session=session, case_id=summary.id, catalog=catalog, clerk="zhangsan", now=NOW
        )
    assert done.status is CaseStatus.COMPLETED and done.completed_at == NOW
    assert outbox_names(store) == ["case.create@1", "case.complete@1"]


def test_completion_on_the_spot_is_refused_for_promised_items_and_later_days(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    promised = deficiency_case(store, catalog, calendar, "food_safety_rules")
    immediate = _immediate(store, catalog, calendar)
    with pytest.raises(ConflictError) as caught, store.session() as session:
        cases.complete_on_the_spot(session=session, case_id=promised.id, catalog=catalog, clerk="z", now=NOW)
    assert caught.value.code == "not_immediate"
    with pytest.raises(ConflictError) as caught, store.session() as session:
        cases.complete_on_the_spot(
            session=session, case_id=immediate.id, catalog=catalog, clerk="z", now=at(2024, 10, 9)
        )
    assert caught.value.code == "not_same_day"
