"""A counter started on an empty store (a replaced PC) numbers its window's cases from 0001 again.
A case it takes in before it has read the window's cases of the day gets a number the window
already used; the server refuses it as ``case_no_taken``. The counter gives it the next free
number and sends it again, its later edits after it, and still copies the case that had the
number. Real server process, real SQLite files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from hallclient.domain.casenumber import parse_case_no
from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.errors import OfflineError
from hallclient.intake.cases import EVENT_RENUMBERED
from hallclient.store import Store
from hallclient.store.models import Case, CaseEvent
from hallclient.sync.transport import HttpSyncTransport, ServerHello
from tests.serverproc import ServerProcess
from tests.sync.conftest import cases_held, make_engine, server_count, supply, take_in_cases


def _case(store: Store, case_id: str) -> Case:
    with store.session(readonly=True) as session:
        case = session.get(Case, case_id)
        assert case is not None
        session.expunge(case)
        return case


def test_a_case_numbered_on_a_new_pc_like_one_its_window_synced_gets_the_next_free_number(
    server: ServerProcess,
    clerk_token: str,
    database_url: str,
    make_store: Callable[[str], Store],
) -> None:
    catalog = load_sample_catalog()
    old_pc, new_pc = make_store("old-pc"), make_store("new-pc")
    earlier = take_in_cases(old_pc, catalog, 3, window_no="62")
    make_engine(old_pc, server.base_url, clerk_token).sync_once()
    # The window's PC is replaced; the new one takes a case in (and a material for it) offline.
    (case_id,) = take_in_cases(new_pc, catalog, 1, window_no="62")
    clashing = _case(new_pc, case_id).case_no
    assert parse_case_no(clashing).sequence == 1
    supply(new_pc, catalog, case_id, "food_safety_rules")

    report = make_engine(new_pc, server.base_url, clerk_token).sync_once()

    (renumbered,) = report.renumbered
    assert (renumbered.case_id, renumbered.old_case_no) == (case_id, clashing)
    case = _case(new_pc, case_id)
    assert case.case_no == renumbered.new_case_no
    assert parse_case_no(case.case_no).sequence == 4  # after the three the window had synced
    assert case.sync_state == "synced"
    # On the server under its new number, with the material supplied after it.
    assert (
        server_count(database_url, "sync_cases", "id = :id AND case_no = :no", id=case_id, no=case.case_no)
        == 1
    )
    assert server_count(database_url, "sync_cases", "id = :id AND version = 2", id=case_id) == 1
    # The case that had the number first is copied here too.
    assert cases_held(new_pc, earlier) == 3
    status = make_engine(new_pc, server.base_url, clerk_token).status()
    assert (status.pending, status.conflicts, status.rejected) == (0, 0, 0)
    with new_pc.session(readonly=True) as session:
        events = session.scalars(
            select(CaseEvent.detail).where(CaseEvent.case_id == case_id, CaseEvent.kind == EVENT_RENUMBERED)
        ).all()
    assert len(events) == 1 and "请重新打印" in events[0]["text"]


class _DropsAfterHellos(HttpSyncTransport):
    """Loses the connection at the hello after the first ``hellos`` ones."""

    def __init__(self, *args: Any, hellos: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.left = hellos

    def hello(self, *, client_id: str) -> ServerHello:
        if self.left == 0:
            raise OfflineError("无法连接服务器，稍后自动重试")
        self.left -= 1
        return super().hello(client_id=client_id)


def test_a_renumbered_case_is_reported_even_when_the_round_that_sends_it_fails(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    catalog = load_sample_catalog()
    old_pc, new_pc = make_store("old-pc"), make_store("new-pc")
    take_in_cases(old_pc, catalog, 2, window_no="63")
    make_engine(old_pc, server.base_url, clerk_token).sync_once()
    (case_id,) = take_in_cases(new_pc, catalog, 1, window_no="63")
    clashing = _case(new_pc, case_id).case_no
    engine = make_engine(new_pc, server.base_url, clerk_token)
    # The network goes down right after the case is renumbered, before it is sent again.
    engine.transport = _DropsAfterHellos(server.base_url, token=lambda: clerk_token, hellos=1)
    with pytest.raises(OfflineError):
        engine.sync_once()
    renumbered_to = _case(new_pc, case_id).case_no
    assert renumbered_to != clashing

    engine.transport = make_engine(new_pc, server.base_url, clerk_token).transport
    report = engine.sync_once()

    # The clerk is still told to print the case's papers again.
    assert [(r.case_id, r.old_case_no, r.new_case_no) for r in report.renumbered] == [
        (case_id, clashing, renumbered_to)
    ]
    assert engine.sync_once().renumbered == ()  # told once
