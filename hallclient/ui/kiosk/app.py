"""``hallclient kiosk``: builds the ticket kiosk from its parts and runs it.

``build_kiosk`` is what tests and the screenshot script call against a real server;
``run_kiosk(argv)`` is the command (settings, device sign-in, full screen, printer choice).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from hallclient.logs import setup_logging
from hallclient.printing.from_case import public_base_url
from hallclient.queue.client import ServerClient
from hallclient.settings import PrintSettings, Settings
from hallclient.ui.controllers.hall_reader import resume_after_sign_in
from hallclient.ui.kiosk.controller import KioskController
from hallclient.ui.kiosk.printer import PdfFolderPrinter, QtTicketPrinter, TicketPrinter
from hallclient.ui.kiosk.view import KioskWindow
from hallclient.ui.roles.launch import (
    Connector,
    RoleSetup,
    make_client,
    make_qt_app,
    missing_setup,
    quit_on_signals,
    resolve,
    role_parser,
    run_event_loop,
)
from hallclient.ui.single_instance import SingleInstance, run_single_instance
from hallclient.ui.tasks import TaskRunner

TICKET_PRINTER_ROLE = "ticket"  # the key in [printing.default_printers]


@dataclass
class KioskParts:
    view: KioskWindow
    controller: KioskController

    def close(self) -> None:
        self.controller.shutdown()
        self.view.close()


def build_kiosk(
    *,
    runner: TaskRunner,
    client: ServerClient,
    printer: TicketPrinter,
    print_settings: PrintSettings | None = None,
    poll_timeout_s: float = 25.0,
) -> KioskParts:
    settings = print_settings or PrintSettings()
    # The QR must lead to an address applicants' phones can open: the same public base as the
    # counters' printed documents (the configured one, else the server the kiosk talks to).
    public_base = public_base_url(Settings(server_url=client.base_url, printing=settings))
    view = KioskWindow()
    controller = KioskController(
        view=view,
        runner=runner,
        client=client,
        printer=printer,
        print_settings=settings,
        public_base=public_base,
        poll_timeout_s=poll_timeout_s,
    )
    return KioskParts(view=view, controller=controller)


def run_kiosk(argv: list[str]) -> int:
    parser = role_parser("hallclient kiosk", "取号机 — applicants take a ticket or check in an appointment")
    parser.add_argument(
        "--print-to-pdf",
        type=Path,
        metavar="DIR",
        help="save each ticket as a PDF in DIR instead of printing",
    )
    parser.add_argument("--printer", default="", help="printer name (default: the settings' ticket printer)")
    ns = parser.parse_args(argv)
    setup = resolve(ns)
    problem = missing_setup("kiosk", setup)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    setup_logging(setup.dirs.log)
    app, _translator = make_qt_app(setup.settings)
    # Two kiosks on one PC (an autostart entry and a start by hand) would cover each other, and
    # both drive the one ticket printer.
    return run_single_instance(
        setup.dirs.data, role="kiosk", parent=app, run=lambda guard: _run_kiosk(app, setup, ns, guard)
    )


def _run_kiosk(app: QApplication, setup: RoleSetup, ns: argparse.Namespace, guard: SingleInstance) -> int:
    quit_on_signals(app)
    printing = setup.settings.printing
    printer: TicketPrinter
    if ns.print_to_pdf:
        printer = PdfFolderPrinter(ns.print_to_pdf)
    else:
        printer = QtTicketPrinter(ns.printer or printing.default_printers.get(TICKET_PRINTER_ROLE, ""))
    runner = TaskRunner(net_workers=3)
    client = make_client(setup.settings, setup.access)
    parts = build_kiosk(
        runner=runner,
        client=client,
        printer=printer,
        print_settings=printing,
        poll_timeout_s=setup.poll_timeout_s,
    )
    guard.set_main_window(parts.view)
    connector = Connector(runner=runner, client=client, access=setup.access, parent=parts.view)
    running = False

    def on_connected(_who: str) -> None:
        nonlocal running
        if running:  # signed in again after the token was refused
            resume_after_sign_in(parts.controller.monitor, parts.controller.hall_reader)
            return
        running = True
        parts.controller.start()

    connector.connected.connect(on_connected)
    connector.failed.connect(parts.view.set_offline)
    if setup.access.password:
        parts.controller.monitor.auth_lost.connect(lambda _m: connector.start())
    parts.view.set_issuing_enabled(False)
    parts.view.show_message(QCoreApplication.translate("KioskWindow", "正在连接服务器…"))
    if setup.windowed:
        parts.view.resize(1080, 1440)
        parts.view.show()
    else:
        parts.view.showFullScreen()
    connector.start()
    return run_event_loop(app, closers=[parts.close, connector.stop, runner.shutdown, client.close])
