"""First-run setup and sign-in (online, or offline against the cached verifier).

The dialogs are modal, but no network or disk work happens on the GUI thread: the buttons
submit to the runner and the dialog closes when the answer arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QWidget

from hallclient.domain.errors import HallError, OfflineError, ValidationError
from hallclient.queue.client import ServerClient, normalise_base_url
from hallclient.queue.credentials import OfflineCredentials
from hallclient.queue.models import Health, LoginResult
from hallclient.settings import Settings
from hallclient.ui.errors import describe_error
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.dialogs import LoginDialog, SettingsDialog, SetupDialog

log = logging.getLogger("hallclient.ui.signin")


def sign_in(
    *, client: ServerClient, credentials: OfflineCredentials, username: str, password: str, window_no: str
) -> LoginResult:
    """Online when the server answers; offline with the cached verifier only when it cannot be reached.

    A wrong password online is final: the offline verifier is never a second chance.
    Runs on a worker (it does HTTP and, offline, an argon2 check).
    """
    if not username or not password:
        raise ValidationError("请输入用户名和密码", field="username")
    try:
        result = client.login(username=username, password=password, window_no=window_no)
    except OfflineError:
        return credentials.sign_in_offline(username=username, password=password, window_no=window_no)
    credentials.remember(result)
    return result


class SignInFlow(QObject):
    def __init__(
        self,
        *,
        runner: TaskRunner,
        client: ServerClient,
        credentials: OfflineCredentials,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.client = client
        self.credentials = credentials
        self.settings = settings

    def sign_in_async(
        self,
        username: str,
        password: str,
        *,
        on_done: Callable[[LoginResult], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.runner.submit(
            "net",
            sign_in,
            client=self.client,
            credentials=self.credentials,
            username=username,
            password=password,
            window_no=self.settings.window_no,
            on_done=on_done,
            on_error=on_error,
        )

    def run_login_dialog(self, *, username: str = "", parent: QWidget | None = None) -> LoginResult | None:
        dialog = LoginDialog(
            window_no=self.settings.window_no,
            server_url=self.client.base_url,
            username=username,
            parent=parent,
        )
        outcome: list[LoginResult] = []

        def done(result: LoginResult) -> None:
            outcome.append(result)
            dialog.accept()

        def failed(exc: BaseException) -> None:
            dialog.set_busy(False)
            dialog.show_message(describe_error(exc), error=True)
            dialog.password.selectAll()
            dialog.password.setFocus()

        def submit() -> None:
            dialog.set_busy(True)
            self.sign_in_async(
                dialog.username.text().strip(), dialog.password.text(), on_done=done, on_error=failed
            )

        def open_settings() -> None:
            new = run_settings_dialog(self.settings, parent=dialog)
            if new is not None:
                self.settings = new
                dialog.show_message(self.tr("设置已保存；服务器地址和窗口号重启后生效。"))

        dialog.buttons.accepted.connect(submit)
        dialog.buttons.rejected.connect(dialog.reject)
        dialog.settings_button.clicked.connect(open_settings)
        if dialog.exec() != QDialog.DialogCode.Accepted or not outcome:
            return None
        return outcome[0]


def run_setup_dialog(
    settings: Settings, *, runner: TaskRunner, parent: QWidget | None = None
) -> Settings | None:
    dialog = SetupDialog(server_url=settings.server_url, window_no=settings.window_no, parent=parent)
    result: list[Settings] = []

    def values() -> Settings:
        url = normalise_base_url(dialog.server_url.text())
        window_no = dialog.window_no.text().strip()
        if not window_no:
            raise ValidationError("请填写窗口号", field="window_no")
        return replace(settings, server_url=url, window_no=window_no)

    # Bumped by every test and by closing: the net lane runs tests side by side, so a slow answer
    # for an address the clerk has since corrected must not be shown as the corrected one's, and
    # an answer after closing must not touch the dialog (the caller may have deleted it).
    latest = 0

    def tested(number: int, health: Health) -> None:
        if number == latest:
            dialog.show_message(
                QCoreApplication.translate("SetupDialog", "连接成功，服务器版本 %1").replace(
                    "%1", health.version
                )
            )

    def test_failed(number: int, exc: BaseException) -> None:
        if number == latest:
            dialog.show_message(describe_error(exc), error=True)

    def test() -> None:
        nonlocal latest
        latest += 1
        number = latest
        try:
            url = normalise_base_url(dialog.server_url.text())
        except HallError as exc:
            dialog.show_message(exc.message, error=True)
            return
        dialog.show_message(QCoreApplication.translate("SetupDialog", "正在连接…"))
        runner.submit(
            "net",
            _probe_health,
            url,
            on_done=lambda health: tested(number, health),
            on_error=lambda exc: test_failed(number, exc),
        )

    def closed() -> None:
        nonlocal latest
        latest += 1

    def accept() -> None:
        try:
            result.append(values())
        except HallError as exc:
            dialog.show_message(exc.message, error=True)
            return
        dialog.accept()

    dialog.test_button.clicked.connect(test)
    dialog.buttons.accepted.connect(accept)
    dialog.buttons.rejected.connect(dialog.reject)
    dialog.finished.connect(closed)
    if dialog.exec() != QDialog.DialogCode.Accepted or not result:
        return None
    return result[0]


def _probe_health(url: str) -> Health:
    """One look at a typed address, with a client of its own (closed again: tests may be many)."""
    probe = ServerClient(url)
    try:
        return probe.health()
    finally:
        probe.close()


def run_settings_dialog(settings: Settings, *, parent: QWidget | None = None) -> Settings | None:
    """Returns the new settings (the caller saves them) or None when cancelled."""
    dialog = SettingsDialog(
        server_url=settings.server_url,
        window_no=settings.window_no,
        language=settings.language,
        rating_timeout_s=settings.rating_timeout_s,
        offline_login_hours=settings.offline_login_hours,
        parent=parent,
    )
    result: list[Settings] = []

    def accept() -> None:
        try:
            url = normalise_base_url(dialog.server_url.text())
        except HallError as exc:
            dialog.message.setText(exc.message)
            return
        window_no = dialog.window_no.text().strip()
        if not window_no:
            dialog.message.setText(QCoreApplication.translate("SettingsDialog", "请填写窗口号"))
            return
        result.append(
            replace(
                settings,
                server_url=url,
                window_no=window_no,
                language=str(dialog.language.currentData()),
                rating_timeout_s=dialog.rating_timeout.value(),
                offline_login_hours=dialog.offline_hours.value(),
            )
        )
        dialog.accept()

    dialog.buttons.accepted.connect(accept)
    dialog.buttons.rejected.connect(dialog.reject)
    if dialog.exec() != QDialog.DialogCode.Accepted or not result:
        return None
    return result[0]
