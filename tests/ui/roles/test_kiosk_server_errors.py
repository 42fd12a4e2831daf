"""What an applicant reads when taking a ticket fails on the server's side: what happened, in plain
words, and what to do (try again shortly, or get a number at the information desk), never a status
code or an exception's name; those go to the log. A refusal that means something to the applicant
(a service that is no longer offered) keeps the server's own sentence."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from hallclient.queue.client import ServerClient
from hallclient.ui.kiosk.app import KioskParts
from hallclient.ui.kiosk.view import Page
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess
from tests.ui.roles.test_kiosk_role import open_kiosk

TICKETS = "/api/v1/tickets"


class Gateway(HTTPAdapter):
    """What a reverse proxy in front of the server answers to ``POST /tickets`` when the server
    behind it is slow, down or broken; every other request goes through."""

    def __init__(self, status: int, body: bytes, content_type: str) -> None:
        super().__init__()
        self.status = status
        self.body = body
        self.content_type = content_type
        self.answered = 0

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.method != "POST" or not (request.url or "").split("?")[0].endswith(TICKETS):
            return super().send(request, *args, **kwargs)
        self.answered += 1
        response = requests.Response()
        response.status_code = self.status
        response._content = self.body
        response.headers["Content-Type"] = self.content_type
        response.url = request.url or ""
        response.request = request
        return response


def _behind(client: ServerClient, gateway: Gateway) -> None:
    client._session.mount(client.base_url, gateway)


def _touch_and_read(qtbot: Any, parts: KioskParts, service: str = "D") -> str:
    parts.view.service_buttons[service].click()
    qtbot.waitUntil(lambda: parts.controller.issuing is None, timeout=10000)
    return parts.view.message.text()


def _assert_plain_words(text: str, *technical: str) -> None:
    assert "稍后再试" in text, text  # what to do
    assert "咨询台" in text or "导服台" in text, text  # or where to go instead
    for word in ("服务器内部错误", "错误：", "Error", "JSON", *technical):
        assert word not in text, text


NGINX_504 = b"<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>"
GATEWAYS = {
    "gateway timeout": (504, NGINX_504, "text/html"),
    "bad gateway": (502, b"<html><body>502 Bad Gateway</body></html>", "text/html"),
    "server bug": (500, b"Internal Server Error", "text/plain"),
    "database down": (
        503,
        '{"error": {"code": "unavailable", "message": "服务器数据库暂时不可用，请稍后重试。"}}'.encode(),
        "application/json",
    ),
    "not the server (a portal page)": (200, b"<html>Please sign in to the guest Wi-Fi</html>", "text/html"),
}


@pytest.mark.parametrize("answer", list(GATEWAYS))
def test_a_server_failure_is_told_in_plain_words_with_what_to_do(  # noqa: PLR0917 (pytest fixtures)
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    server: ServerProcess,
    runner: TaskRunner,
    device_client: Any,
    tmp_path: Path,
    answer: str,
) -> None:
    status, body, content_type = GATEWAYS[answer]
    client = device_client("kiosk")
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    gateway = Gateway(status, body, content_type)
    try:
        _behind(client, gateway)
        with caplog.at_level(logging.INFO, logger="hallclient"):
            text = _touch_and_read(qtbot, parts)
        assert gateway.answered == 1
        _assert_plain_words(text, str(status), "数据库")
        assert parts.view.current_page() is Page.SERVICES
        # The detail is kept for IT: which status or answer, in the kiosk's own log line.
        kiosk_lines = [r.getMessage() for r in caplog.records if r.name == "hallclient.ui.kiosk"]
        assert any(str(status) in line or "JSON" in line for line in kiosk_lines), kiosk_lines
    finally:
        parts.close()


def test_an_unexpected_failure_is_told_in_plain_words_too(  # noqa: PLR0917 (pytest fixtures)
    qtbot: Any,
    caplog: pytest.LogCaptureFixture,
    server: ServerProcess,
    runner: TaskRunner,
    device_client: Any,
    tmp_path: Path,
) -> None:
    """An answer the client cannot make a ticket of (a field missing after a server upgrade)."""
    client = device_client("kiosk")
    parts = open_kiosk(qtbot, runner, client, tmp_path / "tickets")
    real_issue: Callable[..., Any] = client.issue_ticket

    def half_answer(**_kwargs: Any) -> Any:
        raise KeyError("public_token")

    try:
        client.issue_ticket = half_answer  # type: ignore[method-assign]
        with caplog.at_level(logging.INFO, logger="hallclient"):
            text = _touch_and_read(qtbot, parts)
        _assert_plain_words(text, "KeyError", "public_token", "意外")
        assert "public_token" in caplog.text
    finally:
        client.issue_ticket = real_issue  # type: ignore[method-assign]
        parts.close()


def test_a_service_no_longer_offered_keeps_the_servers_sentence(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, device_client: Any, tmp_path: Path
) -> None:
    """Removed from the hall while this kiosk still showed its button: the server says so (422),
    and that is what the applicant needs to know, not 'try again'."""
    parts = open_kiosk(qtbot, runner, device_client("kiosk"), tmp_path / "tickets")
    try:
        parts.view.service_chosen.emit("ZZ")
        qtbot.waitUntil(lambda: parts.controller.issuing is None, timeout=10000)
        assert "没有业务" in parts.view.message.text() and "ZZ" in parts.view.message.text()
    finally:
        parts.close()
