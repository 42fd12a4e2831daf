"""Reading cases: the case list (search and filter chips) and one case's detail.

The list shows personal data masked; the detail masks persons' names and ID numbers unless the
viewer asks to see them, and every such view is written to the audit log (``audit.add@1``) in the
same transaction.

Every list query is answered from an index on ``cases`` (see ``tests/store/test_indexes.py`` and
``bench/intake.py``): chips map to ranges on ``created_at``, ``status``+``pledge_due`` and
``status``+``promised_due``; search text to prefix ranges on the number and name columns (the
agent's name too) and exact matches on the last four characters of the ID number and the last four
digits of the phone; a masked number read off a receipt (110105********002X, 138****5678) to that
exact match together with the beginning it shows. SQLite answers the search's OR of terms with one
index lookup per term (MULTI-INDEX OR), so every term needs its index: one without would make it
read every case.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from hallclient.domain.alerts import AlertLevel, AlertThresholds
from hallclient.domain.casenumber import normalise_case_no
from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.domain.identity import phone_search_prefixes
from hallclient.domain.identityhash import REDUCED_MARK, is_reduced
from hallclient.domain.masking import mask_credit_code, mask_id_number, mask_name
from hallclient.domain.outcome import CheckState, Outcome
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.applicant import normalize_person_name
from hallclient.intake.models import (
    CHINA_TZ,
    ApplicantKind,
    CaseChip,
    CaseDetail,
    CaseFilter,
    CaseRow,
    CaseStatus,
    MaterialLine,
    PledgeStatus,
    PledgeView,
    TimelineEntry,
    local_day,
)
from hallclient.store import repo
from hallclient.store.models import Case, CaseEvent
from hallclient.store.types import prefix_match

MAX_LIMIT = 500
_OPEN_STATUSES = [CaseStatus.ACCEPTED.value, CaseStatus.AWAITING_SUPPLEMENT.value]
_ID_TAIL = re.compile(r"^[0-9]{3}[0-9X]$")
_MASKED_ID = re.compile(r"^([0-9]{0,6})\*+([0-9]{3}[0-9X])$")
_TICKET = re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$")
_PHONE_TAIL = re.compile(r"^[0-9]{4}$")
# A phone as a receipt prints it (masking.mask_phone): what the number begins with, hidden digits,
# the last four of the number, a hidden extension: 138****5678, 0591-****4321-***, 400-***-4321.
_MASKED_PHONE = re.compile(r"^(.*?)-?\*+-?([0-9]{4})(?:-\*+)?$")
# One or two digits would match nearly every phone on file (13…, 15…).
_MIN_PHONE_DIGITS = 3
_AREA_CODE_DIGITS = 6  # what a receipt keeps of an ID number's beginning (masking.mask_id_number)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=CHINA_TZ)
    return start, start + dt.timedelta(days=1)


def _text_condition(text: str) -> ColumnElement[bool] | None:
    raw = " ".join(unicodedata.normalize("NFKC", text).split())
    if not raw:
        return None
    upper = raw.replace(" ", "").upper()
    # Persons' names are stored with the ID card's separator, whichever dot the clerk types.
    names = list(dict.fromkeys((raw, normalize_person_name(raw))))
    terms: list[ColumnElement[bool]] = [prefix_match(Case.applicant_name, name) for name in names]
    # The agent (代办人) is a person too. A name never holds a digit: numbers add no lookup.
    if not any(char.isdigit() for char in raw):
        terms += [prefix_match(Case.agent_name, name) for name in names]
    case_no = normalise_case_no(raw).replace(" ", "")
    if case_no[:1].isalpha():
        terms.append(prefix_match(Case.case_no, case_no))
        terms.append(prefix_match(Case.server_case_no, case_no))
    if _TICKET.match(upper):
        terms.append(Case.ticket_number == upper)
    masked = _MASKED_ID.match(upper)
    if masked:
        # "110105********1234" as read off a printed receipt: area code and last four. A copy of
        # another window's case holds only the last four ("**************1234", docs/sync.md), so
        # for it the last four decide; the receipt was most likely printed at that window. Only a
        # whole area code stands for one: a shorter beginning is as likely a phone's (138****5678).
        head, tail = masked.groups()
        condition = Case.applicant_id_tail == tail
        if head:
            beginning = prefix_match(Case.applicant_id_number, head)
            if len(head) == _AREA_CODE_DIGITS:
                beginning = or_(beginning, prefix_match(Case.applicant_id_number, REDUCED_MARK))
            condition = and_(condition, beginning)
        terms.append(condition)
    elif upper.isascii() and upper.isalnum():
        if _ID_TAIL.match(upper):
            terms.append(Case.applicant_id_tail == upper)
        if len(upper) >= 2:
            terms.append(prefix_match(Case.applicant_id_number, upper))
            terms.append(prefix_match(Case.org_credit_code, upper))
    # Phones are stored normalised ("13812345678", "0591-87654321"), so what the clerk typed is
    # normalised the same way: "+86 138-1234" and "(0591) 8765" find them by their beginning.
    for phone in phone_search_prefixes(raw):
        if sum(char.isdigit() for char in phone) >= _MIN_PHONE_DIGITS:
            terms.append(prefix_match(Case.applicant_phone, phone))
    if _PHONE_TAIL.match(upper):
        # 手机尾号: what a masked phone shows (138****5678), as store.types.phone_tail keeps it.
        terms.append(Case.applicant_phone_tail == upper)
    masked_phone = _MASKED_PHONE.match(upper)
    if masked_phone:
        head, tail = masked_phone.groups()
        # The beginning is normalised as the form stores it ("(0591)" → "0591", "+86 138" → "138").
        # A copy of another window's case keeps its phone masked the same way, so it begins alike.
        prefixes = phone_search_prefixes(head) if head else ()
        if prefixes or not head:
            condition = Case.applicant_phone_tail == tail
            if prefixes:
                condition = and_(
                    condition, or_(*(prefix_match(Case.applicant_phone, prefix) for prefix in prefixes))
                )
            terms.append(condition)
    return or_(*terms)


def _yellow_end(today: dt.date, calendar: WorkCalendar, thresholds: AlertThresholds) -> dt.date:
    """The first deadline that is no longer yellow: the (N+1)th working day after today."""
    return calendar.add_workdays(today, thresholds.yellow_within_workdays + 1)


def _list_query(
    case_filter: CaseFilter, *, today: dt.date, calendar: WorkCalendar, thresholds: AlertThresholds
) -> Select[Any]:
    chips = case_filter.chips
    conditions: list[ColumnElement[bool]] = []
    if CaseChip.TODAY in chips:
        start, end = _day_bounds(today)
        conditions += [Case.created_at >= start, Case.created_at < end]
    if CaseChip.AWAITING_SUPPLEMENT in chips or CaseChip.PLEDGE_OVERDUE in chips:
        conditions.append(Case.status == CaseStatus.AWAITING_SUPPLEMENT.value)
    if CaseChip.PLEDGE_OVERDUE in chips:
        conditions.append(Case.pledge_due < today)
    supplement_only = CaseChip.AWAITING_SUPPLEMENT in chips or CaseChip.PLEDGE_OVERDUE in chips
    if (CaseChip.YELLOW in chips or CaseChip.RED in chips) and not supplement_only:
        conditions.append(Case.status.in_(_OPEN_STATUSES))
    if CaseChip.YELLOW in chips:
        conditions += [
            Case.promised_due >= today,
            Case.promised_due < _yellow_end(today, calendar, thresholds),
        ]
    if CaseChip.RED in chips:
        conditions.append(Case.promised_due < today)
    text = _text_condition(case_filter.text)
    if text is not None:
        conditions.append(text)

    query = select(Case).where(*conditions)
    if CaseChip.RED in chips or CaseChip.YELLOW in chips:
        return query.order_by(Case.promised_due, Case.case_no)
    if CaseChip.PLEDGE_OVERDUE in chips:
        return query.order_by(Case.pledge_due, Case.case_no)
    return query.order_by(Case.created_at.desc(), Case.case_no.desc())


def _alert(case: Case, *, today: dt.date, calendar: WorkCalendar, thresholds: AlertThresholds) -> AlertLevel:
    if case.promised_due is None or case.status not in _OPEN_STATUSES:
        return AlertLevel.NONE
    return thresholds.level(deadline=case.promised_due, today=today, calendar=calendar)


def _pledge_overdue(case: Case, today: dt.date) -> bool:
    return (
        case.status == CaseStatus.AWAITING_SUPPLEMENT
        and case.pledge_due is not None
        and case.pledge_due < today
    )


def _person_name(name: str, *, reveal: bool) -> str:
    return name if reveal else mask_name(name)


def _applicant_name(case: Case, *, reveal: bool) -> str:
    # An organisation's name is public record, as its code and legal representative are: the list
    # and the detail show it in full alike.
    if case.applicant_kind == ApplicantKind.PERSON:
        return _person_name(case.applicant_name, reveal=reveal)
    return case.applicant_name


def _masked_number(case: Case) -> str:
    if case.applicant_kind == ApplicantKind.PERSON:
        return mask_id_number(case.applicant_id_number or "")
    return mask_credit_code(case.org_credit_code or "")


def list_cases(
    *,
    session: Session,
    filter: CaseFilter,
    today: dt.date,
    calendar: WorkCalendar,
    thresholds: AlertThresholds | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[CaseRow]:
    """One page of the case list; ``today`` is the hall's local day (``local_day(now)``)."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValidationError(
            f"分页参数不正确：limit={limit} offset={offset}", code="bad_page", field="limit"
        )
    thresholds = thresholds or AlertThresholds()
    query = _list_query(filter, today=today, calendar=calendar, thresholds=thresholds)
    rows: Iterable[Case] = session.scalars(query.limit(limit).offset(offset))
    return [
        CaseRow(
            id=case.id,
            case_no=case.case_no,
            subject_code=case.item_code,
            is_bundle=case.bundle_code is not None,
            applicant_kind=ApplicantKind(case.applicant_kind),
            applicant_name=_applicant_name(case, reveal=False),
            applicant_number=_masked_number(case),
            status=CaseStatus(case.status),
            outcome=Outcome(case.outcome),
            created_at=case.created_at,
            promised_due=case.promised_due,
            pledge_due=case.pledge_due,
            pledge_overdue=_pledge_overdue(case, today),
            alert=_alert(case, today=today, calendar=calendar, thresholds=thresholds),
            ticket_number=case.ticket_number,
            window_no=case.window_no,
            clerk=case.clerk_username,
        )
        for case in rows
    ]


def _timeline_text(event: CaseEvent) -> str:
    detail: dict[str, Any] = event.detail or {}
    kind = event.kind
    if kind == "created":
        text = "受理登记：" + Outcome(detail.get("outcome", "accept")).label
        if detail.get("overridden"):
            text += (
                f"（系统建议“{Outcome(detail['recommended']).label}”，"
                f"改判理由：{detail.get('override_reason') or ''}）"
            )
        reject = detail.get("reject")
        if reject:
            text += f"；理由：{reject.get('reason', '')}"
            if reject.get("referral"):
                text += f"；请到：{reject['referral']}"
        return text
    if kind == "pledge_signed":
        return f"签署容缺受理承诺书，{detail.get('due', '')} 前补交：" + "、".join(
            detail.get("materials", [])
        )
    if kind == "supplement":
        text = "补正：收到" + "、".join(detail.get("materials", []))
        if detail.get("outstanding"):
            text += "；仍缺：" + "、".join(detail["outstanding"])
        return text + ("（逾期补交）" if detail.get("late") else "")
    if kind == "pledge_fulfilled":
        return "容缺材料已全部补齐，承诺履行完毕"
    if kind == "completed":
        return "当场办结" if detail.get("on_the_spot") else "办结"
    if kind == "withdrawn":
        return f"申请人撤回申请：{detail.get('reason', '')}"
    return str(detail.get("text") or kind)


def case_detail(
    session: Session,
    case: Case,
    *,
    calendar: WorkCalendar,
    now: dt.datetime,
    reveal: bool,
    thresholds: AlertThresholds | None = None,
) -> CaseDetail:
    today = local_day(now)
    thresholds = thresholds or AlertThresholds()
    pledge = case.pledge
    pledge_view = None
    if pledge is not None:
        status = PledgeStatus(pledge.status)
        if status is PledgeStatus.OPEN and case.status == CaseStatus.WITHDRAWN:
            status = PledgeStatus.LAPSED
        elif (
            status is PledgeStatus.OPEN
            and case.status == CaseStatus.AWAITING_SUPPLEMENT
            and pledge.due < today
        ):
            status = PledgeStatus.OVERDUE
        pledge_view = PledgeView(
            due=pledge.due,
            status=status,
            commitments=tuple(line for line in pledge.commitments.split("\n") if line),
            signed_at=pledge.signed_at,
            fulfilled_at=pledge.fulfilled_at,
        )
    created = next((e for e in case.events if e.kind == "created"), None)
    reject = (created.detail or {}).get("reject") if created is not None else None

    def shown(number: str | None) -> str | None:
        if number is None:
            return None
        return number if reveal else mask_id_number(number)

    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        server_case_no=case.server_case_no,
        subject_code=case.item_code,
        is_bundle=case.bundle_code is not None,
        applicant_kind=ApplicantKind(case.applicant_kind),
        applicant_name=_applicant_name(case, reveal=reveal),
        id_number=shown(case.applicant_id_number),
        phone=case.applicant_phone,
        credit_code=case.org_credit_code,
        legal_rep=case.legal_rep,
        agent_name=None if case.agent_name is None else _person_name(case.agent_name, reveal=reveal),
        agent_id_number=shown(case.agent_id_number),
        id_revealed=reveal,
        ticket_number=case.ticket_number,
        window_no=case.window_no,
        clerk=case.clerk_username,
        status=CaseStatus(case.status),
        outcome=Outcome(case.outcome),
        recommended_outcome=Outcome(case.recommended_outcome),
        override_reason=case.override_reason,
        created_at=case.created_at,
        accepted_at=case.accepted_at,
        completed_at=case.completed_at,
        promised_due=case.promised_due,
        alert=_alert(case, today=today, calendar=calendar, thresholds=thresholds),
        pledge=pledge_view,
        materials=tuple(
            MaterialLine(
                key=row.material_key,
                name=row.name,
                core=row.core,
                deficiency_allowed=row.deficiency_allowed,
                state=CheckState(row.state),
                originals=row.originals,
                copies=row.copies,
                e_license_no=row.e_license_no,
                required_originals=row.required_originals,
                required_copies=row.required_copies,
            )
            for row in case.materials
        ),
        timeline=tuple(
            TimelineEntry(at=e.at, kind=e.kind, clerk=e.clerk_username, text=_timeline_text(e))
            for e in case.events
        ),
        reject_reason=reject.get("reason") if reject else None,
        referral=reject.get("referral") if reject else None,
        sync_state=case.sync_state,
    )


def get_case_detail(
    *,
    session: Session,
    case_id: str,
    viewer: str,
    now: dt.datetime,
    calendar: WorkCalendar,
    reveal_id: bool = False,
    thresholds: AlertThresholds | None = None,
) -> CaseDetail:
    """One case, persons' names and ID numbers masked. ``reveal_id=True`` shows them in full and
    records who saw what (``view_full_id`` audit entry + ``audit.add@1``): call it inside a
    writing session."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"找不到办件 {case_id}", code="case_not_found", case_id=case_id)
    if reveal_id:
        # A copy of another window's case holds only the last four: nothing more is seen.
        seen = (
            ("applicant_name", case.applicant_kind == ApplicantKind.PERSON),
            ("applicant_id_number", not is_reduced(case.applicant_id_number)),
            ("agent_name", bool(case.agent_name)),
            ("agent_id_number", not is_reduced(case.agent_id_number)),
        )
        fields = [name for name, shown in seen if shown]
        if fields:
            repo.add_audit(
                session,
                who=viewer,
                what="view_full_id",
                subject=case.id,
                at=now,
                detail={"case_no": case.case_no, "fields": fields},
            )
    return case_detail(session, case, calendar=calendar, now=now, reveal=reveal_id, thresholds=thresholds)
