"""``hallclient monitor``: the hall manager's live view, built from its parts and run.

Signs in as a manager (dialog, or ``--username`` with ``--password-env``) or with a registered
monitor device's token (a wall-mounted monitor in the duty office).
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
from hallclient.ui.monitor.controller import MonitorController
from hallclient.ui.monitor.figures import Thresholds
from hallclient.ui.monitor.signin import run_manager_login
from hallclient.ui.monitor.view import MonitorWindow
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
class MonitorParts:
    view: MonitorWindow
    controller: MonitorController

    def close(self) -> None:
        self.controller.shutdown()
        self.view.close()


def build_monitor(
    *,
    runner: TaskRunner,
    client: ServerClient,
    thresholds: Thresholds | None = None,
    poll_timeout_s: float = 25.0,
) -> MonitorParts:
    view = MonitorWindow()
    controller = MonitorController(
        view=view, runner=runner, client=client, thresholds=thresholds, poll_timeout_s=poll_timeout_s
    )
    return MonitorParts(view=view, controller=controller)


def run_monitor(argv: list[str]) -> int:
    parser = role_parser("hallclient monitor", "大厅监控 — the hall manager's live view")
    parser.add_argument("--wait-warn-min", type=int, default=20, help="longest wait shown yellow (minutes)")
    parser.add_argument("--wait-alert-min", type=int, default=40, help="longest wait shown red (minutes)")
    ns = parser.parse_args(argv)
    setup = resolve(ns)
    problem = missing_setup("monitor", setup, needs_user=True)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    setup_logging(setup.dirs.log)
    app, _translator = make_qt_app(setup.settings)
    # Before the sign-in dialog: a second start brings that dialog up instead of opening another.
    return run_single_instance(
        setup.dirs.data, role="monitor", parent=app, run=lambda guard: _run_monitor(app, setup, ns, guard)
    )


def _run_monitor(app: QApplication, setup: RoleSetup, ns: argparse.Namespace, guard: SingleInstance) -> int:
    quit_on_signals(app)
    runner = TaskRunner(net_workers=3)
    client = make_client(setup.settings, setup.access)
    access = setup.access
    signed_in_as = ""
    if not access.usable:
        signed_in = run_manager_login(runner=runner, client=client, server_url=client.base_url)
        if signed_in is None:
            runner.shutdown()
            client.close()
            return 1
        access, signed_in_as = signed_in
    thresholds = Thresholds(wait_warn_s=ns.wait_warn_min * 60, wait_alert_s=ns.wait_alert_min * 60)
    parts = build_monitor(
        runner=runner, client=client, thresholds=thresholds, poll_timeout_s=setup.poll_timeout_s
    )
    guard.set_main_window(parts.view)
    connector = Connector(runner=runner, client=client, access=access, parent=parts.view)
    running = False

    def on_connected(who: str) -> None:
        nonlocal running
        parts.view.user_label.setText(
            QCoreApplication.translate("MonitorWindow", "登录：%1").replace("%1", who)
        )
        if running:  # signed in again after the token was refused
            resume_after_sign_in(parts.controller.monitor, parts.controller.hall_reader)
            return
        running = True
        parts.controller.start()

    connector.connected.connect(on_connected)
    connector.failed.connect(lambda text: parts.view.set_connection(text, ok=False))
    if access.password:
        parts.controller.monitor.auth_lost.connect(lambda _m: connector.start())
    if setup.windowed:
        parts.view.resize(1400, 860)
        parts.view.show()
    else:
        parts.view.showMaximized()
    if signed_in_as:
        on_connected(signed_in_as)  # the dialog has signed in already
    else:
        connector.start()
    return run_event_loop(app, closers=[parts.close, connector.stop, runner.shutdown, client.close])
