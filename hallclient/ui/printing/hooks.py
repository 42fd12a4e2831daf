"""Printing wired into the intake panels: a saved case opens its document's preview, and the case
detail's print button offers the case's documents and the papers printed before (补打).

The composition root calls :func:`attach_printing` once the intake panels exist.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QPoint
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

from hallclient.intake.models import CHINA_TZ, CaseDetail, CaseSummary
from hallclient.printing import DocumentType
from hallclient.printing.from_case import allowed_document_types
from hallclient.settings import Settings
from hallclient.store.repo import PrintedDocumentRecord
from hallclient.ui.intake.install import IntakeParts
from hallclient.ui.printing.preview import document_label
from hallclient.ui.printing.service import PrintService


def _printed_label(record: PrintedDocumentRecord) -> str:
    try:
        name = document_label(DocumentType(record.doc_type))
    except ValueError:
        name = record.doc_type
    when = record.printed_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
    return (
        QCoreApplication.translate("Printing", "补打：%1（%2 %3 打印）")
        .replace("%1", name)
        .replace("%2", when)
        .replace("%3", record.clerk_username)
    )


class CasePrintMenu(QObject):
    """The menu behind a case's print button: print each document the case may have, or reprint
    any paper printed before. The list of earlier prints is read on the db lane when asked for."""

    def __init__(
        self,
        service: PrintService,
        button: QAbstractButton,
        current_case: Callable[[], CaseDetail | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent or button)
        self._service = service
        self._button = button
        self._current_case = current_case
        self.menu: QMenu | None = None
        button.clicked.connect(self._on_button_clicked)

    def _on_button_clicked(self) -> None:
        detail = self._current_case()
        if detail is None:
            return
        self._service.list_printed(detail.id, lambda records: self._show_menu(detail, records))

    def build_menu(self, detail: CaseDetail, records: list[PrintedDocumentRecord]) -> QMenu:
        menu = QMenu(self._button)
        menu.setObjectName("casePrintMenu")
        for doc_type in allowed_document_types(detail.outcome):
            action = menu.addAction(
                QCoreApplication.translate("Printing", "打印%1…").replace("%1", document_label(doc_type))
            )
            action.setObjectName(f"print_{doc_type.value}")
            action.triggered.connect(
                lambda _checked=False, t=doc_type: self._service.print_case_document(detail.id, t)
            )
        if records:
            menu.addSeparator()
        for record in reversed(records):  # newest first
            action = menu.addAction(_printed_label(record))
            action.setObjectName(f"reprint_{record.id}")
            action.triggered.connect(lambda _checked=False, r=record.id: self._service.reprint(r))
        return menu

    def _show_menu(self, detail: CaseDetail, records: list[PrintedDocumentRecord]) -> None:
        current = self._current_case()
        if current is None or current.id != detail.id:
            return  # the clerk moved on to another case meanwhile
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = self.build_menu(detail, records)
        self.menu.popup(self._button.mapToGlobal(QPoint(0, self._button.height())))


@dataclasses.dataclass
class PrintingParts:
    service: PrintService
    case_menu: CasePrintMenu | None


def attach_printing(
    parts: IntakeParts,
    *,
    settings: Settings,
    clerk_name: str = "",
    notify: Callable[[str], None] | None = None,
    print_on_save: bool = True,
) -> PrintingParts:
    """Make the PrintService from the intake context and connect it to the intake panels.

    ``print_on_save``: a saved case opens the preview of the document its outcome calls for (the
    clerk prints with Ctrl+P or closes with Esc). ``notify`` shows a failure to the clerk.
    """
    context = parts.intake.context
    if context.hall_code and context.hall_code != settings.hall_code:
        settings = dataclasses.replace(settings, hall_code=context.hall_code)
    window = parts.intake.window()
    service = PrintService(
        runner=context.runner,
        store=context.store,
        catalog=context.catalog,
        calendar=context.calendar,
        settings=settings,
        clerk=context.clerk,
        clerk_name=clerk_name,
        parent_widget=window if isinstance(window, QWidget) else None,
        clock=context.clock,
        parent=parts.intake,
    )
    service.warm_up()
    parts.intake.context_changed.connect(
        lambda renewed: service.set_references(renewed.catalog, renewed.calendar)
    )
    if print_on_save:
        parts.intake.case_saved.connect(lambda summary: _print_saved(service, summary))
    case_menu = None
    button = getattr(parts.case_list.view.detail, "print_button", None)
    if isinstance(button, QAbstractButton):
        case_menu = CasePrintMenu(service, button, lambda: parts.case_list.controller.detail, parent=service)
    if notify is not None:
        service.failed.connect(notify)
    return PrintingParts(service=service, case_menu=case_menu)


def _print_saved(service: PrintService, summary: CaseSummary) -> None:
    service.print_case_document(summary.id)
