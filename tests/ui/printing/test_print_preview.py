"""The preview dialog: one image per PDF page, rendered on the runner; page turning and zoom."""

from __future__ import annotations

import threading

import pytest
from conftest import PrintKit
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from hallclient.domain.errors import ValidationError
from hallclient.printing import DocumentType, Paper, render_document, samples
from hallclient.ui.printing import pages
from hallclient.ui.printing.pages import page_sizes, print_pdf, render_pages
from hallclient.ui.printing.preview import SCREEN_DPI, PreviewDocument, PrintPreviewDialog
from tests.printing.printing_pdf import page_sizes as pdf_page_sizes


def _preview(kit: PrintKit, qtbot, doc_type: DocumentType, paper: Paper = Paper.A4) -> PrintPreviewDialog:  # type: ignore[no-untyped-def]
    rendered = render_document(doc_type, samples.samples()[doc_type], paper=paper)
    document = PreviewDocument(pdf=rendered.pdf, doc_type=doc_type, paper=paper, case_no="X-1")
    dialog = PrintPreviewDialog(document, runner=kit.runner)
    qtbot.addWidget(dialog)
    return dialog


def test_every_page_is_rendered_off_the_gui_thread(kit: PrintKit, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []
    real = pages.render_pages

    def spy(pdf: bytes, *, dpi: float) -> list[pages.PageImage]:
        threads.append(threading.current_thread().name)
        return real(pdf, dpi=dpi)

    monkeypatch.setattr("hallclient.ui.printing.preview.render_pages", spy)
    dialog = _preview(kit, qtbot, DocumentType.NOTIFY_ONCE)
    expected = len(page_sizes(dialog.document.pdf))
    assert expected >= 2  # the notice runs over two sheets: a real multi-page case
    with qtbot.waitSignal(dialog.pages_rendered, timeout=10_000) as rendered:
        dialog.show()
    assert rendered.args == [expected]
    assert len(dialog.page_images) == expected
    assert threads and all(name.startswith("hall-net-") for name in threads)
    width_pt, height_pt = page_sizes(dialog.document.pdf)[0]
    image = dialog.page_images[0]
    ratio = dialog.devicePixelRatioF()
    assert image.width() == pytest.approx(width_pt / 72 * SCREEN_DPI * ratio, abs=2)
    assert image.height() == pytest.approx(height_pt / 72 * SCREEN_DPI * ratio, abs=2)
    assert dialog.page_count.text() == f"/ {expected} 页"
    # A rendered page is not blank: the document's ink is on it.
    assert _ink_share(image) > 0.01


def test_page_turning_and_zoom(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _preview(kit, qtbot, DocumentType.DEFICIENCY_NOTICE)
    with qtbot.waitSignal(dialog.pages_rendered, timeout=10_000):
        dialog.show()
    count = len(dialog.page_images)
    assert count >= 2
    assert dialog.current_page == 0 and not dialog.prev_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page == 1 and dialog.page_spin.value() == 2
    dialog.go_to_page(99)
    assert dialog.current_page == count - 1 and not dialog.next_button.isEnabled()
    dialog.page_spin.setValue(1)
    assert dialog.current_page == 0

    first_width = dialog.page_images[0].width()
    with qtbot.waitSignal(dialog.pages_rendered, timeout=10_000):
        qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    assert dialog.zoom == 1.25
    assert dialog.page_images[0].width() == pytest.approx(first_width * 1.25, abs=2)
    assert dialog.zoom_combo.currentText() == "125%"
    with qtbot.waitSignal(dialog.pages_rendered, timeout=10_000):
        dialog.set_zoom(0.5)
    assert not dialog.zoom_out_button.isEnabled()
    assert dialog.page_images[0].width() == pytest.approx(first_width * 0.5, abs=2)


def test_a_broken_pdf_says_so_and_cannot_be_printed(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    document = PreviewDocument(
        pdf=b"%PDF-1.4 broken", doc_type=DocumentType.RECEIPT, paper=Paper.A4, case_no=""
    )
    dialog = PrintPreviewDialog(document, runner=kit.runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.rendering, timeout=10_000)
    assert "损坏" in dialog.page_label.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert dialog.page_images == []


@pytest.mark.parametrize(
    ("doc_type", "paper"),
    [
        (DocumentType.NOTIFY_ONCE, Paper.A4),
        (DocumentType.RECEIPT, Paper.ROLL_80),
        (DocumentType.TICKET, Paper.ROLL_80),
    ],
)
def test_printing_to_a_pdf_printer_keeps_pages_and_paper(kit: PrintKit, qtbot, doc_type, paper) -> None:  # type: ignore[no-untyped-def]
    source = render_document(doc_type, samples.samples()[doc_type], paper=paper).pdf
    out = kit.tmp / f"{doc_type.value}.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    sent = print_pdf(source, printer)
    expected = pdf_page_sizes(source)
    assert sent == len(expected)
    printed = pdf_page_sizes(out.read_bytes())
    assert len(printed) == len(expected)
    for (w, h), (ew, eh) in zip(printed, expected, strict=True):
        assert w == pytest.approx(ew, abs=1.5) and h == pytest.approx(eh, abs=1.5)
    if paper is Paper.ROLL_80:
        assert printed[0][0] == pytest.approx(80 / 25.4 * 72, abs=1.5)  # 80 mm roll, cut to length
    else:
        assert printed[0] == pytest.approx((595.3, 841.9), abs=1.5)  # A4


def test_printed_pages_carry_the_document(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The printer gets the page's ink where the PDF has it: a coarse rendering of the printed file
    matches the source, and not another document."""
    source = render_document(DocumentType.RECEIPT, samples.receipt_case()).pdf
    other = render_document(DocumentType.NOTIFY_ONCE, samples.notify_once_case()).pdf
    out = kit.tmp / "receipt.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    print_pdf(source, printer)
    printed = _coarse(out.read_bytes())
    assert _mean_difference(printed, _coarse(source)) < 6
    assert _mean_difference(printed, _coarse(other)) > 3 * _mean_difference(printed, _coarse(source))


def _coarse(pdf: bytes) -> QImage:
    image = render_pages(pdf, dpi=72)[0].image
    return image.scaled(60, 85, mode=Qt.TransformationMode.SmoothTransformation).convertToFormat(
        QImage.Format.Format_Grayscale8
    )


def _mean_difference(a: QImage, b: QImage) -> float:
    total = sum(
        abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
        for y in range(a.height())
        for x in range(a.width())
    )
    return total / (a.width() * a.height())


def _ink_share(image: QImage) -> float:
    small = image.scaledToWidth(120).convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(
        1 for y in range(small.height()) for x in range(small.width()) if small.pixelColor(x, y).value() < 128
    )
    return dark / (small.width() * small.height())


def test_not_a_pdf_is_refused_before_printing(kit: PrintKit) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(kit.tmp / "never.pdf"))
    with pytest.raises(ValidationError) as caught:
        print_pdf(b"hello", printer)
    assert caught.value.code == "not_pdf"
    assert not (kit.tmp / "never.pdf").exists()
