"""The case list: chips filter, search, masked IDs, audited reveal, 补正 that closes a pledge."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import Catalog
from hallclient.domain.masking import mask_id_number
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CHINA_TZ, CaseDetail, CaseDraft, CaseStatus, PledgeStatus
from hallclient.store import Store
from hallclient.store.models import AuditEntry, Pledge
from hallclient.ui.intake import CaseListPanel
from hallclient.ui.intake.case_list_model import APPLICANT, CASE_NO, NUMBER
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.dialogs import CaseListPrompts, supplied_check
from tests.intake.builders import checks, person, resident_id


class ScriptedPrompts(CaseListPrompts):
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.withdraw_answer: str | None = "申请人改日再来"

    def supplement(self, detail: CaseDetail) -> tuple[list[MaterialCheck], str] | None:
        self.asked.append("supplement")
        return [supplied_check(line, CheckState.ORIGINAL) for line in detail.outstanding], "当面补交"

    def withdraw_reason(self, case_no: str) -> str | None:
        self.asked.append("withdraw")
        return self.withdraw_answer


def seed(store: Store, catalog: Catalog, calendar: WorkCalendar) -> dict[str, str]:
    food, pension = catalog.item("SCJG-006"), catalog.item("SB-001")

    def save(when: dt.datetime, draft: CaseDraft) -> str:
        with store.session() as session:
            return cases.save_case(
                session=session,
                draft=draft,
                catalog=catalog,
                calendar=calendar,
                now=when,
                clerk="zhangsan",
                window_no="07",
                hall_code="DEMO",
            ).case_no

    return {
        # accepted 27 Sep, promised 5 working days → due 10 Oct: yellow on the 8th
        "yellow": save(
            dt.datetime(2024, 9, 27, 10, tzinfo=CHINA_TZ),
            CaseDraft(item_code=food.code, applicant=person("赵一"), checks=checks(food.materials)),
        ),
        # 容缺 taken in on 30 Sep with one day to supply: pledge due 8 Oct… overdue on the 9th
        "pledge": save(
            dt.datetime(2024, 9, 30, 10, tzinfo=CHINA_TZ),
            CaseDraft(
                item_code=food.code,
                applicant=person("钱二", id_number=resident_id("44030419900307123")),
                checks=checks(food.materials, food_safety_rules=CheckState.MISSING),
                applicant_pledges=True,
                pledge_days=1,
            ),
        ),
        "today": save(
            dt.datetime(2024, 10, 8, 10, tzinfo=CHINA_TZ),
            CaseDraft(item_code=pension.code, applicant=person("孙三"), checks=checks(pension.materials)),
        ),
    }


def open_list(qtbot: QtBot, context: IntakeContext, prompts: ScriptedPrompts | None = None) -> CaseListPanel:
    panel = CaseListPanel(context, prompts=prompts or ScriptedPrompts())
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.show()
    return panel


def shown(panel: CaseListPanel) -> set[str]:
    model = panel.model
    return {model.index(row, CASE_NO).data() for row in range(model.rowCount())}


def toggle(qtbot: QtBot, panel: CaseListPanel, name: str) -> None:
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.view.chips[next(c for c in panel.view.chips if c.value == name)].click()


def test_chips_filter_the_list(qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog) -> None:
    numbers = seed(store, catalog, context.calendar)
    panel = open_list(qtbot, context)
    assert shown(panel) == set(numbers.values())
    toggle(qtbot, panel, "today")
    assert shown(panel) == {numbers["today"]}
    toggle(qtbot, panel, "today")
    toggle(qtbot, panel, "awaiting_supplement")
    assert shown(panel) == {numbers["pledge"]}
    toggle(qtbot, panel, "awaiting_supplement")
    toggle(qtbot, panel, "yellow")
    # The 即办件 taken in today is due today: yellow until it is completed.
    assert shown(panel) == {numbers["yellow"], numbers["today"]}
    toggle(qtbot, panel, "yellow")
    toggle(qtbot, panel, "red")
    assert shown(panel) == set()


def test_overdue_pledge_chip_and_search(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    numbers = seed(store, catalog, context.calendar)
    later = IntakeContext(
        **{**context.__dict__, "clock": lambda: dt.datetime(2024, 10, 9, 9, tzinfo=CHINA_TZ)}
    )
    panel = open_list(qtbot, later)
    toggle(qtbot, panel, "pledge_overdue")
    assert shown(panel) == {numbers["pledge"]}
    toggle(qtbot, panel, "pledge_overdue")
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        QTest.keyClicks(panel.view.search, resident_id("44030419900307123")[-4:])
    assert shown(panel) == {numbers["pledge"]}
    model = panel.model
    full = resident_id("44030419900307123")
    assert model.index(0, NUMBER).data() == mask_id_number(full)
    assert model.index(0, APPLICANT).data() == "钱*"


def test_detail_reveal_is_audited(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    numbers = seed(store, catalog, context.calendar)
    panel = open_list(qtbot, context)
    row = next(
        r for r in range(panel.model.rowCount()) if panel.model.index(r, CASE_NO).data() == numbers["pledge"]
    )
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(row)
    full = resident_id("44030419900307123")
    assert full not in panel.view.detail.text.toPlainText()
    assert mask_id_number(full) in panel.view.detail.text.toPlainText()
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.detail.reveal_button.click()
    assert full in panel.view.detail.text.toPlainText()
    with store.session(readonly=True) as session:
        audit = session.scalar(select(AuditEntry))
        assert audit is not None and (audit.who, audit.what) == ("zhangsan", "view_full_id")


def test_supplement_closes_the_pledge(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    numbers = seed(store, catalog, context.calendar)
    prompts = ScriptedPrompts()
    panel = open_list(qtbot, context, prompts)
    toggle(qtbot, panel, "awaiting_supplement")
    assert shown(panel) == {numbers["pledge"]}
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(0)
    assert panel.view.detail.supplement_button.isEnabled()
    assert not panel.view.detail.complete_button.isEnabled()  # a 承诺件
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        QTest.mouseClick(panel.view.detail.supplement_button, Qt.MouseButton.LeftButton)
    assert prompts.asked == ["supplement"]
    assert shown(panel) == set()  # no longer awaiting a supplement
    assert "全部补齐" in panel.view.detail.message.text()
    with store.session(readonly=True) as session:
        pledge = session.scalar(select(Pledge))
        assert pledge is not None and pledge.status == PledgeStatus.FULFILLED.value
        assert pledge.case.status == CaseStatus.ACCEPTED.value


def test_withdraw_from_the_detail(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    numbers = seed(store, catalog, context.calendar)
    panel = open_list(qtbot, context)
    row = next(
        r for r in range(panel.model.rowCount()) if panel.model.index(r, CASE_NO).data() == numbers["today"]
    )
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(row)
    assert panel.view.detail.complete_button.isEnabled()  # 即办件 accepted today
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.detail.withdraw_button.click()
    assert panel.controller.detail is not None and panel.controller.detail.status is CaseStatus.WITHDRAWN
    assert "申请人改日再来" in panel.view.detail.text.toPlainText()
