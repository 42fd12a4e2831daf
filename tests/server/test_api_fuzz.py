"""Schema-based fuzz of the whole HTTP API (docs/server.md, *Bad input*).

A real server process on loopback with a real SQLite file (and PostgreSQL, when HALLCLIENT_TEST_PG
is set) serves its own /openapi.json; schemathesis generates requests for every operation from it,
valid ones and ones that break the schema, and sends them signed in. Every answer must be one the
schema declares, and no 5xx; every 4xx must carry the server's error body with a Chinese message a
person can read. Three passes: an admin's token (nearly everything is allowed), then a clerk
signed in to window 01, then a kiosk's device token (the device header instead of a bearer).

Examples per operation are few and the generation is derandomized, so every run sends the same
requests and takes about a minute per database. More examples, to hunt locally:
``HALLCLIENT_FUZZ_EXAMPLES=200 pytest tests/server/test_api_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.server.conftest import BACKENDS, PG_URL
from tests.serverproc import (
    DEMO_PASSWORD,
    ServerProcess,
    fresh_pg_database,
    init_demo,
    sqlite_url,
    start_server,
)

EXAMPLES = int(os.environ.get("HALLCLIENT_FUZZ_EXAMPLES", "25"))
# The long-poll waits up to 25 s by default: the fuzz asks it not to wait, or a pass would take hours.
POLL_PATH = "/api/v1/events"
LOGOUT_PATH = "/api/v1/auth/logout"
# Pages for a phone's browser, not for a program: an unknown token is an HTML page, not JSON.
HTML_PAGES = ("/t/{public_token}", "/c/{token}")
CJK = re.compile(r"[\u4e00-\u9fff]")
SYNC_PROTOCOL_HEADER = "X-Hall-Sync-Protocol"


@dataclass
class Credentials:
    """Headers to send as one signed-in party; ``spare`` tokens of the same user for sign-out."""

    headers: dict[str, str]
    spare: list[str] = field(default_factory=list)

    def for_case(self, case: Case) -> dict[str, str]:
        if case.operation.path == LOGOUT_PATH and "Authorization" in self.headers:
            # A sign-out revokes the token it is sent with, never the one the rest of the pass
            # uses: a spare, and once they are used up the last one again (then a 401).
            token = self.spare.pop() if len(self.spare) > 1 else self.spare[0]
            return {"Authorization": f"Bearer {token}"}
        return self.headers


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A demo hall of its own: the fuzz changes its catalog, calendar, windows and devices."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = sqlite_url(tmp_path_factory.mktemp("fuzz-sqlite") / "server.sqlite3")
        elif PG_URL:
            url = stack.enter_context(fresh_pg_database(PG_URL))
        else:
            pytest.skip("HALLCLIENT_TEST_PG is not set")
        home = tmp_path_factory.mktemp("fuzz-home")
        init_demo(url, home=home)
        server = start_server(url, home=home)
        stack.callback(server.stop)
        yield server


def _sign_in(base_url: str, username: str, window_no: str | None = None) -> str:
    body: dict[str, Any] = {"username": username, "password": DEMO_PASSWORD}
    if window_no is not None:
        body["window_no"] = window_no
    response = requests.post(base_url + "/api/v1/auth/login", json=body, timeout=30)
    response.raise_for_status()
    return str(response.json()["token"])


@pytest.fixture(scope="module")
def credentials(fuzz_server: ServerProcess) -> dict[str, Credentials]:
    """Every token the passes use, taken before any of them runs: the fuzzed sign-ins soon trip
    the throttle for this address, after which a real sign-in is refused too."""
    base = fuzz_server.base_url
    admin = _sign_in(base, "admin")
    kiosk = requests.post(
        base + "/api/v1/devices",
        json={"name": "fuzz kiosk", "kind": "kiosk"},
        headers={"Authorization": f"Bearer {admin}"},
        timeout=30,
    )
    kiosk.raise_for_status()
    return {
        "admin": Credentials(
            {"Authorization": f"Bearer {admin}"}, [_sign_in(base, "manager") for _ in range(4)]
        ),
        "clerk": Credentials(
            {"Authorization": f"Bearer {_sign_in(base, 'clerk01', '01')}"},
            [_sign_in(base, "clerk02") for _ in range(4)],
        ),
        "kiosk": Credentials({"X-Device-Token": str(kiosk.json()["token"])}),
    }


@pytest.fixture(scope="module")
def api_schema(fuzz_server: ServerProcess) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(fuzz_server.base_url + "/openapi.json")


def _operations() -> list[tuple[str, str]]:
    """Every route the server serves and documents, known without a running server; each test
    then takes the operation from the running server's /openapi.json (and fails when it is not
    there)."""
    from fastapi.routing import APIRoute

    from hallclient.server.app import routers

    return sorted(
        (method, route.path)
        for router in routers()
        for route in router.routes
        if isinstance(route, APIRoute) and route.include_in_schema
        for method in route.methods
    )


OPERATIONS = _operations()


def _header(response: schemathesis.Response, name: str) -> str:
    values = [v for k, vs in response.headers.items() if k.lower() == name for v in vs]
    return values[0] if values else ""


def error_body_problem(case: Case, response: schemathesis.Response) -> str | None:
    """What is wrong with a 4xx answer's body, or None when it is the server's error body."""
    content_type = _header(response, "content-type")
    if case.operation.path in HTML_PAGES and content_type.startswith("text/html"):
        return None
    if not content_type.startswith("application/json"):
        return f"content type {content_type!r}, not JSON"
    try:
        body = response.json()
    except ValueError:
        return "not JSON"
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or set(body) != {"error"}:
        return "not {'error': {...}}"
    if set(error) != {"code", "message", "params"}:
        return f"error has the fields {sorted(error)}, not code, message, params"
    if not isinstance(error["code"], str) or not error["code"]:
        return "no error code"
    if not isinstance(error["params"], dict):
        return "params is not an object"
    message = error["message"]
    if not isinstance(message, str) or not message.strip():
        return "empty message"
    if not CJK.search(message):
        return f"message {message!r} is not a Chinese sentence"
    return None


def _send(case: Case, credentials: Credentials) -> schemathesis.Response:
    if case.operation.path == POLL_PATH:
        query = dict(case.query or {})
        timeout = query.get("timeout")
        too_long = isinstance(timeout, int | float) and not isinstance(timeout, bool) and timeout > 1
        if timeout is None or too_long:
            query["timeout"] = 0
            case.query = query
    # What every client sends; a case that fuzzes one of these headers sends its own.
    headers = {SYNC_PROTOCOL_HEADER: "1", **credentials.for_case(case)}
    own = {name.lower() for name in case.headers or {}}
    return case.call(headers={k: v for k, v in headers.items() if k.lower() not in own}, timeout=30)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _problem(case: Case, response: schemathesis.Response) -> str | None:
    problems = []
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        problems += [" ".join(f"{f.title}: {f.message}".split()) for f in group.exceptions]
    if 400 <= response.status_code < 500:
        problem = error_body_problem(case, response)
        if problem is not None:
            problems.append(f"bad error body: {problem}")
    return "; ".join(problems) or None


def fuzz(schema: schemathesis.BaseSchema, method: str, path: str, credentials: Credentials) -> None:
    """Send ``EXAMPLES`` valid and as many schema-breaking requests to one operation; fail with
    every distinct problem found (not only the first: each is a defect to reduce on its own)."""
    # Plain hypothesis over the operation's strategies rather than schemathesis' pytest plugin
    # (``from_fixture``/``parametrize``), which sets a private attribute pytest 9.2 no longer has.
    operation = schema[path][method]
    found: dict[str, str] = {}

    def record(case: Case) -> None:
        response = _send(case, credentials)
        problem = _problem(case, response)
        if problem is not None:
            key = f"{response.status_code} {problem}"
            found.setdefault(key, f"{key}\n  {response.text[:300]}\n  {case.as_curl_command()}")

    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        run = given(case=operation.as_strategy(generation_mode=mode))(record)
        try:
            settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(run)()
        except Unsatisfiable:
            # Nothing to break: an operation without parameters or body has no invalid request.
            assert mode is GenerationMode.NEGATIVE, operation.label
    assert not found, f"{operation.label}: {len(found)} problem(s)\n" + "\n".join(found.values())


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_as_an_admin(
    api_schema: schemathesis.BaseSchema, credentials: dict[str, Credentials], method: str, path: str
) -> None:
    fuzz(api_schema, method, path, credentials["admin"])


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_as_a_clerk_at_a_window(
    api_schema: schemathesis.BaseSchema, credentials: dict[str, Credentials], method: str, path: str
) -> None:
    fuzz(api_schema, method, path, credentials["clerk"])


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_as_a_kiosk(
    api_schema: schemathesis.BaseSchema, credentials: dict[str, Credentials], method: str, path: str
) -> None:
    fuzz(api_schema, method, path, credentials["kiosk"])


def test_the_schema_lists_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    listed = sorted(
        (result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()
    )
    assert listed == OPERATIONS
