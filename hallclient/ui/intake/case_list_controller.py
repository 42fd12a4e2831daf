"""Behaviour of the case list: queries on the db lane as the clerk types or toggles chips, the
selected case's detail, audited ID reveal, 补正, withdrawal and completion on the spot.

A case another window took in is a copy without the full ID numbers: before 补正 or 撤回 the
clerk types the applicant's number from the card and it is checked on the db lane
(``hallclient.sync.identity``); only a match lets the action go on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QItemSelection, QObject, Qt, QTimer, Signal

from hallclient.domain.catalog import ItemKind
from hallclient.domain.errors import HallError, ValidationError
from hallclient.domain.outcome import MaterialCheck
from hallclient.intake import cases
from hallclient.intake.models import (
    ApplicantKind,
    CaseDetail,
    CaseFilter,
    CaseRow,
    CaseStatus,
    SupplementResult,
    local_day,
)
from hallclient.intake.subject import find_subject
from hallclient.sync.identity import IdentityCheck, needs_identity_check, verify_identity
from hallclient.ui.errors import describe_error
from hallclient.ui.intake.case_list_model import CaseListModel
from hallclient.ui.intake.case_list_view import CaseListView
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.dialogs import CaseListPrompts

log = logging.getLogger("hallclient.ui.intake")

# A matched identity check holds for its case while the applicant is still at the counter: the
# next 补正 or 撤回 of the same case within this time does not ask again. Opening another case, or
# this long, and the next applicant to ask about it is checked afresh.
IDENTITY_CHECK_HOLDS = timedelta(minutes=30)

SEARCH_DEBOUNCE_MS = 200
PAGE_SIZE = 200


class CaseListController(QObject):
    refreshed = Signal(int)  # number of rows shown
    detail_shown = Signal(object)  # CaseDetail | None
    identity_checked = Signal(object)  # IdentityCheck, matched or not

    def __init__(
        self,
        *,
        view: CaseListView,
        model: CaseListModel,
        context: IntakeContext,
        prompts: CaseListPrompts,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.model = model
        self.context = context
        self.prompts = prompts
        self.detail: CaseDetail | None = None
        # True while the shown case is a copy pulled from another window (see the module doc).
        self.identity_needed = False
        self._identity_verified: tuple[str, datetime] | None = None  # (case id, when it matched)
        self._query_seq = 0
        # True while a 补正, 撤回 or 当场办结 of the shown case is on the db lane.
        self._acting = False
        self._detail_seq = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._wire()

    def _wire(self) -> None:
        view = self.view
        self._debounce.timeout.connect(self.refresh)
        view.search.textChanged.connect(self._on_search_text_changed)
        view.search.returnPressed.connect(self._on_search_return_pressed)
        for button in view.chips.values():
            button.toggled.connect(self._on_chip_toggled)
        view.refresh_button.clicked.connect(self.refresh)
        view.refresh_action.triggered.connect(self.refresh)
        view.find_action.triggered.connect(self._on_find_triggered)
        view.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        detail = view.detail
        detail.reveal_button.clicked.connect(self._on_reveal_clicked)
        detail.supplement_button.clicked.connect(self._on_supplement_clicked)
        detail.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        detail.complete_button.clicked.connect(self._on_complete_clicked)

    def set_context(self, context: IntakeContext) -> None:
        """Go on with the catalog and calendar sync brought (from the next query on)."""
        self.context = context

    def refresh_soon(self) -> None:
        """Query the list again shortly: several calls close together make one query."""
        self._debounce.start()

    def subject_name(self, code: str) -> str:
        subject = find_subject(self.context.catalog, code)
        return subject.name if subject else code

    def _now(self) -> datetime:
        return self.context.clock()

    def _submit(self, fn: Callable[..., Any], on_done: Callable[[Any], None]) -> None:
        self.context.runner.submit("db", fn, on_done=on_done, on_error=self._on_task_failed)

    def _act(self, fn: Callable[..., Any], on_done: Callable[[Any], None]) -> None:
        """A change to the shown case. Its buttons stay off until the answer: a double click, or a
        second click while the lane is busy, would send it twice and the second would answer
        with an error although the first went through."""
        self._acting = True
        self._disable_actions()

        def done(result: Any) -> None:
            self._acting = False
            on_done(result)

        self.context.runner.submit("db", fn, on_done=done, on_error=self._on_act_failed)

    def _on_act_failed(self, error: BaseException) -> None:
        self._acting = False
        self._on_task_failed(error)
        if self.detail is not None:
            self.load_detail(self.detail.id)  # the buttons as the case, re-read, now allows

    def _disable_actions(self) -> None:
        view = self.view.detail
        for button in (view.supplement_button, view.withdraw_button, view.complete_button):
            button.setEnabled(False)

    def _on_task_failed(self, error: BaseException) -> None:
        if not isinstance(error, HallError):
            log.error("case list task failed", exc_info=error)
        self.view.detail.message.setStyleSheet("color: #b00020;")
        self.view.detail.message.setText(describe_error(error))

    def _say(self, text: str) -> None:
        self.view.detail.message.setStyleSheet("color: #1b7a2f;")
        self.view.detail.message.setText(text)

    # --- the list ----------------------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_search_return_pressed(self) -> None:
        self._debounce.stop()
        self.refresh()
        self.view.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_chip_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_find_triggered(self) -> None:
        self.view.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.search.selectAll()

    def refresh(self) -> None:
        """Query the list again with the current search text and chips."""
        self._debounce.stop()
        self._query_seq += 1
        seq = self._query_seq
        case_filter = CaseFilter(text=self.view.search.text(), chips=self.view.chosen_chips())
        today = local_day(self._now())
        context = self.context

        def query() -> list[CaseRow]:
            with context.store.session(readonly=True) as session:
                return cases.list_cases(
                    session=session,
                    filter=case_filter,
                    today=today,
                    calendar=context.calendar,
                    thresholds=context.thresholds,
                    limit=PAGE_SIZE,
                )

        self._submit(query, lambda rows: self._on_rows_loaded(seq, rows))

    def _on_rows_loaded(self, seq: int, rows: list[CaseRow]) -> None:
        if seq != self._query_seq:
            return  # an older query answered late
        # A refresh comes unasked (a save, cases pulled by sync): the clerk keeps their place in
        # the list by case, not by row, since new cases come in above it (newest first); a list
        # at its very top stays there, where they show.
        selected = self._selected_case_id()
        top_row, across = self.view.place()
        top = self.model.row_at(top_row) if top_row > 0 else None
        self.model.set_rows(rows)
        if len(rows) >= PAGE_SIZE:
            self.view.status.setText(self.tr("显示最近 %n 件，请用查找或筛选缩小范围", "", len(rows)))
        else:
            self.view.status.setText(self.tr("共 %n 件", "", len(rows)))
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.view.table.selectRow(row)
        else:
            self._show(None)
        kept_top = self.model.row_of(top.id) if top is not None else -1
        # After the selection, which scrolls to the row it selects.
        self.view.set_place(kept_top if kept_top >= 0 else top_row, across)
        self.refreshed.emit(len(rows))

    def _selected_case_id(self) -> str | None:
        """The case selected in the table; the one shown, if none is (its row filtered out)."""
        chosen = self.view.table.selectionModel().selectedRows()
        row = self.model.row_at(chosen[0].row()) if chosen else None
        if row is not None:
            return row.id
        return self.detail.id if self.detail else None

    # --- the detail --------------------------------------------------------------------------

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is None:
            self._show(None)
            return
        if self.detail is None or self.detail.id != row.id:
            self.view.detail.message.setText("")
        self.load_detail(row.id)

    def load_detail(self, case_id: str, *, reveal: bool = False) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        context, now, viewer = self.context, self._now(), self.context.clerk

        def load() -> tuple[CaseDetail, bool]:
            with context.store.session(readonly=not reveal) as session:
                detail = cases.get_case_detail(
                    session=session,
                    case_id=case_id,
                    viewer=viewer,
                    now=now,
                    calendar=context.calendar,
                    reveal_id=reveal,
                    thresholds=context.thresholds,
                )
                return detail, needs_identity_check(session, case_id)

        self._submit(load, lambda loaded: self._on_detail_loaded(seq, *loaded))

    def _on_detail_loaded(self, seq: int, detail: CaseDetail, identity_needed: bool) -> None:
        if seq == self._detail_seq:
            self._show(detail, identity_needed=identity_needed)

    def _show(self, detail: CaseDetail | None, *, identity_needed: bool = False) -> None:
        self.detail = detail
        self.identity_needed = detail is not None and identity_needed
        verified = self._identity_verified
        if verified is not None and (detail is None or detail.id != verified[0]):
            self._identity_verified = None  # another case: its applicant is checked afresh
        view = self.view.detail
        view.show_detail(
            detail,
            subject_name=self.subject_name(detail.subject_code) if detail else "",
            identity_check=self.identity_needed,
        )
        if detail is not None and self._identity_verified is not None and self._identity_holds(detail):
            view.set_identity_verified(self._identity_verified[1])
        if detail is not None:
            subject = find_subject(self.context.catalog, detail.subject_code)
            view.supplement_button.setEnabled(detail.status is CaseStatus.AWAITING_SUPPLEMENT)
            view.withdraw_button.setEnabled(
                detail.status in (CaseStatus.ACCEPTED, CaseStatus.AWAITING_SUPPLEMENT, CaseStatus.NOTIFIED)
            )
            view.complete_button.setEnabled(
                detail.status is CaseStatus.ACCEPTED
                and subject is not None
                and subject.kind is ItemKind.IMMEDIATE
                and detail.accepted_at is not None
                and local_day(detail.accepted_at) == local_day(self._now())
            )
            # Persons' names are masked until revealed; a pulled copy has no full ID number to
            # reveal (only the last four characters), but it has the names.
            full_ids = not self.identity_needed and bool(detail.id_number or detail.agent_id_number)
            names = detail.applicant_kind is ApplicantKind.PERSON or bool(detail.agent_name)
            view.reveal_button.setEnabled(not detail.id_revealed and (full_ids or names))
            if self._acting:
                self._disable_actions()
        self.detail_shown.emit(detail)

    # --- actions -----------------------------------------------------------------------------

    def _on_reveal_clicked(self) -> None:
        if self.detail is not None:
            self.load_detail(self.detail.id, reveal=True)
            if self.identity_needed:
                self._say(self.tr("已显示完整姓名，本次查看已记入审计日志"))
            else:
                self._say(self.tr("已显示完整姓名和证件号码，本次查看已记入审计日志"))

    def _with_identity(self, detail: CaseDetail, proceed: Callable[[CaseDetail], None]) -> None:
        """Run ``proceed`` at once for a case taken in at this window; for a pulled copy only
        after the number the clerk types from the applicant's card has matched."""
        if self.identity_needed and not self._identity_holds(detail):
            self._ask_identity(detail, proceed)
        else:
            proceed(detail)

    def _identity_holds(self, detail: CaseDetail) -> bool:
        verified = self._identity_verified
        return (
            verified is not None
            and verified[0] == detail.id
            and self._now() - verified[1] < IDENTITY_CHECK_HOLDS
        )

    def _ask_identity(
        self, detail: CaseDetail, proceed: Callable[[CaseDetail], None], *, error: str = "", typed: str = ""
    ) -> None:
        now = self._now()
        number = self.prompts.identity_number(detail, today=local_day(now), error=error, typed=typed)
        if number is None:
            return
        context, case_id = self.context, detail.id

        def check() -> IdentityCheck:
            with context.store.session() as session:
                return verify_identity(
                    session=session, case_id=case_id, typed_id_number=number, clerk=context.clerk, now=now
                )

        context.runner.submit(
            "db",
            check,
            on_done=lambda result: self._on_identity_checked(result, proceed),
            on_error=lambda exc: self._on_identity_failed(exc, detail, number, proceed),
        )

    def _on_identity_checked(self, check: IdentityCheck, proceed: Callable[[CaseDetail], None]) -> None:
        self.identity_checked.emit(check)
        detail = self.detail
        if detail is None or detail.id != check.case_id:
            return  # the clerk has moved on to another case meanwhile
        if not check.matched:
            self._on_task_failed(HallError(check.message, code="identity_mismatch"))
            self.load_detail(detail.id)  # the timeline shows the failed check
            return
        self._identity_verified = (check.case_id, self._now())
        self.view.detail.set_identity_verified(self._identity_verified[1])
        self._say(check.message)
        proceed(detail)

    def _on_identity_failed(
        self,
        error: BaseException,
        detail: CaseDetail,
        typed: str,
        proceed: Callable[[CaseDetail], None],
    ) -> None:
        retype = isinstance(error, ValidationError) and error.code != "identity_unavailable"
        if retype and self.detail is not None and self.detail.id == detail.id:
            # Not a valid number: ask again with the reason at the field (nothing was written).
            self._ask_identity(detail, proceed, error=describe_error(error), typed=typed)
        else:
            self._on_task_failed(error)

    def _on_supplement_clicked(self) -> None:
        detail = self.detail
        if detail is None or not detail.outstanding or self._acting:
            return
        self._with_identity(detail, self._ask_supplement)

    def _ask_supplement(self, detail: CaseDetail) -> None:
        answer = self.prompts.supplement(detail)
        if answer is None:
            return
        checks, note = answer
        if not checks:
            self._on_task_failed(HallError(self.tr("没有勾选补交的材料")))
            return
        self.supplement(detail.id, checks, note)

    def supplement(self, case_id: str, checks: list[MaterialCheck], note: str = "") -> None:
        context, now = self.context, self._now()

        def run() -> SupplementResult:
            with context.store.session() as session:
                return cases.record_supplement(
                    session=session,
                    case_id=case_id,
                    supplied=checks,
                    catalog=context.catalog,
                    clerk=context.clerk,
                    now=now,
                    note=note,
                )

        self._act(run, self._on_supplement_done)

    def _on_supplement_done(self, result: SupplementResult) -> None:
        if result.pledge_fulfilled:
            text = self.tr("补正完成：材料已全部补齐，容缺承诺履行完毕")
        else:
            text = self.tr("已登记补正，仍缺：") + "、".join(result.still_outstanding)
        if result.late:
            text += self.tr("（逾期补交）")
        self._say(text)
        self.refresh()
        self.load_detail(result.case.id)

    def _on_withdraw_clicked(self) -> None:
        detail = self.detail
        if detail is not None and not self._acting:
            self._with_identity(detail, self._ask_withdraw)

    def _ask_withdraw(self, detail: CaseDetail) -> None:
        reason = self.prompts.withdraw_reason(detail.case_no)
        if reason is None:
            return
        context, now, case_id = self.context, self._now(), detail.id

        def run() -> object:
            with context.store.session() as session:
                return cases.withdraw_case(
                    session=session, case_id=case_id, reason=reason, clerk=context.clerk, now=now
                )

        self._act(run, lambda _summary: self._after_action(case_id, self.tr("已撤回")))

    def _on_complete_clicked(self) -> None:
        detail = self.detail
        if detail is None or self._acting:
            return
        context, now, case_id = self.context, self._now(), detail.id

        def run() -> object:
            with context.store.session() as session:
                return cases.complete_on_the_spot(
                    session=session, case_id=case_id, catalog=context.catalog, clerk=context.clerk, now=now
                )

        self._act(run, lambda _summary: self._after_action(case_id, self.tr("已当场办结")))

    def _after_action(self, case_id: str, text: str) -> None:
        self._say(text)
        self.refresh()
        self.load_detail(case_id)
