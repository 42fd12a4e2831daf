"""The manager's sign-in dialog; the request runs on the net lane while the dialog stays live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.errors import AuthError
from hallclient.queue.client import ServerClient
from hallclient.ui.errors import describe_error
from hallclient.ui.roles.access import Access
from hallclient.ui.tasks import TaskRunner

MANAGER_ROLES = {"manager", "admin"}


class ManagerLoginDialog(QDialog):
    def __init__(self, *, server_url: str, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerLoginDialog")
        self.setWindowTitle(self.tr("大厅监控登录"))
        self.setMinimumWidth(380)
        where = QLabel(self.tr("服务器 %1").replace("%1", server_url))
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.sign_in_button = QPushButton(self.tr("登录"))
        self.sign_in_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.ActionRole)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if username:
            self.password.setFocus()


def sign_in_manager(client: ServerClient, username: str, password: str) -> str:
    """Blocking (net lane): sign in and insist on a manager or admin account."""
    client.device_token = ""
    login = client.login(username=username, password=password)
    if login.user.role not in MANAGER_ROLES:
        client.set_token("")
        raise AuthError("大厅监控需要管理员账号。", code="forbidden")
    return login.user.display_name


def run_manager_login(
    *, runner: TaskRunner, client: ServerClient, server_url: str, username: str = ""
) -> tuple[Access, str] | None:
    """Asks until a manager signs in (→ the Access to sign in again with, and the name) or is cancelled."""
    dialog = ManagerLoginDialog(server_url=server_url, username=username)
    result: list[tuple[Access, str]] = []

    def submit() -> None:
        name, password = dialog.username.text().strip(), dialog.password.text()
        if not name or not password:
            dialog.message.setText(QCoreApplication.translate("ManagerLoginDialog", "请输入用户名和密码。"))
            return
        dialog.sign_in_button.setEnabled(False)
        dialog.message.setText(QCoreApplication.translate("ManagerLoginDialog", "正在登录…"))

        def done(who: str) -> None:
            result.append((Access(username=name, password=password), who))
            dialog.accept()

        def failed(exc: BaseException) -> None:
            dialog.sign_in_button.setEnabled(True)
            dialog.message.setText(describe_error(exc))

        runner.submit("net", sign_in_manager, client, name, password, on_done=done, on_error=failed)

    dialog.sign_in_button.clicked.connect(submit)
    dialog.buttons.rejected.connect(dialog.reject)
    dialog.exec()
    return result[0] if result else None
