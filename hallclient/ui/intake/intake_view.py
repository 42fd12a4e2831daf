"""The intake view: item search with results, the applicant form, the material checklist and
the outcome box, side by side. Layout and keyboard handling only; IntakeController decides."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hallclient.domain.outcome import CheckState
from hallclient.ui.intake.checklist_model import (
    COPIES,
    LICENSE,
    NAME,
    ORIGINALS,
    STATE,
    STATE_KEYS,
    ChecklistModel,
)
from hallclient.ui.intake.form_views import ApplicantForm, OutcomeBox
from hallclient.ui.intake.labels import check_state_label

_Index = QModelIndex | QPersistentModelIndex
SUBJECT_STYLE = "font-size: 15px; font-weight: bold;"


class SearchLine(QLineEdit):
    """The search box: Down moves into the results, Enter picks the highlighted one."""

    down_pressed = Signal()
    up_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Up:
            self.up_pressed.emit()
            return
        super().keyPressEvent(event)


class ChecklistDelegate(QStyledItemDelegate):
    """Editors for the checklist: a state list, count boxes, the licence number."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802 - Qt override
        if index.column() == STATE:
            combo = QComboBox(parent)
            for state in CheckState:
                combo.addItem(check_state_label(state), state.value)
            return combo
        if index.column() in (ORIGINALS, COPIES):
            spin = QSpinBox(parent)
            spin.setRange(0, 99)
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802 - Qt override
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(
                value.value if isinstance(value, CheckState) else CheckState.ORIGINAL.value
            )
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802 - Qt override
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class ChecklistTable(QTableView):
    """Keys 1–5 and 0 set the state of the current row and move to the next one; 3 (电子证照)
    opens the licence number instead. Tab leaves the table, arrows move inside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setItemDelegate(ChecklistDelegate(self))
        self.setAlternatingRowColors(False)
        self.verticalHeader().setDefaultSectionSize(26)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Asks for no more than its minimum and takes whatever room is left (it stretches): the
        # column around it scrolls once the content is taller than its preferred height, and a
        # table asking for Qt's default 192 pixels would make it scroll while four rows fit.
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), self.minimumSizeHint().height()))

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        model = self.model()
        if model is not None and model.rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(model.index(0, STATE))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        current = self.currentIndex()
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)
            and current.isValid()
            and current.column() not in (ORIGINALS, COPIES, LICENSE)
            and self.state() != QAbstractItemView.State.EditingState
            and self._edit_details(current.row())
        ):
            return
        state = STATE_KEYS.get(event.text())
        if (
            state is not None
            and current.isValid()
            and current.column() not in (ORIGINALS, COPIES, LICENSE)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            model = self.model()
            row = current.row()
            if model.setData(model.index(row, STATE), state.value, Qt.ItemDataRole.EditRole):
                if state is CheckState.E_LICENSE:
                    target = model.index(row, LICENSE)
                    self.setCurrentIndex(target)
                    self.edit(target)
                elif row + 1 < model.rowCount():
                    self.setCurrentIndex(model.index(row + 1, current.column()))
            return
        super().keyPressEvent(event)

    def _edit_details(self, row: int) -> bool:
        """Enter (or F2) on a ticked row: its counts, or its licence number (as the hint says)."""
        model = self.model()
        state = model.index(row, STATE).data(Qt.ItemDataRole.EditRole)
        column = {CheckState.ORIGINAL: ORIGINALS, CheckState.COPY: COPIES, CheckState.E_LICENSE: LICENSE}.get(
            state
        )
        if column is None:
            return False
        target = model.index(row, column)
        self.setCurrentIndex(target)
        self.edit(target)
        return True

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802 - Qt override
        # A count or licence number finished with Enter goes on to the next row, Escape stays on
        # this one; either way on the state column, where the number keys tick rows again (on
        # the count and licence columns a digit would start editing that cell instead).
        column, row = self.currentIndex().column(), self.currentIndex().row()
        hints = QAbstractItemDelegate.EndEditHint
        goes_on = hint in (hints.SubmitModelCache, hints.EditNextItem)
        if column not in (ORIGINALS, COPIES, LICENSE) or hint is hints.NoHint:
            super().closeEditor(editor, hint)
            return
        if hint is hints.EditNextItem and column == ORIGINALS:
            super().closeEditor(editor, hint)  # Tab: on to the copies
            return
        if hint is hints.EditPreviousItem and column == COPIES:
            super().closeEditor(editor, hint)  # Shift+Tab: back to the originals
            return
        super().closeEditor(editor, hints.NoHint)
        model = self.model()
        if goes_on and row + 1 < model.rowCount():
            row += 1
        self.setCurrentIndex(model.index(row, STATE))


class IntakeView(QWidget):
    def __init__(self, checklist_model: ChecklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeView")

        # --- left: search ---------------------------------------------------------------------
        self.search = SearchLine()
        self.search.setObjectName("itemSearch")
        self.search.setPlaceholderText(self.tr("事项名称、编码、部门或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(self.tr("查找事项(&F)"))
        search_label.setBuddy(self.search)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setAlternatingRowColors(True)
        self.results.setWordWrap(True)
        self.search_status = QLabel()
        self.search_status.setObjectName("searchStatus")
        self.search_status.setWordWrap(True)
        left = self.search_area = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(search_label)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.search_status)

        # --- middle: subject, applicant, checklist ---------------------------------------------
        self.subject = QLabel(self.tr("请先在左侧查找并选择办理事项"))
        self.subject.setObjectName("subjectTitle")
        self.subject.setStyleSheet(SUBJECT_STYLE)
        self.subject.setWordWrap(True)
        self.subject_info = QLabel()
        self.subject_info.setObjectName("subjectInfo")
        self.subject_info.setWordWrap(True)
        self.ticket = QLabel()
        self.ticket.setObjectName("ticketLink")
        self.applicant = ApplicantForm()

        self.checklist = ChecklistTable()
        self.checklist.setModel(checklist_model)
        header = self.checklist.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        self.checklist.setWordWrap(False)
        self.checklist.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.all_received = QPushButton(self.tr("全部收齐(&A)"))
        self.all_received.setObjectName("allReceived")
        self.counts = QLabel()
        self.counts.setObjectName("checklistCounts")
        hint = QLabel(
            self.tr(
                "键盘：↑↓ 选择材料；1 原件　2 复印件　3 电子证照　4 缺　5 不符合　0 不适用；Enter 修改份数"
            )
        )
        hint.setObjectName("checklistHint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        checklist_box = self.checklist_box = QGroupBox(self.tr("材料清单(&M)"))
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.addWidget(self.checklist, 1)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.counts, 1)
        counts_row.addWidget(self.all_received)
        checklist_layout.addLayout(counts_row)
        checklist_layout.addWidget(hint)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.subject, 1)
        heading.addWidget(self.ticket)
        middle_layout.addLayout(heading)
        middle_layout.addWidget(self.subject_info)
        middle_layout.addWidget(self.applicant)
        middle_layout.addWidget(checklist_box, 1)
        # The checklist keeps four rows in sight; below that the column scrolls rather than
        # squash the applicant's fields and their messages into unreadable slivers (a 1366×768
        # counter with an 代办人 and every message shown has less height than they need).
        header_height = self.checklist.horizontalHeader().sizeHint().height()
        self.checklist.setMinimumHeight(
            header_height + 4 * self.checklist.verticalHeader().defaultSectionSize() + 4
        )
        self._middle = middle
        self.middle_area = QScrollArea()
        self.middle_area.setObjectName("intakeMiddle")
        self.middle_area.setWidget(middle)
        self.middle_area.setWidgetResizable(True)
        self.middle_area.setFrameShape(QFrame.Shape.NoFrame)
        self.middle_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Only heights scroll: the splitter keeps the column as wide as its fields need.
        self.middle_area.setMinimumWidth(
            middle.minimumSizeHint().width() + self.middle_area.verticalScrollBar().sizeHint().width()
        )

        # --- right: outcome --------------------------------------------------------------------
        self.outcome = OutcomeBox()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.middle_area)
        splitter.addWidget(self.outcome)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 6)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([230, 720, 330])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        # Shortcuts belong to this view, so they work only while the intake tab is in front.
        self.save_action = self._action("save", QKeySequence.StandardKey.Save)
        self.new_action = self._action("new", QKeySequence.StandardKey.New)
        self.find_action = self._action("find", QKeySequence.StandardKey.Find)

        form, box = self.applicant, self.outcome
        chain = [
            self.search,
            self.results,
            form.person_radio,
            form.org_radio,
            *(field.edit for field in list(form.fields.values())[:5]),
            form.agent_check,
            form.agent_name.edit,
            form.agent_id.edit,
            self.checklist,
            self.all_received,
            box.pledge_check,
            box.pledge_days,
            box.scope_check,
            box.reject_reason.edit,
            box.referral,
            box.override_combo,
            box.override_reason.edit,
            box.complete_check,
            box.save_button,
            box.new_button,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Tab scrolls the column to the field by itself; a field focused by the form (the first
        # one at fault on Ctrl+S, the agent's name when 代办 is ticked) is brought into sight too.
        if new is not None and self._middle.isAncestorOf(new):
            self.middle_area.ensureWidgetVisible(new, 0, 8)

    def set_form_enabled(self, enabled: bool) -> None:
        """Everything the clerk fills in; the save and new buttons are not part of it."""
        for part in (self.search_area, self.applicant, self.checklist_box, self.outcome.inputs):
            part.setEnabled(enabled)

    def _action(self, name: str, key: QKeySequence.StandardKey) -> QAction:
        action = QAction(self)
        action.setObjectName(f"intake_{name}")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action
