"""The clerk resolves a case conflict: "use the server's version" or "keep mine". Two real
counter stores against a real server process; the dialog's buttons drive the same functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.errors import SyncError
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft
from hallclient.store import Store, outbox
from hallclient.store.models import Case, CaseEvent
from hallclient.sync import SyncEngine
from hallclient.sync.conflicts import (
    CHOICE_MINE,
    EVENT_RESOLVED,
    keep_mine,
    use_server_version,
)
from hallclient.sync.status import ADVICE_RESOLVE
from hallclient.ui.sync.driver import SyncDriver
from hallclient.ui.tasks import TaskRunner
from tests.intake.builders import at, checks, person
from tests.serverproc import ServerProcess
from tests.sync.conftest import make_engine, server_count, take_in

NOW = at(2026, 3, 4, 9, 30)
ITEM = "SCJG-006"
MISSING = ("food_safety_rules", "health_certificates")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


def _supply(store: Store, catalog: Catalog, case_id: str, key: str) -> None:
    material = catalog.item(ITEM).material(key)
    supplied = [MaterialCheck(key, CheckState.ORIGINAL, originals=material.originals, copies=material.copies)]
    with store.session() as session:
        cases.record_supplement(
            session=session, case_id=case_id, supplied=supplied, catalog=catalog, clerk="clerk01", now=NOW
        )


def _case_at_two_windows(
    server: ServerProcess, token: str, make_store: Callable[[str], Store], catalog: Catalog, window_no: str
) -> tuple[Store, Store, SyncEngine, SyncEngine, str]:
    """A takes a 容缺 case in (two materials missing, pledged); both A and B have synced it."""
    a, b = make_store(f"a-{window_no}"), make_store(f"b-{window_no}")
    engine_a, engine_b = make_engine(a, server.base_url, token), make_engine(b, server.base_url, token)
    item = catalog.item(ITEM)
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, **dict.fromkeys(MISSING, CheckState.MISSING)),
        applicant_pledges=True,
        pledge_days=3,
    )
    case_id = take_in(a, catalog, draft, window_no=window_no, now=NOW)
    engine_a.sync_once()
    engine_b.sync_once()
    return a, b, engine_a, engine_b, case_id


def _conflict(
    server: ServerProcess, token: str, make_store: Callable[[str], Store], catalog: Catalog, window_no: str
) -> tuple[Store, Store, SyncEngine, SyncEngine, str, int]:
    """A takes a 容缺 case in and later takes both supplements; B, offline, withdraws it."""
    a, b, engine_a, engine_b, case_id = _case_at_two_windows(server, token, make_store, catalog, window_no)
    for key in MISSING:
        _supply(a, catalog, case_id, key)
    with b.session() as session:
        cases.withdraw_case(
            session=session, case_id=case_id, reason="申请人要求撤回", clerk="clerk03", now=NOW
        )
    engine_a.sync_once()
    assert engine_b.sync_once().conflicts == 1
    status = engine_b.status()
    [problem] = status.problems
    assert problem.advice == ADVICE_RESOLVE and status.conflicts == 1
    return a, b, engine_a, engine_b, case_id, problem.mutation_id


def _events(store: Store, case_id: str, kind: str) -> list[dict[str, object]]:
    with store.session(readonly=True) as session:
        return list(
            session.scalars(
                select(CaseEvent.detail).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
            )
        )


def test_use_the_servers_version(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    a, b, engine_a, engine_b, case_id, conflict_id = _conflict(server, clerk_token, make_store, catalog, "41")
    with b.session() as session:
        resolution = use_server_version(session=session, mutation_id=conflict_id, clerk="clerk03", now=NOW)
    assert resolution.server_version == 3 and resolution.resolved == (conflict_id,) and not resolution.resent
    with b.session(readonly=True) as session:
        local = session.get(Case, case_id)
        assert local is not None and (local.status, local.version, local.sync_state) == (
            "accepted",
            3,
            "synced",
        )
        assert {
            m.material_key: m.state for m in local.materials if m.material_key in MISSING
        } == dict.fromkeys(MISSING, "original")
        assert local.pledge is not None and local.pledge.status == "fulfilled"
        kept = outbox.get_mutation(session, conflict_id)  # the clerk's edit is kept, marked resolved
        assert kept.status == "conflict" and kept.payload["reason"] == "申请人要求撤回"
    status = engine_b.status()
    assert status.conflicts == 0 and status.problems == ()
    [event] = _events(b, case_id, EVENT_RESOLVED)
    assert event["choice"] == "server" and "采用服务器版本" in str(event["text"])
    assert engine_b.sync_once().applied == 1  # the audit entry of the choice
    db = server.database_url
    text = "CAST(data AS TEXT)"  # a JSON column: PostgreSQL has no LIKE for json
    where = f"kind = 'audit' AND {text} LIKE '%resolve_sync_conflict%' AND {text} LIKE :case"
    assert server_count(db, "sync_records", where, case=f"%{case_id}%") == 1
    with pytest.raises(SyncError), b.session() as session:  # one choice per conflict
        keep_mine(session=session, mutation_id=conflict_id, clerk="clerk03", now=NOW)

    # B follows the server again: A's next change arrives and is applied.
    with a.session() as session:
        cases.withdraw_case(session=session, case_id=case_id, reason="不再办理", clerk="clerk01", now=NOW)
    engine_a.sync_once()
    engine_b.sync_once()
    with b.session(readonly=True) as session:
        local = session.get(Case, case_id)
        assert local is not None and (local.status, local.version) == ("withdrawn", 4)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner(net_workers=1)
    yield tasks
    tasks.shutdown()


def test_keep_mine_from_the_details_dialog(  # noqa: PLR0917 (pytest fixtures)
    qtbot: QtBot,
    runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
    catalog: Catalog,
) -> None:
    a, b, engine_a, engine_b, case_id, _ = _conflict(server, clerk_token, make_store, catalog, "42")
    driver = SyncDriver(engine=engine_b, runner=runner, clerk=lambda: "clerk03")
    dialog = driver.open_details()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert not dialog.keep_mine_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.keep_mine_button.isEnabled() and dialog.use_server_button.isEnabled()
    assert "保留我的修改" in dialog.table.item(0, 6).text()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_resolution", lambda choice: asked.append(choice) or False)
    dialog.keep_mine_button.click()  # the clerk says no: nothing happens
    assert asked == [CHOICE_MINE]
    with b.session(readonly=True) as session:
        assert outbox.count_by_status(session)["pending"] == 0
    monkeypatch.setattr(dialog, "confirm_resolution", lambda choice: True)
    with qtbot.waitSignal(driver.resolved, timeout=10_000) as resolved:
        dialog.keep_mine_button.click()
    resolution = resolved.args[0]
    assert resolution.choice == CHOICE_MINE and resolution.server_version == 3 and len(resolution.resent) == 1
    # Re-sent on top of the server's version 3, and this time applied.
    qtbot.waitUntil(
        lambda: driver.status is not None and driver.status.pending == 0 and driver.status.conflicts == 0,
        timeout=30_000,
    )
    with b.session(readonly=True) as session:
        resent = outbox.get_mutation(session, resolution.resent[0])
        assert resent.status == "applied" and resent.payload["base_version"] == 3
        local = session.get(Case, case_id)
        assert local is not None and (local.status, local.version, local.sync_state) == (
            "withdrawn",
            4,
            "synced",
        )
    assert (
        server_count(
            server.database_url, "sync_cases", "id = :i AND status = 'withdrawn' AND version = 4", i=case_id
        )
        == 1
    )
    [event] = _events(b, case_id, EVENT_RESOLVED)
    assert event["choice"] == "mine" and event["resent"] == list(resolution.resent)
    engine_a.sync_once()
    with a.session(readonly=True) as session:
        theirs = session.get(Case, case_id)
        assert theirs is not None and theirs.status == "withdrawn"
    driver.stop()


def test_a_supplement_taken_at_another_window_reaches_the_case_so_it_can_be_completed(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    """B takes the first missing material, A the second: the case is accepted, not stuck 待补正."""
    a, b, engine_a, engine_b, case_id = _case_at_two_windows(server, clerk_token, make_store, catalog, "43")
    _supply(b, catalog, case_id, MISSING[0])
    assert engine_b.sync_once().applied == 1
    engine_a.sync_once()
    with a.session(readonly=True) as session:
        local = session.get(Case, case_id)
        assert local is not None and (local.status, local.version, local.sync_state) == (
            "awaiting_supplement",
            2,
            "synced",
        )
        states = {m.material_key: m.state for m in local.materials}
        assert (states[MISSING[0]], states[MISSING[1]]) == ("original", "missing")
        assert local.pledge is not None and local.pledge.status == "open"

    _supply(a, catalog, case_id, MISSING[1])  # the last one outstanding: the pledge is fulfilled
    assert engine_a.sync_once().applied == 1
    with a.session(readonly=True) as session:
        local = session.get(Case, case_id)
        assert local is not None and (local.status, local.version) == ("accepted", 3)
        assert local.pledge is not None and local.pledge.status == "fulfilled"
    assert (
        server_count(
            server.database_url, "sync_cases", "id = :i AND status = 'accepted' AND version = 3", i=case_id
        )
        == 1
    )
    engine_b.sync_once()  # and B, which took the first supplement, follows
    with b.session(readonly=True) as session:
        theirs = session.get(Case, case_id)
        assert theirs is not None and theirs.status == "accepted"
        assert {m.state for m in theirs.materials if m.material_key in MISSING} == {"original"}
        assert theirs.pledge is not None and theirs.pledge.status == "fulfilled"
