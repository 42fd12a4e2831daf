"""Behaviour of the intake form: search as you type, validation as you type, the live
recommendation, and the save on the runner's db lane.

The search runs on the GUI thread: it is plain string matching over an index built once (well
under 10 ms per keystroke for a 1,300-item catalog, see bench/intake.py). Everything that touches
the store goes through the task runner's "db" lane; only frozen values come back.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QListWidgetItem, QMessageBox, QWidget

from hallclient.domain.catalog import Catalog, ItemKind, conditions_met
from hallclient.domain.errors import HallError, ValidationError
from hallclient.domain.identity import phone_typed_in_full, validate_resident_id
from hallclient.domain.outcome import CheckState, Outcome, completion_deadline, pledge_deadline
from hallclient.intake import cases
from hallclient.intake.applicant import applicant_errors, check_credit_code, check_id_number, check_phone
from hallclient.intake.models import (
    DEFAULT_PLEDGE_DAYS,
    AgentDraft,
    ApplicantDraft,
    ApplicantKind,
    CaseDraft,
    CaseSummary,
    local_day,
    new_draft_id,
)
from hallclient.intake.search import CatalogIndex, HitKind, SearchHit
from hallclient.intake.subject import IntakeSubject, find_subject, resolve_subject
from hallclient.ui.errors import describe_error
from hallclient.ui.intake.checklist_model import ChecklistModel
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.form_views import FieldWithMessage
from hallclient.ui.intake.intake_view import IntakeView
from hallclient.ui.intake.labels import check_state_label, outcome_label

log = logging.getLogger("hallclient.ui.intake")

SEARCH_LIMIT = 30
# Judged as typed at this length only: 15 characters (an old ID number, an old registration
# number) is also three short of a current one, so it is judged when the clerk leaves the field.
_FULL_LENGTH = 18


def _save_in_store(context: IntakeContext, draft: CaseDraft, now: datetime) -> CaseSummary:
    with context.store.session() as session:
        return cases.save_case(
            session=session,
            draft=draft,
            catalog=context.catalog,
            calendar=context.calendar,
            now=now,
            clerk=context.clerk,
            window_no=context.window_no,
            hall_code=context.hall_code,
        )


class IntakeController(QObject):
    case_saved = Signal(object)  # CaseSummary

    def __init__(
        self,
        *,
        view: IntakeView,
        model: ChecklistModel,
        context: IntakeContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.model = model
        self.context = context
        self.index = context.index or CatalogIndex(context.catalog)
        self.subject: IntakeSubject | None = None
        # The catalog ``subject`` was chosen from: sync may bring another while the form is open.
        self._subject_catalog: Catalog = context.catalog
        self.hits: tuple[SearchHit, ...] = ()
        self.draft_id = new_draft_id()
        self.saving = False
        self.saved: CaseSummary | None = None
        self._focus_before_save: QWidget | None = None
        self._wire()
        self.reset()

    # --- wiring ------------------------------------------------------------------------------

    def _wire(self) -> None:
        view = self.view
        view.search.textChanged.connect(self._on_search_text_changed)
        view.search.returnPressed.connect(self._on_search_return_pressed)
        view.search.down_pressed.connect(self._on_search_down_pressed)
        view.results.itemActivated.connect(self._on_results_item_activated)
        form = view.applicant
        form.person_radio.toggled.connect(self._on_kind_toggled)
        form.agent_check.toggled.connect(self._on_agent_check_toggled)
        for key, field in form.fields.items():
            field.edit.textEdited.connect(lambda _text, k=key: self._on_field_edited(k))
            field.edit.editingFinished.connect(lambda k=key: self._on_field_editing_finished(k))
        self.model.checks_changed.connect(self._on_model_checks_changed)
        view.all_received.clicked.connect(self._on_all_received_clicked)
        box = view.outcome
        box.pledge_check.toggled.connect(self._on_outcome_input_changed)
        box.pledge_days.valueChanged.connect(self._on_outcome_input_changed)
        box.scope_check.toggled.connect(self._on_scope_check_toggled)
        box.reject_reason.edit.textChanged.connect(self._on_outcome_input_changed)
        box.override_combo.currentIndexChanged.connect(self._on_override_combo_changed)
        box.complete_check.toggled.connect(self._on_outcome_input_changed)
        box.save_button.clicked.connect(self._on_save_triggered)
        box.new_button.clicked.connect(self._on_new_triggered)
        view.save_action.triggered.connect(self._on_save_triggered)
        view.new_action.triggered.connect(self._on_new_triggered)
        view.find_action.triggered.connect(self._on_find_triggered)

    def set_context(self, context: IntakeContext) -> None:
        """Go on with the catalog and calendar sync brought. New searches and new forms use them;
        an open form keeps its item and checklist as the clerk sees them (see ``_save_context``)."""
        current = self.view.results.currentRow()
        code = self.hits[current].code if 0 <= current < len(self.hits) else None
        self.context = context
        self.index = context.index or CatalogIndex(context.catalog)
        if self.view.search.text().strip():
            # The hits shown were the old catalog's: one it no longer has could not be chosen.
            self._on_search_text_changed(self.view.search.text())
            row = next((n for n, hit in enumerate(self.hits) if hit.code == code), -1)
            if row >= 0:
                self.view.results.setCurrentRow(row)
        if self.subject is not None and not self.saving and self.saved is None:
            self._recompute()  # the deadlines by the new calendar, as the save will compute them

    # --- search ------------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        self.hits = self.index.search(text, limit=SEARCH_LIMIT)
        results = self.view.results
        results.clear()
        for hit in self.hits:
            results.addItem(QListWidgetItem(self._hit_text(hit)))
        if self.hits:
            results.setCurrentRow(0)
            self.view.search_status.setText(self.tr("找到 %n 项，↓ 选择，Enter 确定", "", len(self.hits)))
        else:
            self.view.search_status.setText(self.tr("没有找到相符的事项") if text.strip() else "")

    def _hit_text(self, hit: SearchHit) -> str:
        if hit.kind is HitKind.BUNDLE:
            bundle = self.context.catalog.bundle(hit.code)
            return (
                self.tr("【一件事】")
                + f"{hit.name}\n{hit.code} · "
                + self.tr("%n 个事项", "", len(bundle.item_codes))
            )
        item = self.context.catalog.item(hit.code)
        kind = self.tr("即办件") if item.kind is ItemKind.IMMEDIATE else self.tr("承诺件")
        return f"{hit.name}\n{hit.code} · {hit.department_name} · {kind}"

    def _on_search_down_pressed(self) -> None:
        results = self.view.results
        if results.count():
            results.setFocus(Qt.FocusReason.OtherFocusReason)
            if results.currentRow() < 0:
                results.setCurrentRow(0)

    def _on_search_return_pressed(self) -> None:
        row = self.view.results.currentRow()
        if self.hits:
            self.choose(self.hits[max(row, 0)])

    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        row = self.view.results.row(item)
        if 0 <= row < len(self.hits):
            self.choose(self.hits[row])

    def choose(self, hit: SearchHit) -> None:
        """Take in a case for this item or bundle: its (merged) checklist, deadlines, targets."""
        catalog = self.context.catalog
        if hit.kind is HitKind.BUNDLE:
            subject = resolve_subject(catalog, bundle_code=hit.code)
            sources = catalog.material_sources(catalog.bundle(hit.code))
        else:
            subject = resolve_subject(catalog, item_code=hit.code)
            sources = {}
        self.subject = subject
        self._subject_catalog = catalog
        self.model.load(subject.materials, sources)
        view = self.view
        view.subject.setText(("【一件事】" if subject.is_bundle else "") + subject.name)
        view.subject_info.setText(self._subject_info(subject))
        form = view.applicant
        if not subject.accepts(form.kind()):
            (form.org_radio if form.kind() is ApplicantKind.PERSON else form.person_radio).setChecked(True)
        self._refresh_ticket()
        self._recompute()
        form.name.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _subject_info(self, subject: IntakeSubject) -> str:
        if subject.kind is ItemKind.IMMEDIATE:
            timing = self.tr("即办件")
        else:
            timing = self.tr("承诺件，%n 个工作日办结", "", subject.promised_days)
        parts = [subject.code, subject.department_name, timing]
        if subject.is_bundle:
            total = sum(len(self.context.catalog.item(code).materials) for code in subject.item_codes)
            parts.append(
                self.tr("含 %1 个事项；合并后材料 %2 项（各事项共 %3 项，相同材料只收一次）")
                .replace("%1", str(len(subject.item_codes)))
                .replace("%2", str(len(subject.materials)))
                .replace("%3", str(total))
            )
        return " · ".join(parts)

    def _on_find_triggered(self) -> None:
        self.view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search.selectAll()

    # --- applicant ---------------------------------------------------------------------------

    def applicant_draft(self) -> ApplicantDraft:
        form = self.view.applicant
        agent = None
        if form.agent_check.isChecked():
            agent = AgentDraft(name=form.agent_name.edit.text(), id_number=form.agent_id.edit.text())
        return ApplicantDraft(
            kind=form.kind(),
            name=form.name.edit.text(),
            id_number=form.id_number.edit.text(),
            phone=form.phone.edit.text(),
            credit_code=form.credit_code.edit.text(),
            legal_rep=form.legal_rep.edit.text(),
            agent=agent,
        )

    def _on_kind_toggled(self, _checked: bool) -> None:
        form = self.view.applicant
        form.show_kind(form.kind(), agent=form.agent_check.isChecked())
        for field in form.fields.values():
            field.show_message("")
        if self.subject is not None and not self.subject.accepts(form.kind()):
            form.name.show_message(self.tr("该事项不受理此类申请人的申请"))

    def _on_agent_check_toggled(self, checked: bool) -> None:
        form = self.view.applicant
        form.show_kind(form.kind(), agent=checked)
        self._recompute()  # an 代办人 makes the power of attorney and their ID card required
        if checked:
            if form.agent_id.edit.text().strip():
                self._validate_field("agent.id_number")  # kept while the box was off
            form.agent_name.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_field_edited(self, key: str) -> None:
        field = self.view.applicant.fields[key]
        text = "".join(field.edit.text().split())
        complete = key.endswith("id_number") or key.endswith("credit_code")
        # As you type: judge a number once it has its full length; clear a message once fixed.
        if (complete and len(text) == _FULL_LENGTH) or (key.endswith("phone") and phone_typed_in_full(text)):
            self._validate_field(key)
        elif field.message.isVisible():
            self._validate_field(key, quiet=True)

    def _on_field_editing_finished(self, key: str) -> None:
        if self.view.applicant.fields[key].edit.text().strip():
            self._validate_field(key)

    def _validate_field(self, key: str, *, quiet: bool = False) -> bool:
        field = self.view.applicant.fields[key]
        value = field.edit.text()
        today = local_day(self.context.clock())
        try:
            if key.endswith("id_number"):
                number = check_id_number(value, prefix=key.split(".", maxsplit=1)[0], today=today)
                person = validate_resident_id(number, today=today)
                if key == "applicant.id_number":
                    self._judge_agent_clash()
                elif (clash := self._agent_clash()) is not None:
                    field.show_message(clash.message)
                    return False
                sex = self.tr("男") if person.sex == "M" else self.tr("女")
                field.show_message(
                    self.tr("✓ 出生日期 %1，%2")
                    .replace("%1", person.birth_date.isoformat())
                    .replace("%2", sex),
                    ok=True,
                )
                return True
            if key.endswith("credit_code"):
                check_credit_code(value)
            elif key.endswith("phone") and (
                value.strip() or self.view.applicant.kind() is ApplicantKind.PERSON
            ):
                check_phone(value, kind=self.view.applicant.kind())
            field.show_message("")
            return True
        except ValidationError as error:
            if quiet:
                # While typing, an error being corrected is kept up to date; a ✓ of the number
                # being typed over just goes (the new one is judged once it is whole).
                shown = field.message.text()
                field.show_message(error.message if shown and not shown.startswith("✓") else "")
            else:
                field.show_message(error.message)
            return False

    def _agent_clash(self) -> ValidationError | None:
        """``agent_is_applicant``: the 代办人's number is the applicant's own (the save's rule)."""
        if not self.view.applicant.agent_check.isChecked():
            return None
        today = local_day(self.context.clock())
        error = applicant_errors(self.applicant_draft(), today=today).get("agent.id_number")
        return error if error is not None and error.code == "agent_is_applicant" else None

    def _judge_agent_clash(self) -> None:
        # The applicant's number changed under an agent's number already judged: the agent's
        # field says whether the two are now the same person, or no longer.
        agent_id = self.view.applicant.agent_id
        if self.view.applicant.agent_check.isChecked() and agent_id.message.text():
            self._validate_field("agent.id_number")

    def _show_applicant_errors(self) -> bool:
        """Every applicant problem at its field; focus the first. True when there are none."""
        errors = applicant_errors(self.applicant_draft(), today=local_day(self.context.clock()))
        for key, field in self.view.applicant.fields.items():
            error = errors.get(key)
            if error is not None:
                field.show_message(error.message)
            elif not field.message.text().startswith("✓"):
                field.show_message("")
        if errors:
            first = self.view.applicant.fields.get(next(iter(errors)))
            if first is not None:
                first.edit.setFocus(Qt.FocusReason.OtherFocusReason)
                first.edit.selectAll()
        return not errors

    # --- checklist and outcome ---------------------------------------------------------------

    def _on_model_checks_changed(self) -> None:
        self._recompute()

    def _on_all_received_clicked(self) -> None:
        self.model.mark_all_received(conditions_met(agent=self.view.applicant.agent_check.isChecked()))
        self.view.checklist.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_outcome_input_changed(self, *_args: object) -> None:
        self._recompute()

    def _on_scope_check_toggled(self, checked: bool) -> None:
        self.view.outcome.show_scope(checked)
        if checked:
            self.view.outcome.reject_reason.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._recompute()

    def _on_override_combo_changed(self, _index: int) -> None:
        box = self.view.outcome
        overriding = box.chosen_outcome() is not None
        box.show_override(overriding)
        self._recompute()

    def draft(self) -> CaseDraft:
        box = self.view.outcome
        subject = self.subject
        return CaseDraft(
            item_code=subject.code if subject and not subject.is_bundle else None,
            bundle_code=subject.code if subject and subject.is_bundle else None,
            applicant=self.applicant_draft(),
            checks=self.model.checks(),
            applicant_pledges=box.pledge_check.isChecked(),
            pledge_days=box.pledge_days.value(),
            chosen_outcome=box.chosen_outcome(),
            override_reason=box.override_reason.edit.text(),
            in_scope=not box.scope_check.isChecked(),
            reject_reason=box.reject_reason.edit.text(),
            referral=box.referral.text(),
            complete_now=box.complete_check.isChecked() and box.complete_check.isEnabled(),
            ticket=self.context.ticket_provider(),
            draft_id=self.draft_id,
        )

    def _recompute(self) -> None:
        self._show_counts()
        box = self.view.outcome
        subject = self.subject
        if subject is None:
            box.recommendation.setText(self.tr("尚未选择事项"))
            box.set_reasons("")
            box.promised_due.setText("")
            box.pledge_due.setText("")
            for widget in (box.pledge_check, box.pledge_days, box.complete_check, box.save_button):
                widget.setEnabled(False)
            return
        draft = self.draft()
        recommendation = cases.preview_outcome(subject=subject, draft=draft)
        self.model.set_problems(frozenset(recommendation.problems))
        chosen = draft.chosen_outcome or recommendation.outcome
        text = self.tr("系统建议：") + outcome_label(recommendation.outcome)
        if chosen is not recommendation.outcome:
            text = self.tr("改判为：") + outcome_label(chosen) + "（" + text + "）"
        box.recommendation.setText(text)
        box.set_reasons("\n".join("· " + reason.message_zh for reason in recommendation.reasons))
        today = local_day(self.context.clock())
        calendar = self.context.calendar
        if subject.kind is ItemKind.IMMEDIATE:
            box.promised_due.setText(self.tr("即办件：受理当日办结"))
        else:
            due = completion_deadline(accepted_on=today, item=subject.source, calendar=calendar)
            box.promised_due.setText(
                self.tr("承诺办结日期：%1（%2 个工作日）")
                .replace("%1", due.isoformat())
                .replace("%2", str(subject.promised_days))
            )
        secondary_only = bool(recommendation.problems) and not (
            recommendation.missing_core or recommendation.deficient_core
        )
        pledge_possible = secondary_only or chosen is Outcome.ACCEPT_WITH_DEFICIENCY
        box.pledge_check.setEnabled(pledge_possible and draft.in_scope)
        box.pledge_days.setEnabled(pledge_possible and draft.in_scope)
        if pledge_possible and draft.applicant_pledges:
            pledge_due = pledge_deadline(
                accepted_on=today,
                pledge_days=draft.pledge_days,
                promised_days=subject.promised_days,
                calendar=calendar,
            )
            box.pledge_due.setText(self.tr("补正期限：%1").replace("%1", pledge_due.isoformat()))
        else:
            box.pledge_due.setText("")
        box.complete_check.setEnabled(subject.kind is ItemKind.IMMEDIATE and chosen is Outcome.ACCEPT)
        box.save_button.setEnabled(not self.saving and self.saved is None)

    def _show_counts(self) -> None:
        counts = self.model.counts()
        total = sum(counts.values())
        if not total:
            self.view.counts.setText("")
            return
        parts = [self.tr("共 %n 项", "", total)]
        for state in CheckState:
            if counts.get(state):
                parts.append(f"{check_state_label(state)} {counts[state]}")
        if counts.get(None):
            parts.append(self.tr("未勾选 %n", "", counts[None]))
        self.view.counts.setText("　".join(parts))

    # --- save --------------------------------------------------------------------------------

    def _on_save_triggered(self) -> None:
        if self.saving or self.saved is not None:
            return
        box = self.view.outcome
        if self.subject is None:
            box.show_result(self.tr("请先选择办理事项"), error=True)
            self.view.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self._show_applicant_errors():
            box.show_result(self.tr("申请人信息有误，请按提示修改后再保存"), error=True)
            return
        draft = self.draft()
        self.saving = True
        self._lock_form()
        box.save_button.setEnabled(False)
        box.show_result(self.tr("正在保存…"))
        self.context.runner.submit(
            "db",
            _save_in_store,
            self._save_context(self.subject),
            draft,
            self.context.clock(),
            on_done=self._on_save_done,
            on_error=self._on_save_failed,
        )

    def _save_context(self, subject: IntakeSubject) -> IntakeContext:
        """The form is saved as the clerk filled it in: with the catalog its item was chosen from
        when sync has brought another meanwhile (its checklist may differ), unless the new one no
        longer has the item: then the save, made with the new one, is refused with the reason
        and the form stays as it is."""
        context = self.context
        if self._subject_catalog is context.catalog or find_subject(context.catalog, subject.code) is None:
            return context
        return replace(context, catalog=self._subject_catalog)

    def _on_save_done(self, summary: CaseSummary) -> None:
        self.saving = False
        self.saved = summary
        text = (
            self.tr("已保存　受理编号 %1　%2")
            .replace("%1", summary.case_no)
            .replace("%2", outcome_label(summary.outcome))
        )
        if summary.pledge_due is not None:
            text += self.tr("，补正期限 %1").replace("%1", summary.pledge_due.isoformat())
        if summary.promised_due is not None and summary.outcome.is_accepted:
            text += self.tr("，承诺办结 %1").replace("%1", summary.promised_due.isoformat())
        if summary.deadline_estimated:
            text += self.tr("（节假日安排未公布，期限按周一至周五估算）")
        self.view.outcome.show_result(text + self.tr("。按 Ctrl+N 开始新的受理。"))
        self.view.outcome.save_button.setEnabled(False)
        self.case_saved.emit(summary)

    def _lock_form(self) -> None:
        # From Ctrl+S on, the form shows the case being saved, and once saved the case that was:
        # a change made meanwhile (another item, a corrected digit) would not be in the case while
        # the result line says 已保存. The focus moves to 新受理 first: with no focus inside this
        # view its shortcuts (Ctrl+N) would not work.
        focus = QApplication.focusWidget()
        self._focus_before_save = focus if focus is not None and self.view.isAncestorOf(focus) else None
        self.view.outcome.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.set_form_enabled(False)

    def _unlock_form(self) -> None:
        self.view.set_form_enabled(True)

    def _on_save_failed(self, error: BaseException) -> None:
        self.saving = False
        self._unlock_form()
        box = self.view.outcome
        box.save_button.setEnabled(True)
        focus, self._focus_before_save = self._focus_before_save, None
        if focus is not None and focus.isVisible() and focus.isEnabled():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(error, ValidationError):
            field = self._field_for(error.field or "")
            if field is not None:
                field.show_message(error.message)
                field.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            box.show_result(error.message, error=True)
            return
        if not isinstance(error, HallError):
            log.error("saving a case failed", exc_info=error)
        box.show_result(describe_error(error), error=True)

    def _field_for(self, key: str) -> FieldWithMessage | None:
        box = self.view.outcome
        return self.view.applicant.fields.get(key) or {
            "override_reason": box.override_reason,
            "reject_reason": box.reject_reason,
        }.get(key)

    # --- new form ----------------------------------------------------------------------------

    def _on_new_triggered(self) -> None:
        if self.saving:
            return
        if self.has_unsaved_input() and not self.confirm_discard():
            return
        self.reset()

    def has_unsaved_input(self) -> bool:
        """An item chosen or anything typed for the applicant, not saved: what 新受理 would lose."""
        if self.saved is not None:
            return False
        typed = any(field.edit.text().strip() for field in self.view.applicant.fields.values())
        return self.subject is not None or typed

    def confirm_discard(self) -> bool:
        # Ctrl+N sits beside Ctrl+S, and 新受理 beside 保存: a slip would clear an applicant's
        # form half filled in, with nothing to bring it back.
        answer = QMessageBox.question(
            self.view,
            self.tr("新受理"),
            self.tr("当前表单还没有保存。清空它，开始新的受理吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reset(self) -> None:
        self.subject = None
        self.saved = None
        self._unlock_form()
        self.draft_id = new_draft_id()
        view = self.view
        view.search.clear()
        view.results.clear()
        view.search_status.setText("")
        view.subject.setText(self.tr("请先在左侧查找并选择办理事项"))
        view.subject_info.setText("")
        view.applicant.clear()
        self.model.clear()
        view.outcome.reset(pledge_days=DEFAULT_PLEDGE_DAYS)
        view.outcome.show_result("")
        self._refresh_ticket()
        self._recompute()
        view.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_ticket(self) -> None:
        ticket = self.context.ticket_provider()
        self.view.ticket.setText(self.tr("当前号 %1").replace("%1", ticket.number) if ticket else "")
