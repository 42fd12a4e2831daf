"""The counter built by ``build_counter`` audits a sync-conflict choice under the signed-in clerk.

Real demo server, real SQLite stores: window 31 (an engine of its own) takes a 容缺 case in and
later takes both supplements; the counter under test, which pulled the case, withdraws it in the
meantime, gets a conflict, and the clerk chooses the server's version through the counter's
own sync driver.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft
from hallclient.store import open_store
from hallclient.store.models import AuditEntry, Case
from hallclient.sync.conflicts import CHOICE_SERVER
from hallclient.ui.sync import SyncDriver
from tests.intake.builders import at, checks, person
from tests.serverproc import ServerProcess, login
from tests.sync.conftest import make_engine
from tests.ui.counterkit import open_counter

NOW = at(2026, 3, 4, 9, 30)
MISSING = ("food_safety_rules", "health_certificates")


def synced(qtbot: QtBot, driver: SyncDriver, done: Callable[[], bool]) -> None:
    """Ask the counter's driver for rounds until ``done()`` holds (a round may be running)."""

    def check() -> bool:
        driver.sync_now()
        return done()

    qtbot.waitUntil(check, timeout=30_000)


def test_a_conflict_choice_is_audited_under_the_clerks_name(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path
) -> None:
    catalog = load_sample_catalog()
    item = catalog.item("SCJG-006")
    origin = open_store(tmp_path / "window31" / "counter.db")
    engine = make_engine(origin, server.base_url, str(login(server.base_url, "clerk01").login_body["token"]))
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    driver = counter.parts.sync
    try:
        with origin.session() as session:
            case_id = cases.save_case(
                session=session,
                draft=CaseDraft(
                    item_code=item.code,
                    applicant=person(),
                    checks=checks(item.materials, **dict.fromkeys(MISSING, CheckState.MISSING)),
                    applicant_pledges=True,
                    pledge_days=3,
                ),
                catalog=catalog,
                calendar=WorkCalendar.default(),
                now=NOW,
                clerk="clerk01",
                window_no="31",
                hall_code="DEMO",
            ).id
        engine.sync_once()

        def pulled() -> bool:
            with counter.store.session(readonly=True) as session:
                return session.get(Case, case_id) is not None

        synced(qtbot, driver, pulled)
        for key in MISSING:
            material = item.material(key)
            with origin.session() as session:
                cases.record_supplement(
                    session=session,
                    case_id=case_id,
                    supplied=[
                        MaterialCheck(
                            key, CheckState.ORIGINAL, originals=material.originals, copies=material.copies
                        )
                    ],
                    catalog=catalog,
                    clerk="clerk01",
                    now=NOW,
                )
        engine.sync_once()
        with counter.store.session() as session:
            cases.withdraw_case(
                session=session, case_id=case_id, reason="申请人要求撤回", clerk="clerk05", now=NOW
            )
        synced(qtbot, driver, lambda: driver.status is not None and driver.status.conflicts == 1)
        assert driver.status is not None
        [problem] = driver.status.problems

        with qtbot.waitSignal(driver.resolved, timeout=10_000):
            driver.resolve(problem.mutation_id, CHOICE_SERVER)
        with counter.store.session(readonly=True) as session:
            audits = session.scalars(
                select(AuditEntry).where(AuditEntry.what == "resolve_sync_conflict")
            ).all()
            assert [a.who for a in audits] == ["clerk05"]
    finally:
        counter.close()
        origin.close()
