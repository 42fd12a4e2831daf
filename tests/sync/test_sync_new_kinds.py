"""A counter skips the kinds of change it does not know (a newer server's), and its cursor moves
past them. Once upgraded to a version that knows such a kind, it reads the feed again from the
first entry it skipped, so what the server published meanwhile still reaches it. Real server
process, real SQLite files; the older client is this one with a kind taken out of what it knows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from hallclient.domain.catalog import load_sample_catalog
from hallclient.store import Store, repo, syncstate
from hallclient.store.models import CaseEvent
from hallclient.sync import apply
from hallclient.sync.transport import Change
from tests.serverproc import ServerProcess
from tests.sync.conftest import cases_held, make_engine, take_in_cases


def _skipped(store: Store) -> dict[str, int]:
    with store.session(readonly=True) as session:
        stored: dict[str, int] = json.loads(repo.get_setting(session, apply.SKIPPED_KINDS_SETTING) or "{}")
        return stored


def _cursor(store: Store) -> int:
    with store.session(readonly=True) as session:
        return int(syncstate.get_sync_state(session).pull_cursor or 0)


def test_an_upgraded_counter_reads_again_what_it_skipped_as_an_unknown_kind(
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = load_sample_catalog()
    taker, older = make_store("taker"), make_store("older")
    reading = make_engine(older, server.base_url, clerk_token)
    reading.sync_once()
    ids = take_in_cases(taker, catalog, 3, window_no="61")
    make_engine(taker, server.base_url, clerk_token).sync_once()

    with monkeypatch.context() as version_without_cases:
        version_without_cases.setattr(apply, "KNOWN_KINDS", apply.KNOWN_KINDS - {apply.CASE_KIND})
        reading.sync_once()
        assert cases_held(older, ids) == 0
        assert "case" in _skipped(older)
        cursor = _cursor(older)
        reading.sync_once()  # nothing new: the kind stays noted, the cursor where it was
        assert "case" in _skipped(older)
        assert _cursor(older) == cursor

    upgraded = make_engine(older, server.base_url, clerk_token)
    upgraded.sync_once()

    assert cases_held(older, ids) == 3
    assert _skipped(older) == {}
    assert _cursor(older) >= cursor
    upgraded.sync_once()  # read again once only
    assert _cursor(older) >= cursor


def test_kinds_still_unknown_stay_noted_and_a_read_from_the_start_notes_them_afresh(
    make_store: Callable[[str], Store],
) -> None:
    store = make_store("notes")
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with store.session() as session:
        apply.apply_changes(
            session,
            [Change(7, "rectification", "r1", "d1", {}), Change(9, "rectification", "r2", "d2", {})],
            at=at,
        )
        apply.apply_changes(session, [Change(12, "notice", "n1", "d3", {})], at=at)
    assert _skipped(store) == {"rectification": 7, "notice": 12}
    with store.session() as session:
        assert apply.rewind_for_skipped(session, cursor=20) is None
        apply.apply_changes(session, [Change(3, "notice", "n1", "d3", {})], at=at, from_start=True)
    assert _skipped(store) == {"notice": 3}


def test_a_server_state_read_again_is_held_beside_local_edits_once(
    make_store: Callable[[str], Store],
) -> None:
    store = make_store("held")
    (case_id,) = take_in_cases(store, load_sample_catalog(), 1)  # not pushed: its edits are pending
    state = {"id": case_id, "case_no": "x", "status": "accepted", "version": 2, "snapshot": {}}
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for seq in (5, 5, 40):  # the feed read again gives the same entry; later the same state again
        with store.session() as session:
            apply.apply_changes(session, [Change(seq, "case", case_id, "d", state)], at=at)
    with store.session(readonly=True) as session:
        held = session.scalar(
            select(func.count()).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == apply.EVENT_SERVER_HELD
            )
        )
    assert held == 1
