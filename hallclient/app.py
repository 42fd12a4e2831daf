"""Composition root: ``run_role(role, args) -> int`` builds settings, store, client, runner and windows.

No globals: everything a window needs is made here and handed down. Roles in this version:
``counter`` (default) and ``demo`` here; ``display``, ``kiosk`` and ``monitor`` are assembled by
their own ``hallclient.ui.<role>.app.run_<role>(argv)`` (same settings, server and sign-in options).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from hallclient.settings import (
    Dirs,
    PrintSettings,
    Settings,
    SettingsFileError,
    load_settings_or_defaults,
    save_settings,
    server_url_problem,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from hallclient.ui.counter_app import CounterParts
    from hallclient.ui.single_instance import SingleInstance
    from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.app")

READY_MARKER = "HALLCLIENT_COUNTER_READY"


# Beyond the store's busy timeout: what a job does once it has the lock or has given up on it
# (a rating set aside is written to its file and synced to disk).
SHUTDOWN_DB_MARGIN_S = 5.0


def shut_down_runner(runner: TaskRunner, *, busy_timeout_s: float) -> bool:
    """Stop the counter's runner once the db lane's work is done. Each job still on the lane may
    wait out the store's busy timeout once (another program holding the file locked) before it
    gives up and keeps its work elsewhere, as a rating does in its set-aside file; the lane gets
    that long for each, so that the program's exit does not cut one off with nothing kept. With
    nothing left to save it returns at once."""
    jobs = runner.pending("db")
    wait_s = max(1, jobs) * busy_timeout_s + SHUTDOWN_DB_MARGIN_S
    if jobs:
        log.info("closing: waiting up to %.0f s for %d job(s) on the local store", wait_s, jobs)
    return runner.shutdown(db_timeout_s=wait_s)


def run_role(role: str, args: Sequence[str]) -> int:
    if role == "counter":
        return run_counter(list(args))
    if role == "demo":
        return run_demo(list(args))
    if role == "display":
        from hallclient.ui.display.app import run_display

        return run_display(list(args))
    if role == "kiosk":
        from hallclient.ui.kiosk.app import run_kiosk

        return run_kiosk(list(args))
    if role == "monitor":
        from hallclient.ui.monitor.app import run_monitor

        return run_monitor(list(args))
    print(f"hallclient: unknown role {role!r}", file=sys.stderr)
    return 2


def _counter_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="窗口端 — the window clerk's screen")
    parser.add_argument("--server", help="server address for this run (does not change the saved settings)")
    parser.add_argument("--window", help="window number for this run")
    parser.add_argument("--username", help="sign in as this user without the dialog (needs --password-env)")
    parser.add_argument("--password-env", help="name of the environment variable that holds the password")
    parser.add_argument("--language", choices=["zh_CN", "en"], help="UI language for this run")
    parser.add_argument("--poll-timeout", type=float, default=25.0, help=argparse.SUPPRESS)
    parser.add_argument("--ready-marker", action="store_true", help="print a line when the window is usable")
    return parser


@dataclass(frozen=True)
class CounterOptions:
    username: str | None = None
    password: str | None = None
    poll_timeout_s: float = 25.0
    ready_marker: bool = False


def run_counter(argv: list[str]) -> int:
    parser = _counter_parser("hallclient counter")
    ns = parser.parse_args(argv)
    if ns.server:
        problem = server_url_problem(ns.server)
        if problem:
            parser.error(f"--server {ns.server!r}: {problem}")
    dirs = Dirs.for_user().ensure()
    settings, settings_problem = load_settings_or_defaults(dirs)
    overrides = {
        k: v
        for k, v in {"server_url": ns.server, "window_no": ns.window, "language": ns.language}.items()
        if v
    }
    password = os.environ.get(ns.password_env, "") if ns.password_env else None
    options = CounterOptions(
        username=ns.username, password=password, poll_timeout_s=ns.poll_timeout, ready_marker=ns.ready_marker
    )
    return CounterApp(dirs, replace(settings, **overrides), options, settings_problem=settings_problem).run()


class CounterApp:
    """One counter process: owns the Qt app, store, client and runner, and closes them."""

    def __init__(
        self,
        dirs: Dirs,
        settings: Settings,
        options: CounterOptions,
        *,
        settings_problem: SettingsFileError | None = None,
    ) -> None:
        self.dirs = dirs
        self.settings = settings
        self.options = options
        self.settings_problem = settings_problem

    def run(self) -> int:
        from PySide6.QtWidgets import QApplication

        from hallclient.logs import setup_logging
        from hallclient.ui.single_instance import run_single_instance

        setup_logging(self.dirs.log)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        app.setApplicationName("hallclient")
        self._translator = _prepare_qt(app, self.settings)
        # Before the store, the set-up dialog and the server: a second copy on this data folder
        # would sign in to a window too and push the same outbox.
        return run_single_instance(
            self.dirs.data, role="counter", parent=app, run=lambda guard: self._run_owned(app, guard)
        )

    def _run_owned(self, app: QApplication, instance: SingleInstance) -> int:
        self.instance = instance
        if self.settings_problem is not None:
            report_settings_problem(self.settings_problem, parent=None)
        from hallclient.queue.client import ServerClient
        from hallclient.queue.credentials import OfflineCredentials
        from hallclient.store import open_store
        from hallclient.store.db import DEFAULT_BUSY_TIMEOUT_MS, store_path
        from hallclient.ui.controllers.signin import SignInFlow, run_setup_dialog
        from hallclient.ui.tasks import TaskRunner

        _quit_on_signals(app)
        self.runner = TaskRunner(net_workers=4)
        url_problem = server_url_problem(self.settings.server_url) if self.settings.configured else None
        if url_problem:
            # Asked for again, with the unusable address in the box to correct.
            log.warning(
                "server_url %r unusable (%s); opening the set-up dialog",
                self.settings.server_url,
                url_problem,
            )
            print(
                f"hallclient: server_url {self.settings.server_url!r} in the settings is unusable: "
                f"{url_problem}",
                file=sys.stderr,
            )
        if not self.settings.configured or url_problem:
            configured = run_setup_dialog(self.settings, runner=self.runner)
            if configured is None:
                self.runner.shutdown()
                return 1
            self.settings = configured
            save_settings(self.dirs, configured)
        self.store = open_store(store_path(self.dirs.data), busy_timeout_ms=DEFAULT_BUSY_TIMEOUT_MS)
        self.client = ServerClient(self.settings.server_url)
        credentials = OfflineCredentials(
            self.dirs.data, offline_login_hours=self.settings.offline_login_hours
        )
        self.flow = SignInFlow(
            runner=self.runner, client=self.client, credentials=credentials, settings=self.settings
        )
        self.parts: CounterParts | None = None
        try:
            if self.options.username and self.options.password:
                self.flow.sign_in_async(
                    self.options.username,
                    self.options.password,
                    on_done=self._open_counter,
                    on_error=lambda exc: self._auto_sign_in_failed(app, exc),
                )
            else:
                login = self.flow.run_login_dialog()
                if login is None:
                    return 1
                self._open_counter(login)
            return int(app.exec())
        finally:
            if self.parts is not None:
                self.parts.close()  # a rating prompt still open is saved now, on the db lane
            shut_down_runner(self.runner, busy_timeout_s=DEFAULT_BUSY_TIMEOUT_MS / 1000)
            self.client.close()
            self.store.close()

    def _auto_sign_in_failed(self, app: object, exc: BaseException) -> None:
        print(f"hallclient: sign-in failed: {exc}", file=sys.stderr)
        from PySide6.QtWidgets import QApplication

        QApplication.exit(1)

    def _open_counter(self, login: object) -> None:
        from hallclient.queue.models import LoginResult
        from hallclient.ui.counter_app import build_counter

        assert isinstance(login, LoginResult)
        window_no = login.window.no if login.window else self.settings.window_no
        settings = replace(self.settings, window_no=window_no)
        self.parts = build_counter(
            runner=self.runner,
            client=self.client,
            store=self.store,
            settings=settings,
            login=login,
            poll_timeout_s=self.options.poll_timeout_s,
            on_print_settings_changed=self._on_print_settings_changed,
        )
        controller = self.parts.controller
        view = self.parts.view
        controller.relogin_needed.connect(self._on_controller_relogin_needed)
        view.settings_action.triggered.connect(self._on_settings_action_triggered)
        view.sign_out_action.triggered.connect(self._on_sign_out_action_triggered)
        view.quit_action.triggered.connect(view.close)
        if self.options.ready_marker:
            if login.offline:
                print(READY_MARKER, flush=True)
            else:
                controller.monitor.snapshot_loaded.connect(self._print_ready_once)
        view.show()
        self.instance.set_main_window(view)
        controller.start()

    def _on_print_settings_changed(self, printing: PrintSettings) -> None:
        # The printer a clerk picked for a document type is remembered across restarts.
        self.settings = replace(self.settings, printing=printing)
        save_settings(self.dirs, self.settings)

    def _print_ready_once(self, _snapshot: object) -> None:
        if self.parts is not None and not getattr(self, "_ready_printed", False):
            self._ready_printed = True
            print(READY_MARKER, flush=True)

    def _on_controller_relogin_needed(self, message: str) -> None:
        from hallclient.ui.controllers.session import ClerkSession

        if self.parts is None or getattr(self, "_relogin_open", False):
            return
        self._relogin_open = True
        try:
            self.parts.view.show_notice(message, error=True)
            login = self.flow.run_login_dialog(
                username=self.parts.controller.session.username, parent=self.parts.view
            )
        finally:
            self._relogin_open = False
        if login is not None and not login.offline:
            self.parts.controller.set_login(
                ClerkSession(login=login, window_no=self.parts.controller.session.window_no)
            )

    def _on_settings_action_triggered(self) -> None:
        from PySide6.QtCore import QCoreApplication

        from hallclient.ui.controllers.signin import run_settings_dialog

        if self.parts is None:
            return
        new = run_settings_dialog(self.settings, parent=self.parts.view)
        if new is not None:
            self.settings = new
            save_settings(self.dirs, new)
            self.parts.view.show_notice(
                QCoreApplication.translate("App", "设置已保存；服务器地址、窗口号和语言在重新启动后生效。")
            )

    def _on_sign_out_action_triggered(self) -> None:
        if self.parts is None:
            return
        old = self.parts
        old.close()
        self.parts = None
        login = self.flow.run_login_dialog(username=old.controller.session.username)
        if login is None:
            from PySide6.QtWidgets import QApplication

            QApplication.quit()
            return
        self._open_counter(login)


def report_settings_problem(problem: SettingsFileError, *, parent: object) -> None:
    """Say that settings.toml was broken and set aside: in the log, on stderr and, with a screen, in
    a message box, so a clerk is not left wondering why the server address is gone."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox, QWidget

    moved_to = problem.params.get("moved_to", "")
    log.warning("settings file unusable (%s); started with defaults; kept as %s", problem.message, moved_to)
    print(f"hallclient: {problem.message}; using default settings (kept as {moved_to})", file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    text = QCoreApplication.translate(
        "App", "设置文件有误，本次已改用默认设置，请重新设置服务器地址和窗口号。"
    )
    detail = QCoreApplication.translate("App", "原设置文件已另存为：{path}").format(path=moved_to)
    QMessageBox.warning(
        parent if isinstance(parent, QWidget) else None,
        QCoreApplication.translate("App", "设置文件有误"),
        f"{text}\n\n{problem.message}\n{detail}",
    )


def _quit_on_signals(app: object) -> None:
    """Ctrl+C or a TERM quits through the normal path, so the demo's server is stopped too."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QApplication.quit())
    # Python runs signal handlers only between bytecodes; a idle timer gives it the chance.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def _prepare_qt(app: object, settings: Settings) -> object:
    from PySide6.QtWidgets import QApplication

    from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
    from hallclient.ui.i18n import install_translator

    assert isinstance(app, QApplication)
    apply_application_font(app, register_cjk_fonts())
    return install_translator(app, settings.language)


# -- demo ---------------------------------------------------------------------------------------

DEMO_PASSWORD = "demo1234"


def run_demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hallclient demo",
        description="a local server with demo data, simulated applicants and a signed-in counter",
    )
    parser.add_argument("--window", default="01", help="window number (default 01)")
    parser.add_argument("--user", default="clerk01", help="clerk to sign in as (default clerk01)")
    parser.add_argument("--rate", type=float, default=6.0, help="simulated arrivals per minute (default 6)")
    parser.add_argument("--initial", type=int, default=8, help="tickets already waiting at start (default 8)")
    parser.add_argument("--language", choices=["zh_CN", "en"], default="zh_CN")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server data, logs)")
    ns = parser.parse_args(argv)

    from hallclient.queue.client import ServerClient
    from hallclient.queue.localserver import LocalServer
    from hallclient.queue.simulator import ApplicantSimulator

    base = Path(tempfile.mkdtemp(prefix="hallclient-demo-"))
    server = LocalServer(base / "server")
    simulator: ApplicantSimulator | None = None
    feeder = None
    try:
        print(f"hallclient demo: starting a local server with demo data in {base} …", flush=True)
        server.init_demo()
        server.start()
        print(f"hallclient demo: server at {server.url} (API docs: {server.url}/docs)", flush=True)
        feeder = ServerClient(server.url)
        feeder.login(username="manager", password=DEMO_PASSWORD)
        services = [s.code for s in feeder.hall().services]
        simulator = ApplicantSimulator(feeder, services=services, rate_per_min=ns.rate)
        for _ in range(ns.initial):
            simulator.issue_one()
        simulator.start()
        dirs = Dirs(
            config=base / "counter" / "config", data=base / "counter" / "data", log=base / "counter" / "log"
        )
        dirs.ensure()
        settings = Settings(
            server_url=server.url, window_no=ns.window, language=ns.language, rating_timeout_s=30
        )
        save_settings(dirs, settings)
        options = CounterOptions(username=ns.user, password=DEMO_PASSWORD)
        return CounterApp(dirs, settings, options).run()
    finally:
        if simulator is not None:
            simulator.stop()
        if feeder is not None:
            feeder.close()
        server.stop()
        if ns.keep:
            print(f"hallclient demo: kept {base}", flush=True)
        else:
            shutil.rmtree(base, ignore_errors=True)
