"""The detail beside the case list shows the applicant's and the agent's names masked, as the list
does, until 显示完整证件号 (audited) shows them in full with the ID numbers."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import Catalog
from hallclient.domain.masking import mask_id_number
from hallclient.intake import cases
from hallclient.intake.models import AgentDraft, CaseDraft
from hallclient.store import Store
from hallclient.store.models import AuditEntry
from hallclient.ui.intake import CaseListPanel
from hallclient.ui.intake.case_list_model import APPLICANT
from hallclient.ui.intake.context import IntakeContext
from tests.intake.builders import AGENT_ID, PERSON_ID, agent_checks, person
from tests.ui.intake.conftest import NOW


def test_names_in_the_detail_are_masked_until_the_audited_reveal(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person("张小三", agent=AgentDraft(name="欧阳娜娜", id_number=AGENT_ID)),
        checks=agent_checks(item.materials),
    )
    with store.session() as session:
        cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=context.calendar,
            now=NOW,
            clerk="zhangsan",
            window_no="07",
            hall_code="DEMO",
        )
    panel = CaseListPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.show()
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        panel.view.table.selectRow(0)

    assert panel.model.index(0, APPLICANT).data() == "张*三"
    text = panel.view.detail.text.toPlainText()
    assert "张*三" in text and "欧**娜" in text
    assert "张小三" not in text and "欧阳娜娜" not in text
    assert mask_id_number(PERSON_ID) in text and mask_id_number(AGENT_ID) in text

    reveal = panel.view.detail.reveal_button
    assert reveal.isEnabled()
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        reveal.click()
    text = panel.view.detail.text.toPlainText()
    assert "张小三" in text and "欧阳娜娜" in text
    assert PERSON_ID in text and AGENT_ID in text
    assert "已显示完整姓名和证件号码" in panel.view.detail.message.text()
    assert not reveal.isEnabled()
    with store.session(readonly=True) as session:
        audit = session.scalar(select(AuditEntry))
        assert audit is not None and (audit.who, audit.what) == ("zhangsan", "view_full_id")
        assert audit.detail["fields"] == [
            "applicant_name",
            "applicant_id_number",
            "agent_name",
            "agent_id_number",
        ]
