"""The queue panel: current ticket large, action buttons, waiting counts, suspended tickets.

A view: it lays out and displays what the controller hands it; it decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.views.actions import CounterAction

BUTTON_ROWS: tuple[tuple[CounterAction, ...], ...] = (
    (CounterAction.CALL_NEXT, CounterAction.RECALL, CounterAction.START, CounterAction.FINISH),
    (CounterAction.NO_SHOW, CounterAction.TRANSFER, CounterAction.SUSPEND, CounterAction.PAUSE),
    (CounterAction.CALL_TICKET, CounterAction.RESUME, CounterAction.MANUAL_TICKET, CounterAction.HELP),
)
PRIMARY = {CounterAction.CALL_NEXT, CounterAction.FINISH}


@dataclass(frozen=True)
class TicketView:
    number: str
    service_name: str
    state_label: str
    waited: str
    recall_count: int
    green_channel: bool
    manual: bool = False
    recall_limit_reached: bool = False


@dataclass(frozen=True)
class WaitingRow:
    service_name: str
    prefix: str
    waiting: int
    oldest: str


class QueuePanel(QWidget):
    def __init__(self, actions: dict[CounterAction, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")

        self.ticket_number = QLabel("—")
        self.ticket_number.setObjectName("ticketNumber")
        big = QFont(self.font())
        big.setPointSize(64)
        big.setBold(True)
        self.ticket_number.setFont(big)
        self.ticket_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_number.setMinimumHeight(120)

        self.ticket_service = QLabel()
        self.ticket_service.setObjectName("ticketService")
        mid = QFont(self.font())
        mid.setPointSize(16)
        self.ticket_service.setFont(mid)
        self.ticket_service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Wrapped, as a hall's service names can run a line long: unwrapped, one would widen the
        # window past a 1366-pixel screen.
        self.ticket_service.setWordWrap(True)
        self.ticket_details = QLabel()
        self.ticket_details.setObjectName("ticketDetails")
        self.ticket_details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ticket_details.setWordWrap(True)
        self.window_state = QLabel()
        self.window_state.setObjectName("windowState")
        self.window_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.window_state.setWordWrap(True)

        ticket_box = QFrame()
        ticket_box.setObjectName("ticketBox")
        ticket_box.setFrameShape(QFrame.Shape.StyledPanel)
        ticket_box.setStyleSheet(
            "#ticketBox { background: #f4f8fc; border: 1px solid #b8c8d8; border-radius: 6px; }"
        )
        box_layout = QVBoxLayout(ticket_box)
        caption = QLabel(self.tr("当前号"))
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box_layout.addWidget(caption)
        box_layout.addWidget(self.ticket_number)
        box_layout.addWidget(self.ticket_service)
        box_layout.addWidget(self.ticket_details)
        box_layout.addWidget(self.window_state)

        self.buttons: dict[CounterAction, QToolButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        for row, names in enumerate(BUTTON_ROWS):
            for col, name in enumerate(names):
                button = QToolButton()
                button.setDefaultAction(actions[name])
                button.setObjectName(f"button_{name.value}")
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setMinimumHeight(56)
                if name in PRIMARY:
                    button.setStyleSheet("QToolButton { font-weight: bold; }")
                grid.addWidget(button, row, col)
                self.buttons[name] = button

        left = QVBoxLayout()
        left.addWidget(ticket_box, 3)
        left.addLayout(grid, 2)

        self.waiting_table = QTableWidget(0, 3)
        self.waiting_table.setObjectName("waitingTable")
        self.waiting_table.setHorizontalHeaderLabels([self.tr("业务"), self.tr("等候"), self.tr("最长等候")])
        self.waiting_table.verticalHeader().setVisible(False)
        self.waiting_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.waiting_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.waiting_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.waiting_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.waiting_total = QLabel()
        self.waiting_total.setObjectName("waitingTotal")
        waiting_box = QGroupBox(self.tr("本窗口等候人数"))
        waiting_layout = QVBoxLayout(waiting_box)
        waiting_layout.addWidget(self.waiting_table)
        waiting_layout.addWidget(self.waiting_total)

        self.suspended_list = QListWidget()
        self.suspended_list.setObjectName("suspendedList")
        suspended_box = QGroupBox(self.tr("挂起的号（选中后按 F10 恢复）"))
        suspended_layout = QVBoxLayout(suspended_box)
        suspended_layout.addWidget(self.suspended_list)

        right = QVBoxLayout()
        right.addWidget(waiting_box, 3)
        right.addWidget(suspended_box, 2)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    # -- display --------------------------------------------------------------------------------

    def show_ticket(self, ticket: TicketView) -> None:
        self.ticket_number.setText(ticket.number)
        color = "#b00020" if ticket.green_channel else "#0b3d91"
        self.ticket_number.setStyleSheet(f"color: {color};")
        service = ticket.service_name
        if ticket.green_channel:
            green = self.tr("绿色通道")
            service = f"{service} · {green}"
        if ticket.manual:
            manual = self.tr("手工登记（离线）")
            service = f"{service} · {manual}"
        self.ticket_service.setText(service)
        parts = [ticket.state_label]
        if ticket.waited:
            parts.append(self.tr("已等候 %1").replace("%1", ticket.waited))
        recalled = self.tr("重呼 %1 次").replace("%1", str(ticket.recall_count))
        if ticket.recall_limit_reached:
            recalled += self.tr("（已达上限）")
        parts.append(recalled)
        self.ticket_details.setText("　".join(parts))

    def show_no_ticket(self, message: str) -> None:
        self.ticket_number.setText("—")
        self.ticket_number.setStyleSheet("color: #7a869a;")
        self.ticket_service.setText(message)
        self.ticket_details.setText("")

    def show_window_state(self, text: str, *, alert: bool = False) -> None:
        self.window_state.setText(text)
        self.window_state.setStyleSheet("color: #b00020; font-weight: bold;" if alert else "color: #3a4a5c;")

    def set_waiting(self, rows: list[WaitingRow], total_text: str) -> None:
        self.waiting_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            name = QTableWidgetItem(f"{row.prefix}  {row.service_name}")
            count = QTableWidgetItem(str(row.waiting))
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            oldest = QTableWidgetItem(row.oldest)
            oldest.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for col, item in enumerate((name, count, oldest)):
                self.waiting_table.setItem(i, col, item)
        self.waiting_total.setText(total_text)

    def waiting_counts(self) -> dict[str, int]:
        """What the table shows, by prefix (used by tests and the screenshots script)."""
        counts: dict[str, int] = {}
        for i in range(self.waiting_table.rowCount()):
            name_item = self.waiting_table.item(i, 0)
            count_item = self.waiting_table.item(i, 1)
            if name_item and count_item:
                counts[name_item.text().split()[0]] = int(count_item.text())
        return counts

    def set_suspended(self, rows: list[tuple[object, str]]) -> None:
        selected = self.selected_suspended()
        self.suspended_list.clear()
        for ticket_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, ticket_id)
            self.suspended_list.addItem(item)
            if ticket_id == selected:
                item.setSelected(True)
                self.suspended_list.setCurrentItem(item)
        if self.suspended_list.currentItem() is None and self.suspended_list.count():
            self.suspended_list.setCurrentRow(0)

    def selected_suspended(self) -> object | None:
        item = self.suspended_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
