"""Sync details: what is waiting, what the server refused or found in conflict, and why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.sync.conflicts import CHOICE_MINE, CHOICE_SERVER
from hallclient.sync.status import ADVICE_RESOLVE, ADVICE_RETRY, SyncStatus
from hallclient.ui.sync.texts import advice_text, clock_text, mutation_label, status_label


class SyncDetailsDialog(QDialog):
    sync_requested = Signal()
    retry_requested = Signal(int)  # mutation id
    resolve_requested = Signal(int, str)  # mutation id, CHOICE_SERVER or CHOICE_MINE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncDetails")
        self.setWindowTitle(self.tr("同步详情"))
        self.resize(900, 480)
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("syncTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("编号"),
                self.tr("类型"),
                self.tr("内容"),
                self.tr("状态"),
                self.tr("时间"),
                self.tr("原因"),
                self.tr("怎么办"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("syncNow")
        self.retry_button = QPushButton(self.tr("重新提交"))
        self.retry_button.setObjectName("syncRetry")
        self.use_server_button = QPushButton(self.tr("采用服务器版本"))
        self.use_server_button.setObjectName("syncUseServer")
        self.use_server_button.setToolTip(self.tr("放弃本窗口未被接受的修改，以服务器上的办件为准"))
        self.keep_mine_button = QPushButton(self.tr("保留我的修改"))
        self.keep_mine_button.setObjectName("syncKeepMine")
        self.keep_mine_button.setToolTip(self.tr("在服务器的最新版本上重新提交本窗口的修改"))
        self.copy_button = QPushButton(self.tr("复制给值班长"))
        self.copy_button.setObjectName("syncCopy")
        close = QPushButton(self.tr("关闭"))
        buttons = QHBoxLayout()
        for button in (
            self.sync_button,
            self.retry_button,
            self.use_server_button,
            self.keep_mine_button,
            self.copy_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._status: SyncStatus | None = None
        self._retryable: dict[int, bool] = {}
        self._resolvable: dict[int, bool] = {}
        self.sync_button.clicked.connect(self.sync_requested)
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        self.use_server_button.clicked.connect(self._on_use_server_button_clicked)
        self.keep_mine_button.clicked.connect(self._on_keep_mine_button_clicked)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self._on_table_selection_changed()

    def set_status(self, status: SyncStatus) -> None:
        self._status = status
        if status.outdated:
            state = self.tr(
                "本程序版本过旧，服务器已停止接收它的数据。请联系信息技术人员升级；本机数据都已保留。"
            )
        elif status.server_fault:
            state = self.tr(
                "服务器暂时无法处理同步：办件、评价等都已保存在本机，稍后会自动重试。"
                "若持续出现，请联系信息技术人员查看服务器。"
            )
        elif status.online is False:
            state = self.tr("当前离线：办件、评价等都已保存在本机，网络恢复后会自动同步。")
        else:
            state = self.tr("已连接服务器。")
        counts = self.tr("待同步 %1 条，冲突 %2 条，被拒绝 %3 条。最后同步：%4。")
        counts = (
            counts.replace("%1", str(status.pending))
            .replace("%2", str(status.conflicts))
            .replace("%3", str(status.rejected))
            .replace("%4", clock_text(status.last_success_at))
        )
        error = self.tr("最近的问题：%1").replace("%1", status.last_error) if status.last_error else ""
        self.summary.setText("\n".join(part for part in (state, counts, error) if part))
        rows: list[tuple[int, str, str, str, str, str, str, bool, bool]] = [
            (
                p.mutation_id,
                mutation_label(p.name),
                p.summary,
                status_label(p.status),
                clock_text(p.created_at),
                p.reason,
                advice_text(p.advice),
                p.advice == ADVICE_RETRY,
                p.advice == ADVICE_RESOLVE,
            )
            for p in status.problems
        ]
        rows += [
            (
                m.mutation_id,
                mutation_label(m.name),
                m.summary,
                status_label("pending"),
                clock_text(m.created_at),
                m.last_error or "",
                self.tr("无需操作，会自动同步"),
                False,
                False,
            )
            for m in status.oldest_pending
        ]
        self.table.setRowCount(len(rows))
        self._retryable = {}
        self._resolvable = {}
        for row, values in enumerate(rows):
            for column, value in enumerate(values[:7]):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
            self._retryable[row] = values[7]
            self._resolvable[row] = values[8]
        self._on_table_selection_changed()

    def selected_mutation_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.text()) if item is not None else None

    def report_text(self) -> str:
        """What the clerk hands to the manager: every problem with its reason."""
        if self._status is None:
            return ""
        lines = [self.tr("同步问题（%1 条）").replace("%1", str(len(self._status.problems)))]
        for p in self._status.problems:
            lines.append(
                f"#{p.mutation_id} {mutation_label(p.name)} {p.summary} {status_label(p.status)} "
                f"{clock_text(p.created_at)}：{p.reason}"
            )
        return "\n".join(lines)

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.retry_button.setEnabled(bool(rows) and self._retryable.get(rows[0].row(), False))
        resolvable = bool(rows) and self._resolvable.get(rows[0].row(), False)
        self.use_server_button.setEnabled(resolvable)
        self.keep_mine_button.setEnabled(resolvable)

    def confirm_resolution(self, choice: str) -> bool:
        """Ask before resolving: either choice is final and is recorded with the clerk's name."""
        if choice == CHOICE_SERVER:
            text = self.tr("采用服务器上的办件版本：本窗口未被服务器接受的修改将作废（仍保留记录）。确定吗？")
        else:
            text = self.tr("保留本窗口的修改：将在服务器的最新版本上重新提交，由服务器再次核对。确定吗？")
        answer = QMessageBox.question(self, self.tr("处理同步冲突"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _request_resolution(self, choice: str) -> None:
        mutation_id = self.selected_mutation_id()
        if mutation_id is not None and self.confirm_resolution(choice):
            self.resolve_requested.emit(mutation_id, choice)

    def _on_use_server_button_clicked(self) -> None:
        self._request_resolution(CHOICE_SERVER)

    def _on_keep_mine_button_clicked(self) -> None:
        self._request_resolution(CHOICE_MINE)

    def _on_retry_button_clicked(self) -> None:
        mutation_id = self.selected_mutation_id()
        if mutation_id is not None:
            self.retry_requested.emit(mutation_id)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
