"""The case list refreshes by itself (after a save, when sync brings cases, on Ctrl+R): a clerk
scrolled down a list longer than the view keeps their place and the case they selected."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from hallclient.domain.catalog import Catalog
from hallclient.intake import cases
from hallclient.intake.models import CHINA_TZ, CaseDraft
from hallclient.store import Store
from hallclient.ui.intake import CaseListPanel
from hallclient.ui.intake.case_list_model import CASE_NO
from hallclient.ui.intake.context import IntakeContext
from tests.intake.builders import checks, person
from tests.ui.intake.test_case_list_panel import open_list

CASES = 60


def save(store: Store, catalog: Catalog, context: IntakeContext, when: dt.datetime, name: str) -> str:
    pension = catalog.item("SB-001")
    with store.session() as session:
        return cases.save_case(
            session=session,
            draft=CaseDraft(item_code=pension.code, applicant=person(name), checks=checks(pension.materials)),
            catalog=catalog,
            calendar=context.calendar,
            now=when,
            clerk="zhangsan",
            window_no="07",
            hall_code="DEMO",
        ).case_no


def seed_many(store: Store, catalog: Catalog, context: IntakeContext) -> None:
    start = dt.datetime(2024, 10, 8, 8, tzinfo=CHINA_TZ)
    for n in range(CASES):
        save(store, catalog, context, start + dt.timedelta(minutes=n), f"申请人{n:02d}")


def case_at(panel: CaseListPanel, row: int) -> str:
    return str(panel.model.index(row, CASE_NO).data())


def top_case(panel: CaseListPanel) -> str:
    return case_at(panel, panel.view.table.rowAt(0))


def selected_case(panel: CaseListPanel) -> str | None:
    rows = panel.view.table.selectionModel().selectedRows()
    return case_at(panel, rows[0].row()) if rows else None


def scrolled_down(qtbot: QtBot, panel: CaseListPanel) -> tuple[str, str]:
    """Scrolled to the middle of the list, a case there selected: (top case, selected case)."""
    table = panel.view.table
    bar = table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 20)  # laid out: the list is longer than the view
    bar.setValue(25)
    selected_row = table.rowAt(0) + 3
    with qtbot.waitSignal(panel.controller.detail_shown, timeout=10_000):
        table.selectRow(selected_row)
    assert table.rowAt(0) == 25
    return top_case(panel), case_at(panel, selected_row)


def test_a_refresh_keeps_the_scroll_position_and_the_selected_case(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    seed_many(store, catalog, context)
    panel = open_list(qtbot, context)
    top, chosen = scrolled_down(qtbot, panel)
    # A case saved meanwhile (newest first: it comes in above the clerk's place).
    save(store, catalog, context, dt.datetime(2024, 10, 8, 11, tzinfo=CHINA_TZ), "新来的")
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.controller.refresh_soon()  # as when sync has pulled cases
    assert panel.model.rowCount() == CASES + 1
    assert top_case(panel) == top
    assert selected_case(panel) == chosen
    qtbot.waitUntil(lambda: panel.controller.detail is not None and panel.controller.detail.case_no == chosen)


def test_a_case_chosen_while_a_refresh_is_out_stays_chosen(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    seed_many(store, catalog, context)
    panel = open_list(qtbot, context)
    _top, first = scrolled_down(qtbot, panel)
    table = panel.view.table
    other_row = table.rowAt(0) + 6
    other = case_at(panel, other_row)
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.controller.refresh()  # e.g. after a save
        table.selectRow(other_row)  # the clerk clicks another case before the list is read again
    assert selected_case(panel) == other != first
    qtbot.waitUntil(lambda: panel.controller.detail is not None and panel.controller.detail.case_no == other)
    assert table.rowAt(0) == 25


def test_a_refresh_does_not_jump_to_a_selected_case_scrolled_out_of_view(
    qtbot: QtBot, context: IntakeContext, store: Store, catalog: Catalog
) -> None:
    seed_many(store, catalog, context)
    panel = open_list(qtbot, context)
    first_top, chosen = scrolled_down(qtbot, panel)
    bar = panel.view.table.verticalScrollBar()
    bar.setValue(bar.maximum())  # on to the oldest: the selected case out of view
    top = top_case(panel)
    assert top != first_top
    with qtbot.waitSignal(panel.controller.refreshed, timeout=10_000):
        panel.view.refresh_button.click()
    assert top_case(panel) == top
    assert selected_case(panel) == chosen
