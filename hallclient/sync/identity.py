"""Checking the applicant of a case another window took in (docs/sync.md, "Privacy of shared cases").

A pulled copy of a case holds the applicant's name, ID numbers reduced to their last four
characters, the phone masked, and argon2id hashes of the ID numbers (salt: the hall's salt and
the case id). Before the clerk continues such a case (补正, 撤回) for the person in front of
them, they type the number from the applicant's ID card; :func:`verify_identity` hashes it and
compares. On the window that took the case in, the full number is in the store and is compared
directly. Every check, matched or not, is a case event and an audit entry (synced).

The hash is the server's (``hallclient/server/sync/identity.py``); a test checks both agree.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.domain.identity import normalize_id_text, validate_resident_id
from hallclient.domain.identityhash import SCHEME, identity_hash, is_reduced, tail_mask
from hallclient.domain.masking import mask_id_number
from hallclient.store import repo
from hallclient.store.models import Case, CaseEvent

# The case event that keeps what the server shared about the applicant of a pulled case.
EVENT_RECEIVED = "received_copy"
EVENT_IDENTITY_CHECKED = "identity_checked"


@dataclass(frozen=True)
class IdentityCheck:
    case_id: str
    case_no: str
    matched: bool
    who: str  # "applicant" or "agent": whose number matched (applicant when none did)
    method: str  # "full_number" (this window took the case in) or "hash" (a pulled copy)
    message: str  # for the clerk


def needs_identity_check(session: Session, case_id: str) -> bool:
    """True for a pulled copy: the full number is not on this counter."""
    case = _case(session, case_id)
    return case.applicant_kind == "person" and is_reduced(case.applicant_id_number)


def _case(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"找不到办件 {case_id}", code="case_not_found", case_id=case_id)
    return case


def shared_identity(session: Session, case_id: str) -> Mapping[str, Any] | None:
    """The hashes the server sent with a pulled case (None: none were sent)."""
    detail = session.scalars(
        select(CaseEvent.detail)
        .where(CaseEvent.case_id == case_id, CaseEvent.kind == EVENT_RECEIVED)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    identity = detail.get("identity") if isinstance(detail, Mapping) else None
    return identity if isinstance(identity, Mapping) else None


def _matches(
    session: Session, case: Case, number: str
) -> tuple[str | None, str]:  # (who matched or None, method)
    if not is_reduced(case.applicant_id_number) or not is_reduced(case.agent_id_number):
        for who, full in (("applicant", case.applicant_id_number), ("agent", case.agent_id_number)):
            if full and not is_reduced(full) and hmac.compare_digest(normalize_id_text(full), number):
                return who, "full_number"
        if not is_reduced(case.applicant_id_number):
            return None, "full_number"
    identity = shared_identity(session, case.id)
    if identity is None or identity.get("scheme") != SCHEME or not isinstance(identity.get("salt"), str):
        raise ValidationError(
            f"办件 {case.case_no} 在本机没有可核验的身份信息，请联系受理窗口或值班长核实申请人身份",
            code="identity_unavailable",
            field="id_number",
            case_no=case.case_no,
        )
    typed = identity_hash(number, salt_hex=str(identity["salt"]), case_id=case.id)
    for who, key in (("applicant", "id_number_hash"), ("agent", "agent_id_number_hash")):
        stored = identity.get(key)
        if isinstance(stored, str) and hmac.compare_digest(stored, typed):
            return who, "hash"
    return None, "hash"


def verify_identity(
    *, session: Session, case_id: str, typed_id_number: str, clerk: str, now: dt.datetime
) -> IdentityCheck:
    """Compare the number typed from the applicant's (or agent's) ID card with the case.

    Raises ValidationError for a number that is not a valid 公民身份号码 (nothing is written) and
    ``identity_unavailable`` when this counter has nothing to compare with. A mismatch is not an
    error: it is recorded and returned with ``matched=False`` and a message for the clerk.
    """
    case = _case(session, case_id)
    number = validate_resident_id(typed_id_number, today=now.date()).number
    who, method = _matches(session, case, number)
    matched = who is not None
    if matched:
        message = f"身份核验通过：{mask_id_number(number)} 与办件 {case.case_no} 的{_who_text(who)}一致"
    else:
        message = (
            f"身份核验未通过：{mask_id_number(number)} 不是办件 {case.case_no} 的申请人或代办人。"
            "请核对证件；不能确认身份时不要继续办理"
        )
    detail = {"matched": matched, "who": who, "method": method, "typed": tail_mask(number)}
    session.add(
        CaseEvent(
            case_id=case.id,
            at=now,
            kind=EVENT_IDENTITY_CHECKED,
            clerk_username=clerk,
            detail={**detail, "text": message},
        )
    )
    repo.add_audit(
        session,
        who=clerk,
        what="verify_identity",
        subject=case.id,
        at=now,
        detail={**detail, "case_no": case.case_no},
    )
    session.flush()
    return IdentityCheck(
        case_id=case.id,
        case_no=case.case_no,
        matched=matched,
        who=who or "applicant",
        method=method,
        message=message,
    )


def _who_text(who: str | None) -> str:
    return "代办人" if who == "agent" else "申请人"
