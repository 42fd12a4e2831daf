"""The QR code on a kiosk ticket leads to the server's ticket page, as the counters' documents do.

The printed PDF is rendered with pdfium and its QR decoded with zxing; the address is then
opened on the real server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from hallclient.printing.from_case import public_base_url
from hallclient.queue.client import ServerClient
from hallclient.queue.models import Ticket
from hallclient.settings import PrintSettings, Settings
from hallclient.ui.kiosk.app import build_kiosk
from hallclient.ui.kiosk.printer import PdfFolderPrinter
from hallclient.ui.tasks import TaskRunner
from tests.printing.printing_pdf import qr_texts
from tests.serverproc import ServerProcess


@pytest.mark.parametrize(
    "configured",
    [
        "",  # the default: not set, so the server the kiosk talks to
        "{server}",  # a public base, as the counters' printing takes it
        "{server}/t/",  # the older form that named the ticket page itself
    ],
)
def test_the_ticket_qr_opens_the_ticket_page(  # noqa: PLR0917 (pytest fixtures)
    qtbot: Any,
    server: ServerProcess,
    runner: TaskRunner,
    device_client: Any,
    tmp_path: Path,
    configured: str,
) -> None:
    printing = (
        PrintSettings(progress_base_url=configured.format(server=server.base_url))
        if configured
        else PrintSettings()
    )
    client = device_client("kiosk")
    parts = build_kiosk(
        runner=runner,
        client=client,
        printer=PdfFolderPrinter(tmp_path / "tickets"),
        print_settings=printing,
        poll_timeout_s=2.0,
    )
    qtbot.addWidget(parts.view)
    parts.view.resize(1080, 1400)
    parts.view.show()
    parts.controller.start()
    try:
        qtbot.waitUntil(
            lambda: "D" in parts.view.service_buttons and parts.view.service_buttons["D"].isEnabled(),
            timeout=10000,
        )
        issued: list[Ticket] = []
        parts.controller.ticket_issued.connect(issued.append)
        with qtbot.waitSignal(parts.controller.ticket_printed, timeout=10000) as printed:
            qtbot.mouseClick(parts.view.service_buttons["D"], Qt.MouseButton.LeftButton)
        [ticket] = issued
        [url] = qr_texts(Path(printed.args[0]).read_bytes(), scale=4.0)
    finally:
        parts.close()

    counters = Settings(server_url=server.base_url, printing=printing)
    assert url == f"{public_base_url(counters)}/t/{ticket.public_token}"
    page = requests.get(url, timeout=10)
    assert page.status_code == 200
    assert ticket.number in page.text


def test_an_absolute_address_from_the_server_is_printed_as_sent(runner: TaskRunner, qtbot: Any) -> None:
    client = ServerClient("http://127.0.0.1:9")  # never contacted
    parts = build_kiosk(runner=runner, client=client, printer=PdfFolderPrinter(Path()), poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    try:
        relative = Ticket(
            id=1, number="D001", service="D", state="waiting", status_url="/t/tok", public_token="tok"
        )
        assert parts.controller.ticket_status_url(relative) == "http://127.0.0.1:9/t/tok"
        absolute = Ticket(
            id=1,
            number="D001",
            service="D",
            state="waiting",
            status_url="https://zwfw.example.gov.cn/t/tok",
            public_token="tok",
        )
        assert parts.controller.ticket_status_url(absolute) == "https://zwfw.example.gov.cn/t/tok"
    finally:
        parts.close()
        client.close()
