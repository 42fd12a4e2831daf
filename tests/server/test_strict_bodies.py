"""Request bodies are strict: a JSON value of the wrong type is a 422, never coerced ("yes" is not
true, "5" is not 5), while times still come as ISO-8601 strings. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from tests.server.conftest import HallFixture
from tests.server.pushkit import push_raw
from tests.server.test_queue_actions import ok, refused

NOW = datetime.now().astimezone().isoformat()


def _field(error: dict) -> str:
    return str(error["params"].get("field"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"green_channel": "yes"}, "green_channel"),
        ({"green_channel": 1}, "green_channel"),
        ({"service": 1}, "service"),
        ({"request_id": 123}, "request_id"),
    ],
)
def test_ticket_bodies_of_the_wrong_json_type_are_422(hall: HallFixture, change: dict, field: str) -> None:
    kiosk = hall.kiosk()
    body = {"service": "A", "request_id": uuid.uuid4().hex, **change}
    error = refused(kiosk.post("/api/v1/tickets", body), 422, "validation")
    assert _field(error).endswith(field), error
    ticket = ok(
        kiosk.issue("A", green_channel=True, appointment_at=NOW, source="appointment", appointment_id="y")
    )
    assert (ticket["number"], ticket["green_channel"]) == ("A001", True)  # the refusals used no number


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": "5"}, "level"),
        ({"level": 4.0}, "level"),
        ({"level": True}, "level"),
        ({"ticket_id": "12"}, "ticket_id"),
        ({"reasons": "long_wait"}, "reasons"),
        ({"comment": 5}, "comment"),
    ],
)
def test_rating_bodies_of_the_wrong_json_type_are_422(hall: HallFixture, change: dict, field: str) -> None:
    body = {"request_id": uuid.uuid4().hex, "window_no": "01", "level": 5, "rated_at": NOW, **change}
    error = refused(hall.clerk("01").post("/api/v1/ratings", body), 422, "validation")
    assert _field(error).endswith(field), error


def test_window_actions_and_pushes_of_the_wrong_json_type_are_422(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    for body in ({"keep_time": "false"}, {"ticket_id": "3"}, {"ticket_id": True}, {"note": 5}):
        refused(clerk.act("01", "call_next", **body), 422, "validation")
    ok(hall.kiosk().issue("A"))
    assert ok(clerk.act("01", "call_next", keep_time=True))["ticket"]["number"] == "A001"
    mutation = {"mutation_id": 1, "name": "audit.add", "version": 1, "payload": {}}
    for change in ({"clock_skew_ms": "12"}, {"gap_acknowledged": "true"}, {"client_id": 7}):
        body = {"client_id": f"strict-{uuid.uuid4().hex[:8]}", "mutations": [mutation], **change}
        refused(push_raw(clerk, body), 422, "validation")
    for change in ({"mutation_id": "1"}, {"version": 1.0}):
        body = {"client_id": f"strict-{uuid.uuid4().hex[:8]}", "mutations": [{**mutation, **change}]}
        refused(push_raw(clerk, body), 422, "validation")
    with_time = {**mutation, "device_time": NOW}  # a time is still an ISO string
    body = {"client_id": f"strict-{uuid.uuid4().hex[:8]}", "mutations": [with_time], "clock_skew_ms": -1200}
    assert push_raw(clerk, body).status_code == 200
