"""Fixtures: a real server process per database backend, and a fresh hall per test.

``server`` runs ``hallclient server init-demo`` and ``hallclient server run`` as subprocesses on
SQLite and, when HALLCLIENT_TEST_PG is set, on a fresh PostgreSQL database. ``hall`` adds a new
hall (demo layout, its own users) to that server's database, so tests never see each other's
tickets while sharing one server process.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # "tests.serverproc" must import whatever pytest's rootdir is
    sys.path.insert(0, str(_ROOT))

from tests.serverproc import (  # noqa: E402
    DEMO_PASSWORD,
    ApiClient,
    ServerProcess,
    fresh_pg_database,
    init_demo,
    login,
    sqlite_url,
    start_server,
)

PG_URL = os.environ.get("HALLCLIENT_TEST_PG")
BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)]


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    return PG_URL


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("sqlite") / "server.sqlite3")
        return
    if not PG_URL:
        pytest.skip("HALLCLIENT_TEST_PG is not set")
    with fresh_pg_database(PG_URL) as url:
        yield url


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    home = tmp_path_factory.mktemp("server-home")
    init_demo(database_url, home=home)
    process = start_server(database_url, home=home)
    yield process
    process.stop()


@pytest.fixture(scope="session")
def password_hash() -> str:
    from hallclient.server.security import hash_password

    return hash_password(DEMO_PASSWORD)


@dataclass
class HallFixture:
    base_url: str
    database_url: str
    code: str
    kiosk_token: str
    display_token: str

    def user(self, name: str) -> str:
        return f"{self.code.lower()}_{name}"

    def login(self, name: str, window_no: str | None = None, password: str = DEMO_PASSWORD) -> ApiClient:
        return login(self.base_url, self.user(name), password, window_no)

    def clerk(self, window_no: str) -> ApiClient:
        """The clerk of ``window_no`` (clerk01 for window 01 …), signed in to it."""
        return self.login(f"clerk{window_no}", window_no)

    def kiosk(self) -> ApiClient:
        return ApiClient(self.base_url, device_token=self.kiosk_token)

    def display(self) -> ApiClient:
        return ApiClient(self.base_url, device_token=self.display_token)


def create_hall(
    database_url: str,
    base_url: str,
    password_hash: str,
    *,
    recall_limit: int = 3,
    windows: dict[str, list[str]] | None = None,
) -> HallFixture:
    """A new hall with the demo's services and windows, users <code>_clerk01.. and two devices."""
    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database
    from hallclient.server.demo import DEMO_SERVICES, DEMO_WINDOWS
    from hallclient.server.demo import create_hall as create_hall_rows
    from hallclient.server.models import CatalogDocument, Service, User, Window
    from hallclient.server.routes.auth import create_device

    code = "T" + uuid.uuid4().hex[:8].upper()
    now = datetime.now(UTC)
    db = Database(ServerConfig(database_url=database_url))
    try:
        with db.write() as session:
            hall = create_hall_rows(session, code=code, name=f"测试大厅{code}", now=now)
            hall.recall_limit = recall_limit
            for position, (service_code, name) in enumerate(DEMO_SERVICES):
                session.add(
                    Service(
                        hall_id=hall.id, code=service_code, prefix=service_code, name=name, position=position
                    )
                )
            layout = windows or DEMO_WINDOWS
            for no, services in layout.items():
                session.add(
                    Window(hall_id=hall.id, no=no, name=f"{no}号窗口", services=services, state="offline")
                )
            names = [f"clerk{no}" for no in layout] + ["manager", "admin"]
            roles = ["clerk"] * len(layout) + ["manager", "admin"]
            for name, role in zip(names, roles, strict=True):
                session.add(
                    User(
                        hall_id=hall.id,
                        username=f"{code.lower()}_{name}",
                        display_name=f"{name}显示名",
                        role=role,
                        password_hash=password_hash,
                        active=True,
                        created_at=now,
                    )
                )
            session.add(
                CatalogDocument(
                    hall_id=hall.id,
                    version=1,
                    document={"version": 1, "items": [{"code": code}]},
                    updated_at=now,
                )
            )
            session.flush()
            _, kiosk_token = create_device(
                session, hall_id=hall.id, name="取号机1", kind="kiosk", window_no=None, now=now
            )
            _, display_token = create_device(
                session, hall_id=hall.id, name="叫号大屏", kind="display", window_no=None, now=now
            )
    finally:
        db.dispose()
    return HallFixture(base_url, database_url, code, kiosk_token, display_token)


@pytest.fixture
def hall(server: ServerProcess, password_hash: str) -> HallFixture:
    return create_hall(server.database_url, server.base_url, password_hash)


def catalog_for(hall: HallFixture, version: str = "2026.12.1", *, items: int | None = 40) -> dict[str, Any]:
    """The sample catalog made out for ``hall`` (its first ``items`` items, no bundles; None: all)."""
    from hallclient.domain.catalog import sample_catalog_path

    document: dict[str, Any] = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    document["hall"] = {**document["hall"], "code": hall.code, "name": "测试县政务服务中心"}
    document["catalog_version"] = version
    document["items"] = document["items"][:items]
    document["bundles"] = []
    return document


def put_catalog(client: ApiClient, document: object) -> requests.Response:
    return client.session.put(client.base_url + "/api/v1/catalog", json=document, timeout=30)
