"""The print preview's picture for the docs: ``python -m hallclient.ui.printing.screenshots [OUT]``.

Opens the preview of the sample 受理回执 with the real dialog (pages rendered on the task runner)
and saves ``print_preview.png`` into OUT (default ``docs/screenshots``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from hallclient.printing import DocumentType, Paper, render_document, samples
from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
from hallclient.ui.printing.preview import PreviewDocument, PrintPreviewDialog
from hallclient.ui.tasks import TaskRunner

WAIT_MS = 20_000


def preview_picture(out: Path) -> Path:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_application_font(app, register_cjk_fonts())
    rendered = render_document(DocumentType.RECEIPT, samples.receipt_case(), paper=Paper.A4)
    document = PreviewDocument(
        pdf=rendered.pdf,
        doc_type=rendered.doc_type,
        paper=rendered.paper,
        case_no=samples.receipt_case().case_no,
    )
    runner = TaskRunner(net_workers=1)
    try:
        dialog = PrintPreviewDialog(document, runner=runner)
        dialog.resize(900, 860)
        loop = QEventLoop()
        dialog.pages_rendered.connect(loop.quit)
        QTimer.singleShot(WAIT_MS, loop.quit)
        dialog.show()
        loop.exec()
        app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        target = out / "print_preview.png"
        if not dialog.grab().save(str(target)):
            raise OSError(f"could not write {target}")
        dialog.close()
        return target
    finally:
        runner.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="picture of the print preview for the docs")
    parser.add_argument("out", nargs="?", default="docs/screenshots", type=Path)
    ns = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(preview_picture(ns.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
