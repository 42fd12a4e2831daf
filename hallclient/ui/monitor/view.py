"""The manager's monitor: layout only; ``MonitorController`` fills it.

Top: today's figures as cards. Left: services and windows. Right: alerts and 差评.
Rows are coloured by level (yellow: watch it, red: act now).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hallclient.ui.monitor.figures import Level

LEVEL_BACKGROUND = {Level.OK: None, Level.WARN: "#fff1c2", Level.ALERT: "#ffd3d3"}
BAD_ITEM_COLUMN = 3
BAD_REASONS_COLUMN = 5
LEVEL_TEXT = {Level.OK: "#1f3b5c", Level.WARN: "#8a5a00", Level.ALERT: "#b00020"}


@dataclass(frozen=True)
class Cell:
    text: str
    level: Level = Level.OK
    tooltip: str = ""


@dataclass(frozen=True)
class AlertLine:
    text: str
    level: Level


class FigureCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setStyleSheet(
            "#figureCard { background: white; border: 1px solid #c9d6e6; border-radius: 8px; }"
        )
        self.title = QLabel(title)
        self.title.setStyleSheet("color: #5a6f8a;")
        self.value = QLabel("—")
        big = QFont(self.font())
        big.setPointSize(24)
        big.setBold(True)
        self.value.setFont(big)
        self.value.setStyleSheet("color: #1f3b5c;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box


class MonitorWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitorWindow")
        self.setWindowTitle(self.tr("大厅监控"))
        self.setStyleSheet("#monitorWindow { background: #eef3f9; }")

        self.hall_name = QLabel()
        self.hall_name.setObjectName("hallName")
        title_font = QFont(self.font())
        title_font.setPointSize(16)
        title_font.setBold(True)
        self.hall_name.setFont(title_font)
        self.clock = QLabel()
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.hall_name, 1)
        header.addWidget(self.clock)

        self.cards = {
            "issued": FigureCard(self.tr("今日取号")),
            "finished": FigureCard(self.tr("已办结")),
            "waiting": FigureCard(self.tr("正在等候")),
            "average_wait": FigureCard(self.tr("平均等候")),
            "windows_open": FigureCard(self.tr("在岗窗口")),
            "no_show": FigureCard(self.tr("过号")),
            "bad": FigureCard(self.tr("今日差评")),
        }
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.services_table = _table(
            "servicesTable", [self.tr("业务"), self.tr("号段"), self.tr("等候人数"), self.tr("最久等候")]
        )
        # A county hall's service names run to twenty characters; the prefix and the figures are
        # short, so the name takes what they leave (and the full name is on hover).
        services_header = self.services_table.horizontalHeader()
        for column in range(1, self.services_table.columnCount()):
            services_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.windows_table = _table(
            "windowsTable",
            [
                self.tr("窗口"),
                self.tr("状态"),
                self.tr("工作人员"),
                self.tr("当前号"),
                self.tr("已用时"),
                self.tr("暂停原因"),
            ],
        )
        self.alerts_list = QListWidget()
        self.alerts_list.setObjectName("alertsList")
        self.alerts_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # A long service name makes a long line: wrapped, not cut off behind a sideways scroll.
        self.alerts_list.setWordWrap(True)
        self.alerts_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.alerts_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bad_table = _table(
            "badRatingsTable",
            [
                self.tr("评价时间"),
                self.tr("窗口"),
                self.tr("号码"),
                self.tr("事项"),
                self.tr("评价"),
                self.tr("原因"),
                self.tr("阶段"),
                self.tr("时限"),
            ],
        )
        # A manager picks a 差评 to move its rectification on (the other tables are for reading).
        self.bad_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.bad_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bad_table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bad_header = self.bad_table.horizontalHeader()
        for column in range(self.bad_table.columnCount()):
            bad_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # An item's name can be long: it and the reasons share what is left, elided, in full on hover.
        for column in (BAD_ITEM_COLUMN, BAD_REASONS_COLUMN):
            bad_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.advance_button = QPushButton(self.tr("推进整改…"))
        self.advance_button.setObjectName("advanceRectificationButton")
        self.advance_button.setEnabled(False)
        self.rectification_hint = QLabel()
        self.rectification_hint.setObjectName("rectificationHint")
        self.rectification_hint.setStyleSheet("color: #5a6f8a;")
        self.rectification_hint.setWordWrap(True)
        bad_actions = QHBoxLayout()
        bad_actions.addWidget(self.rectification_hint, 1)
        bad_actions.addWidget(self.advance_button)
        bad_panel = QWidget()
        bad_layout = QVBoxLayout(bad_panel)
        bad_layout.setContentsMargins(0, 0, 0, 0)
        bad_layout.addWidget(self.bad_table, 1)
        bad_layout.addLayout(bad_actions)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(_group(self.tr("各业务排队"), self.services_table))
        left.addWidget(_group(self.tr("窗口状态"), self.windows_table))
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_group(self.tr("提醒"), self.alerts_list))
        right.addWidget(_group(self.tr("差评整改（未办结）"), bad_panel))
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(header)
        layout.addLayout(cards)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self.connection_label = QLabel()
        self.connection_label.setObjectName("connectionLabel")
        self.updated_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addWidget(self.connection_label)
        self.statusBar().addWidget(self.updated_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    # -- what the controller sets ---------------------------------------------------------------

    def set_card(self, key: str, value: str, level: Level = Level.OK) -> None:
        card = self.cards[key]
        card.value.setText(value)
        card.value.setStyleSheet(f"color: {LEVEL_TEXT[level]};")

    def set_rows(self, table: QTableWidget, rows: list[list[Cell]]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            row_level = max((c.level for c in row), default=Level.OK)
            background = LEVEL_BACKGROUND[row_level]
            for c, cell in enumerate(row):
                item = table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(r, c, item)
                item.setText(cell.text)
                item.setToolTip(cell.tooltip)
                item.setForeground(QBrush(QColor(LEVEL_TEXT[cell.level])))
                item.setBackground(QBrush(QColor(background)) if background else QBrush())

    def set_alerts(self, alerts: list[AlertLine], empty_text: str) -> None:
        # Redrawn every few seconds: the items are updated in place, so a manager reading down a
        # long list keeps their place (clearing it would scroll back to the top).
        lines = alerts or [AlertLine(empty_text, Level.OK)]
        listing = self.alerts_list
        while listing.count() > len(lines):
            listing.takeItem(listing.count() - 1)
        for row, alert in enumerate(lines):
            item = listing.item(row)
            if item is None:
                item = QListWidgetItem()
                listing.addItem(item)
            item.setText(alert.text)
            item.setToolTip(alert.text)
            item.setForeground(QBrush(QColor(LEVEL_TEXT[alert.level])))
            background = LEVEL_BACKGROUND[alert.level]
            item.setBackground(QBrush(QColor(background)) if background else QBrush())

    def set_connection(self, text: str, *, ok: bool) -> None:
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet("color: #1b7a2f;" if ok else "color: #b00020; font-weight: bold;")
