"""A transient database error inside a pushed mutation (a deadlock victim, a lock or serialization
timeout, a lost connection) is not the mutation's fault: the push answers 503 and stores no
answer, so the counter keeps the mutation pending and its next push applies it.

In-process (Starlette's TestClient) on SQLite, where the error is raised by a wrapped handler;
tests/sync/test_sync_push_faults.py meets a real PostgreSQL lock timeout.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from hallclient.server.app import create_app
from hallclient.server.config import ServerConfig
from hallclient.server.db import migrate
from hallclient.server.demo import init_demo
from hallclient.server.sync import handlers
from hallclient.server.sync.models import SyncClient, SyncMutation, SyncRecord
from tests.serverproc import DEMO_PASSWORD, sqlite_url

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = sqlite_url(tmp_path / "transient.sqlite3")
    migrate(url)
    app = create_app(ServerConfig(database_url=url))
    with app.state.context.db.write() as session:
        init_demo(session, now=NOW)
    with TestClient(app) as test_client:
        answer = test_client.post(
            "/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORD, "window_no": "01"}
        )
        assert answer.status_code == 200, answer.text
        test_client.headers.update(
            {"Authorization": f"Bearer {answer.json()['token']}", "X-Hall-Sync-Protocol": "1"}
        )
        yield test_client


def _audit(mutation_id: int, record_id: str) -> dict[str, Any]:
    payload = {
        "id": record_id,
        "who": "clerk01",
        "what": "view_full_id",
        "subject": "s",
        "at": NOW.isoformat(),
    }
    return {"mutation_id": mutation_id, "name": "audit.add", "version": 1, "payload": payload}


def _count(client: TestClient, model: Any, client_id: str) -> int:
    with client.app.state.context.db.read() as session:  # type: ignore[attr-defined]
        return int(
            session.scalar(select(func.count()).select_from(model).where(model.client_id == client_id))
        )


def _locked() -> Exception:
    return OperationalError("UPDATE …", {}, sqlite3.OperationalError("database is locked"))


def _connection_lost() -> Exception:
    # Not an OperationalError: what a driver raises on a connection the database closed.
    closed = sqlite3.InterfaceError("connection closed")
    return DBAPIError("UPDATE …", {}, closed, connection_invalidated=True)


@pytest.mark.parametrize("fault", [_locked, _connection_lost])
def test_a_transient_database_error_in_a_mutation_answers_503_and_stores_no_answer(
    fault: Callable[[], Exception], client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    unlucky = uuid.uuid4().hex
    original = handlers.HANDLERS[("audit.add", 1)]
    failures: list[str] = []

    def once_locked(session: Session, ctx: handlers.MutationContext, payload: Mapping[str, Any]) -> Any:
        if payload["id"] == unlucky and not failures:
            failures.append(unlucky)
            raise fault()
        return original(session, ctx, payload)

    monkeypatch.setitem(handlers.HANDLERS, ("audit.add", 1), once_locked)
    client_id = f"transient-{uuid.uuid4().hex[:12]}"
    body = {"client_id": client_id, "mutations": [_audit(1, uuid.uuid4().hex), _audit(2, unlucky)]}

    first = client.post("/api/v1/sync/push", json=body)
    assert first.status_code == 503, first.text
    assert first.json()["error"]["code"] == "unavailable"
    assert failures == [unlucky]
    # Nothing of the batch was kept, not even the client's registration: it is all sent again.
    for model in (SyncMutation, SyncRecord, SyncClient):
        assert _count(client, model, client_id) == 0

    again = client.post("/api/v1/sync/push", json=body)
    assert again.status_code == 200, again.text
    results = again.json()["results"]
    assert [(r["status"], r["duplicate"]) for r in results] == [("applied", False), ("applied", False)]
    assert _count(client, SyncRecord, client_id) == 2
