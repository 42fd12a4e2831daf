"""A case another window took in: 补正 and 撤回 wait for the applicant's ID number to match.

The pulled copy is made as the counter receives it: the origin window's ``case.create`` payload,
shared by the server's own code (last four characters and an argon2id hash), applied with the
sync engine's ``apply_changes`` into a real SQLite store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.identity import validate_resident_id
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CHINA_TZ, AgentDraft, CaseDetail, CaseDraft, CaseStatus, PledgeStatus
from hallclient.server.sync.identity import shared_snapshot, with_identity
from hallclient.store import Store, open_store, outbox
from hallclient.store.models import AuditEntry, Case, CaseEvent
from hallclient.sync.apply import apply_changes
from hallclient.sync.identity import EVENT_IDENTITY_CHECKED
from hallclient.sync.transport import Change
from hallclient.ui.intake import CaseListPanel
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.dialogs import CaseListPrompts, IdentityCheckDialog, supplied_check
from tests.intake.builders import AGENT_ID, PERSON_ID, agent_checks, person, resident_id

TAKEN_IN = dt.datetime(2024, 10, 8, 9, 0, tzinfo=CHINA_TZ)
STRANGER_ID = resident_id("32010219800101001")
# A well-formed number whose check character is wrong.
BAD_CHECK_ID = PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")


class IdentityPrompts(CaseListPrompts):
    """Answers the case list's questions: the ID numbers to type, in turn (None: cancel)."""

    def __init__(self, *numbers: str | None) -> None:
        self.numbers = list(numbers)
        self.asked: list[str] = []
        self.errors_shown: list[str] = []

    def identity_number(
        self, detail: CaseDetail, *, today: dt.date, error: str = "", typed: str = ""
    ) -> str | None:
        self.asked.append("identity")
        if error:
            self.errors_shown.append(error)
        return self.numbers.pop(0) if self.numbers else None

    def supplement(self, detail: CaseDetail) -> tuple[list[MaterialCheck], str] | None:
        self.asked.append("supplement")
        return [supplied_check(line, CheckState.ORIGINAL) for line in detail.outstanding], ""

    def withdraw_reason(self, case_no: str) -> str | None:
        self.asked.append("withdraw")
        return "申请人改日再来"


@pytest.fixture
def origin(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "window31" / "counter.db")
    try:
        yield opened
    finally:
        opened.close()


def take_in(store: Store, catalog: Catalog, calendar: WorkCalendar, *, window_no: str) -> str:
    """A 容缺 case (one material promised) with an agent; returns its id."""
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person("王小明", agent=AgentDraft(name="赵六", id_number=AGENT_ID)),
        checks=agent_checks(item.materials, food_safety_rules=CheckState.MISSING),
        applicant_pledges=True,
        pledge_days=3,
    )
    with store.session() as session:
        return cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=calendar,
            now=TAKEN_IN,
            clerk="lisi",
            window_no=window_no,
            hall_code="DEMO",
        ).id


def pull_copy(origin: Store, counter: Store, catalog: Catalog, calendar: WorkCalendar) -> str:
    """Take a case in at window 31 and give this counter the copy the server's feed carries."""
    case_id = take_in(origin, catalog, calendar, window_no="31")
    with origin.session(readonly=True) as session:
        (created,) = [
            m for m in outbox.list_mutations(session, statuses={"pending"}) if m.name == "case.create"
        ]
    stored = with_identity(dict(created.payload), salt_hex=secrets.token_hex(16), case_id=case_id)
    body = {
        "id": case_id,
        "case_no": created.payload["case_no"],
        "server_case_no": "DEMO20240000001",
        "status": created.payload["status"],
        "version": 1,
        "updated_at": TAKEN_IN.isoformat(),
        "snapshot": shared_snapshot(stored),
    }
    with counter.session() as session:
        apply_changes(session, [Change(seq=1, kind="case", key=case_id, digest="d1", body=body)], at=TAKEN_IN)
    return case_id


def open_case(qtbot: QtBot, context: IntakeContext, prompts: IdentityPrompts, case_id: str) -> CaseListPanel:
    panel = CaseListPanel(context, prompts=prompts)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.show()
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(panel.model.row_of(case_id))
    return panel


def case_edits(store: Store) -> list[str]:
    """The case edits waiting in this counter's outbox (the pulled copy itself writes none)."""
    with store.session(readonly=True) as session:
        return [
            m.name
            for m in outbox.list_mutations(session, statuses={"pending"}, newest_first=False)
            if m.name.startswith("case.")
        ]


def identity_audits(store: Store) -> list[dict[str, object]]:
    with store.session(readonly=True) as session:
        return [
            dict(a.detail or {})
            for a in session.scalars(select(AuditEntry).where(AuditEntry.what == "verify_identity"))
        ]


def click(qtbot: QtBot, panel: CaseListPanel, button_name: str) -> None:
    button = getattr(panel.view.detail, button_name)
    # After a step the buttons come back once the case is shown as it now is.
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_pulled_copy_shows_the_note_and_a_wrong_id_blocks_the_supplement(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    prompts = IdentityPrompts(STRANGER_ID)
    panel = open_case(qtbot, context, prompts, case_id)
    detail_view = panel.view.detail
    assert panel.controller.identity_needed
    assert detail_view.identity_note.isVisibleTo(panel)
    assert "其他窗口受理，办理前需核验身份" in detail_view.identity_note.text()
    assert detail_view.reveal_button.isEnabled()  # the names (test below), not the ID numbers

    with qtbot.waitSignal(panel.controller.identity_checked, timeout=10_000) as checked:
        click(qtbot, panel, "supplement_button")
    assert checked.args is not None and not checked.args[0].matched
    qtbot.waitUntil(lambda: "身份核验未通过" in detail_view.message.text(), timeout=10_000)
    assert prompts.asked == ["identity"]  # never got as far as the materials
    assert case_edits(store) == []
    with store.session(readonly=True) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == CaseStatus.AWAITING_SUPPLEMENT.value
        assert case.pledge is not None and case.pledge.status == PledgeStatus.OPEN.value
        events = session.scalars(select(CaseEvent).where(CaseEvent.kind == EVENT_IDENTITY_CHECKED)).all()
        assert [e.detail["matched"] for e in events] == [False]
    assert [a["matched"] for a in identity_audits(store)] == [False]


def test_a_pulled_copys_reveal_shows_the_names_and_only_the_last_four(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    panel = open_case(qtbot, context, IdentityPrompts(), case_id)
    text = panel.view.detail.text.toPlainText()
    assert "王*明" in text and "赵*" in text and "王小明" not in text and "赵六" not in text
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.detail.reveal_button.click()
    text = panel.view.detail.text.toPlainText()
    assert "王小明" in text and "赵六" in text
    assert PERSON_ID not in text and AGENT_ID not in text and PERSON_ID[-4:] in text
    assert panel.view.detail.message.text().startswith("已显示完整姓名，")
    assert not panel.view.detail.reveal_button.isEnabled()
    with store.session(readonly=True) as session:
        (audit,) = session.scalars(select(AuditEntry).where(AuditEntry.what == "view_full_id"))
        assert audit.detail["fields"] == ["applicant_name", "agent_name"]


def test_the_right_id_lets_the_supplement_through(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    prompts = IdentityPrompts(PERSON_ID)
    panel = open_case(qtbot, context, prompts, case_id)
    click(qtbot, panel, "supplement_button")
    qtbot.waitUntil(lambda: case_edits(store) == ["case.supplement"], timeout=10_000)
    assert prompts.asked == ["identity", "supplement"]
    qtbot.waitUntil(lambda: "全部补齐" in panel.view.detail.message.text(), timeout=10_000)
    with store.session(readonly=True) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == CaseStatus.ACCEPTED.value
    assert [(a["matched"], a["who"]) for a in identity_audits(store)] == [(True, "applicant")]


def test_the_agents_id_lets_a_withdrawal_through(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    prompts = IdentityPrompts(AGENT_ID)
    panel = open_case(qtbot, context, prompts, case_id)
    click(qtbot, panel, "withdraw_button")
    qtbot.waitUntil(lambda: case_edits(store) == ["case.withdraw"], timeout=10_000)
    assert prompts.asked == ["identity", "withdraw"]
    assert [(a["matched"], a["who"]) for a in identity_audits(store)] == [(True, "agent")]


def test_an_invalid_number_is_shown_at_the_field_and_writes_nothing(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    prompts = IdentityPrompts(BAD_CHECK_ID, None)  # then the clerk cancels
    panel = open_case(qtbot, context, prompts, case_id)
    click(qtbot, panel, "withdraw_button")
    qtbot.waitUntil(lambda: prompts.asked == ["identity", "identity"], timeout=10_000)
    with pytest.raises(ValidationError) as expected:
        validate_resident_id(BAD_CHECK_ID, today=TAKEN_IN.date())
    assert prompts.errors_shown == [expected.value.message]
    assert case_edits(store) == []
    assert identity_audits(store) == []


def test_a_case_taken_in_here_needs_no_check(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    case_id = take_in(store, catalog, context.calendar, window_no="07")
    prompts = IdentityPrompts()
    panel = open_case(qtbot, context, prompts, case_id)
    assert not panel.controller.identity_needed
    assert not panel.view.detail.identity_note.isVisibleTo(panel)
    click(qtbot, panel, "supplement_button")
    qtbot.waitUntil(lambda: case_edits(store) == ["case.create", "case.supplement"], timeout=10_000)
    assert prompts.asked == ["supplement"]
    assert identity_audits(store) == []


def test_the_dialog_judges_the_number_as_it_is_typed(
    qtbot: QtBot, context: IntakeContext, store: Store, origin: Store, catalog: Catalog
) -> None:
    case_id = pull_copy(origin, store, catalog, context.calendar)
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=case_id, viewer="zhangsan", now=TAKEN_IN, calendar=context.calendar
        )
    dialog = IdentityCheckDialog(detail, today=TAKEN_IN.date())
    qtbot.addWidget(dialog)
    dialog.show()
    assert "31 号窗口" in dialog.intro.text()  # who took it in
    QTest.keyClicks(dialog.edit, BAD_CHECK_ID[:10])
    assert not dialog.ok_button.isEnabled()
    assert dialog.field.message.isHidden()  # half typed is not a mistake yet
    QTest.keyClicks(dialog.edit, BAD_CHECK_ID[10:])
    assert not dialog.ok_button.isEnabled()
    with pytest.raises(ValidationError) as expected:
        validate_resident_id(BAD_CHECK_ID, today=TAKEN_IN.date())
    assert not dialog.field.message.isHidden()
    assert dialog.field.message.text() == expected.value.message
    dialog.edit.clear()
    QTest.keyClicks(dialog.edit, PERSON_ID.lower())
    assert dialog.ok_button.isEnabled() and dialog.field.message.isHidden()
    assert dialog.number() == PERSON_ID.lower()


def test_a_refusal_from_the_check_is_shown_at_the_field(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    detail_case = take_in(store, catalog, context.calendar, window_no="07")
    with store.session(readonly=True) as session:
        detail = cases.get_case_detail(
            session=session, case_id=detail_case, viewer="zhangsan", now=TAKEN_IN, calendar=context.calendar
        )
    dialog = IdentityCheckDialog(detail, today=TAKEN_IN.date(), error="证件号码不符", typed=PERSON_ID)
    qtbot.addWidget(dialog)
    assert dialog.edit.text() == PERSON_ID
    assert dialog.field.message.text() == "证件号码不符" and not dialog.field.message.isHidden()


@pytest.mark.parametrize("later", [(5, 1), (31, 2)], ids=["5-min-later", "31-min-later"])
def test_a_matched_check_holds_for_the_same_case_while_the_applicant_is_there(
    qtbot: QtBot,
    context: IntakeContext,
    store: Store,
    origin: Store,
    catalog: Catalog,
    *,
    later: tuple[int, int],
) -> None:
    """补正, then 撤回 of the same pulled case: asked for the ID once while the applicant is at
    the counter; after half an hour the next person to ask about the case is checked again."""
    minutes_later, asked = later
    clock = [context.clock()]
    context = dataclasses.replace(context, clock=lambda: clock[0])
    case_id = pull_copy(origin, store, catalog, context.calendar)
    prompts = IdentityPrompts(PERSON_ID, PERSON_ID)
    panel = open_case(qtbot, context, prompts, case_id)
    click(qtbot, panel, "supplement_button")
    qtbot.waitUntil(lambda: "全部补齐" in panel.view.detail.message.text(), timeout=10_000)
    note = panel.view.detail.identity_note
    qtbot.waitUntil(lambda: "身份已于" in note.text() and note.isVisible(), timeout=10_000)

    clock[0] += dt.timedelta(minutes=minutes_later)
    click(qtbot, panel, "withdraw_button")
    qtbot.waitUntil(lambda: case_edits(store) == ["case.supplement", "case.withdraw"], timeout=10_000)
    assert prompts.asked.count("identity") == asked
    assert len(identity_audits(store)) == asked
