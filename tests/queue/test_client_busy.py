"""HTTP 429 through the client: the server's own login throttle stays a refused sign-in with the
server's sentence; a 429 to any other request (a gateway's rate limit in front of the server) is
a server that is busy for the moment, never a refused credential."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from hallclient.domain.errors import AuthError, HallError, OfflineError  # noqa: E402
from hallclient.queue.client import ServerClient  # noqa: E402
from hallclient.queue.models import WindowAction  # noqa: E402
from tests.busygateway import BusyGateway  # noqa: E402
from tests.serverproc import DEMO_PASSWORD, ServerProcess, demo_server  # noqa: E402

API = "/api/v1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with demo_server(tmp_path_factory.mktemp("server")) as process:
        yield process


@pytest.fixture
def gateway(server: ServerProcess) -> Iterator[BusyGateway]:
    proxy = BusyGateway(server.base_url)
    yield proxy
    proxy.close()


@pytest.fixture
def clerk(gateway: BusyGateway) -> Iterator[ServerClient]:
    client = ServerClient(gateway.base_url)
    client.login(username="clerk02", password=DEMO_PASSWORD, window_no="02")
    yield client
    client.close()


def _busy(exc: BaseException) -> None:
    assert isinstance(exc, HallError) and not isinstance(exc, (AuthError, OfflineError)), repr(exc)
    assert exc.code == "server_busy"
    assert exc.params.get("status") == 429
    assert "稍后再试" in exc.message and "429" not in exc.message, exc.message


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"{API}/hall/snapshot"),
        ("GET", f"{API}/events"),
        ("GET", f"{API}/hall"),
        ("POST", f"{API}/tickets"),
    ],
)
def test_a_gateways_429_is_a_busy_server_not_a_refused_sign_in(
    clerk: ServerClient, gateway: BusyGateway, method: str, path: str
) -> None:
    calls = {
        f"{API}/hall/snapshot": clerk.snapshot,
        f"{API}/events": lambda: clerk.events(since=0, timeout_s=0),
        f"{API}/hall": clerk.hall,
        f"{API}/tickets": lambda: clerk.issue_ticket(service="A", request_id=uuid.uuid4().hex),
    }
    gateway.busy(method, path)
    with pytest.raises(HallError) as caught:
        calls[path]()
    _busy(caught.value)
    assert gateway.answered == [f"{method} {path}"]
    gateway.clear()
    calls[path]()  # the same client, its sign-in untouched


def test_a_429_with_a_json_body_to_a_window_action_is_busy_too(
    clerk: ServerClient, gateway: BusyGateway
) -> None:
    gateway.busy(
        "POST",
        f"{API}/windows/02/actions/call_next",
        body=b'{"error": {"code": "throttled", "message": ""}}',
        content_type="application/json",
        retry_after="2",
    )
    with pytest.raises(HallError) as caught:
        clerk.window_action(window_no="02", action=WindowAction.CALL_NEXT, request_id=uuid.uuid4().hex)
    _busy(caught.value)
    assert caught.value.params.get("retry_after") == 2


def test_the_servers_login_throttle_is_still_a_refused_sign_in_in_its_own_words(
    server: ServerProcess,
) -> None:
    client = ServerClient(server.base_url)
    try:
        refusals = []
        for _ in range(8):
            with pytest.raises(AuthError) as caught:
                client.login(username="clerk11", password="not-the-password", window_no="11")
            refusals.append(caught.value)
        throttled = refusals[-1]
        assert throttled.params.get("status") == 429 and throttled.code == "throttled"
        assert "次数过多" in throttled.message and "后再试" in throttled.message, throttled.message
    finally:
        client.close()


def test_a_429_to_the_login_without_the_servers_words_still_says_too_many_tries(gateway: BusyGateway) -> None:
    client = ServerClient(gateway.base_url)
    gateway.busy("POST", f"{API}/auth/login")
    try:
        with pytest.raises(AuthError) as caught:
            client.login(username="clerk02", password=DEMO_PASSWORD, window_no="02")
        assert caught.value.message == "尝试次数过多，请稍后再试"
    finally:
        client.close()
