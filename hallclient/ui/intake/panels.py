"""The two intake widgets the counter window shows: ``IntakePanel`` (新受理) and
``CaseListPanel`` (办件查询). Each builds its model, view and controller from one
:class:`IntakeContext`; see ``docs/intake.md`` for how the composition root makes that."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hallclient.intake.models import CaseSummary
from hallclient.ui.intake.case_list_controller import CaseListController
from hallclient.ui.intake.case_list_model import CaseListModel
from hallclient.ui.intake.case_list_view import CaseListView
from hallclient.ui.intake.checklist_model import ChecklistModel
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.dialogs import CaseListPrompts
from hallclient.ui.intake.intake_controller import IntakeController
from hallclient.ui.intake.intake_view import IntakeView


class IntakePanel(QWidget):
    """Search → applicant → checklist → outcome → Ctrl+S. ``case_saved`` carries the
    ``CaseSummary`` of every saved case (printing and the case list listen to it)."""

    case_saved = Signal(object)
    context_changed = Signal(object)  # IntakeContext: a new catalog or calendar from sync

    def __init__(self, context: IntakeContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakePanel")
        self.context = context
        self.checklist_model = ChecklistModel(self)
        self.view = IntakeView(self.checklist_model)
        self.controller = IntakeController(
            view=self.view, model=self.checklist_model, context=context, parent=self
        )
        self.controller.case_saved.connect(self._on_controller_case_saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _on_controller_case_saved(self, summary: CaseSummary) -> None:
        self.case_saved.emit(summary)

    def start_new(self) -> None:
        """Clear the form for the next applicant (as Ctrl+N does)."""
        self.controller.reset()

    def set_context(self, context: IntakeContext) -> None:
        """A new catalog or calendar from sync; a form being filled in keeps what it shows."""
        self.context = context
        self.controller.set_context(context)
        self.context_changed.emit(context)


class CaseListPanel(QWidget):
    """The local cases: search, chips 今日/待补正/承诺逾期/黄牌/红牌, detail with timeline,
    补正, 撤回, 当场办结 and the audited full-ID view. Refreshes whenever it is shown."""

    def __init__(
        self, context: IntakeContext, parent: QWidget | None = None, *, prompts: CaseListPrompts | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseListPanel")
        self.context = context
        # The controller is made after the model; the name lookup is resolved when rows are drawn.
        self.model = CaseListModel(lambda code: self.controller.subject_name(code), self)  # noqa: PLW0108
        self.view = CaseListView(self.model)
        self.controller = CaseListController(
            view=self.view,
            model=self.model,
            context=context,
            prompts=prompts or CaseListPrompts(self),
            parent=self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        self.controller.refresh()

    def set_context(self, context: IntakeContext) -> None:
        """A new catalog or calendar from sync: item names and deadlines are shown by it."""
        self.context = context
        self.controller.set_context(context)
        if self.isVisible():
            self.controller.refresh()

    def refresh_if_shown(self) -> None:
        """Cases came in by sync: a list on screen shows them (search, chips and the selected
        case stay); a hidden one is read again when shown."""
        if self.isVisible():
            self.controller.refresh_soon()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.controller.refresh()
