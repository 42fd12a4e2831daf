"""A window in the hall snapshot (and in an action's answer) names the user id of the clerk signed in
to it, so a counter can tell itself from another clerk of the same display name; never the user
name, which displays and monitors have no need of."""

from __future__ import annotations

import requests

from tests.server.conftest import HallFixture


def ok(response: requests.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def _window(snapshot: dict, no: str) -> dict:
    return next(w for w in snapshot["windows"] if w["no"] == no)


def test_the_snapshot_names_the_clerk_user_id_of_each_window(hall: HallFixture) -> None:
    clerk = hall.clerk("08")
    user_id = clerk.login_body["user"]["id"]
    assert isinstance(user_id, int)

    for reader in (hall.display(), clerk):
        snapshot = ok(reader.get("/api/v1/hall/snapshot"))
        mine = _window(snapshot, "08")
        assert mine["clerk_user_id"] == user_id
        assert mine["clerk"] == "clerk08显示名"
        nobody = _window(snapshot, "01")
        assert nobody["state"] == "offline" and nobody["clerk_user_id"] is None
        assert hall.user("clerk08") not in reader.get("/api/v1/hall/snapshot").text

    hall.kiosk().issue("D")
    answer = ok(clerk.act("08", "call_next"))
    assert answer["window"]["clerk_user_id"] == user_id

    first = hall.clerk("06")
    other = hall.login("clerk07", "06")  # another clerk signs in to the same window
    assert other.login_body["user"]["id"] != first.login_body["user"]["id"]
    held = _window(ok(hall.display().get("/api/v1/hall/snapshot")), "06")
    assert held["clerk_user_id"] == other.login_body["user"]["id"]
