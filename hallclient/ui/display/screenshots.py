"""``python -m hallclient.ui.display.screenshots --out docs/screenshots``: the hall's screens.

Starts a demo server in a temporary folder, makes a busy morning (tickets for every service,
clerks calling, a paused window, a 差评), and saves the calling display, the kiosk (services,
appointment code, issued ticket, offline) and the manager's monitor with its 差评整改 dialog, all
offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hallclient.queue.client import ServerClient
    from hallclient.queue.models import TicketId


def _pump(
    predicate: Callable[[], bool] | None = None, *, timeout_s: float = 15.0, settle_s: float = 0.5
) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while predicate is not None and not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)
    end = time.monotonic() + settle_s
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hallclient.ui.display.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    ns = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication, QWidget

    from hallclient.queue import service as queue_service
    from hallclient.queue.client import ServerClient
    from hallclient.queue.localserver import LocalServer
    from hallclient.queue.models import ActionResult, WindowAction
    from hallclient.ui.display.app import build_display
    from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
    from hallclient.ui.i18n import install_translator
    from hallclient.ui.kiosk.app import build_kiosk
    from hallclient.ui.kiosk.printer import PdfFolderPrinter
    from hallclient.ui.kiosk.view import Page
    from hallclient.ui.monitor.app import build_monitor
    from hallclient.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_application_font(app, register_cjk_fonts())
    translator = install_translator(app, ns.language)  # noqa: F841 (kept alive while drawing)
    ns.out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="hallclient-hall-shots-"))
    server = LocalServer(base / "server")
    server.init_demo()
    server.start()
    saved: list[Path] = []
    clients: list[ServerClient] = []

    def client_for(username: str, window_no: str | None = None) -> ServerClient:
        client = ServerClient(server.url)
        client.login(username=username, password="demo1234", window_no=window_no)
        clients.append(client)
        return client

    def act(client: ServerClient, window_no: str, action: WindowAction, **fields: Any) -> ActionResult:
        return queue_service.perform_action(
            client=client,
            window_no=window_no,
            action=action,
            request_id=queue_service.new_request_id(),
            **fields,
        )

    def shoot(widget: QWidget, name: str) -> None:
        _pump(settle_s=0.6)
        path = ns.out / name
        widget.grab().save(str(path))
        saved.append(path)

    runner = TaskRunner(net_workers=4)
    parts_to_close: list[Callable[[], None]] = []
    try:
        feeder = client_for("manager")
        for service, count in (("A", 9), ("B", 6), ("C", 5), ("D", 2), ("E", 4), ("F", 1)):
            for _ in range(count):
                queue_service.issue_ticket(
                    client=feeder, service=service, request_id=queue_service.new_request_id()
                )
        monitor = build_monitor(runner=runner, client=client_for("manager"), poll_timeout_s=2.0)
        display = build_display(
            runner=runner, client=client_for("manager"), announcer=_Silent(), poll_timeout_s=2.0
        )
        kiosk = build_kiosk(
            runner=runner,
            client=client_for("manager"),
            printer=PdfFolderPrinter(base / "tickets"),
            poll_timeout_s=2.0,
        )
        parts_to_close += [monitor.close, display.close, kiosk.close]
        display.view.resize(1920, 1080)
        kiosk.view.resize(1080, 1500)
        monitor.view.resize(1500, 900)
        for parts in (display, kiosk, monitor):
            parts.view.show()
            parts.controller.start()

        clerks = {no: client_for(f"clerk{no}", no) for no in ("01", "02", "03", "04", "06", "08", "10", "12")}
        for no in ("01", "03", "06", "08", "12", "02", "10", "04"):
            act(clerks[no], no, WindowAction.CALL_NEXT)
            _pump(settle_s=0.15)
        for no in ("01", "03", "08"):
            act(clerks[no], no, WindowAction.START)
        finished = act(clerks["08"], "08", WindowAction.FINISH).ticket
        assert finished is not None
        _rate_badly(clerks["08"], window_no="08", ticket_id=finished.id, item_code="GJJ-002")
        # A second 差评, already verified by the duty manager: the monitor shows both stages.
        verified = act(clerks["01"], "01", WindowAction.FINISH).ticket
        assert verified is not None
        _rate_badly(clerks["01"], window_no="01", ticket_id=verified.id, level=1, item_code="SCJG-001")
        first = next(r for r in feeder.rectifications() if r.window_no == "01")
        feeder.advance_rectification(
            first.rating_id,
            note="调取录像核实：申请人等候时窗口人员离岗",
            stage=first.stage.value,
            request_id=queue_service.new_request_id(),
        )
        act(clerks["01"], "01", WindowAction.CALL_NEXT)
        act(clerks["06"], "06", WindowAction.NO_SHOW)
        act(clerks["06"], "06", WindowAction.PAUSE, reason="meal")
        act(clerks["02"], "02", WindowAction.RECALL)
        _pump(lambda: display.controller.board.latest is not None and monitor.controller.history_loaded)
        _pump(lambda: len(monitor.controller.figures.bad) == 2)
        _pump(
            lambda: (
                monitor.controller.rectifications is not None
                and {r.stage.value for r in monitor.controller.rectifications} == {"verify", "rectify"}
            )
        )
        _pump(lambda: not display.controller.flashing, timeout_s=10)
        shoot(display.view, "display.png")
        shoot(monitor.view, "monitor.png")
        monitor.view.bad_table.selectRow(
            next(i for i, r in enumerate(monitor.controller.rectifications or []) if r.window_no == "01")
        )
        dialog = monitor.controller.open_rectification()
        assert dialog is not None
        dialog.note.setPlainText("已与当事窗口人员谈话，午间增派一名人员顶岗，窗口离岗须放置暂停牌。")
        shoot(dialog, "monitor_rectification.png")
        dialog.reject()

        _pump(
            lambda: (
                kiosk.view.service_buttons.get("A") is not None
                and kiosk.view.service_buttons["A"].isEnabled()
            )
        )
        shoot(kiosk.view, "kiosk_services.png")
        kiosk.view.appointment_button.click()
        for key in "20260915":
            kiosk.view.key_buttons[key].click()
        shoot(kiosk.view, "kiosk_appointment.png")
        kiosk.view.appointment_back.click()
        kiosk.view.green_button.click()
        # Waits for the controller's signal rather than the status text, which is in the chosen language.
        printed: list[str] = []
        kiosk.controller.ticket_printed.connect(printed.append)
        kiosk.view.service_buttons["B"].click()
        _pump(lambda: kiosk.view.current_page() is Page.TICKET and bool(printed))
        shoot(kiosk.view, "kiosk_ticket.png")
        kiosk.view.done_button.click()

        server.kill()
        _pump(lambda: kiosk.view.offline_banner.isVisible() and display.view.offline_mark.text() != "")
        shoot(kiosk.view, "kiosk_offline.png")
        shoot(display.view, "display_offline.png")
    finally:
        for close in parts_to_close:
            close()
        runner.shutdown()
        for client in clients:
            client.close()
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
    for path in saved:
        print(path)
    return 0


class _Silent:
    """The pictures need no sound."""

    def announce(self, text: str) -> None:
        pass


def _rate_badly(
    client: ServerClient, *, window_no: str, ticket_id: TicketId, item_code: str, level: int = 2
) -> None:
    """A 差评 for the ticket the window just finished, as the counter's rating pad would send it
    for a case taken in during the service (``item_code``: the case's service item)."""
    from hallclient.queue import service as queue_service

    reasons = client.reasons().bad_rating
    client.post_rating(
        request_id=queue_service.new_request_id(),
        ticket_id=ticket_id,
        window_no=window_no,
        level=level,
        reasons=tuple(r.code for r in reasons[:2]),
        rated_at=datetime.now(UTC),
        item_code=item_code,
    )


if __name__ == "__main__":
    raise SystemExit(main())
