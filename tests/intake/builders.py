"""Builders for intake tests: valid ID numbers, applicants, checklists, hall times, saved cases."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from stdnum.cn import ric

from hallclient.domain.catalog import Catalog, Material, conditions_met
from hallclient.domain.identityhash import tail_mask
from hallclient.domain.masking import mask_phone
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import (
    CHINA_TZ,
    AgentDraft,
    ApplicantDraft,
    ApplicantKind,
    CaseDraft,
    CaseSummary,
)
from hallclient.store import Store, outbox


def resident_id(body17: str) -> str:
    """A valid 公民身份号码 for a 17-character body (check character from python-stdnum)."""
    return body17 + ric.calc_check_digit(body17 + "0")


PERSON_ID = resident_id("11010519491231002")
AGENT_ID = resident_id("44030419900307123")
CREDIT_CODE = "91350100M000100Y43"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


def person(
    name: str = "张小三", *, id_number: str = PERSON_ID, agent: AgentDraft | None = None
) -> ApplicantDraft:
    return ApplicantDraft(
        kind=ApplicantKind.PERSON, name=name, id_number=id_number, phone="13812345678", agent=agent
    )


def organisation(name: str = "示范县某某餐饮有限公司") -> ApplicantDraft:
    return ApplicantDraft(
        kind=ApplicantKind.ORGANISATION, name=name, credit_code=CREDIT_CODE, legal_rep="李四"
    )


def satisfied(material: Material, *, agent: bool = False) -> MaterialCheck:
    """A tick that meets the material's requirement. Conditional materials are not applicable,
    except the power of attorney and the agent's ID card when an 代办人 brings the case in."""
    if material.condition is not None and material.condition not in conditions_met(agent=agent):
        return MaterialCheck(material.key, CheckState.NOT_APPLICABLE)
    state = CheckState.ORIGINAL if material.originals else CheckState.COPY
    return MaterialCheck(material.key, state, originals=material.originals, copies=material.copies)


def _checks(
    materials: tuple[Material, ...], agent: bool, states: dict[str, CheckState]
) -> tuple[MaterialCheck, ...]:
    out = []
    for material in materials:
        if material.key in states:
            out.append(MaterialCheck(material.key, states[material.key]))
        else:
            out.append(satisfied(material, agent=agent))
    return tuple(out)


def checks(materials: tuple[Material, ...], **states: CheckState) -> tuple[MaterialCheck, ...]:
    """Every material satisfied except those named, which get the given state."""
    return _checks(materials, False, states)


def agent_checks(materials: tuple[Material, ...], **states: CheckState) -> tuple[MaterialCheck, ...]:
    """As :func:`checks`, for a draft an 代办人 brings in: with the power of attorney and the
    agent's ID card."""
    return _checks(materials, True, states)


def save_draft(
    store: Store,
    draft: CaseDraft,
    *,
    catalog: Catalog,
    calendar: WorkCalendar,
    now: dt.datetime,
    clerk: str = "zhangsan",
    window_no: str = "07",
) -> CaseSummary:
    """The draft saved as the counter saves it (with its outbox mutation), in hall DEMO."""
    with store.session() as session:
        return cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=calendar,
            now=now,
            clerk=clerk,
            window_no=window_no,
            hall_code="DEMO",
        )


def as_the_feed_shares_it(origin: Store, case_id: str, *, updated_at: dt.datetime) -> dict[str, Any]:
    """The change the server's feed gives other windows for a case ``origin`` took in: its
    applicant's ID numbers reduced to the last four, the phone masked (docs/sync.md, "Privacy of
    shared cases")."""
    with origin.session(readonly=True) as session:
        [created] = [
            m
            for m in outbox.list_mutations(session, statuses={"pending"})
            if m.name == "case.create" and m.payload["id"] == case_id
        ]
    snapshot = json.loads(created.payload_json)
    applicant = snapshot["applicant"]
    if applicant.get("id_number"):
        applicant["id_number"] = tail_mask(applicant["id_number"])
    applicant["phone"] = mask_phone(applicant["phone"])
    return {
        "id": case_id,
        "case_no": snapshot["case_no"],
        "server_case_no": None,
        "status": snapshot["status"],
        "version": 1,
        "updated_at": updated_at.isoformat(),
        "snapshot": snapshot,
    }
