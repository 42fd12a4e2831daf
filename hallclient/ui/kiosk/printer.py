"""Putting the kiosk's ticket PDF on paper (QPrinter) or in a folder (``--print-to-pdf DIR``).

The PDF comes from ``hallclient.printing`` (the same bytes the counter would print). Qt does not
read PDF for printing, so pdfium rasterises each page at the printer's resolution and QPainter
draws it. Both printers block: the kiosk calls them on the runner's net lane (QPainter on a
QPrinter is allowed off the GUI thread).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from hallclient.domain.errors import HallError
from hallclient.printing.files import FileNotSavedError, write_file_atomically

log = logging.getLogger("hallclient.ui.kiosk.printer")


PRINT_FAILED = "print_failed"
MAX_RASTER_DPI = 300  # thermal ticket printers have 203 dpi; more only costs time


def print_error(message: str) -> HallError:
    return HallError(message, code=PRINT_FAILED)


class TicketPrinter(Protocol):
    def print_pdf(self, pdf: bytes, *, name: str) -> str:
        """Print (or save) one document; returns where it went. Raises HallError (code "print_failed")."""
        ...


class PdfFolderPrinter:
    """Keeps each ticket as ``<name>.pdf`` in a folder (tests, and halls that print elsewhere)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def print_pdf(self, pdf: bytes, *, name: str) -> str:
        safe = re.sub(r"[^\w.-]+", "_", name) or "ticket"
        path = self.folder / f"{safe}.pdf"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_file_atomically(path, pdf)
        except FileNotSavedError as exc:
            reason = (
                QCoreApplication.translate("TicketPrinter", "磁盘已满")
                if exc.disk_full
                else f"{exc.reason}: {exc.path}"
            )
            raise _not_saved(reason) from exc
        except OSError as exc:
            raise _not_saved(str(exc)) from exc
        return str(path)


def _not_saved(reason: str) -> HallError:
    return print_error(
        QCoreApplication.translate("TicketPrinter", "号票文件无法保存：%1").replace("%1", reason)
    )


class QtTicketPrinter:
    """Prints to the named printer, else the system's default printer, at the page's own size."""

    def __init__(self, printer_name: str = "", *, output_file: Path | None = None) -> None:
        self.printer_name = printer_name
        self.output_file = output_file  # Qt's own PDF output: the same painting, no device needed

    def print_pdf(self, pdf: bytes, *, name: str) -> str:
        import pypdfium2

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.output_file is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.output_file))
        elif self.printer_name:
            printer.setPrinterName(self.printer_name)
        elif QPrinterInfo.defaultPrinter().isNull():
            raise print_error(QCoreApplication.translate("TicketPrinter", "没有可用的打印机。"))
        if not printer.isValid():
            raise print_error(
                QCoreApplication.translate("TicketPrinter", "打印机不可用：%1").replace(
                    "%1", printer.printerName() or self.printer_name
                )
            )
        printer.setDocName(name)
        printer.setFullPage(True)
        document = pypdfium2.PdfDocument(pdf)
        painter = QPainter()
        try:
            for index in range(len(document)):
                page = document[index]
                width_pt, height_pt = page.get_size()
                layout = QPageLayout(
                    QPageSize(QSizeF(width_pt, height_pt), QPageSize.Unit.Point, name),
                    QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0),
                )
                printer.setPageLayout(layout)
                if index == 0:
                    if not painter.begin(printer):
                        raise print_error(
                            QCoreApplication.translate("TicketPrinter", "无法开始打印：%1").replace(
                                "%1", printer.printerName()
                            )
                        )
                elif not printer.newPage():
                    raise print_error(QCoreApplication.translate("TicketPrinter", "打印机拒绝了下一页。"))
                dpi = printer.resolution()
                # BGRx is Qt's RGB32 byte order on every platform Qt runs on (little-endian)
                bitmap = page.render(
                    scale=min(dpi, MAX_RASTER_DPI) / 72.0, force_bitmap_format=pypdfium2.raw.FPDFBitmap_BGRx
                )
                data = bytes(bitmap.buffer)
                # copy(): the QImage must own its pixels, not borrow the short-lived bytes object
                image = QImage(
                    data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32
                ).copy()
                target = QRectF(0, 0, width_pt * dpi / 72.0, height_pt * dpi / 72.0)
                painter.drawImage(target, image)
        finally:
            if painter.isActive():
                painter.end()
            document.close()
        return printer.printerName()
