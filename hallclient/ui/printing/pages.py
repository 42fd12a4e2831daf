"""PDF pages to pixels (pdfium) and onto a QPrinter. Runs on the task runner's workers.

pdfium is not thread-safe: every call into it holds ``PDFIUM_LOCK``, so a preview rendering on
one worker and a print job on another never overlap inside the library.

Printing rasterises each page at the printer's resolution, capped at 300 dpi, rather than sending
vectors: QPrinter takes only QPainter drawing. 203 dpi thermal printers get their own resolution;
on a 600 dpi laser 300 dpi grey text is as legible and a quarter of the data to spool.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from hallclient.domain.errors import ValidationError

PDFIUM_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0
MAX_PRINT_DPI = 300
MIN_PRINT_DPI = 150
A4_TOLERANCE_PT = 1.5


@dataclass(frozen=True)
class PageImage:
    index: int
    image: QImage  # owns its pixels (copied out of pdfium's buffer)
    width_pt: float
    height_pt: float


def _open(pdf: bytes) -> pypdfium2.PdfDocument:
    if not pdf.startswith(b"%PDF-"):
        raise ValidationError("不是 PDF 文件，无法预览或打印", code="not_pdf", field="pdf")
    try:
        return pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise ValidationError("PDF 文件已损坏，无法预览或打印", code="bad_pdf", field="pdf") from exc


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Every page's (width, height) in points."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            return [tuple(document[i].get_size()) for i in range(len(document))]
        finally:
            document.close()


def _to_qimage(bitmap: pypdfium2.PdfBitmap, *, grayscale: bool) -> QImage:
    fmt = QImage.Format.Format_Grayscale8 if grayscale else QImage.Format.Format_RGBX8888
    view = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
    return view.copy()


def _render_page(document: pypdfium2.PdfDocument, index: int, dpi: float, *, grayscale: bool) -> PageImage:
    page = document[index]
    try:
        width_pt, height_pt = page.get_size()
        bitmap = page.render(
            scale=dpi / POINTS_PER_INCH,
            grayscale=grayscale,
            rev_byteorder=True,
            prefer_bgrx=True,
            optimize_mode="print" if grayscale else None,
        )
        try:
            image = _to_qimage(bitmap, grayscale=grayscale)
        finally:
            bitmap.close()
    finally:
        page.close()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return PageImage(index, image, width_pt, height_pt)


def render_pages(pdf: bytes, *, dpi: float) -> list[PageImage]:
    """Every page as an image at ``dpi`` (for the preview)."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            return [_render_page(document, i, dpi, grayscale=False) for i in range(len(document))]
        finally:
            document.close()


def page_size_for(width_pt: float, height_pt: float) -> QPageSize:
    """The paper for a page: A4 as QPageSize.A4 (drivers know it by name and tray), anything else
    (a roll slip, 80 mm × its length) as a custom size, exactly, never snapped to a nearby
    standard size."""
    a4 = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Point)
    if abs(width_pt - a4.width()) < A4_TOLERANCE_PT and abs(height_pt - a4.height()) < A4_TOLERANCE_PT:
        return QPageSize(QPageSize.PageSizeId.A4)
    size = QSizeF(width_pt, height_pt)
    return QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)


def prepare_printer(printer: QPrinter, pdf: bytes) -> None:
    """Paper of the first page, no margins (the PDF has its own), portrait."""
    sizes = page_sizes(pdf)
    if not sizes:
        raise ValidationError("PDF 没有页面", code="empty_pdf", field="pdf")
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(
            page_size_for(*sizes[0]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )


def print_dpi(printer: QPrinter) -> int:
    return max(MIN_PRINT_DPI, min(MAX_PRINT_DPI, printer.resolution()))


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    *,
    page_done: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print every page of ``pdf`` on ``printer`` (already set up by the print dialog); returns the
    number of pages sent. Each page gets its own paper size, so a roll slip is cut to its length.

    QPainter may paint on a QPrinter from a worker thread (Qt's threading rules allow QImage,
    QPrinter and QPicture there); one page at a time is rasterised, so a long notice at 600 dpi
    never holds more than one page image.
    """
    sizes = page_sizes(pdf)
    if not sizes:
        raise ValidationError("PDF 没有页面", code="empty_pdf", field="pdf")
    printer.setFullPage(True)
    printer.setPageSize(page_size_for(*sizes[0]))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    dpi = print_dpi(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise ValidationError(
            "打印机无法开始打印，请检查打印机是否连接、是否有纸", code="printer_unavailable"
        )
    printed = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index, size in enumerate(sizes):
            if cancelled is not None and cancelled():
                printer.abort()
                break
            if index:
                printer.setPageSize(page_size_for(*size))
                if not printer.newPage():
                    raise ValidationError("打印机无法换页", code="printer_failed")
            with PDFIUM_LOCK:
                document = _open(pdf)
                try:
                    # The documents are black and grey only: 8-bit grey is a quarter of the memory.
                    page = _render_page(document, index, dpi, grayscale=True)
                finally:
                    document.close()
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(QRectF(target), page.image)
            printed += 1
            if page_done is not None:
                page_done(printed)
    finally:
        painter.end()
    return printed
