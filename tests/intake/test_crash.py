"""A case acknowledged to the clerk survives kill -9 of the counter, with its outbox rows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.store import open_store
from hallclient.store.models import Case, OutboxMutation, Pledge

_ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import datetime as dt, json, sys, time
    from pathlib import Path
    from hallclient.domain.catalog import load_sample_catalog
    from hallclient.domain.outcome import CheckState
    from hallclient.domain.workdays import WorkCalendar
    from hallclient.intake import cases
    from hallclient.intake.models import CaseDraft
    from hallclient.store import open_store
    from tests.intake.builders import at, checks, person

    store = open_store(Path(sys.argv[1]))
    catalog = load_sample_catalog()
    item = catalog.item("SCJG-006")
    saved = []
    for n in range(3):
        draft = CaseDraft(
            item_code=item.code,
            applicant=person(),
            checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
            applicant_pledges=True,
        )
        with store.session() as session:
            summary = cases.save_case(
                session=session, draft=draft, catalog=catalog, calendar=WorkCalendar.default(),
                now=at(2024, 10, 8, 9, n), clerk="zhangsan", window_no="07", hall_code="DEMO",
            )
        saved.append([summary.id, summary.case_no])
    print(json.dumps(saved), flush=True)  # the clerk has now seen three cases saved
    while True:  # and the counter hangs with its connections open until it is killed
        time.sleep(1)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_saved_cases_and_their_outbox_rows_survive_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else ""
        saved = json.loads(line)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    store = open_store(db)
    try:
        assert store.integrity_check() == []
        with store.session(readonly=True) as session:
            found = {(c.id, c.case_no) for c in session.scalars(select(Case))}
            assert found == {tuple(pair) for pair in saved}
            assert len(session.scalars(select(Pledge)).all()) == 3
            payloads = [
                json.loads(m.payload)
                for m in session.scalars(select(OutboxMutation).where(OutboxMutation.name == "case.create"))
            ]
            assert sorted(p["case_no"] for p in payloads) == sorted(no for _, no in saved)
            assert all(p["pledge"] is not None for p in payloads)
    finally:
        store.close()
