"""``hallclient display``: builds the calling display from its parts and runs it.

``build_display`` is what tests and the screenshot script call against a real server;
``run_display(argv)`` is the command (settings, sign-in as a device, full screen).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from hallclient.logs import setup_logging
from hallclient.queue.client import ServerClient
from hallclient.ui.controllers.hall_reader import resume_after_sign_in
from hallclient.ui.display.controller import DisplayController
from hallclient.ui.display.speech import Announcer, make_announcer
from hallclient.ui.display.view import DisplayWindow
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


@dataclass
class DisplayParts:
    view: DisplayWindow
    controller: DisplayController

    def close(self) -> None:
        self.controller.shutdown()
        self.view.close()


def build_display(
    *,
    runner: TaskRunner,
    client: ServerClient,
    announcer: Announcer | None = None,
    notice: str = "",
    poll_timeout_s: float = 25.0,
) -> DisplayParts:
    view = DisplayWindow()
    controller = DisplayController(
        view=view,
        runner=runner,
        client=client,
        announcer=announcer if announcer is not None else make_announcer(view),
        notice=notice,
        poll_timeout_s=poll_timeout_s,
    )
    return DisplayParts(view=view, controller=controller)


def run_display(argv: list[str]) -> int:
    parser = role_parser(
        "hallclient display", "叫号大屏 — the hall's calling display with voice announcements"
    )
    parser.add_argument(
        "--notice", default="", help="the scrolling notice line (default: a standard reminder)"
    )
    ns = parser.parse_args(argv)
    setup = resolve(ns)
    problem = missing_setup("display", setup)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    setup_logging(setup.dirs.log)
    app, _translator = make_qt_app(setup.settings)
    # Two displays on one PC (an autostart entry and a start by hand) would show two boards and
    # announce every call twice.
    return run_single_instance(
        setup.dirs.data, role="display", parent=app, run=lambda guard: _run_display(app, setup, ns, guard)
    )


def _run_display(app: QApplication, setup: RoleSetup, ns: argparse.Namespace, guard: SingleInstance) -> int:
    quit_on_signals(app)
    runner = TaskRunner(net_workers=3)
    client = make_client(setup.settings, setup.access)
    parts = build_display(runner=runner, client=client, notice=ns.notice, poll_timeout_s=setup.poll_timeout_s)
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
    connector.failed.connect(parts.view.show_offline)
    if setup.access.password:
        parts.controller.monitor.auth_lost.connect(lambda _m: connector.start())
    parts.view.show_offline(QCoreApplication.translate("DisplayWindow", "● 正在连接服务器…"))
    if setup.windowed:
        parts.view.resize(1280, 720)
        parts.view.show()
    else:
        parts.view.showFullScreen()
    connector.start()
    return run_event_loop(app, closers=[parts.close, connector.stop, runner.shutdown, client.close])
