"""Helpers for the hall's-screens tests: device registration and server-side counts over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[3]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from tests.serverproc import login  # noqa: E402


def register_device(base_url: str, kind: str, name: str = "") -> str:
    """A device token from the admin API, as an administrator would register the screen."""
    admin = login(base_url, "admin")
    response = admin.post("/api/v1/devices", {"name": name or f"test {kind}", "kind": kind})
    response.raise_for_status()
    token = str(response.json()["token"])
    admin.session.close()
    return token


def waiting(base_url: str, service: str) -> int:
    manager = login(base_url, "manager")
    snapshot = manager.get("/api/v1/hall/snapshot").json()
    manager.session.close()
    return int(next(s["waiting"] for s in snapshot["services"] if s["code"] == service))
