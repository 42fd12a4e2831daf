"""A sync round tells what its pull changed here (``SyncReport.references``, ``cases_pulled``),
so that a running counter can follow a new catalog and cases from other windows. Real server
process on loopback, real SQLite counter stores."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

from hallclient.domain.catalog import load_sample_catalog, sample_catalog_path
from hallclient.store import Store
from hallclient.sync import SyncEngine
from tests.serverproc import ServerProcess, login
from tests.sync.conftest import make_engine, take_in_cases

NEW_ITEM_CODE = "TEST-901"
NEW_ITEM_NAME = "新设测试事项登记"


def catalog_with_new_item(version: str = "2026.12.1") -> dict[str, Any]:
    """The demo hall's sample catalog with one more item, ``NEW_ITEM_CODE``."""
    document: dict[str, Any] = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    item = copy.deepcopy(document["items"][0])
    item.update(code=NEW_ITEM_CODE, name=NEW_ITEM_NAME, aliases=[])
    document["items"].append(item)
    document["catalog_version"] = version
    return document


def replace_catalog(base_url: str, document: dict[str, Any]) -> None:
    """What an admin does with ``PUT /api/v1/catalog``."""
    admin = login(base_url, "admin")
    answer = admin.session.put(base_url + "/api/v1/catalog", json=document, timeout=30)
    assert answer.status_code == 200, answer.text


def pulled_until(
    engine: SyncEngine, done: Callable[[frozenset[str]], bool], *, timeout_s: float = 30.0
) -> tuple[frozenset[str], int]:
    """Sync rounds until the references they told of satisfy ``done``: those, and the cases."""
    references: frozenset[str] = frozenset()
    cases = 0
    deadline = time.monotonic() + timeout_s
    while not done(references):
        assert time.monotonic() < deadline, f"only {sorted(references)} came"
        report = engine.sync_once()
        references, cases = references | report.references, cases + report.cases_pulled
        if not done(references):
            time.sleep(0.25)
    return references, cases


def test_a_round_names_the_references_and_counts_the_cases_it_pulled(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    catalog = load_sample_catalog()
    counter, other_window = make_store("report-counter"), make_store("report-other")
    engine = make_engine(counter, server.base_url, clerk_token)

    first = engine.sync_once()
    assert {"catalog", "calendar"} <= first.references
    quiet = engine.sync_once()
    assert (quiet.references, quiet.cases_pulled) == (frozenset(), 0)

    replace_catalog(server.base_url, catalog_with_new_item())
    take_in_cases(other_window, catalog, 2, window_no="71")
    make_engine(other_window, server.base_url, clerk_token).sync_once()
    # The server publishes a replaced catalog at its next check (every few seconds).
    references, cases_pulled = pulled_until(engine, lambda kinds: "catalog" in kinds)
    assert references == frozenset({"catalog"})
    assert cases_pulled == 2

    # This counter's own case coming back from the feed is nothing new to it.
    take_in_cases(counter, catalog, 1, window_no="72")
    own = engine.sync_once()
    assert own.applied == 1
    assert (own.references, own.cases_pulled) == (frozenset(), 0)
    assert engine.sync_once().cases_pulled == 0


def test_what_a_pull_applied_outside_a_round_is_told_by_the_next_round(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    """As pages a failed round applied: the round that goes through next tells of them."""
    engine = make_engine(make_store("report-pull-once"), server.base_url, clerk_token)
    while engine.pull_once()[1]:
        pass

    report = engine.sync_once()

    assert report.pulled == 0
    assert {"catalog", "calendar"} <= report.references
    assert engine.sync_once().references == frozenset()
