"""The case list view: search, filter chips, the table and the selected case's detail with its
timeline and actions. Layout and rendering only; CaseListController decides."""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hallclient.intake.models import CHINA_TZ, ApplicantKind, CaseChip, CaseDetail
from hallclient.ui.intake.case_list_model import SUBJECT, CaseListModel
from hallclient.ui.intake.labels import (
    alert_label,
    check_state_label,
    chip_label,
    outcome_label,
    pledge_label,
    status_label,
)

CHIP_STYLE = (
    "QPushButton { border: 1px solid #9aa; border-radius: 11px; padding: 3px 12px; }"
    "QPushButton:checked { background: #1f5fa8; color: white; border-color: #1f5fa8; }"
)


class CaseDetailView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setObjectName("caseDetail")
        self.text.setOpenLinks(False)
        self.supplement_button = QPushButton(self.tr("补正(&B)"))
        self.supplement_button.setObjectName("supplementCase")
        self.withdraw_button = QPushButton(self.tr("撤回(&W)"))
        self.withdraw_button.setObjectName("withdrawCase")
        self.complete_button = QPushButton(self.tr("当场办结(&J)"))
        self.complete_button.setObjectName("completeCase")
        self.reveal_button = QPushButton(self.tr("显示完整证件号(&I)"))
        self.reveal_button.setObjectName("revealId")
        self.reveal_button.setToolTip(self.tr("查看完整姓名和证件号码会记入审计日志"))
        # Printing (hallclient.ui.printing.hooks) puts its menu of documents and reprints behind it.
        self.print_button = QPushButton(self.tr("打印/补打(&P)…"))
        self.print_button.setObjectName("printCase")
        # A copy pulled from another window holds only the last four ID characters (docs/sync.md).
        self.identity_note = QLabel(self.tr("其他窗口受理，办理前需核验身份"))
        self.identity_note.setObjectName("identityNote")
        self.identity_note.setStyleSheet("color: #8a5a00;")
        self.identity_note.hide()
        self.message = QLabel()
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.supplement_button,
            self.withdraw_button,
            self.complete_button,
            self.reveal_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.identity_note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_detail(None, subject_name="")

    def set_identity_verified(self, at: datetime | None) -> None:
        """The note of a copy from another window: the applicant checked at ``at``, or still to check."""
        if at is None:
            self.identity_note.setText(self.tr("其他窗口受理，办理前需核验身份"))
            self.identity_note.setStyleSheet("color: #8a5a00;")
        else:
            shown = at.astimezone(CHINA_TZ).strftime("%H:%M")
            self.identity_note.setText(self.tr("其他窗口受理，身份已于 %1 核验").replace("%1", shown))
            self.identity_note.setStyleSheet("color: #1b7a2f;")

    def show_detail(
        self, detail: CaseDetail | None, *, subject_name: str, identity_check: bool = False
    ) -> None:
        """``identity_check``: the case is a copy from another window (补正 and 撤回 ask for the
        applicant's ID number first)."""
        self.identity_note.setVisible(detail is not None and identity_check)
        self.set_identity_verified(None)
        for button in (
            self.supplement_button,
            self.withdraw_button,
            self.complete_button,
            self.reveal_button,
            self.print_button,
        ):
            button.setEnabled(detail is not None)
        if detail is None:
            hint = self.tr("选择一个办件查看详情")
            self.text.setHtml(f"<p style='color:#666'>{html.escape(hint)}</p>")
            return
        self.text.setHtml(self._html(detail, subject_name))

    def _html(self, d: CaseDetail, subject_name: str) -> str:
        e = html.escape
        person = d.applicant_kind is ApplicantKind.PERSON
        rows: list[tuple[str, str]] = [
            (self.tr("受理编号"), d.case_no + (f"（{d.server_case_no}）" if d.server_case_no else "")),
            (self.tr("事项"), (self.tr("【一件事】") if d.is_bundle else "") + subject_name),
            (
                self.tr("状态"),
                status_label(d.status) + (f"　{alert_label(d.alert)}" if alert_label(d.alert) else ""),
            ),
            (self.tr("结论"), outcome_label(d.outcome)),
        ]
        if d.outcome is not d.recommended_outcome:
            rows.append(
                (self.tr("系统建议"), outcome_label(d.recommended_outcome) + f"；{d.override_reason or ''}")
            )
        rows.append((self.tr("申请人") if person else self.tr("单位"), d.applicant_name))
        if person:
            rows.append((self.tr("公民身份号码"), d.id_number or ""))
        else:
            rows += [
                (self.tr("统一社会信用代码"), d.credit_code or ""),
                (self.tr("法定代表人"), d.legal_rep or ""),
            ]
        if d.phone:
            rows.append((self.tr("电话"), d.phone))
        if d.agent_name:
            rows.append((self.tr("代办人"), f"{d.agent_name}　{d.agent_id_number or ''}"))
        if d.promised_due:
            rows.append((self.tr("承诺办结"), d.promised_due.isoformat()))
        if d.pledge:
            due = self.tr("%1 前补齐").replace("%1", d.pledge.due.isoformat())
            rows.append((self.tr("容缺承诺"), f"{due}　{pledge_label(d.pledge.status)}"))
        if d.reject_reason:
            rows.append(
                (self.tr("不予受理理由"), d.reject_reason + (f"；{d.referral}" if d.referral else ""))
            )
        rows.append(
            (
                self.tr("窗口/经办人"),
                f"{d.window_no} / {d.clerk}" + (f"　{d.ticket_number}" if d.ticket_number else ""),
            )
        )
        info = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
        materials = "".join(
            "<tr{style}><td>{name}</td><td>{kind}</td><td>{state}</td></tr>".format(
                style=" style='color:#b00020'" if line.outstanding else "",
                name=e(line.name),
                kind=e(self.tr("主要") if line.core else self.tr("次要")),
                state=e(
                    check_state_label(line.state) + (f" {line.e_license_no}" if line.e_license_no else "")
                ),
            )
            for line in d.materials
        )
        timeline = "".join(
            f"<li>{e(t.at.astimezone(CHINA_TZ).strftime('%Y-%m-%d %H:%M'))}　{e(t.text)}"
            + (f"　<span style='color:#666'>{e(t.clerk)}</span>" if t.clerk else "")
            + "</li>"
            for t in d.timeline
        )
        materials_title, timeline_title = self.tr("材料"), self.tr("办理经过")
        return (
            f"<table cellspacing='2'>{info}</table>"
            f"<h4>{e(materials_title)}</h4><table cellspacing='2'>{materials}</table>"
            f"<h4>{e(timeline_title)}</h4><ul>{timeline}</ul>"
        )


class CaseListView(QWidget):
    def __init__(self, model: CaseListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListView")
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(
            self.tr("受理编号、申请人或代办人姓名、证件号码或电话（或后四位）、排队号")
        )
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(self.tr("查找办件(&Q)"))
        search_label.setBuddy(self.search)
        self.chips: dict[CaseChip, QPushButton] = {}
        chips_row = QHBoxLayout()
        chips_row.addWidget(search_label)
        chips_row.addWidget(self.search, 1)
        for number, chip in enumerate(CaseChip, start=1):
            button = QPushButton(f"{chip_label(chip)} &{number}")
            button.setObjectName(f"chip_{chip.value}")
            button.setCheckable(True)
            button.setStyleSheet(CHIP_STYLE)
            self.chips[chip] = button
            chips_row.addWidget(button)
        self.refresh_button = QPushButton(self.tr("刷新 (Ctrl+R)"))
        self.refresh_button.setObjectName("refreshCases")
        chips_row.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(SUBJECT, 150)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.status = QLabel()
        self.status.setObjectName("caseListStatus")

        self.detail = CaseDetailView()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(chips_row)
        layout.addWidget(splitter, 1)

        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.find_action)
        self.refresh_action = QAction(self)
        # Not F5: the function keys belong to the queue actions on every tab.
        self.refresh_action.setShortcut(QKeySequence("Ctrl+R"))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.refresh_action)
        self.setTabOrder(self.search, self.table)

    def chosen_chips(self) -> frozenset[CaseChip]:
        return frozenset(chip for chip, button in self.chips.items() if button.isChecked())

    def place(self) -> tuple[int, int]:
        """Where the table is scrolled to: the row at the top of its viewport (-1: none) and the
        horizontal position."""
        return self.table.rowAt(0), self.table.horizontalScrollBar().value()

    def set_place(self, top_row: int, across: int) -> None:
        """Scroll ``top_row`` to the top of the table and back to ``across``."""
        # New rows are laid out at the next paint: until then the scroll range is the old list's
        # and a position past it would be cut short.
        self.table.doItemsLayout()
        index = self.table.model().index(max(top_row, 0), 0)
        if index.isValid():
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.table.horizontalScrollBar().setValue(across)
