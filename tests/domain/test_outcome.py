"""The DESIGN §5 outcome rule: every path, the override, and deadlines in working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hallclient.domain.catalog import AGENT_CONDITION, Material, load_sample_catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.outcome import (
    CheckState,
    MaterialCheck,
    Outcome,
    ReasonCode,
    apply_override,
    completion_deadline,
    follow_recommendation,
    pledge_deadline,
    recommend_outcome,
)
from hallclient.domain.workdays import WorkCalendar

FORM = Material(key="form", name="申请书", core=True, originals=1)
ID_CARD = Material(
    key="id_card", name="居民身份证", core=True, originals=1, copies=1, e_license_type="居民身份证"
)
PREMISES = Material(key="premises", name="经营场所证明", core=False, copies=1, deficiency_allowed=True)
HEALTH = Material(key="health", name="健康证明", core=False, copies=2, deficiency_allowed=True)
LAYOUT = Material(key="layout", name="布局图", core=False, originals=1, deficiency_allowed=False)
PROXY = Material(key="proxy", name="授权委托书", core=True, originals=1, condition="委托代理人办理的")
MATERIALS = (FORM, ID_CARD, PREMISES, HEALTH, LAYOUT, PROXY)


def complete() -> dict[str, MaterialCheck]:
    return {
        "form": MaterialCheck("form", CheckState.ORIGINAL, originals=1),
        "id_card": MaterialCheck("id_card", CheckState.ORIGINAL, originals=1, copies=1),
        "premises": MaterialCheck("premises", CheckState.COPY, copies=1),
        "health": MaterialCheck("health", CheckState.COPY, copies=2),
        "layout": MaterialCheck("layout", CheckState.ORIGINAL, originals=1),
        "proxy": MaterialCheck("proxy", CheckState.NOT_APPLICABLE),
    }


def test_all_present_is_accept() -> None:
    result = recommend_outcome(materials=MATERIALS, checks=complete(), applicant_pledges=False)
    assert result.outcome is Outcome.ACCEPT and result.outcome.label == "受理"
    assert result.problems == () and result.to_supply == ()
    assert [r.code for r in result.reasons] == [ReasonCode.ALL_PRESENT]


def test_e_license_with_number_replaces_the_paper() -> None:
    checks = complete()
    checks["id_card"] = MaterialCheck("id_card", CheckState.E_LICENSE, e_license_no="DZZZ-4301-0001")
    assert (
        recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=False).outcome
        is Outcome.ACCEPT
    )


@pytest.mark.parametrize("number", [None, "", "   "])
def test_e_license_without_number_is_deficient(number: str | None) -> None:
    checks = complete()
    checks["id_card"] = MaterialCheck("id_card", CheckState.E_LICENSE, e_license_no=number)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert result.deficient_core == ("id_card",)
    assert ReasonCode.E_LICENSE_NO_MISSING in {r.code for r in result.reasons}


def test_e_license_on_a_paper_only_material_is_deficient() -> None:
    checks = complete()
    checks["form"] = MaterialCheck("form", CheckState.E_LICENSE, e_license_no="X1")
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert result.reasons[0].code is ReasonCode.E_LICENSE_NOT_ACCEPTED
    assert result.reasons[0].material_key == "form"


def test_secondary_missing_allowed_and_pledged_is_accept_with_deficiency() -> None:
    checks = complete()
    checks["premises"] = MaterialCheck("premises", CheckState.MISSING)
    checks["health"] = MaterialCheck("health", CheckState.DEFICIENT)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.ACCEPT_WITH_DEFICIENCY and result.outcome.label == "容缺受理"
    assert result.missing_secondary == ("premises",)
    assert result.deficient_secondary == ("health",)
    assert result.to_supply == ("premises", "health")
    assert result.outcome.is_accepted


def test_copy_shortfall_counts_as_deficient() -> None:
    checks = complete()
    checks["health"] = MaterialCheck("health", CheckState.COPY, copies=1)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.ACCEPT_WITH_DEFICIENCY
    assert result.deficient_secondary == ("health",)
    reason = next(r for r in result.reasons if r.material_key == "health")
    assert reason.code is ReasonCode.COPIES_SHORT and "需复印件2份，收到1份" in reason.message_zh


def test_copy_where_original_required_is_deficient() -> None:
    checks = complete()
    checks["form"] = MaterialCheck("form", CheckState.COPY, originals=1, copies=1)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert result.deficient_core == ("form",)
    assert result.reasons[0].code is ReasonCode.ORIGINALS_SHORT


def test_secondary_missing_without_pledge_is_notify_once() -> None:
    checks = complete()
    del checks["premises"]  # an unticked row counts as missing
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=False)
    assert result.outcome is Outcome.NOTIFY_ONCE and result.outcome.label == "一次性告知"
    assert result.missing_secondary == ("premises",)
    assert ReasonCode.NO_PLEDGE in {r.code for r in result.reasons}
    assert result.to_supply == ()


def test_secondary_missing_not_allowed_is_notify_once_listing_everything() -> None:
    checks = complete()
    checks["layout"] = MaterialCheck("layout", CheckState.MISSING)
    checks["premises"] = MaterialCheck("premises", CheckState.MISSING)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert set(result.problems) == {"layout", "premises"}
    not_allowed = [r for r in result.reasons if r.code is ReasonCode.DEFICIENCY_NOT_ALLOWED]
    assert [r.material_key for r in not_allowed] == ["layout"]


def test_core_missing_is_notify_once_listing_every_missing_item() -> None:
    checks = complete()
    checks["id_card"] = MaterialCheck("id_card", CheckState.MISSING)
    checks["premises"] = MaterialCheck("premises", CheckState.MISSING)
    checks["health"] = MaterialCheck("health", CheckState.COPY, copies=1)
    # even with a pledge, a missing core material cannot be 容缺
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert result.missing_core == ("id_card",)
    assert result.problems == ("id_card", "premises", "health")
    listed = [r.material_key for r in result.reasons if r.material_key]
    assert listed == ["id_card", "premises", "health"]
    assert result.reasons[-1].code is ReasonCode.CORE_INCOMPLETE


def test_nothing_ticked_lists_every_material() -> None:
    result = recommend_outcome(materials=MATERIALS, checks={}, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert set(result.problems) == {m.key for m in MATERIALS}
    proxy = next(r for r in result.reasons if r.material_key == "proxy")
    assert "委托代理人办理的" in proxy.message_zh


def test_not_applicable_only_on_conditional_materials() -> None:
    checks = complete()
    checks["form"] = MaterialCheck("form", CheckState.NOT_APPLICABLE)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE
    assert result.missing_core == ("form",)
    assert result.reasons[0].code is ReasonCode.NOT_APPLICABLE_REQUIRED


def test_conditional_material_when_it_applies_is_required() -> None:
    checks = complete()
    checks["proxy"] = MaterialCheck("proxy", CheckState.MISSING)
    result = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.NOTIFY_ONCE and result.missing_core == ("proxy",)


def test_a_condition_known_to_hold_makes_the_material_required() -> None:
    checks = complete()  # the proxy is ticked 不适用
    result = recommend_outcome(
        materials=MATERIALS,
        checks=checks,
        applicant_pledges=True,
        conditions_met=frozenset({AGENT_CONDITION}),
    )
    assert result.outcome is Outcome.NOTIFY_ONCE and result.missing_core == ("proxy",)
    assert result.reasons[0].code is ReasonCode.NOT_APPLICABLE_REQUIRED
    assert "委托代理人办理的" in result.reasons[0].message_zh
    other = recommend_outcome(
        materials=MATERIALS, checks=checks, applicant_pledges=True, conditions_met=frozenset({"另一情形"})
    )
    assert other.outcome is Outcome.ACCEPT


def test_out_of_scope_is_reject_whatever_the_materials() -> None:
    result = recommend_outcome(
        materials=MATERIALS,
        checks=complete(),
        applicant_pledges=True,
        in_scope=False,
        reject_reason="属市级事权，请到市政务服务中心办理",
    )
    assert result.outcome is Outcome.REJECT and result.outcome.label == "不予受理"
    assert result.reasons[0].message_zh == "属市级事权，请到市政务服务中心办理"
    assert not result.outcome.is_accepted
    default = recommend_outcome(materials=MATERIALS, checks={}, applicant_pledges=False, in_scope=False)
    assert default.outcome is Outcome.REJECT and default.reasons[0].code is ReasonCode.OUT_OF_SCOPE


def test_checks_must_belong_to_the_material_list() -> None:
    checks = complete()
    checks["ghost"] = MaterialCheck("ghost", CheckState.ORIGINAL, originals=1)
    with pytest.raises(ValidationError, match="ghost"):
        recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    checks = complete()
    checks["form"] = MaterialCheck("id_card", CheckState.ORIGINAL, originals=1)
    with pytest.raises(ValidationError):
        recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)


def test_negative_counts_are_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        MaterialCheck("form", CheckState.COPY, copies=-1)
    assert info.value.field == "copies"


def test_labels() -> None:
    assert CheckState.E_LICENSE.label == "电子证照免提交"
    assert CheckState.DEFICIENT.label == "不符合要求"
    assert Outcome.NOTIFY_ONCE.value == "notify_once"


def test_sample_bundle_recommendation() -> None:
    catalog = load_sample_catalog()
    bundle = next(b for b in catalog.bundles if b.name == "开餐馆一件事")
    materials = catalog.materials_for_bundle(bundle)
    checks = {
        m.key: MaterialCheck(m.key, CheckState.ORIGINAL, originals=m.originals, copies=m.copies)
        for m in materials
        if m.core or not m.deficiency_allowed
    }
    result = recommend_outcome(materials=materials, checks=checks, applicant_pledges=True)
    assert result.outcome is Outcome.ACCEPT_WITH_DEFICIENCY
    assert set(result.to_supply) == {m.key for m in materials if m.deficiency_allowed}


# ---- override


def test_override_needs_a_written_reason() -> None:
    recommendation = recommend_outcome(materials=MATERIALS, checks={}, applicant_pledges=False)
    for reason in ("", "   ", "理由", "  再议  "):
        with pytest.raises(ValidationError) as info:
            apply_override(recommendation, chosen=Outcome.ACCEPT, reason=reason)
        assert info.value.field == "override_reason"
    decision = apply_override(recommendation, chosen=Outcome.REJECT, reason="  申请人撤回，改到市级办理 ")
    assert decision.outcome is Outcome.REJECT
    assert decision.recommended is Outcome.NOTIFY_ONCE
    assert decision.overridden is True
    assert decision.override_reason == "申请人撤回，改到市级办理"


def test_choosing_the_recommendation_is_not_an_override() -> None:
    recommendation = recommend_outcome(materials=MATERIALS, checks=complete(), applicant_pledges=False)
    decision = apply_override(recommendation, chosen=Outcome.ACCEPT, reason="")
    assert decision.overridden is False and decision.override_reason is None
    assert follow_recommendation(recommendation) == decision


# ---- deadlines


class WeekdayCalendar:
    """Monday to Friday, no holidays: enough to see the rule, independent of the real calendar."""

    def add_workdays(self, start: date, n: int) -> date:
        day = start
        while n > 0:
            day += timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day


def test_pledge_deadline_is_capped_at_the_promised_completion() -> None:
    calendar = WeekdayCalendar()
    friday = date(2026, 11, 20)
    assert pledge_deadline(accepted_on=friday, pledge_days=3, promised_days=10, calendar=calendar) == date(
        2026, 11, 25
    )
    assert pledge_deadline(accepted_on=friday, pledge_days=10, promised_days=5, calendar=calendar) == date(
        2026, 11, 27
    )
    # a 即办件 completes on the spot: the pledge cannot outlast the day
    assert pledge_deadline(accepted_on=friday, pledge_days=5, promised_days=0, calendar=calendar) == friday


@pytest.mark.parametrize(("pledge_days", "promised_days"), [(0, 5), (-1, 5), (3, -1)])
def test_pledge_deadline_rejects_bad_numbers(pledge_days: int, promised_days: int) -> None:
    with pytest.raises(ValidationError):
        pledge_deadline(
            accepted_on=date(2026, 11, 20),
            pledge_days=pledge_days,
            promised_days=promised_days,
            calendar=WeekdayCalendar(),
        )


def test_deadlines_across_national_day_and_make_up_workday() -> None:
    """2025: 10月1日–8日 holiday, Sunday 28 Sept and Saturday 11 Oct are 调休 workdays."""
    calendar = WorkCalendar.default()
    catalog = load_sample_catalog()
    item = catalog.item("SCJG-006")  # 食品经营许可证核发, 5 working days
    accepted = date(2025, 9, 26)  # Friday
    # Sept 28 (Sun, workday), 29, 30, then Oct 9, 10 → five working days
    assert completion_deadline(accepted_on=accepted, item=item, calendar=calendar) == date(2025, 10, 10)
    assert pledge_deadline(
        accepted_on=accepted, pledge_days=3, promised_days=item.promised_days, calendar=calendar
    ) == date(2025, 9, 30)
    assert pledge_deadline(
        accepted_on=accepted, pledge_days=20, promised_days=item.promised_days, calendar=calendar
    ) == date(2025, 10, 10)


def test_completion_of_an_immediate_item_is_the_same_day() -> None:
    catalog = load_sample_catalog()
    item = catalog.item("SCJG-001")
    saturday = date(2026, 11, 21)
    assert completion_deadline(accepted_on=saturday, item=item, calendar=WeekdayCalendar()) == saturday
    bundle = catalog.bundle("YJS-001")
    assert completion_deadline(accepted_on=saturday, item=bundle, calendar=WeekdayCalendar()) == date(
        2026, 11, 23
    )


@pytest.mark.parametrize("state", [CheckState.MISSING, CheckState.DEFICIENT])
def test_no_override_gives_deficiency_acceptance_while_a_core_material_is_missing(state: CheckState) -> None:
    checks = complete()
    checks["id_card"] = MaterialCheck("id_card", state)
    checks["premises"] = MaterialCheck("premises", CheckState.MISSING)
    recommendation = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert recommendation.outcome is Outcome.NOTIFY_ONCE
    with pytest.raises(ValidationError) as info:
        apply_override(
            recommendation, chosen=Outcome.ACCEPT_WITH_DEFICIENCY, reason="申请人急需，经分管领导批准"
        )
    assert info.value.code == "deficiency_core_incomplete"
    assert info.value.field == "chosen_outcome"
    assert info.value.params["materials"] == ("id_card",)


def test_an_override_may_still_pledge_a_secondary_material_the_catalog_does_not_mark() -> None:
    checks = complete()
    checks["layout"] = MaterialCheck("layout", CheckState.MISSING)
    recommendation = recommend_outcome(materials=MATERIALS, checks=checks, applicant_pledges=True)
    assert recommendation.outcome is Outcome.NOTIFY_ONCE
    decision = apply_override(
        recommendation, chosen=Outcome.ACCEPT_WITH_DEFICIENCY, reason="布局图已在系统备案，经科长同意"
    )
    assert decision.outcome is Outcome.ACCEPT_WITH_DEFICIENCY and decision.overridden
