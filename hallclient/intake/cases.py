"""Case intake services: save a case, later visits (补正), withdrawal, completion on the spot.

Every function takes the caller's session (one ``Store.session()`` block is one transaction) and
writes the case rows, its timeline event and its outbox mutation together, so a case the clerk
saw saved is never without the mutation that carries it to the server, nor the other way round.
What comes out is a frozen value.

Mutations: ``case.create@1``, ``case.supplement@1``, ``case.withdraw@1``, ``case.complete@1``,
and ``audit.add@1`` for an overridden outcome and for every full view of an ID number.

Read-side functions (``list_cases``, ``get_case_detail``) live in :mod:`hallclient.intake.queries`
and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.casenumber import MAX_SEQUENCE, format_case_no, parse_case_no
from hallclient.domain.catalog import Catalog, ItemKind, Material, conditions_met
from hallclient.domain.errors import ConflictError, NotFoundError, ValidationError
from hallclient.domain.outcome import (
    CheckState,
    Decision,
    MaterialCheck,
    Outcome,
    Recommendation,
    apply_override,
    completion_deadline,
    pledge_deadline,
    recommend_outcome,
)
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.applicant import validate_applicant
from hallclient.intake.models import (
    CaseDetail,
    CaseDraft,
    CaseStatus,
    CaseSummary,
    PledgeStatus,
    SupplementResult,
    ValidApplicant,
    local_day,
)
from hallclient.intake.queries import case_detail as _case_detail
from hallclient.intake.queries import get_case_detail, list_cases
from hallclient.intake.subject import IntakeSubject, find_subject, resolve_subject
from hallclient.store import outbox, repo
from hallclient.store.models import Case, CaseEvent, CaseMaterial, Pledge, Supplement
from hallclient.store.types import phone_tail

__all__ = [
    "case_detail_for_print",
    "complete_on_the_spot",
    "get_case_detail",
    "list_cases",
    "preview_outcome",
    "record_supplement",
    "save_case",
    "withdraw_case",
]

MIN_WITHDRAW_REASON_CHARS = 2
_SEQUENCE_KEY = "intake.case_seq.{day}.{window}"

_STATUS_FOR_OUTCOME = {
    Outcome.ACCEPT: CaseStatus.ACCEPTED,
    Outcome.ACCEPT_WITH_DEFICIENCY: CaseStatus.AWAITING_SUPPLEMENT,
    Outcome.NOTIFY_ONCE: CaseStatus.NOTIFIED,
    Outcome.REJECT: CaseStatus.REJECTED,
}


def _require_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValidationError("时间缺少时区信息", code="naive_datetime", field="now")


def _checks_by_key(checks: Sequence[MaterialCheck]) -> dict[str, MaterialCheck]:
    by_key: dict[str, MaterialCheck] = {}
    for check in checks:
        if check.material_key in by_key:
            raise ValidationError(
                f"材料 {check.material_key} 在清单中出现了两次",
                code="check_duplicate",
                field="checklist",
                key=check.material_key,
            )
        by_key[check.material_key] = check
    return by_key


def preview_outcome(*, subject: IntakeSubject, draft: CaseDraft) -> Recommendation:
    """The recommendation for a draft exactly as :func:`save_case` will compute it."""
    return recommend_outcome(
        materials=subject.materials,
        checks=_checks_by_key(draft.checks),
        applicant_pledges=draft.applicant_pledges,
        in_scope=draft.in_scope,
        reject_reason=draft.reject_reason,
        conditions_met=conditions_met(agent=draft.applicant.agent is not None),
    )


def _decide(recommendation: Recommendation, draft: CaseDraft) -> Decision:
    chosen = draft.chosen_outcome or recommendation.outcome
    decision = apply_override(recommendation, chosen=chosen, reason=draft.override_reason)
    if decision.outcome is Outcome.ACCEPT_WITH_DEFICIENCY and not draft.applicant_pledges:
        raise ValidationError("容缺受理须申请人签署承诺书", code="pledge_required", field="applicant_pledges")
    if decision.outcome is Outcome.REJECT and not draft.reject_reason.strip():
        raise ValidationError("不予受理须写明理由", code="reject_reason_required", field="reject_reason")
    return decision


def _to_supply(recommendation: Recommendation, decision: Decision) -> tuple[str, ...]:
    if decision.outcome is not Outcome.ACCEPT_WITH_DEFICIENCY:
        return ()
    # An override to 容缺受理 pledges whatever the rule found missing or deficient.
    keys = recommendation.to_supply or recommendation.problems
    if not keys:
        raise ValidationError("材料已齐全，无需容缺受理", code="nothing_to_supply", field="chosen_outcome")
    return keys


def _next_case_no(session: Session, *, hall_code: str, window_no: str, day: dt.date) -> str:
    """The window's next number that day. The counter is a row in the store written in the
    case's transaction (BEGIN IMMEDIATE serialises writers), so two saves never share one."""
    try:
        window = int(window_no)
    except ValueError:
        raise ValidationError(
            f"窗口号“{window_no}”应为数字", code="window_invalid", field="window_no"
        ) from None
    key = _SEQUENCE_KEY.format(day=day.isoformat(), window=window)
    sequence = int(repo.get_setting(session, key) or 0)
    while True:
        sequence += 1
        if sequence > MAX_SEQUENCE:
            raise ConflictError(f"本窗口今日受理编号已用完（{MAX_SEQUENCE}）", code="case_sequence_exhausted")
        case_no = format_case_no(hall_code=hall_code, day=day, window=window, sequence=sequence)
        # A store restored from an older backup may have lost its counter but not its cases.
        if session.scalar(select(Case.id).where(Case.case_no == case_no)) is None:
            repo.set_setting(session, key, str(sequence))
            return case_no


EVENT_RENUMBERED = "renumbered"


def renumber_case(session: Session, *, case_id: str, now: dt.datetime) -> str:
    """Give a case the next free number of its window and day of acceptance, because another case
    has its number (a counter started on an empty store took it in before it had read the
    window's cases of that day). Records the change in the case's timeline, with a reminder that
    the applicant's papers show the old number; returns the new number. The case's id, and so the
    QR code on what was printed, stays."""
    case = _load(session, case_id)
    number = parse_case_no(case.case_no)
    old = case.case_no
    case.case_no = _next_case_no(
        session, hall_code=number.hall_code, window_no=str(number.window), day=number.day
    )
    case.updated_at = now
    text = (
        f"受理编号 {old} 已被同一窗口的另一办件使用，已改为 {case.case_no}；"
        "已打印的回执、通知书上仍是原编号，请重新打印"
    )
    session.add(
        CaseEvent(
            case_id=case.id,
            at=now,
            kind=EVENT_RENUMBERED,
            clerk_username=None,
            detail={"from": old, "to": case.case_no, "text": text},
        )
    )
    session.flush()
    return case.case_no


def _material_row(position: int, material: Material, check: MaterialCheck | None) -> CaseMaterial:
    state = check.state if check is not None else CheckState.MISSING
    return CaseMaterial(
        material_key=material.key,
        position=position,
        name=material.name,
        core=material.core,
        deficiency_allowed=material.deficiency_allowed,
        state=state.value,
        originals=check.originals if check is not None else 0,
        copies=check.copies if check is not None else 0,
        e_license_no=(check.e_license_no or "").strip() or None if check is not None else None,
        required_originals=material.originals,
        required_copies=material.copies,
    )


def _material_payload(row: CaseMaterial) -> dict[str, Any]:
    return {
        "key": row.material_key,
        "name": row.name,
        "core": row.core,
        "deficiency_allowed": row.deficiency_allowed,
        "state": row.state,
        "originals": row.originals,
        "copies": row.copies,
        "e_license_no": row.e_license_no,
        "required_originals": row.required_originals,
        "required_copies": row.required_copies,
    }


def _event(
    session: Session, case: Case, *, at: dt.datetime, kind: str, clerk: str, detail: Mapping[str, Any]
) -> None:
    session.add(CaseEvent(case_id=case.id, at=at, kind=kind, clerk_username=clerk, detail=dict(detail)))


def _summary(case: Case, catalog: Catalog | None = None, *, estimated: bool = False) -> CaseSummary:
    subject = find_subject(catalog, case.item_code) if catalog is not None else None
    pledge = case.pledge
    to_supply = tuple(m.name for m in case.materials if m.state in ("missing", "deficient"))
    created = next((e for e in case.events if e.kind == "created"), None)
    reasons = tuple(created.detail.get("reasons", ())) if created is not None else ()
    return CaseSummary(
        id=case.id,
        case_no=case.case_no,
        status=CaseStatus(case.status),
        outcome=Outcome(case.outcome),
        recommended_outcome=Outcome(case.recommended_outcome),
        overridden=case.outcome != case.recommended_outcome,
        subject_code=case.item_code,
        subject_name=subject.name if subject else case.item_code,
        kind=subject.kind if subject else ItemKind.PROMISED,
        created_at=case.created_at,
        accepted_at=case.accepted_at,
        completed_at=case.completed_at,
        promised_due=case.promised_due,
        pledge_due=pledge.due if pledge is not None else None,
        to_supply=to_supply if case.status == CaseStatus.AWAITING_SUPPLEMENT else (),
        reasons=reasons,
        deadline_estimated=estimated,
        ticket_number=case.ticket_number,
    )


def _deadline_estimated(case: Case, calendar: WorkCalendar) -> bool:
    if case.promised_due is None or case.accepted_at is None:
        return False
    return calendar.is_range_estimated(local_day(case.accepted_at), case.promised_due)


def _applicant_payload(applicant: ValidApplicant) -> dict[str, Any]:
    return {
        "kind": applicant.kind.value,
        "name": applicant.name,
        "id_number": applicant.id_number,
        "phone": applicant.phone,
        "credit_code": applicant.credit_code,
        "legal_rep": applicant.legal_rep,
        "agent_name": applicant.agent_name,
        "agent_id_number": applicant.agent_id_number,
    }


def save_case(
    *,
    session: Session,
    draft: CaseDraft,
    catalog: Catalog,
    calendar: WorkCalendar,
    now: dt.datetime,
    clerk: str,
    window_no: str,
    hall_code: str,
) -> CaseSummary:
    """Validate and save a case with its checklist, pledge, timeline and ``case.create@1``.

    Raises ValidationError (with the form field) for a bad applicant, a decision the rules do not
    allow (override without a reason, 容缺 without a pledge, rejection without a reason) or an
    impossible checklist; nothing is written then. Saving the same draft again returns the case
    saved the first time.
    """
    _require_aware(now)
    existing = session.get(Case, draft.draft_id)
    if existing is not None:
        return _summary(existing, catalog, estimated=_deadline_estimated(existing, calendar))
    today = local_day(now)
    subject = resolve_subject(catalog, item_code=draft.item_code, bundle_code=draft.bundle_code)
    applicant = validate_applicant(draft.applicant, today=today)
    if not subject.accepts(applicant.kind):
        raise ValidationError(
            f"“{subject.name}”不受理{applicant.kind.label}的申请",
            code="applicant_kind_not_served",
            field="applicant.kind",
        )
    checks = _checks_by_key(draft.checks)
    recommendation = preview_outcome(subject=subject, draft=draft)
    decision = _decide(recommendation, draft)
    to_supply = _to_supply(recommendation, decision)
    if draft.complete_now and (
        decision.outcome is not Outcome.ACCEPT or subject.kind is not ItemKind.IMMEDIATE
    ):
        raise ValidationError(
            "只有材料齐全并受理的即办件可以当场办结", code="complete_not_allowed", field="complete_now"
        )

    accepted = decision.outcome.is_accepted
    promised_due = (
        completion_deadline(accepted_on=today, item=subject.source, calendar=calendar) if accepted else None
    )
    pledge_due = (
        pledge_deadline(
            accepted_on=today,
            pledge_days=draft.pledge_days,
            promised_days=subject.promised_days,
            calendar=calendar,
        )
        if to_supply
        else None
    )
    status = CaseStatus.COMPLETED if draft.complete_now else _STATUS_FOR_OUTCOME[decision.outcome]
    case_no = _next_case_no(session, hall_code=hall_code, window_no=window_no, day=today)

    case = Case(
        id=draft.draft_id,
        case_no=case_no,
        item_code=subject.code,
        bundle_code=subject.code if subject.is_bundle else None,
        applicant_kind=applicant.kind.value,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_id_tail=applicant.id_number[-4:] if applicant.id_number else None,
        applicant_phone=applicant.phone,
        applicant_phone_tail=phone_tail(applicant.phone),
        org_credit_code=applicant.credit_code,
        legal_rep=applicant.legal_rep,
        agent_name=applicant.agent_name,
        agent_id_number=applicant.agent_id_number,
        ticket_id=draft.ticket.id if draft.ticket else None,
        ticket_number=draft.ticket.number if draft.ticket else None,
        window_no=window_no,
        clerk_username=clerk,
        outcome=decision.outcome.value,
        recommended_outcome=recommendation.outcome.value,
        override_reason=decision.override_reason,
        status=status.value,
        accepted_at=now if accepted else None,
        completed_at=now if draft.complete_now else None,
        promised_due=promised_due,
        pledge_due=pledge_due,
        version=0,
        created_at=now,
        updated_at=now,
        sync_state="pending",
    )
    case.materials = [
        _material_row(position, material, checks.get(material.key))
        for position, material in enumerate(subject.materials)
    ]
    names = {m.key: m.name for m in subject.materials}
    commitments = tuple(names[key] for key in to_supply)
    if pledge_due is not None:
        case.pledge = Pledge(
            commitments="\n".join(commitments), due=pledge_due, status=PledgeStatus.OPEN.value, signed_at=now
        )
    session.add(case)
    session.flush()

    reasons = [reason.message_zh for reason in recommendation.reasons]
    reject = (
        {"reason": draft.reject_reason.strip(), "referral": draft.referral.strip() or None}
        if decision.outcome is Outcome.REJECT
        else None
    )
    _event(
        session,
        case,
        at=now,
        kind="created",
        clerk=clerk,
        detail={
            "outcome": decision.outcome.value,
            "recommended": recommendation.outcome.value,
            "overridden": decision.overridden,
            "override_reason": decision.override_reason,
            "reasons": reasons,
            "reject": reject,
            "ticket_number": case.ticket_number,
        },
    )
    if pledge_due is not None:
        _event(
            session,
            case,
            at=now,
            kind="pledge_signed",
            clerk=clerk,
            detail={"due": pledge_due.isoformat(), "materials": list(commitments)},
        )
    if draft.complete_now:
        _event(session, case, at=now, kind="completed", clerk=clerk, detail={"on_the_spot": True})
    if decision.overridden:
        repo.add_audit(
            session,
            who=clerk,
            what="override_outcome",
            subject=case.id,
            at=now,
            detail={
                "case_no": case_no,
                "recommended": recommendation.outcome.value,
                "chosen": decision.outcome.value,
                "reason": decision.override_reason,
            },
        )
    outbox.enqueue(
        session,
        name="case.create",
        version=1,
        payload={
            "id": case.id,
            "case_no": case_no,
            "hall_code": hall_code,
            "item_code": subject.code,
            "bundle_code": case.bundle_code,
            "item_codes": list(subject.item_codes),
            "applicant": _applicant_payload(applicant),
            "ticket_id": case.ticket_id,
            "ticket_number": case.ticket_number,
            "window_no": window_no,
            "clerk": clerk,
            "outcome": decision.outcome.value,
            "recommended_outcome": recommendation.outcome.value,
            "override_reason": decision.override_reason,
            "reasons": reasons,
            "reject": reject,
            "status": status.value,
            "accepted_at": case.accepted_at,
            "completed_at": case.completed_at,
            "promised_due": promised_due,
            "pledge": (
                {"due": pledge_due, "materials": list(to_supply), "signed_at": now} if pledge_due else None
            ),
            "materials": [_material_payload(row) for row in case.materials],
            "created_at": now,
        },
    )
    session.flush()
    return _summary(case, catalog, estimated=_deadline_estimated(case, calendar))


def _load(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"找不到办件 {case_id}", code="case_not_found", case_id=case_id)
    return case


def _catalog_material(catalog: Catalog, case: Case, row: CaseMaterial) -> Material:
    """The material as the catalog describes it now (for its e-licence), else as the case kept it."""
    subject = find_subject(catalog, case.item_code)
    current = subject.material(row.material_key) if subject else None
    e_license_type = current.e_license_type if current else None
    return Material(
        key=row.material_key,
        name=row.name,
        core=row.core,
        originals=row.required_originals,
        copies=row.required_copies,
        deficiency_allowed=row.deficiency_allowed,
        e_license_type=e_license_type,
    )


def record_supplement(
    *,
    session: Session,
    case_id: str,
    supplied: Sequence[MaterialCheck],
    catalog: Catalog,
    clerk: str,
    now: dt.datetime,
    note: str = "",
) -> SupplementResult:
    """补正: the applicant brings outstanding materials of a 容缺 case.

    Each supplied material must be one still outstanding on the case and must now satisfy its
    requirement (the same rule as at intake). When nothing is outstanding any more the pledge is
    fulfilled and the case is simply accepted. Writes ``case.supplement@1``.
    """
    _require_aware(now)
    case = _load(session, case_id)
    if case.status != CaseStatus.AWAITING_SUPPLEMENT:
        raise ConflictError(
            f"办件 {case.case_no} 当前为“{CaseStatus(case.status).label}”，不需要补正",
            code="case_not_awaiting_supplement",
            case_no=case.case_no,
        )
    if not supplied:
        raise ValidationError("请勾选申请人本次补交的材料", code="nothing_supplied", field="supplied")
    checks = _checks_by_key(supplied)
    rows = {row.material_key: row for row in case.materials}
    materials: list[Material] = []
    for key in checks:
        row = rows.get(key)
        if row is None or row.state not in ("missing", "deficient"):
            name = row.name if row else key
            raise ValidationError(
                f"{name}不是本办件待补正的材料", code="not_outstanding", field="supplied", key=key
            )
        materials.append(_catalog_material(catalog, case, row))
    verdict = recommend_outcome(materials=materials, checks=checks, applicant_pledges=False)
    if verdict.outcome is not Outcome.ACCEPT:
        problems = "；".join(r.message_zh for r in verdict.reasons if r.material_key)
        raise ValidationError(
            f"补交的材料仍不符合要求：{problems}", code="supplement_insufficient", field="supplied"
        )
    for key, check in checks.items():
        row = rows[key]
        row.state = check.state.value
        row.originals = check.originals
        row.copies = check.copies
        row.e_license_no = (check.e_license_no or "").strip() or None
    outstanding = tuple(r.name for r in case.materials if r.state in ("missing", "deficient"))
    pledge = case.pledge
    late = pledge is not None and local_day(now) > pledge.due
    fulfilled = not outstanding
    if fulfilled:
        case.status = CaseStatus.ACCEPTED.value
        if pledge is not None:
            pledge.status = PledgeStatus.FULFILLED.value
            pledge.fulfilled_at = now
    case.updated_at = now
    case.sync_state = "pending"
    supplied_names = tuple(rows[key].name for key in checks)
    session.add(
        Supplement(
            case_id=case.id, at=now, material_keys=list(checks), clerk_username=clerk, note=note or None
        )
    )
    _event(
        session,
        case,
        at=now,
        kind="supplement",
        clerk=clerk,
        detail={"materials": list(supplied_names), "outstanding": list(outstanding), "late": late},
    )
    if fulfilled:
        _event(session, case, at=now, kind="pledge_fulfilled", clerk=clerk, detail={"late": late})
    outbox.enqueue(
        session,
        name="case.supplement",
        version=1,
        payload={
            "case_id": case.id,
            "case_no": case.case_no,
            "base_version": case.version,
            "at": now,
            "clerk": clerk,
            "note": note or None,
            "materials": [_material_payload(rows[key]) for key in checks],
            "pledge_fulfilled": fulfilled,
            "status": case.status,
        },
    )
    session.flush()
    return SupplementResult(
        case=_summary(case, catalog),
        supplied=supplied_names,
        still_outstanding=outstanding,
        pledge_fulfilled=fulfilled,
        late=late,
    )


_WITHDRAWABLE = (CaseStatus.ACCEPTED, CaseStatus.AWAITING_SUPPLEMENT, CaseStatus.NOTIFIED)


def withdraw_case(
    *, session: Session, case_id: str, reason: str, clerk: str, now: dt.datetime
) -> CaseSummary:
    """The applicant withdraws (撤回申请) a case that is not finished; writes ``case.withdraw@1``."""
    _require_aware(now)
    case = _load(session, case_id)
    if CaseStatus(case.status) not in _WITHDRAWABLE:
        raise ConflictError(
            f"办件 {case.case_no} 当前为“{CaseStatus(case.status).label}”，不能撤回",
            code="case_not_withdrawable",
            case_no=case.case_no,
        )
    text = " ".join(reason.split())
    if len(text) < MIN_WITHDRAW_REASON_CHARS:
        raise ValidationError("请填写撤回原因", code="withdraw_reason_required", field="reason")
    case.status = CaseStatus.WITHDRAWN.value
    case.updated_at = now
    case.sync_state = "pending"
    _event(session, case, at=now, kind="withdrawn", clerk=clerk, detail={"reason": text})
    outbox.enqueue(
        session,
        name="case.withdraw",
        version=1,
        payload={
            "case_id": case.id,
            "case_no": case.case_no,
            "base_version": case.version,
            "at": now,
            "clerk": clerk,
            "reason": text,
        },
    )
    session.flush()
    return _summary(case)


def complete_on_the_spot(
    *, session: Session, case_id: str, catalog: Catalog, clerk: str, now: dt.datetime
) -> CaseSummary:
    """办结 at the counter: an accepted 即办件 with every material in, the day it was accepted.
    Writes ``case.complete@1``."""
    _require_aware(now)
    case = _load(session, case_id)
    subject = find_subject(catalog, case.item_code)
    if subject is None or subject.kind is not ItemKind.IMMEDIATE:
        raise ConflictError(
            f"办件 {case.case_no} 不是即办件，须由后台办结", code="not_immediate", case_no=case.case_no
        )
    if case.status != CaseStatus.ACCEPTED:
        raise ConflictError(
            f"办件 {case.case_no} 当前为“{CaseStatus(case.status).label}”，不能当场办结",
            code="case_not_completable",
            case_no=case.case_no,
        )
    if case.accepted_at is None or local_day(case.accepted_at) != local_day(now):
        raise ConflictError(
            f"办件 {case.case_no} 不是今天受理的，不能当场办结", code="not_same_day", case_no=case.case_no
        )
    case.status = CaseStatus.COMPLETED.value
    case.completed_at = now
    case.updated_at = now
    case.sync_state = "pending"
    _event(session, case, at=now, kind="completed", clerk=clerk, detail={"on_the_spot": True})
    outbox.enqueue(
        session,
        name="case.complete",
        version=1,
        payload={
            "case_id": case.id,
            "case_no": case.case_no,
            "base_version": case.version,
            "at": now,
            "clerk": clerk,
            "on_the_spot": True,
        },
    )
    session.flush()
    return _summary(case, catalog)


def case_detail_for_print(
    *, session: Session, case_id: str, calendar: WorkCalendar, now: dt.datetime
) -> CaseDetail:
    """The unmasked detail a printed notice is made from (the renderer masks ID numbers itself);
    not audited because nothing is shown on screen."""
    return _case_detail(session, _load(session, case_id), calendar=calendar, now=now, reveal=True)
