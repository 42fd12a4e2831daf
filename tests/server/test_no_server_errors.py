"""Bad input is a 4xx or a per-mutation refusal, never a 500: times without an offset, far-off
years, numbers that overflow a database integer, and a mutation that trips over something no
check foresaw. Real server, SQLite and PostgreSQL; ends with a hypothesis fuzz of the main
request bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.conftest import HallFixture
from tests.server.pushkit import push_raw, rating_payload
from tests.server.test_queue_actions import ok, refused
from tests.sync.conftest import server_count

NOW = datetime.now().astimezone().isoformat()


def _field(error: dict) -> str:
    return str(error["params"].get("field"))


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/tickets",
            {"source": "appointment", "appointment_id": "y1", "appointment_at": "2026-03-02T10:00:00"},
            "appointment_at",
        ),
        (
            "/api/v1/tickets",
            {"source": "appointment", "appointment_id": "y1", "appointment_at": "0001-01-01T00:00:00+08:00"},
            "appointment_at",
        ),
    ],
)
def test_ticket_bodies_with_naive_or_far_times_are_422(
    hall: HallFixture, path: str, body: dict, field: str
) -> None:
    kiosk = hall.kiosk()
    error = refused(
        kiosk.post(path, {"service": "A", "request_id": uuid.uuid4().hex, **body}), 422, "validation"
    )
    assert _field(error).endswith(field), error
    assert ok(kiosk.issue("A"))["number"] == "A001"  # the refusals used no number


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rated_at": "2026-03-02T10:00:00"}, "rated_at"),
        ({"rated_at": "9999-12-31T23:59:59-12:00"}, "rated_at"),
        ({"ticket_id": 10**30}, "ticket_id"),
    ],
)
def test_rating_bodies_with_naive_far_times_or_huge_ids_are_422(
    hall: HallFixture, change: dict, field: str
) -> None:
    body = {"request_id": uuid.uuid4().hex, "window_no": "01", "level": 5, "rated_at": NOW, **change}
    error = refused(hall.clerk("01").post("/api/v1/ratings", body), 422, "validation")
    assert _field(error).endswith(field), error


def _push_body(client_id: str, *mutations: dict, **extra: Any) -> dict:
    return {"client_id": client_id, "mutations": list(mutations), **extra}


def _mutation(mutation_id: int, name: str, payload: dict, **extra: Any) -> dict:
    return {"mutation_id": mutation_id, "name": name, "version": 1, "payload": payload, **extra}


def _audit(i: int) -> dict:
    return {"id": uuid.uuid4().hex, "who": "clerk01", "what": "view_full_id", "subject": f"s{i}", "at": NOW}


@pytest.mark.parametrize(
    "extra",
    [
        {"clock_skew_ms": 10**30},
        {"mutations_device_time": "2026-03-02T10:00:00"},
        {"mutations_device_time": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_push_envelopes_with_bad_times_or_numbers_are_422_and_register_nothing(
    hall: HallFixture, extra: dict
) -> None:
    client_id = f"bad-{uuid.uuid4().hex[:12]}"
    extra = dict(extra)  # the parameter is shared by both backends' runs
    device_time = extra.pop("mutations_device_time", None)
    mutation = _mutation(1, "audit.add", _audit(0))
    if device_time is not None:
        mutation["device_time"] = device_time
    refused(push_raw(hall.clerk("01"), _push_body(client_id, mutation, **extra)), 422, "validation")
    assert server_count(hall.database_url, "sync_clients", "client_id = :c", c=client_id) == 0


def test_a_mutation_that_fails_unexpectedly_is_refused_alone_and_writes_nothing(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    client_id = f"odd-{uuid.uuid4().hex[:12]}"
    case_id = str(uuid.uuid4())
    case = {"id": case_id, "case_no": f"X{uuid.uuid4().hex[:10]}", "status": "accepted", "materials": []}
    # A material whose key is a list: no check foresaw it, the snapshot merge trips over it.
    odd = {"case_id": case_id, "base_version": 1, "materials": [{"key": ["x"], "status": "supplied"}]}
    body = _push_body(
        client_id,
        _mutation(1, "case.create", case),
        _mutation(2, "rating.record", rating_payload("01", hall.user("clerk01"), 10**30)),
        _mutation(3, "case.supplement", odd),
        _mutation(
            4,
            "rating.record",
            rating_payload("01", hall.user("clerk01"), None, rated_at="0001-01-01T00:00:00+14:00"),
        ),
        _mutation(5, "audit.add", _audit(5)),
    )
    answer = push_raw(clerk, body)
    assert answer.status_code == 200, answer.text
    results = {r["mutation_id"]: r for r in answer.json()["results"]}
    assert [results[i]["status"] for i in range(1, 6)] == [
        "applied",
        "rejected",
        "rejected",
        "rejected",
        "applied",
    ]
    assert results[2]["data"]["field"] == "ticket_id"
    assert results[3]["code"] == "server_error" and results[3]["reason"]
    assert results[4]["data"]["field"] == "rated_at"
    db = hall.database_url
    assert server_count(db, "sync_cases", "id = :c AND version = 1", c=case_id) == 1  # not half-supplemented
    assert server_count(db, "sync_mutations", "client_id = :c", c=client_id) == 5
    assert server_count(db, "sync_clients", "client_id = :c AND last_mutation_id = 5", c=client_id) == 1


# ----------------------------------------------------------------------------------------- fuzz

_ANY_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-03-02T10:00:00",
            "2026-03-02T10:00:00+08:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "A012",
            "ａ１２",
            "01",
            "",
            "\x00",
        ]
    ),
)
_ANY = st.recursive(
    _ANY_SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _mostly(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Plausible three times in four, anything at all otherwise."""
    return st.one_of(plausible, plausible, plausible, _ANY)


def _maybe(
    fields: dict[str, st.SearchStrategy[Any]], *, required: tuple[str, ...] = ("request_id",)
) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies with the ``required`` fields and any subset of the others."""
    return st.fixed_dictionaries(
        {k: _mostly(v) for k, v in fields.items() if k in required},
        optional={k: _mostly(v) for k, v in fields.items() if k not in required},
    )


# Naive and aware, from the year 1 to 9999.
_TIMES = st.one_of(st.datetimes(), st.datetimes(timezones=st.timezones())).map(datetime.isoformat)


_TICKET = _maybe(
    {
        "service": st.sampled_from(["A", "B", "Z"]),
        "source": st.sampled_from(["kiosk", "appointment", "walk_in", "manual"]),
        "green_channel": st.booleans(),
        "appointment_id": st.text(max_size=5),
        "appointment_at": _TIMES,
        "request_id": st.uuids().map(str),
    },
    required=("service", "request_id"),
)
_ACTION = _maybe(
    {
        "request_id": st.uuids().map(str),
        "ticket_id": st.integers(min_value=-5, max_value=2**64),
        "number": st.sampled_from(["A001", "a1", "B9"]),
        "to_service": st.sampled_from(["A", "B"]),
        "to_window": st.sampled_from(["01", "02"]),
        "keep_time": st.booleans(),
        "reason": st.sampled_from(["meal", "nope"]),
    }
)
_RATING = _maybe(
    {
        "request_id": st.uuids().map(str),
        "ticket_id": st.integers(min_value=-5, max_value=2**64),
        "window_no": st.sampled_from(["01", "02", "99"]),
        "level": st.integers(min_value=-1, max_value=7),
        "reasons": st.lists(st.sampled_from(["long_wait", "x"]), max_size=2),
        "rated_at": _TIMES,
    },
    required=("request_id", "window_no", "level", "rated_at"),
)
_PAYLOAD_KEYS = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "request_id",
            "ticket_id",
            "window_no",
            "clerk_username",
            "number",
            "at",
            "rated_at",
            "level",
            "case_id",
            "base_version",
            "case_no",
            "status",
            "materials",
            "changes",
            "who",
            "what",
            "subject",
        ]
    ),
    st.one_of(_ANY, _TIMES, st.integers(min_value=2**53, max_value=2**70)),
    max_size=8,
)
_PAYLOAD = st.one_of(
    _PAYLOAD_KEYS,
    st.builds(lambda extra: {**rating_payload("01", None, None), **extra}, _PAYLOAD_KEYS),
)
_PUSH = _maybe(
    {
        "client_id": st.just("fuzz-client"),
        "gap_acknowledged": st.booleans(),
        "clock_skew_ms": st.integers(min_value=-(2**80), max_value=2**80),
        "mutations": st.lists(
            _maybe(
                {
                    "mutation_id": st.integers(min_value=-1, max_value=2**70),
                    "name": st.sampled_from(
                        ["rating.record", "manual_ticket.add", "case.create", "case.update", "audit.add"]
                    ),
                    "version": st.integers(min_value=0, max_value=2),
                    "payload": _PAYLOAD,
                    "device_time": _TIMES,
                },
                required=("mutation_id", "name", "version", "payload"),
            ),
            max_size=3,
        ),
    },
    required=("client_id", "mutations"),
)
_REQUESTS = st.one_of(
    st.tuples(st.just("/api/v1/tickets"), _TICKET),
    st.tuples(
        st.sampled_from(
            [
                "/api/v1/windows/01/actions/call",
                "/api/v1/windows/01/actions/transfer",
                "/api/v1/windows/01/actions/pause",
            ]
        ),
        _ACTION,
    ),
    st.tuples(st.just("/api/v1/ratings"), _RATING),
    st.tuples(st.just("/api/v1/sync/push"), _PUSH),
)


def test_fuzzed_request_bodies_never_get_a_5xx(hall: HallFixture) -> None:
    clerk = hall.clerk("01")
    clerk.session.headers["X-Hall-Sync-Protocol"] = "1"
    clerk.session.headers["Connection"] = "keep-alive"

    @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(request=_REQUESTS)
    def check(request: tuple[str, dict[str, Any]]) -> None:
        path, body = request
        if path == "/api/v1/sync/push" and isinstance(body.get("mutations"), list):
            body["client_id"] = f"fuzz-{uuid.uuid4().hex[:10]}"  # each example a fresh counter
        response: requests.Response = clerk.post(path, body)
        assert response.status_code < 500, (path, body, response.text)
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}

    check()
