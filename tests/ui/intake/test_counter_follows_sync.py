"""The running counter follows what sync brings: a catalog an admin replaced is searched and
taken in without a restart, and cases other windows take in appear in a 办件 list on screen.

Real demo server (one per module: these tests replace its catalog), real SQLite stores, the
counter built by ``build_counter`` with its own sync driver.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import load_sample_catalog
from hallclient.store import open_store
from hallclient.store.models import Case
from hallclient.ui.intake.install import IntakeParts
from hallclient.ui.sync import SyncDriver
from tests.intake.builders import PERSON_ID
from tests.serverproc import ServerProcess, login
from tests.sync.conftest import make_engine, take_in_cases
from tests.sync.test_sync_pulled_report import (
    NEW_ITEM_CODE,
    NEW_ITEM_NAME,
    catalog_with_new_item,
    replace_catalog,
)
from tests.ui.counterkit import Counter, open_counter


def synced(qtbot: QtBot, driver: SyncDriver, done: Callable[[], bool]) -> None:
    """Ask the counter's driver for rounds until ``done()`` holds (a round may be running)."""

    def check() -> bool:
        driver.sync_now()
        return done()

    qtbot.waitUntil(check, timeout=30_000)


def intake_of(qtbot: QtBot, counter: Counter) -> IntakeParts:
    """The intake panels once they are up and the counter's first sync round has been taken in."""
    parts = counter.parts
    qtbot.waitUntil(lambda: parts.intake is not None, timeout=15_000)
    qtbot.waitUntil(
        lambda: (
            parts.sync.status is not None
            and parts.sync.status.last_success_at is not None
            and not parts.sync.status.syncing
            and counter.runner.pending("db") == 0
        ),
        timeout=30_000,
    )
    assert parts.intake is not None
    return parts.intake


def test_a_replaced_catalog_is_searched_and_taken_in_without_a_restart(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    try:
        panel = intake_of(qtbot, counter).intake
        view, controller = panel.view, panel.controller
        view.search.setText(NEW_ITEM_NAME)
        assert NEW_ITEM_CODE not in {hit.code for hit in controller.hits}

        replace_catalog(server.base_url, catalog_with_new_item("2026.12.5"))

        # The search the clerk typed before is answered from the new catalog.
        synced(qtbot, counter.parts.sync, lambda: NEW_ITEM_CODE in {hit.code for hit in controller.hits})
        assert NEW_ITEM_NAME in view.results.item(0).text()
        # Its documents print by the new catalog too (its department, its promised days).
        printing = counter.parts.printing
        assert printing is not None and printing.service.catalog.item(NEW_ITEM_CODE).name == NEW_ITEM_NAME
        view.search.returnPressed.emit()
        assert controller.subject is not None and controller.subject.code == NEW_ITEM_CODE
        view.applicant.name.edit.setText("张小三")
        view.applicant.id_number.edit.setText(PERSON_ID)
        view.applicant.phone.edit.setText("13812345678")
        view.all_received.click()
        view.save_action.trigger()
        qtbot.waitUntil(lambda: controller.saved is not None, timeout=10_000)
        with counter.store.session(readonly=True) as session:
            assert session.scalars(select(Case.item_code)).all() == [NEW_ITEM_CODE]
    finally:
        counter.close()


def test_cases_from_another_window_appear_in_the_case_list_on_screen(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    catalog = load_sample_catalog()
    other = open_store(tmp_path / "window61" / "counter.db")
    engine = make_engine(other, server.base_url, str(login(server.base_url, "clerk01").login_body["token"]))
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk06", window_no="06")
    try:
        case_list = intake_of(qtbot, counter).case_list
        counter.view.tabs.setCurrentWidget(case_list)
        qtbot.waitUntil(case_list.isVisible)
        model, driver = case_list.model, counter.parts.sync

        (first,) = take_in_cases(other, catalog, 1, window_no="61")
        engine.sync_once()
        synced(qtbot, driver, lambda: model.row_of(first) >= 0)
        case_list.view.table.selectRow(model.row_of(first))
        qtbot.waitUntil(lambda: case_list.controller.detail is not None, timeout=10_000)

        (second,) = take_in_cases(other, catalog, 1, window_no="61")
        engine.sync_once()
        synced(qtbot, driver, lambda: model.row_of(second) >= 0)
        # The case the clerk had open stays open.
        detail = case_list.controller.detail
        assert detail is not None and detail.id == first
        selected = case_list.view.table.selectionModel().selectedRows()
        assert [model.row_at(index.row()).id for index in selected] == [first]  # type: ignore[union-attr]
    finally:
        counter.close()
        other.close()
