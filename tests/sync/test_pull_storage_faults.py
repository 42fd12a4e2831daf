"""Saving pulled case copies when something goes wrong. A store that cannot write (disk full):
the page and its cursor are not saved, the error says so, and the next pull with space again
copies what was missed. A snapshot the store refuses (another program version's values): that
case is skipped, the rest of the page is saved. Real server process, real SQLite files (capped
with ``max_page_count``, as in tests/store/test_faults.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.errors import StorageError
from hallclient.store import Store, outbox, syncstate
from hallclient.store.models import Case
from hallclient.sync.apply import apply_changes
from hallclient.sync.transport import Change
from tests.intake.builders import at
from tests.serverproc import ServerProcess
from tests.sync.conftest import cases_held, make_engine, take_in_cases

NOW = at(2026, 3, 5, 9, 30)
# Enough copies that saving them needs new pages of the store file, not only free room in the
# pages it has.
CASES = 12


def _cursor(store: Store) -> str | None:
    with store.session(readonly=True) as session:
        return syncstate.get_sync_state(session).pull_cursor


def test_a_full_disk_while_copying_pulled_cases_stops_the_pull_and_the_next_one_catches_up(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    catalog = load_sample_catalog()
    a, b = make_store("taker"), make_store("puller")
    engine_a, engine_b = (
        make_engine(a, server.base_url, clerk_token),
        make_engine(b, server.base_url, clerk_token),
    )
    engine_b.sync_once()  # the reference documents are in; what comes next is only the cases
    ids = take_in_cases(a, catalog, CASES)
    assert engine_a.sync_once().applied == CASES
    cursor = _cursor(b)
    assert cursor is not None

    # Cap the file at its current size on every new connection: SQLite then answers SQLITE_FULL.
    page_count = b.pragma("page_count")

    def cap(connection: object, _record: object) -> None:
        connection.execute(f"PRAGMA max_page_count = {page_count}")  # type: ignore[attr-defined]

    b.engine.dispose()
    event.listen(b.engine, "connect", cap)
    with pytest.raises(StorageError) as caught:
        engine_b.sync_once()
    assert caught.value.code == "disk_full" and "磁盘空间已满" in caught.value.message
    # The clerk sees why, although the full store cannot record it.
    shown = engine_b.status()
    assert shown.last_error == caught.value.message and shown.last_error_at is not None
    # Nothing of the page is kept, and the cursor still points before it.
    assert cases_held(b, ids) == 0
    assert _cursor(b) == cursor
    assert b.integrity_check() == []

    # With space again, the next pull copies every case.
    event.remove(b.engine, "connect", cap)
    b.engine.dispose()
    assert engine_b.sync_once().pulled >= CASES
    assert engine_b.status().last_error is None
    assert cases_held(b, ids) == CASES
    assert int(_cursor(b) or 0) > int(cursor)


def _feed_body(store: Store, case_id: str, *, version: int, **changes: Any) -> dict[str, Any]:
    """The feed's state of a case this store took in (its ``case.create`` payload as snapshot)."""
    with store.session(readonly=True) as session:
        [created] = [
            m
            for m in outbox.list_mutations(session, statuses={"pending"})
            if m.name == "case.create" and m.payload["id"] == case_id
        ]
    snapshot = json.loads(json.dumps(created.payload))
    snapshot.update(changes)
    return {
        "id": case_id,
        "case_no": snapshot["case_no"],
        "server_case_no": f"DEMO2026{version:07d}",
        "status": snapshot["status"],
        "version": version,
        "updated_at": NOW.isoformat(),
        "snapshot": snapshot,
    }


def test_a_snapshot_the_store_refuses_is_skipped_and_the_page_is_saved(
    make_store: Callable[[str], Store],
) -> None:
    catalog = load_sample_catalog()
    origin, counter = make_store("origin"), make_store("counter")
    odd_id, good_id = sorted(take_in_cases(origin, catalog, 2))
    odd = _feed_body(origin, odd_id, version=1)
    odd["snapshot"]["materials"][0]["state"] = "scanned"  # a state this program does not know
    good = _feed_body(origin, good_id, version=1)
    page = [
        Change(seq=1, kind="case", key=odd_id, digest="d1", body=odd),
        Change(seq=2, kind="case", key=good_id, digest="d2", body=good),
    ]
    with counter.session() as session:
        apply_changes(session, page, at=NOW)
        syncstate.set_pull_cursor(session, cursor="2", at=NOW)
    assert cases_held(counter, {odd_id}) == 0 and cases_held(counter, {good_id}) == 1
    assert _cursor(counter) == "2"

    # A newer state of the copy with odd values among good ones: the good ones are taken.
    newer = _feed_body(origin, good_id, version=2, status="accepted")
    materials = newer["snapshot"]["materials"]
    missing = next(m for m in materials if m["state"] == "missing")
    assert missing is not materials[0]
    missing.update(state="original", originals=1)
    materials[0].update(state="scanned", originals=-1)
    newer["snapshot"]["pledge"] = {**newer["snapshot"]["pledge"], "status": "kept"}
    with counter.session() as session:
        apply_changes(session, [Change(seq=3, kind="case", key=good_id, digest="d3", body=newer)], at=NOW)
        syncstate.set_pull_cursor(session, cursor="3", at=NOW)
    with counter.session(readonly=True) as session:
        copy = session.get(Case, good_id)
        assert copy is not None and (copy.status, copy.version) == ("accepted", 2)
        rows = {m.material_key: m for m in copy.materials}
        assert (rows[missing["key"]].state, rows[missing["key"]].originals) == ("original", 1)
        first = rows[materials[0]["key"]]
        assert first.state != "scanned" and first.originals >= 0
        assert copy.pledge is not None and copy.pledge.status == "open"
    assert _cursor(counter) == "3"
