"""The intake form when sync brings another catalog while a form is open: the form keeps the
item and checklist the clerk is filling in; what the new catalog no longer has is refused at
the save with the reason and nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import Catalog, parse_catalog, sample_catalog_path
from hallclient.intake.search import CatalogIndex
from hallclient.store import Store, repo
from hallclient.store.models import Case
from hallclient.ui.intake import CaseListPanel, IntakePanel
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.install import IntakeParts, SyncFollower
from tests.intake.builders import PERSON_ID
from tests.ui.intake.conftest import NOW
from tests.ui.intake.test_intake_panel import case_count, open_panel

ITEM = "SB-001"


def edited_catalog(edit: Callable[[dict[str, Any]], None]) -> Catalog:
    document: dict[str, Any] = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    edit(document)
    return parse_catalog(document)


def without_item(document: dict[str, Any]) -> None:
    document["items"] = [item for item in document["items"] if item["code"] != ITEM]


def with_one_more_core_material(document: dict[str, Any]) -> None:
    item = next(item for item in document["items"] if item["code"] == ITEM)
    item["materials"].append(
        {"key": "premises_proof", "core": True, "originals": 1, "copies": 0, "deficiency_allowed": False}
    )


def fill_form(panel: IntakePanel) -> None:
    view = panel.view
    view.search.setText(ITEM)
    view.search.returnPressed.emit()
    view.applicant.name.edit.setText("张小三")
    view.applicant.id_number.edit.setText(PERSON_ID)
    view.applicant.phone.edit.setText("13812345678")
    view.all_received.click()


def renewed(context: IntakeContext, catalog: Catalog) -> IntakeContext:
    return replace(context, catalog=catalog, index=CatalogIndex(catalog))


def test_an_open_form_for_an_item_the_new_catalog_lacks_is_refused_and_kept(
    qtbot: QtBot, context: IntakeContext, store: Store
) -> None:
    panel = open_panel(qtbot, context)
    fill_form(panel)
    controller, view = panel.controller, panel.view
    assert controller.subject is not None
    shown = controller.model.checks()

    panel.set_context(renewed(context, edited_catalog(without_item)))

    assert controller.subject.code == ITEM and controller.model.checks() == shown
    assert not controller.hits  # the search shown before is answered from the new catalog
    view.save_action.trigger()
    qtbot.waitUntil(lambda: not controller.saving and ITEM in view.outcome.result.text(), timeout=10_000)
    assert controller.saved is None and case_count(store) == 0
    assert (view.applicant.name.edit.text(), view.applicant.phone.edit.text()) == ("张小三", "13812345678")
    assert view.applicant.isEnabled() and view.outcome.save_button.isEnabled()
    assert controller.model.checks() == shown


def test_an_open_form_is_saved_with_the_checklist_the_clerk_filled_in(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    panel = open_panel(qtbot, context)
    fill_form(panel)
    controller = panel.controller
    assert "受理" in panel.view.outcome.recommendation.text()

    panel.set_context(renewed(context, edited_catalog(with_one_more_core_material)))
    panel.view.save_action.trigger()
    qtbot.waitUntil(lambda: controller.saved is not None, timeout=10_000)

    with store.session(readonly=True) as session:
        case = session.scalars(select(Case)).one()
        assert case.outcome == "accept"
        assert [m.material_key for m in case.materials] == [m.key for m in catalog.item(ITEM).materials]
    # The next form is the new catalog's.
    panel.start_new()
    fill_form(panel)
    assert controller.subject is not None
    assert "premises_proof" in [m.key for m in controller.subject.materials]


def test_references_sync_saved_before_the_panels_were_up_reach_them_once_attached(
    qtbot: QtBot, context: IntakeContext, store: Store
) -> None:
    follower = SyncFollower()
    follower.references_changed(frozenset({"reasons"}))  # nothing the panels are built on
    holiday = dt.date(2024, 10, 9)  # the day after NOW, a Wednesday
    document: dict[str, Any] = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    document["items"].append({**document["items"][0], "code": "TEST-902", "name": "新设事项", "aliases": []})
    with store.session() as session:
        repo.save_cached_document(session, kind="catalog", version="v2", body=document, fetched_at=NOW)
        repo.save_cached_document(
            session, kind="calendar", version="v2", body={"holidays": [holiday.isoformat()]}, fetched_at=NOW
        )
    follower.references_changed(frozenset({"catalog", "calendar"}))  # while the panels load
    panel = open_panel(qtbot, context)
    case_list = CaseListPanel(context)
    panel.view.search.setText("SCJG-006")  # 承诺件: its completion date counts working days
    panel.view.search.returnPressed.emit()
    due_before = panel.view.outcome.promised_due.text()

    follower.attach(IntakeParts(intake=panel, case_list=case_list))

    qtbot.waitUntil(lambda: panel.context is not context, timeout=10_000)
    assert case_list.context is panel.context
    assert not panel.context.calendar.is_workday(holiday)
    assert [hit.code for hit in panel.controller.index.search("TEST-902")][:1] == ["TEST-902"]
    # The open form's deadline is now counted as its save will count it.
    due_after = panel.view.outcome.promised_due.text()
    assert due_after != due_before
    assert panel.controller.subject is not None and panel.controller.subject.code == "SCJG-006"
