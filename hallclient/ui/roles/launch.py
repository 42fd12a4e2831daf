"""Start-up shared by the hall's screens (display, kiosk, monitor): arguments, Qt set-up, sign-in.

Each role's ``run_<role>(argv)`` parses the common options, makes the Qt app, runs as the one copy
of its role on the data folder (``single_instance.run_single_instance``: a second start brings the
running screen to the front instead), makes the runner and client, shows its window at once and
signs in on the net lane (``Connector``), retrying while the server cannot be reached: a wall
screen switched on before the server must come up by itself.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from hallclient.domain.errors import AuthError, OfflineError
from hallclient.logs import setup_logging
from hallclient.queue.client import ServerClient
from hallclient.settings import Dirs, Settings, load_settings_or_defaults, server_url_problem, settings_path
from hallclient.ui.roles.access import Access, connect
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.launch")

RETRY_OFFLINE_MS = 3000
RETRY_AUTH_MS = 60000


def role_parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "--server",
        type=_server_option,
        help="server address for this run (does not change the saved settings)",
    )
    parser.add_argument(
        "--device-token-env",
        help="name of the environment variable that holds this device's token "
        "(default: device_token from the settings file)",
    )
    parser.add_argument("--username", help="sign in as this user instead of the device token")
    parser.add_argument("--password-env", help="name of the environment variable that holds the password")
    parser.add_argument("--language", choices=["zh_CN", "en"], help="UI language for this run")
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    parser.add_argument("--poll-timeout", type=float, default=25.0, help=argparse.SUPPRESS)
    return parser


def _server_option(value: str) -> str:
    # An address no network can make work is a wrong option like any other: refused by argparse
    # (usage, exit 2) before anything starts, as the counter refuses it.
    problem = server_url_problem(value) if value else None
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r}: {problem}")
    return value


@dataclass(frozen=True)
class RoleSetup:
    dirs: Dirs
    settings: Settings
    access: Access
    windowed: bool
    poll_timeout_s: float


def resolve(ns: argparse.Namespace) -> RoleSetup:
    dirs = Dirs.for_user().ensure()
    # Before anything is logged: what happens at start-up is what IT looks for in the log of a
    # screen that did not come up.
    setup_logging(dirs.log)
    settings, problem = load_settings_or_defaults(dirs)
    if problem is not None:
        # Unattended screens: no dialog to click away; the log and stderr say what happened.
        log.warning(
            "settings file unusable (%s); kept as %s", problem.message, problem.params.get("moved_to")
        )
        print(f"hallclient: {problem.message}; using default settings", file=sys.stderr)
    overrides = {k: v for k, v in {"server_url": ns.server, "language": ns.language}.items() if v}
    settings = replace(settings, **overrides)
    token = os.environ.get(ns.device_token_env, "") if ns.device_token_env else settings.device_token
    password = os.environ.get(ns.password_env, "") if ns.password_env else ""
    access = Access(device_token=token, username=ns.username or "", password=password)
    return RoleSetup(
        dirs=dirs, settings=settings, access=access, windowed=ns.windowed, poll_timeout_s=ns.poll_timeout
    )


def missing_setup(role: str, setup: RoleSetup, *, needs_user: bool = False) -> str | None:
    """Why the role cannot start (logged here, said on stderr by the caller before any window
    opens), or None."""
    reason = _missing_setup(role, setup, needs_user=needs_user)
    if reason:
        log.error("cannot start: %s", reason)
    return reason


def _missing_setup(role: str, setup: RoleSetup, *, needs_user: bool) -> str | None:
    url = setup.settings.server_url
    if not url:
        return f"hallclient {role}: no server address; pass --server URL or set server_url in the settings"
    url_problem = server_url_problem(url)
    if url_problem:
        # A --server option was checked by the parser; this one is from the settings file.
        return (
            f"hallclient {role}: server_url {url!r} in {settings_path(setup.dirs)} cannot be used "
            f"({url_problem}); correct it or pass --server URL"
        )
    if needs_user and not (setup.access.username and setup.access.password) and not setup.access.device_token:
        return None  # the monitor asks for the password in a dialog
    if not needs_user and not setup.access.usable:
        return (
            f"hallclient {role}: no device token; register this screen "
            f"('hallclient server register-device --kind {role} --name …') and put the token into "
            "device_token in the settings file, or pass --device-token-env NAME "
            "(or --username and --password-env)"
        )
    return None


def make_qt_app(settings: Settings) -> tuple[QApplication, object]:
    from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
    from hallclient.ui.i18n import install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("hallclient")
    apply_application_font(app, register_cjk_fonts())
    return app, install_translator(app, settings.language)


def make_client(settings: Settings, access: Access) -> ServerClient:
    return ServerClient(settings.server_url, device_token=access.device_token)


class Connector(QObject):
    """Signs in on the net lane; retries while offline; reports an auth failure and keeps trying."""

    connected = Signal(str)  # who: a display name or "device"
    failed = Signal(str)  # a Chinese sentence for the screen

    def __init__(
        self, *, runner: TaskRunner, client: ServerClient, access: Access, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.client = client
        self.access = access
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_retry_timer_timeout)

    def start(self) -> None:
        self._timer.stop()
        self.runner.submit(
            "net", connect, self.client, self.access, on_done=self.connected.emit, on_error=self._on_error
        )

    def stop(self) -> None:
        self._timer.stop()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, OfflineError):
            self.failed.emit(self.tr("无法连接服务器，正在重试…"))
            self._timer.start(RETRY_OFFLINE_MS)
        elif isinstance(exc, AuthError) and exc.code == "throttled":
            # Too many failed sign-ins for this user: the server's sentence says how long, and a
            # try before then is refused again.
            log.error("sign-in throttled: %s", exc)
            self.failed.emit(str(exc))
            wait_s = exc.params.get("retry_after")
            wait_ms = wait_s * 1000 if isinstance(wait_s, int) else 0
            self._timer.start(max(RETRY_AUTH_MS, wait_ms + 1000))
        elif isinstance(exc, AuthError):
            log.error("sign-in refused: %s", exc)
            self.failed.emit(self.tr("设备未登记或账号无效：") + str(exc))
            self._timer.start(RETRY_AUTH_MS)
        else:
            log.error("sign-in failed: %s", exc)
            self.failed.emit(self.tr("连接失败：") + str(exc))
            self._timer.start(RETRY_OFFLINE_MS)

    def _on_retry_timer_timeout(self) -> None:
        self.start()


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or TERM closes the screen through the normal path (runner and client shut down)."""
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QApplication.quit())
    wake = QTimer(app)  # Python runs signal handlers only between bytecodes: let it in now and then
    wake.timeout.connect(lambda: None)
    wake.start(250)


def run_event_loop(app: QApplication, *, closers: list[Callable[[], Any]]) -> int:
    try:
        return int(app.exec())
    finally:
        for close in closers:
            try:
                close()
            except Exception:
                log.exception("closing failed")
