"""Fixtures for sync tests: a real server process on loopback, real SQLite counter stores.

``server`` is one demo server per test module on SQLite and, when HALLCLIENT_TEST_PG is set,
on a fresh PostgreSQL database. Every store has its own client id, so tests sharing a server
never see each other's mutations.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from hallclient.domain.catalog import Catalog  # noqa: E402
from hallclient.domain.outcome import CheckState, MaterialCheck  # noqa: E402
from hallclient.domain.workdays import WorkCalendar  # noqa: E402
from hallclient.intake import cases  # noqa: E402
from hallclient.intake.models import CaseDraft  # noqa: E402
from hallclient.store import Store, open_store  # noqa: E402
from hallclient.store.models import Case  # noqa: E402
from hallclient.store.repo import add_audit, record_rating  # noqa: E402
from hallclient.sync import HttpSyncTransport, SyncEngine  # noqa: E402
from tests.intake.builders import at, checks, person  # noqa: E402
from tests.serverproc import (  # noqa: E402
    ServerProcess,
    fresh_pg_database,
    init_demo,
    login,
    sqlite_url,
    start_server,
)

PG_URL = os.environ.get("HALLCLIENT_TEST_PG")
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)]
CST = dt.timezone(dt.timedelta(hours=8))
NOW = at(2026, 3, 2, 9, 30)


@pytest.fixture(scope="module", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("sqlite") / "server.sqlite3")
        return
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    with fresh_pg_database(PG_URL) as url:
        yield url


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    home = tmp_path_factory.mktemp("server-home")
    init_demo(database_url, home=home)
    process = start_server(database_url, home=home)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of this test's own (it will be killed or restored)."""
    home = tmp_path / "server-home"
    url = sqlite_url(tmp_path / "own-server.sqlite3")
    init_demo(url, home=home)
    process = start_server(url, home=home)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def clerk_token(server: ServerProcess) -> str:
    token: str = login(server.base_url, "clerk01", window_no="01").login_body["token"]  # type: ignore[assignment]
    return token


def token_for(server: ServerProcess) -> str:
    # The ratings write_work makes are window 01's: only its clerk may push them.
    token: str = login(server.base_url, "clerk01", window_no="01").login_body["token"]  # type: ignore[assignment]
    return token


def copy_db(source: Path, target: Path) -> None:
    """Copy a SQLite database with its WAL files, or restore one (a backup taken, put back)."""
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copy2(str(source) + suffix, str(target) + suffix)
        elif Path(str(target) + suffix).exists():
            Path(str(target) + suffix).unlink()


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    opened: list[Store] = []

    def make(name: str = "counter") -> Store:
        store = open_store(tmp_path / name / "counter.db")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def make_engine(
    store: Store, base_url: str, token: str, *, clock: Callable[[], dt.datetime] | None = None, **kwargs: Any
) -> SyncEngine:
    transport = HttpSyncTransport(base_url, token=lambda: token, protocol=kwargs.pop("protocol", 1))
    if clock is not None:
        kwargs["clock"] = clock
    return SyncEngine(store, transport, client_id=store.client_id(), **kwargs)


def write_work(store: Store, *, ratings: int = 0, audits: int = 0, prefix: str = "w") -> None:
    """Domain rows with their outbox mutations, as the counter writes them."""
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)
    with store.session() as session:
        for i in range(ratings):
            record_rating(
                session,
                request_id=f"{prefix}-{store.client_id()[:8]}-r{i}",
                window_no="01",
                clerk_username="clerk01",
                channel="counter_pad",
                level=1 + i % 5,
                rated_at=at,
            )
        for i in range(audits):
            add_audit(session, who="clerk01", what="view_full_id", subject=f"{prefix}-case-{i}", at=at)


def take_in(store: Store, catalog: Catalog, draft: CaseDraft, *, window_no: str, now: dt.datetime) -> str:
    """A case clerk01 takes in at ``window_no``, saved as the counter saves it (with its outbox
    mutation); its id."""
    with store.session() as session:
        return cases.save_case(
            session=session,
            draft=draft,
            catalog=catalog,
            calendar=WorkCalendar.default(),
            now=now,
            clerk="clerk01",
            window_no=window_no,
            hall_code="DEMO",
        ).id


def take_in_cases(
    store: Store, catalog: Catalog, count: int, *, window_no: str = "51", now: dt.datetime = NOW
) -> set[str]:
    """``count`` cases of one item, each with a material missing and a pledge; their ids."""
    item = catalog.item("SCJG-006")
    draft_checks = checks(item.materials, food_safety_rules=CheckState.MISSING)
    # A draft per case: a draft keeps its case id, and saving it again updates the same case.
    drafts = (
        CaseDraft(item_code=item.code, applicant=person(), checks=draft_checks, applicant_pledges=True)
        for _ in range(count)
    )
    return {take_in(store, catalog, draft, window_no=window_no, now=now) for draft in drafts}


def cases_held(store: Store, ids: set[str]) -> int:
    """How many of these cases the store holds."""
    with store.session(readonly=True) as session:
        return int(session.scalar(select(func.count()).select_from(Case).where(Case.id.in_(ids))) or 0)


def deficiency_case(store: Store, catalog: Catalog) -> str:
    """A case clerk01 takes in at window 01 with two materials missing, pledged in 3 days."""
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(
            item.materials, food_safety_rules=CheckState.MISSING, health_certificates=CheckState.MISSING
        ),
        applicant_pledges=True,
        pledge_days=3,
    )
    return take_in(store, catalog, draft, window_no="01", now=NOW)


def supply(store: Store, catalog: Catalog, case_id: str, key: str) -> None:
    """clerk01 takes in the original of material ``key`` of a ``deficiency_case``."""
    material = catalog.item("SCJG-006").material(key)
    supplied = [MaterialCheck(key, CheckState.ORIGINAL, originals=material.originals, copies=material.copies)]
    with store.session() as session:
        cases.record_supplement(
            session=session, case_id=case_id, supplied=supplied, catalog=catalog, clerk="clerk01", now=NOW
        )


def server_count(database_url: str, table: str, where: str = "", **params: Any) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
            return int(connection.execute(text(sql), params).scalar_one())
    finally:
        engine.dispose()


def outbox_counts(store: Store) -> dict[str, int]:
    from hallclient.store import outbox

    with store.session(readonly=True) as session:
        return outbox.count_by_status(session)


def enqueue_audits(store: Store, count: int, *, prefix: str) -> None:
    """Many ``audit.add@1`` mutations at once (a long outage), written with one executemany."""
    from sqlalchemy import insert

    from hallclient.store.models import OutboxMutation
    from hallclient.store.types import stable_json

    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)
    rows = [
        {
            "name": "audit.add",
            "version": 1,
            "payload": stable_json(
                {
                    "id": f"{prefix}-{store.client_id()[:8]}-{i}",
                    "who": "clerk01",
                    "what": "view_full_id",
                    "subject": f"case-{i}",
                    "at": at,
                    "detail": {},
                }
            ),
            "created_at": at,
            "status": "pending",
            "attempts": 0,
        }
        for i in range(count)
    ]
    with store.session() as session:
        session.execute(insert(OutboxMutation), rows)
