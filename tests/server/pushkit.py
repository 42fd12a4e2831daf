"""Raw sync pushes for server tests: one mutation at a time, as a counter would send it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import requests

from tests.serverproc import ApiClient

SYNC_HEADERS = {"X-Hall-Sync-Protocol": "1"}


def push_raw(client: ApiClient, body: object) -> requests.Response:
    return client.session.post(
        client.base_url + "/api/v1/sync/push", json=body, headers=SYNC_HEADERS, timeout=30
    )


def push_one(client: ApiClient, name: str, payload: dict[str, Any], *, client_id: str | None = None) -> dict:
    """Push ``name@1`` with ``payload`` under a fresh client id; the mutation's answer."""
    body = {
        "client_id": client_id or f"test-{uuid.uuid4().hex[:12]}",
        "mutations": [{"mutation_id": 1, "name": name, "version": 1, "payload": payload}],
    }
    response = push_raw(client, body)
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    return result


def rating_payload(window_no: str, clerk_username: str | None, ticket_id: int | None, **extra: Any) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "request_id": uuid.uuid4().hex,
        "ticket_id": str(ticket_id) if ticket_id is not None else None,
        "window_no": window_no,
        "clerk_username": clerk_username,
        "level": 5,
        "reasons": [],
        "comment": "",
        "channel": "counter_pad",
        "rated_at": datetime.now().astimezone().isoformat(),
        **extra,
    }
