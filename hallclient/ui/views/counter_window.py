"""The counter's main window: banner, tabs (叫号, 受理), status bar. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from hallclient.ui.views.actions import CounterAction, build_actions
from hallclient.ui.views.queue_panel import QueuePanel

ONLINE_STYLE = "color: #1b7a2f; font-weight: bold;"
OFFLINE_STYLE = "color: #b00020; font-weight: bold;"
NOTICE_STYLE = "background: #fff4e0; color: #6b4500; padding: 6px; border: 1px solid #e0b860;"
ERROR_NOTICE_STYLE = "background: #fde8ea; color: #8a0018; padding: 6px; border: 1px solid #e08a96;"
BANNER_STYLE = "background: #b00020; color: white; font-size: 15px; font-weight: bold; padding: 8px;"


class CounterWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterWindow")
        self.setWindowTitle(self.tr("窗口端 — 政务服务大厅"))
        self.resize(1180, 720)

        self.counter_actions = build_actions(self)
        self.queue_panel = QueuePanel(self.counter_actions)

        self.banner = QLabel()
        self.banner.setObjectName("offlineBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.notice.hide)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("counterTabs")
        self.tabs.addTab(self.queue_panel, self.tr("叫号"))
        self._intake_placeholder = QLabel(self.tr("受理功能将在后续版本中提供。"))
        self._intake_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intake_tab_index = self.tabs.addTab(self._intake_placeholder, self.tr("受理"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)

        self.status_connection = QLabel()
        self.status_connection.setObjectName("statusConnection")
        self.status_clerk = QLabel()
        self.status_clerk.setObjectName("statusClerk")
        self.status_window = QLabel()
        self.status_window.setObjectName("statusWindow")
        # Ratings the store could not take yet: shown until it has, as a notice fades
        self.status_unsaved_ratings = QLabel()
        self.status_unsaved_ratings.setObjectName("statusUnsavedRatings")
        self.status_unsaved_ratings.setStyleSheet(OFFLINE_STYLE)
        self.status_unsaved_ratings.hide()
        bar = self.statusBar()
        for label in (self.status_connection, self.status_window, self.status_clerk):
            bar.addWidget(label)
        bar.addPermanentWidget(self.status_unsaved_ratings)

        menu = self.menuBar().addMenu(self.tr("系统(&S)"))
        self.settings_action = QAction(self.tr("设置…"), self)
        self.settings_action.setObjectName("action_settings")
        self.sign_out_action = QAction(self.tr("退出登录"), self)
        self.quit_action = QAction(self.tr("退出程序"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.sign_out_action)
        menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.counter_actions[CounterAction.HELP])

    def set_intake_widget(self, widget: QWidget, title: str | None = None) -> None:
        """The slot for the intake (受理) view: replaces the placeholder tab."""
        index = self.intake_tab_index
        self.tabs.removeTab(index)
        self._intake_placeholder.deleteLater()
        self.tabs.insertTab(index, widget, title or self.tr("受理"))

    def show_online(self, text: str) -> None:
        self.status_connection.setText(text)
        self.status_connection.setStyleSheet(ONLINE_STYLE)
        self.banner.hide()

    def show_offline(self, status_text: str, banner_text: str) -> None:
        self.status_connection.setText(status_text)
        self.status_connection.setStyleSheet(OFFLINE_STYLE)
        self.banner.setText(banner_text)
        self.banner.show()

    def show_notice(self, text: str, *, error: bool = False, seconds: int = 8) -> None:
        """A message that does not block the clerk (no modal box for routine outcomes)."""
        self.notice.setStyleSheet(ERROR_NOTICE_STYLE if error else NOTICE_STYLE)
        self.notice.setText(text)
        self.notice.show()
        self._notice_timer.start(seconds * 1000)

    def show_settings_saved(self) -> None:
        self.show_notice(self.tr("设置已保存；服务器地址、窗口号和语言在重新启动后生效。"))
