"""Change-feed compaction (``hallclient server compact-changes``) on a real server process: only
superseded entries older than the days kept go, the newest of each thing stays, and a counter
whose cursor is behind the compaction horizon is told to read the feed again from 0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.outcome import CheckState, MaterialCheck
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft
from hallclient.store import Store, syncstate
from hallclient.store.models import Case
from tests.intake.builders import at, checks, person
from tests.serverproc import ServerProcess, hallclient_server, init_demo, login, sqlite_url, start_server
from tests.sync.conftest import make_engine, take_in

NOW = at(2026, 3, 5, 9, 30)
MISSING = ("food_safety_rules", "health_certificates")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    home = tmp_path / "server-home"
    url = sqlite_url(tmp_path / "compact-server.sqlite3")
    init_demo(url, home=home)
    process = start_server(url, home=home)
    yield process, home
    process.stop()


def _feed(url: str) -> list[tuple[int, str, str, int | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT seq, kind, key, body FROM sync_changes ORDER BY seq"))
            import json

            return [
                (seq, kind, key, (json.loads(body) if isinstance(body, str) else body).get("version"))
                for seq, kind, key, body in rows
            ]
    finally:
        engine.dispose()


def _case_with_two_supplements(store: Store, catalog: Catalog) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, **dict.fromkeys(MISSING, CheckState.MISSING)),
        applicant_pledges=True,
        pledge_days=3,
    )
    case_id = take_in(store, catalog, draft, window_no="51", now=NOW)
    for key in MISSING:
        m = item.material(key)
        with store.session() as session:
            cases.record_supplement(
                session=session,
                case_id=case_id,
                supplied=[MaterialCheck(key, CheckState.ORIGINAL, originals=m.originals, copies=m.copies)],
                catalog=catalog,
                clerk="clerk01",
                now=NOW,
            )
    return case_id


def test_compaction_keeps_the_newest_of_each_thing_and_sends_stale_cursors_back_to_zero(
    own_server: tuple[ServerProcess, Path], make_store: Callable[[str], Store]
) -> None:
    server, home = own_server
    token: str = login(server.base_url, "clerk01").login_body["token"]  # type: ignore[assignment]
    catalog = load_sample_catalog()
    a, up_to_date, behind = make_store("a"), make_store("up-to-date"), make_store("behind")
    engine_a = make_engine(a, server.base_url, token)
    engine_behind = make_engine(behind, server.base_url, token, page_size=1)
    engine_behind.pull_once()  # one page of one entry, then the counter goes offline
    case_id = _case_with_two_supplements(a, catalog)
    for _ in range(3):  # each edit its own push: three versions of the case in the feed
        engine_a.push_once()
    engine_a.sync_once()
    make_engine(up_to_date, server.base_url, token).sync_once()
    before = _feed(server.database_url)
    assert [v for _, kind, key, v in before if key == case_id] == [1, 2, 3]

    # Nothing is old enough to go when 30 days are kept.
    out = hallclient_server("compact-changes", "--keep-days", "30", "--db", server.database_url, home=home)
    assert "deleted 0" in out.stdout and _feed(server.database_url) == before

    out = hallclient_server("compact-changes", "--keep-days", "0", "--db", server.database_url, home=home)
    after = _feed(server.database_url)
    newest = {(kind, key): seq for seq, kind, key, _ in before}  # the last entry of each thing wins
    assert [seq for seq, *_ in after] == sorted(newest.values())
    assert [v for _, kind, key, v in after if key == case_id] == [3]
    horizon = max(set(s for s, *_ in before) - set(s for s, *_ in after))
    assert f"deleted {len(before) - len(after)}" in out.stdout and f"DEMO up to seq {horizon}" in out.stdout

    # A counter that had read past the horizon goes on as before.
    again = make_engine(up_to_date, server.base_url, token).sync_once()
    assert again.pulled == 0 and not again.server_restored
    # A counter behind it is told to start again from 0, and then has everything, newest state.
    with behind.session(readonly=True) as session:
        cursor = int(syncstate.get_sync_state(session).pull_cursor or 0)
    assert 0 < cursor < horizon
    raw = requests.get(
        server.base_url + "/api/v1/sync/pull",
        params={"since": cursor, "horizon": 0},
        headers={"Authorization": f"Bearer {token}", "X-Hall-Sync-Protocol": "1"},
        timeout=30,
    ).json()
    assert raw["resync"] is True and raw["next_since"] == 0 and raw["changes"] == [] and raw["has_more"]
    assert raw["compaction_horizon"] == horizon
    report = engine_behind.sync_once()
    assert report.pulled == len(after)
    with behind.session(readonly=True) as session:
        copy = session.get(Case, case_id)
        assert copy is not None and copy.version == 3 and copy.status == "accepted"
        assert int(syncstate.get_sync_state(session).pull_cursor or 0) == after[-1][0]
