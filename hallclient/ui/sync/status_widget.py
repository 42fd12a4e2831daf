"""The status bar's sync indicator: online/offline, pending count, last successful sync."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from hallclient.sync.status import SyncStatus
from hallclient.ui.sync.texts import clock_text

ONLINE = "color: #1b7f3b;"
OFFLINE = "color: #b3261e; font-weight: bold;"
WARN = "color: #b26a00; font-weight: bold;"


class SyncStatusWidget(QWidget):
    """Click it for the details dialog."""

    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.pending = QLabel()
        self.pending.setObjectName("syncPending")
        self.last = QLabel()
        self.last.setObjectName("syncLast")
        self.problems = QLabel()
        self.problems.setObjectName("syncProblems")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for label in (self.state, self.pending, self.problems, self.last):
            layout.addWidget(label)
        self.setToolTip(self.tr("点击查看同步详情"))
        self.set_status(None)

    def set_status(self, status: SyncStatus | None) -> None:
        if status is None or status.online is None:
            self.state.setText(self.tr("● 同步：连接中"))
            self.state.setStyleSheet("")
        elif status.outdated:
            self.state.setText(self.tr("● 程序需要升级"))
            self.state.setStyleSheet(OFFLINE)
        elif status.online:
            self.state.setText(self.tr("● 同步中") if status.syncing else self.tr("● 在线"))
            self.state.setStyleSheet(ONLINE)
        elif status.server_fault:
            self.state.setText(self.tr("● 服务器暂时故障（数据已保存在本机）"))
            self.state.setStyleSheet(OFFLINE)
        else:
            self.state.setText(self.tr("● 离线（数据已保存在本机）"))
            self.state.setStyleSheet(OFFLINE)
        pending = status.pending if status is not None else 0
        self.pending.setText(self.tr("待同步 %1").replace("%1", str(pending)))
        problems = (status.conflicts + status.rejected) if status is not None else 0
        self.problems.setVisible(problems > 0)
        self.problems.setText(self.tr("需处理 %1").replace("%1", str(problems)))
        self.problems.setStyleSheet(WARN)
        last = status.last_success_at if status is not None else None
        self.last.setText(self.tr("最后同步 %1").replace("%1", clock_text(last)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self.details_requested.emit()
        super().mouseReleaseEvent(event)
