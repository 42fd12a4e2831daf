"""First-run setup, sign-in and settings dialogs (layout only; the controllers do the work)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.i18n import LANGUAGES


class SetupDialog(QDialog):
    """First run: where the server is and which window this PC is."""

    def __init__(self, *, server_url: str = "", window_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("首次设置"))
        intro = QLabel(self.tr("请填写中心服务器地址和本机所在的窗口号。以后可在“系统 → 设置”中修改。"))
        intro.setWordWrap(True)
        self.server_url = QLineEdit(server_url)
        self.server_url.setObjectName("serverUrl")
        self.server_url.setPlaceholderText("http://192.0.2.10:8470")
        self.window_no = QLineEdit(window_no)
        self.window_no.setObjectName("windowNo")
        self.window_no.setPlaceholderText("01")
        self.window_no.setMaxLength(8)
        self.test_button = QPushButton(self.tr("测试连接"))
        self.message = QLabel()
        self.message.setObjectName("setupMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.server_url)
        form.addRow(self.tr("窗口号"), self.window_no)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b7a2f;")
        self.message.setText(text)


class LoginDialog(QDialog):
    def __init__(self, *, window_no: str, server_url: str, username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("窗口登录"))
        self.setMinimumWidth(380)
        self.where = QLabel(self.tr("窗口 %1 · 服务器 %2").replace("%1", window_no).replace("%2", server_url))
        self.where.setObjectName("loginWhere")
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.sign_in_button = QPushButton(self.tr("登录"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.settings_button = QPushButton(self.tr("设置…"))
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        if busy:
            self.show_message(self.tr("正在登录…"))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #3a4a5c;")
        self.message.setText(text)


class SettingsDialog(QDialog):
    def __init__(
        self,
        *,
        server_url: str,
        window_no: str,
        language: str,
        rating_timeout_s: int,
        offline_login_hours: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.server_url = QLineEdit(server_url)
        self.window_no = QLineEdit(window_no)
        self.window_no.setMaxLength(8)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.rating_timeout = QSpinBox()
        self.rating_timeout.setRange(10, 600)
        self.rating_timeout.setSuffix(self.tr(" 秒"))
        self.rating_timeout.setValue(rating_timeout_s)
        self.offline_hours = QSpinBox()
        self.offline_hours.setRange(1, 24 * 14)
        self.offline_hours.setSuffix(self.tr(" 小时"))
        self.offline_hours.setValue(offline_login_hours)
        note = QLabel(self.tr("窗口号、服务器地址和语言在重新登录或重新启动后生效。"))
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("服务器地址"), self.server_url)
        form.addRow(self.tr("窗口号"), self.window_no)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("评价超时"), self.rating_timeout)
        form.addRow(self.tr("离线登录有效期"), self.offline_hours)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
