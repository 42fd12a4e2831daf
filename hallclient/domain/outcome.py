"""The intake outcome rule of DESIGN §5: from a material checklist to a recommended outcome.

``recommend_outcome`` looks at every material once and sorts it into satisfied, missing or
deficient:

* satisfied — ORIGINAL with at least the required originals and copies; COPY when the material
  asks for no originals and enough copies were given; E_LICENSE with a licence number on a
  material that accepts an electronic licence (免提交); NOT_APPLICABLE on a conditional material
  ("委托代理人办理的") whose condition is not known to hold;
* missing — MISSING, or no check at all (an unticked row never passes silently), or
  NOT_APPLICABLE on a material that is always required or whose condition holds (an 代办人
  brings the case in);
* deficient — DEFICIENT, too few originals or copies (a copy-count shortfall is a deficiency, and
  so is bringing only a copy where the original is required), E_LICENSE without a number or on a
  material that has no electronic licence.

Then, in this order:

1. not this hall's matter or no legal basis (``in_scope=False``) → REJECT;
2. any core material missing or deficient → NOTIFY_ONCE, listing every problem, core and secondary;
3. secondary materials missing or deficient, each 容缺-allowed, and the applicant pledges →
   ACCEPT_WITH_DEFICIENCY (those materials are to be supplied by the pledge deadline);
4. secondary materials missing or deficient but one of them is not 容缺-allowed, or the applicant
   does not pledge → NOTIFY_ONCE, listing every problem;
5. nothing missing or deficient → ACCEPT.

The clerk may choose another outcome with a written reason (``apply_override``); the decision
keeps both the recommendation and the reason so that the choice can be audited. The one outcome no
reason can buy is ACCEPT_WITH_DEFICIENCY while a core material is missing or deficient.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from hallclient.domain.catalog import Bundle, Material, ServiceItem
from hallclient.domain.errors import ValidationError

MIN_OVERRIDE_REASON_CHARS = 4


class WorkdayCalendar(Protocol):
    """What the deadline functions need of a working-day calendar."""

    def add_workdays(self, start: date, n: int) -> date: ...


class CheckState(enum.StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    E_LICENSE = "e_license"
    MISSING = "missing"
    DEFICIENT = "deficient"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return CHECK_STATE_LABELS[self]


CHECK_STATE_LABELS: dict[CheckState, str] = {
    CheckState.ORIGINAL: "原件",
    CheckState.COPY: "复印件",
    CheckState.E_LICENSE: "电子证照免提交",
    CheckState.MISSING: "缺",
    CheckState.DEFICIENT: "不符合要求",
    CheckState.NOT_APPLICABLE: "不适用",
}


class Outcome(enum.StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITH_DEFICIENCY = "accept_with_deficiency"
    NOTIFY_ONCE = "notify_once"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def is_accepted(self) -> bool:
        return self in (Outcome.ACCEPT, Outcome.ACCEPT_WITH_DEFICIENCY)


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ACCEPT: "受理",
    Outcome.ACCEPT_WITH_DEFICIENCY: "容缺受理",
    Outcome.NOTIFY_ONCE: "一次性告知",
    Outcome.REJECT: "不予受理",
}


@dataclass(frozen=True)
class MaterialCheck:
    """What the clerk ticked for one material: state and the counts actually received."""

    material_key: str
    state: CheckState
    originals: int = 0
    copies: int = 0
    e_license_no: str | None = None

    def __post_init__(self) -> None:
        if self.originals < 0 or self.copies < 0:
            raise ValidationError(
                f"材料 {self.material_key}：份数不能为负数",
                code="check_negative_count",
                field="copies" if self.copies < 0 else "originals",
                key=self.material_key,
            )


class ReasonCode(enum.StrEnum):
    ALL_PRESENT = "all_present"
    MISSING = "missing"
    DEFICIENT = "deficient"
    ORIGINALS_SHORT = "originals_short"
    COPIES_SHORT = "copies_short"
    E_LICENSE_NO_MISSING = "e_license_no_missing"
    E_LICENSE_NOT_ACCEPTED = "e_license_not_accepted"
    NOT_APPLICABLE_REQUIRED = "not_applicable_required"
    CORE_INCOMPLETE = "core_incomplete"
    DEFICIENCY_NOT_ALLOWED = "deficiency_not_allowed"
    NO_PLEDGE = "no_pledge"
    PLEDGED = "pledged"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    message_zh: str
    material_key: str | None = None


@dataclass(frozen=True)
class Recommendation:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    missing_core: tuple[str, ...] = ()
    deficient_core: tuple[str, ...] = ()
    missing_secondary: tuple[str, ...] = ()
    deficient_secondary: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        return self.missing_core + self.missing_secondary

    @property
    def deficient(self) -> tuple[str, ...]:
        return self.deficient_core + self.deficient_secondary

    @property
    def problems(self) -> tuple[str, ...]:
        """Every material key that is missing or deficient: the 一次性告知 list."""
        return self.missing_core + self.deficient_core + self.missing_secondary + self.deficient_secondary

    @property
    def to_supply(self) -> tuple[str, ...]:
        """The materials the applicant pledges to supply (容缺受理 only)."""
        if self.outcome is not Outcome.ACCEPT_WITH_DEFICIENCY:
            return ()
        return self.missing_secondary + self.deficient_secondary


@dataclass(frozen=True)
class Decision:
    """The outcome the clerk settled on; ``overridden`` when it differs from the recommendation."""

    outcome: Outcome
    recommended: Outcome
    overridden: bool
    override_reason: str | None = None


def _assess(material: Material, check: MaterialCheck | None, conditions_met: frozenset[str]) -> Reason | None:
    """None when the material is satisfied, else the one reason it is not."""
    name = material.name
    if check is None or check.state is CheckState.MISSING:
        when = f"（{material.condition}）" if material.condition else ""
        return Reason(ReasonCode.MISSING, f"缺少{name}{when}", material.key)
    state = check.state
    if state is CheckState.NOT_APPLICABLE:
        if material.condition is None:
            return Reason(
                ReasonCode.NOT_APPLICABLE_REQUIRED, f"{name}为必需材料，不能标记为不适用", material.key
            )
        if material.condition in conditions_met:
            return Reason(
                ReasonCode.NOT_APPLICABLE_REQUIRED,
                f"{name}（{material.condition}）为必需材料，不能标记为不适用",
                material.key,
            )
        return None
    if state is CheckState.DEFICIENT:
        return Reason(ReasonCode.DEFICIENT, f"{name}不符合要求", material.key)
    if state is CheckState.E_LICENSE:
        if material.e_license_type is None:
            return Reason(
                ReasonCode.E_LICENSE_NOT_ACCEPTED, f"{name}不能以电子证照代替，须提交纸质材料", material.key
            )
        if not (check.e_license_no or "").strip():
            return Reason(ReasonCode.E_LICENSE_NO_MISSING, f"{name}：未填写电子证照编号", material.key)
        return None
    originals = check.originals if state is CheckState.ORIGINAL else 0
    if originals < material.originals:
        return Reason(
            ReasonCode.ORIGINALS_SHORT,
            f"{name}：需原件{material.originals}份，收到{originals}份",
            material.key,
        )
    if check.copies < material.copies:
        return Reason(
            ReasonCode.COPIES_SHORT,
            f"{name}：需复印件{material.copies}份，收到{check.copies}份",
            material.key,
        )
    return None


def recommend_outcome(
    *,
    materials: Sequence[Material],
    checks: Mapping[str, MaterialCheck],
    applicant_pledges: bool,
    in_scope: bool = True,
    reject_reason: str | None = None,
    conditions_met: frozenset[str] = frozenset(),
) -> Recommendation:
    """The outcome DESIGN §5 recommends for this checklist (rules in the module docstring).

    ``materials`` is an item's list or a bundle's merged list; ``checks`` maps material keys to
    what the clerk ticked. ``conditions_met`` are the material conditions known to hold for this
    case (``catalog.AGENT_CONDITION`` when an 代办人 hands it in): a material with such a
    condition cannot be ticked not applicable. A check for a material that is not in the list is
    a programming error and raises ValidationError rather than being ignored.
    """
    known = {m.key for m in materials}
    for key, check in checks.items():
        if key != check.material_key:
            raise ValidationError(
                f"清单键 {key} 与材料 {check.material_key} 不一致", code="check_key_mismatch", field=key
            )
        if key not in known:
            raise ValidationError(
                f"材料 {key} 不在该事项的材料清单中", code="check_unknown_material", field=key
            )

    if not in_scope:
        message = (reject_reason or "").strip() or "不属于本大厅受理范围或无法律依据"
        return Recommendation(Outcome.REJECT, (Reason(ReasonCode.OUT_OF_SCOPE, message),))

    missing_core: list[str] = []
    deficient_core: list[str] = []
    missing_secondary: list[str] = []
    deficient_secondary: list[str] = []
    material_reasons: list[Reason] = []
    not_allowed: list[Material] = []
    for material in materials:
        reason = _assess(material, checks.get(material.key), conditions_met)
        if reason is None:
            continue
        material_reasons.append(reason)
        is_missing = reason.code in (ReasonCode.MISSING, ReasonCode.NOT_APPLICABLE_REQUIRED)
        if material.core:
            (missing_core if is_missing else deficient_core).append(material.key)
        else:
            (missing_secondary if is_missing else deficient_secondary).append(material.key)
            if not material.deficiency_allowed:
                not_allowed.append(material)

    def result(outcome: Outcome, *extra: Reason) -> Recommendation:
        return Recommendation(
            outcome=outcome,
            reasons=(*material_reasons, *extra),
            missing_core=tuple(missing_core),
            deficient_core=tuple(deficient_core),
            missing_secondary=tuple(missing_secondary),
            deficient_secondary=tuple(deficient_secondary),
        )

    if not material_reasons:
        return result(Outcome.ACCEPT, Reason(ReasonCode.ALL_PRESENT, "申请材料齐全，符合法定形式"))
    if missing_core or deficient_core:
        count = len(missing_core) + len(deficient_core)
        return result(
            Outcome.NOTIFY_ONCE,
            Reason(ReasonCode.CORE_INCOMPLETE, f"{count}项主要材料缺少或不符合要求，不能受理，须一次性告知"),
        )
    if not_allowed:
        extra = tuple(
            Reason(ReasonCode.DEFICIENCY_NOT_ALLOWED, f"{m.name}不适用容缺受理", m.key) for m in not_allowed
        )
        return result(Outcome.NOTIFY_ONCE, *extra)
    if not applicant_pledges:
        return result(
            Outcome.NOTIFY_ONCE,
            Reason(ReasonCode.NO_PLEDGE, "申请人未签署容缺受理承诺书，须一次性告知补齐材料"),
        )
    return result(
        Outcome.ACCEPT_WITH_DEFICIENCY,
        Reason(ReasonCode.PLEDGED, "主要材料齐全，次要材料容缺，申请人已承诺限期补正"),
    )


def apply_override(recommendation: Recommendation, *, chosen: Outcome, reason: str) -> Decision:
    """The clerk's final outcome. Choosing anything but the recommendation needs a written reason
    of at least ``MIN_OVERRIDE_REASON_CHARS`` characters (it is audited); 容缺受理 is refused while
    a core material is missing or deficient."""
    if chosen is recommendation.outcome:
        text = reason.strip()
        return Decision(chosen, recommendation.outcome, overridden=False, override_reason=text or None)
    text = reason.strip()
    core_problems = recommendation.missing_core + recommendation.deficient_core
    if chosen is Outcome.ACCEPT_WITH_DEFICIENCY and core_problems:
        # 容缺 is for secondary materials only (DESIGN §5, glossary); no reason makes a missing
        # core material something the applicant may bring later.
        raise ValidationError(
            f"{len(core_problems)}项主要材料缺少或不符合要求，不能容缺受理",
            code="deficiency_core_incomplete",
            field="chosen_outcome",
            materials=core_problems,
        )
    if len(text) < MIN_OVERRIDE_REASON_CHARS:
        raise ValidationError(
            f"改为“{chosen.label}”须填写理由（至少{MIN_OVERRIDE_REASON_CHARS}个字）",
            code="override_reason_required",
            field="override_reason",
            min_chars=MIN_OVERRIDE_REASON_CHARS,
        )
    return Decision(chosen, recommendation.outcome, overridden=True, override_reason=text)


def follow_recommendation(recommendation: Recommendation) -> Decision:
    return Decision(recommendation.outcome, recommendation.outcome, overridden=False)


def completion_deadline(*, accepted_on: date, item: ServiceItem | Bundle, calendar: WorkdayCalendar) -> date:
    """The promised completion date (承诺办结日期): the same day for 即办件, else promised_days
    working days after acceptance."""
    if item.promised_days == 0:
        return accepted_on
    return calendar.add_workdays(accepted_on, item.promised_days)


def pledge_deadline(
    *, accepted_on: date, pledge_days: int, promised_days: int, calendar: WorkdayCalendar
) -> date:
    """The date by which a 容缺 applicant must supply the missing materials: ``pledge_days``
    working days after acceptance, but never later than the promised completion date (for a
    即办件 that is the day of acceptance)."""
    if pledge_days < 1:
        raise ValidationError(
            "补正期限至少为1个工作日",
            code="pledge_days_invalid",
            field="pledge_days",
            pledge_days=pledge_days,
        )
    if promised_days < 0:
        raise ValidationError(
            "承诺时限不能为负数",
            code="promised_days_invalid",
            field="promised_days",
            promised_days=promised_days,
        )
    if promised_days == 0:
        return accepted_on
    return min(
        calendar.add_workdays(accepted_on, pledge_days), calendar.add_workdays(accepted_on, promised_days)
    )
