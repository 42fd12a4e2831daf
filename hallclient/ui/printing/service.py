"""Printing at the counter: make a case's document, preview it, print it, keep it with the case.

``PrintService`` is what the case views call::

    service.print_case_document(case_id)                  # the outcome's document
    service.print_case_document(case_id, DocumentType.RECEIPT)
    service.reprint(printed_document_id)                   # the very PDF printed before

Reading the case and saving the printed PDF run on the runner's "db" lane; making the PDF,
rendering pages and driving the printer on the "net" lane (its spare workers keep CPU work
off both the GUI thread and the one database worker). Every document that reaches the printer
is saved with its case (``save_printed_document``), a reprint too: the list of a case's printed
documents says who handed out which paper when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar
from hallclient.printing import (
    CaseDocumentData,
    DocumentType,
    FontChain,
    Paper,
    RenderedDocument,
    check_data_printable,
    default_font_chain,
    paper_for,
    render_document,
)
from hallclient.printing.files import FileNotSavedError, write_file_atomically
from hallclient.printing.from_case import load_case_document, load_printed_copy
from hallclient.settings import PrintSettings, Settings
from hallclient.store import Store
from hallclient.store.repo import PrintedDocumentRecord, list_printed_documents, save_printed_document
from hallclient.ui.errors import describe_error
from hallclient.ui.printing.pages import page_sizes, prepare_printer, print_pdf
from hallclient.ui.printing.preview import PreviewDocument, PrintPreviewDialog
from hallclient.ui.printing.warning import RareCharacterDialog
from hallclient.ui.tasks import TaskRunner

log = logging.getLogger("hallclient.ui.printing")

# (printer, parent) -> True to print; the default shows QPrintDialog. Tests pass their own.
PrinterChooser = Callable[[QPrinter, QWidget], bool]
# (parent, suggested path) -> chosen path or None; the default shows QFileDialog.
SavePathChooser = Callable[[QWidget, str], str | None]


def choose_printer_with_dialog(printer: QPrinter, parent: QWidget) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("PrintService", "打印"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_save_path_with_dialog(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("PrintService", "另存为 PDF"), suggested, "PDF (*.pdf)"
    )
    return path or None


def remember_printer(
    settings: PrintSettings, doc_type: DocumentType, printer_name: str
) -> PrintSettings | None:
    """The settings with ``printer_name`` as the default for ``doc_type``; None when unchanged."""
    name = printer_name.strip()
    if not name or settings.default_printers.get(doc_type.value) == name:
        return None
    return dataclasses.replace(settings, default_printers={**settings.default_printers, doc_type.value: name})


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write_file(path: str, pdf: bytes) -> str:
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    write_file_atomically(target, pdf)  # never half a PDF under the chosen name
    return str(target)


class PrintService(QObject):
    printed = Signal(object)  # PrintedDocumentRecord of a document that went to the printer
    failed = Signal(str)  # a sentence for the clerk
    preview_opened = Signal(object)  # PrintPreviewDialog
    print_settings_changed = Signal(object)  # PrintSettings with a newly remembered printer

    def __init__(
        self,
        *,
        runner: TaskRunner,
        store: Store,
        catalog: Catalog,
        calendar: WorkCalendar,
        settings: Settings,
        clerk: str,
        clerk_name: str = "",
        parent_widget: QWidget | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        fonts: Callable[[], FontChain] = default_font_chain,
        choose_printer: PrinterChooser | None = None,
        choose_save_path: SavePathChooser | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._catalog = catalog
        self._calendar = calendar
        self._settings = settings
        self._clerk = clerk
        self._clerk_name = clerk_name or clerk
        self._parent_widget = parent_widget
        self._clock = clock or _utc_now
        self._fonts = fonts
        self._choose_printer = choose_printer or choose_printer_with_dialog
        self._choose_save_path = choose_save_path or choose_save_path_with_dialog
        self._acknowledged: set[int] = set()
        self.dialogs: list[PrintPreviewDialog] = []

    @property
    def print_settings(self) -> PrintSettings:
        return self._settings.printing

    def set_settings(self, settings: Settings) -> None:
        self._settings = settings

    def warm_up(self) -> None:
        """Find and load the print fonts now (a few hundred ms), so the first print does not wait."""
        self._runner.submit("net", self._fonts, on_error=lambda exc: log.warning("print fonts: %s", exc))

    # --- entry points -----------------------------------------------------------------------------

    def print_case_document(self, case_id: str, doc_type: DocumentType | None = None) -> None:
        """Make the case's document (``None``: the one its outcome calls for) and open the preview."""
        now = self._clock()
        self._runner.submit(
            "db",
            self._read_case,
            case_id,
            doc_type,
            now,
            on_done=lambda result: self._render_case(case_id, *result),
            on_error=self._on_error,
        )

    def reprint(self, printed_document_id: str) -> None:
        """Open the preview of a document printed before: the same bytes, never made anew."""
        self._runner.submit(
            "db", self._read_printed, printed_document_id, on_done=self._open_reprint, on_error=self._on_error
        )

    def list_printed(self, case_id: str, on_done: Callable[[list[PrintedDocumentRecord]], None]) -> None:
        """The case's printed documents, oldest first (for the case detail's reprint list)."""
        self._runner.submit("db", self._read_list, case_id, on_done=on_done, on_error=self._on_error)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def set_references(self, catalog: Catalog, calendar: WorkCalendar) -> None:
        """A new catalog or calendar from sync: documents printed from now on name a new item and
        count its deadline by them. (Read on the db lane; the swap of a reference is atomic.)"""
        self._catalog = catalog
        self._calendar = calendar

    # --- db lane ----------------------------------------------------------------------------------

    def _read_case(
        self, case_id: str, doc_type: DocumentType | None, now: dt.datetime
    ) -> tuple[DocumentType, CaseDocumentData]:
        with self._store.session(readonly=True) as session:
            return load_case_document(
                session=session,
                case_id=case_id,
                doc_type=doc_type,
                catalog=self._catalog,
                calendar=self._calendar,
                settings=self._settings,
                now=now,
                clerk_name=self._clerk_name,
            )

    def _read_printed(self, document_id: str) -> PreviewDocument:
        with self._store.session(readonly=True) as session:
            copy = load_printed_copy(session=session, document_id=document_id)
        return PreviewDocument(
            pdf=copy.pdf,
            doc_type=copy.doc_type,
            paper=_paper_of(copy.pdf, copy.doc_type),
            case_no=copy.case_no,
            case_id=copy.case_id,
            reprint_of=copy.id,
        )

    def _read_list(self, case_id: str) -> list[PrintedDocumentRecord]:
        with self._store.session(readonly=True) as session:
            return list_printed_documents(session, case_id=case_id)

    def _save(self, document: PreviewDocument, printed_at: dt.datetime) -> PrintedDocumentRecord:
        with self._store.session() as session:
            return save_printed_document(
                session,
                case_id=document.case_id,
                doc_type=document.doc_type.value,
                pdf=document.pdf,
                clerk_username=self._clerk,
                printed_at=printed_at,
            )

    # --- rendering --------------------------------------------------------------------------------

    def _render_case(self, case_id: str, doc_type: DocumentType, data: CaseDocumentData) -> None:
        paper = paper_for(doc_type, self.print_settings)

        def make() -> tuple[RenderedDocument, tuple[str, ...]]:
            fonts = self._fonts()
            rendered = render_document(doc_type, data, paper=paper, fonts=fonts)
            return rendered, tuple(check_data_printable(data, fonts=fonts))

        def opened(result: tuple[RenderedDocument, tuple[str, ...]]) -> None:
            rendered, unprintable = result
            self.open_preview(
                PreviewDocument(
                    pdf=rendered.pdf,
                    doc_type=rendered.doc_type,
                    paper=rendered.paper,
                    case_no=data.case_no,
                    case_id=case_id,
                    unprintable=unprintable,
                )
            )

        self._runner.submit("net", make, on_done=opened, on_error=self._on_error)

    def _open_reprint(self, document: PreviewDocument) -> None:
        self.open_preview(document)

    # --- the preview and its actions --------------------------------------------------------------

    def open_preview(self, document: PreviewDocument) -> PrintPreviewDialog:
        dialog = PrintPreviewDialog(document, runner=self._runner, parent=self._parent_widget)
        if document.unprintable:
            dialog.show_status(
                self.tr("注意：有 %1 个字没有打印字体，打印前会提示。").replace(
                    "%1", str(len(document.unprintable))
                ),
                error=True,
            )
        dialog.print_requested.connect(lambda: self._on_dialog_print_requested(dialog))
        dialog.save_requested.connect(lambda: self._on_dialog_save_requested(dialog))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialogs.append(dialog)
        dialog.open()
        self.preview_opened.emit(dialog)
        return dialog

    def _forget(self, dialog: PrintPreviewDialog) -> None:
        self._acknowledged.discard(id(dialog))
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def _on_dialog_print_requested(self, dialog: PrintPreviewDialog) -> None:
        document = dialog.document
        if document.unprintable and id(dialog) not in self._acknowledged:
            warning = RareCharacterDialog(document.unprintable, dialog)
            warning.accepted.connect(lambda: self._on_rare_warning_accepted(dialog))
            warning.finished.connect(warning.deleteLater)
            warning.open()
            return
        self._choose_and_print(dialog)

    def _on_rare_warning_accepted(self, dialog: PrintPreviewDialog) -> None:
        self._acknowledged.add(id(dialog))
        self._choose_and_print(dialog)

    def _printer_for(self, document: PreviewDocument) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        remembered = self.print_settings.default_printers.get(document.doc_type.value, "")
        if remembered and remembered in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(remembered)
        printer.setDocName(f"{document.doc_type.title} {document.case_no}".strip())
        prepare_printer(printer, document.pdf)
        return printer

    def _choose_and_print(self, dialog: PrintPreviewDialog) -> None:
        document = dialog.document
        try:
            printer = self._printer_for(document)
        except ValidationError as exc:
            dialog.show_status(describe_error(exc), error=True)
            return
        if not self._choose_printer(printer, dialog):
            return
        self._remember_printer(document.doc_type, printer)
        dialog.set_busy(True, self.tr("正在打印…"))
        printed_at = self._clock()
        self._runner.submit(
            "net",
            print_pdf,
            document.pdf,
            printer,
            # The lambda keeps the printer alive until the job has ended.
            on_done=lambda _pages: self._after_print(dialog, document, printer.docName(), printed_at),
            on_error=lambda exc: self._print_failed(dialog, exc),
        )

    def _remember_printer(self, doc_type: DocumentType, printer: QPrinter) -> None:
        if printer.outputFormat() is not QPrinter.OutputFormat.NativeFormat:
            return  # printing to a file says nothing about which printer to offer next time
        printing = remember_printer(self.print_settings, doc_type, printer.printerName())
        if printing is not None:
            self._settings = dataclasses.replace(self._settings, printing=printing)
            self.print_settings_changed.emit(printing)

    def _show_outcome(self, dialog: PrintPreviewDialog, text: str, *, error: bool = False) -> bool:
        """Say how a job ended in its preview, if the clerk has not closed it meanwhile (Esc works
        while a job runs; the dialog is then deleted, the job's outcome still arrives)."""
        if dialog not in self.dialogs:
            return False
        dialog.set_busy(False)
        dialog.show_status(text, error=error)
        return True

    def _after_print(
        self, dialog: PrintPreviewDialog, document: PreviewDocument, job_name: str, printed_at: dt.datetime
    ) -> None:
        log.info("printed %s", job_name)

        def saved(record: PrintedDocumentRecord) -> None:
            self._show_outcome(dialog, self.tr("已打印，并已随办件保存。"))
            self.printed.emit(record)

        def not_saved(exc: BaseException) -> None:
            message = self.tr("已打印，但保存到办件失败：") + describe_error(exc)
            self._show_outcome(dialog, message, error=True)
            self.failed.emit(message)

        self._runner.submit("db", self._save, document, printed_at, on_done=saved, on_error=not_saved)

    def _print_failed(self, dialog: PrintPreviewDialog, exc: BaseException) -> None:
        message = self.tr("打印失败：") + describe_error(exc)
        self._show_outcome(dialog, message, error=True)
        self.failed.emit(message)

    def _on_dialog_save_requested(self, dialog: PrintPreviewDialog) -> None:
        document = dialog.document
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{document.file_stem}.pdf")
        path = self._choose_save_path(dialog, suggested)
        if not path:
            return
        dialog.set_busy(True)
        self._runner.submit(
            "net",
            _write_file,
            path,
            document.pdf,
            on_done=lambda written: self._saved_as(dialog, written),
            on_error=lambda exc: self._save_failed(dialog, exc),
        )

    def _saved_as(self, dialog: PrintPreviewDialog, written: str) -> None:
        self._show_outcome(dialog, self.tr("已保存：%1").replace("%1", written))

    def _save_failed(self, dialog: PrintPreviewDialog, exc: BaseException) -> None:
        if isinstance(exc, FileNotSavedError):
            detail = self.tr("磁盘已满，请换个位置保存或清理磁盘后再试。") if exc.disk_full else exc.reason
        else:
            detail = describe_error(exc)
        message = self.tr("保存失败：") + detail
        if not self._show_outcome(dialog, message, error=True):
            self.failed.emit(message)  # the preview is gone: the counter's notice line says it

    def _on_error(self, exc: BaseException) -> None:
        message = describe_error(exc)
        log.warning("printing: %s", message)
        self.failed.emit(message)


def _paper_of(pdf: bytes, doc_type: DocumentType) -> Paper:
    """A stored PDF's paper, from its first page width (80 mm roll or A4)."""
    sizes = page_sizes(pdf)
    if sizes and abs(sizes[0][0] - Paper.ROLL_80.width_pt) < 2:
        return Paper.ROLL_80
    return Paper.A4 if sizes else doc_type.default_paper
