"""An organisation's name reads the same in the 办件 list as in the detail beside it: in full, as
public record; a person's stays masked in both."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hallclient.domain.catalog import Catalog
from hallclient.intake.models import CaseDraft
from hallclient.store import Store
from hallclient.ui.intake import CaseListPanel
from hallclient.ui.intake.case_list_model import APPLICANT
from hallclient.ui.intake.context import IntakeContext
from tests.intake.builders import checks, organisation, person, save_draft
from tests.ui.intake.conftest import NOW

ORG = "示范县某某餐饮有限公司"


def test_list_and_detail_show_the_same_applicant_name(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    item = catalog.item("SCJG-006")
    for applicant, minute in ((person("张小三"), 0), (organisation(ORG), 1)):
        draft = CaseDraft(item_code=item.code, applicant=applicant, checks=checks(item.materials))
        save_draft(store, draft, catalog=catalog, calendar=context.calendar, now=NOW.replace(minute=minute))
    panel = CaseListPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.show()

    # Newest first: the organisation, then the person.
    expected = [ORG, "张*三"]
    assert [panel.model.index(row, APPLICANT).data() for row in range(2)] == expected
    for row, name in enumerate(expected):
        with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
            panel.view.table.selectRow(row)
        assert name in panel.view.detail.text.toPlainText()
    assert "张小三" not in panel.view.detail.text.toPlainText()
