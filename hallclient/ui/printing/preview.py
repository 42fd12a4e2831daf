"""The print preview: the document's pages as rendered from the PDF, with zoom and page turning.

The pages are rendered by pdfium on the task runner (never on the GUI thread), again for each
zoom level so the text stays sharp. Printing and saving are the PrintService's business: the
dialog only asks for them (``print_requested``, ``save_requested``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hallclient.printing import DocumentType, Paper
from hallclient.ui.errors import describe_error
from hallclient.ui.printing.pages import PageImage, render_pages
from hallclient.ui.tasks import TaskHandle, TaskRunner

SCREEN_DPI = 96.0
ZOOM_LEVELS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
DEFAULT_ZOOM = 1.0
PAGE_STYLE = "background: white; border: 1px solid #999;"
ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b7a2f;"


def document_label(doc_type: DocumentType) -> str:
    """The document's name in the UI language (the paper itself is always Chinese)."""
    labels = {
        DocumentType.RECEIPT: QCoreApplication.translate("Printing", "受理回执"),
        DocumentType.NOTIFY_ONCE: QCoreApplication.translate("Printing", "一次性告知书"),
        DocumentType.DEFICIENCY_NOTICE: QCoreApplication.translate("Printing", "容缺受理通知书"),
        DocumentType.REJECTION_NOTICE: QCoreApplication.translate("Printing", "不予受理通知书"),
        DocumentType.TICKET: QCoreApplication.translate("Printing", "排队号票"),
    }
    return labels[doc_type]


@dataclass(frozen=True)
class PreviewDocument:
    """A rendered document on its way to the printer."""

    pdf: bytes
    doc_type: DocumentType
    paper: Paper
    case_no: str
    case_id: str | None = None
    unprintable: tuple[str, ...] = ()  # characters that print as 〓 (warn before printing)
    reprint_of: str | None = None  # the stored printed document this is a reprint of

    @property
    def file_stem(self) -> str:
        return f"{self.doc_type.title}_{self.case_no}" if self.case_no else self.doc_type.title


class PrintPreviewDialog(QDialog):
    print_requested = Signal()
    save_requested = Signal()
    pages_rendered = Signal(int)  # number of pages now shown

    def __init__(
        self, document: PreviewDocument, *, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreviewDialog")
        self.document = document
        self._runner = runner
        self._pages: list[PageImage] = []
        self._page = 0
        self._zoom = DEFAULT_ZOOM
        self._render_dpi = 0.0
        self._pending: TaskHandle | None = None
        title = self.tr("打印预览 — %1").replace("%1", document_label(document.doc_type))
        if document.reprint_of:
            title += self.tr("（补打）")
        self.setWindowTitle(title)
        self.resize(920, 980 if document.paper is Paper.A4 else 760)

        # --- tool row --------------------------------------------------------------------------
        self.prev_button = self._tool(self.tr("上一页"), "previousPage", QKeySequence(Qt.Key.Key_PageUp))
        self.next_button = self._tool(self.tr("下一页"), "nextPage", QKeySequence(Qt.Key.Key_PageDown))
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageNumber")
        self.page_spin.setRange(1, 1)
        self.page_count = QLabel(self.tr("/ %1 页").replace("%1", "…"))
        self.page_count.setObjectName("pageCount")
        self.zoom_out_button = self._tool(
            self.tr("缩小"), "zoomOut", QKeySequence(QKeySequence.StandardKey.ZoomOut)
        )
        self.zoom_in_button = self._tool(
            self.tr("放大"), "zoomIn", QKeySequence(QKeySequence.StandardKey.ZoomIn)
        )
        self.zoom_combo = QComboBox()
        self.zoom_combo.setObjectName("zoomLevel")
        for level in ZOOM_LEVELS:
            self.zoom_combo.addItem(f"{round(level * 100)}%", level)
        self.zoom_combo.setCurrentIndex(ZOOM_LEVELS.index(DEFAULT_ZOOM))
        self.fit_width_button = self._tool(self.tr("适合宽度"), "fitWidth", QKeySequence("Ctrl+0"))
        paper = self.tr("A4 纸") if document.paper is Paper.A4 else self.tr("80 毫米热敏卷纸")
        self.paper_label = QLabel(paper)
        self.paper_label.setObjectName("paperLabel")
        tools = QHBoxLayout()
        widget: QWidget
        for widget in (self.prev_button, self.page_spin, self.page_count, self.next_button):
            tools.addWidget(widget)
        tools.addSpacing(18)
        for widget in (self.zoom_out_button, self.zoom_combo, self.zoom_in_button, self.fit_width_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.paper_label)

        # --- page --------------------------------------------------------------------------------
        self.page_label = QLabel(self.tr("正在生成预览…"))
        self.page_label.setObjectName("pageImage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("pageScroll")
        self.scroll_area.setWidget(self.page_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #6b7280; }")

        # --- bottom row --------------------------------------------------------------------------
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("另存为 PDF(&S)…"))
        self.save_button.setObjectName("savePdf")
        self.print_button = QPushButton(self.tr("打印(&P)…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setObjectName("closePreview")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(bottom)

        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.page_spin.valueChanged.connect(self._on_page_spin_value_changed)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_width_button.clicked.connect(self.fit_width)
        self.zoom_combo.activated.connect(self._on_zoom_combo_activated)
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.close_button.clicked.connect(self.reject)
        self.finished.connect(self._on_dialog_finished)
        self._update_controls()
        self._render()

    def _tool(self, text: str, name: str, key: QKeySequence) -> QToolButton:
        action = QAction(text, self)
        action.setObjectName(f"action_{name}")
        action.setShortcut(key)
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addAction(action)
        return button

    # --- state ------------------------------------------------------------------------------------

    @property
    def page_images(self) -> list[QImage]:
        return [page.image for page in self._pages]

    @property
    def current_page(self) -> int:
        return self._page

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def rendering(self) -> bool:
        return self._pending is not None

    def set_busy(self, busy: bool, text: str = "") -> None:
        """While printing or saving: no second click, and say what is happening."""
        self.print_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        if text:
            self.show_status(text)

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    # --- rendering --------------------------------------------------------------------------------

    def _render(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
        ratio = self.devicePixelRatioF() or 1.0
        dpi = SCREEN_DPI * self._zoom * ratio
        self._render_dpi = dpi
        self._pending = self._runner.submit(
            "net",
            render_pages,
            self.document.pdf,
            dpi=dpi,
            on_done=self._on_render_done,
            on_error=self._on_render_failed,
        )

    def _on_render_done(self, pages: list[PageImage]) -> None:
        self._pending = None
        self._pages = pages
        self._page = min(self._page, max(0, len(pages) - 1))
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(1, len(pages)))
        self.page_spin.setValue(self._page + 1)
        self.page_spin.blockSignals(False)
        self.page_count.setText(self.tr("/ %1 页").replace("%1", str(len(pages))))
        self._show_page()
        self.pages_rendered.emit(len(pages))

    def _on_render_failed(self, exc: BaseException) -> None:
        self._pending = None
        self.page_label.setText(self.tr("无法生成预览：") + describe_error(exc))
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)

    def _show_page(self) -> None:
        if not self._pages:
            return
        image = self._pages[self._page].image
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF() or 1.0)
        self.page_label.setPixmap(pixmap)
        self.page_label.setStyleSheet("")
        self._update_controls()

    def _update_controls(self) -> None:
        count = len(self._pages)
        self.prev_button.setEnabled(self._page > 0)
        self.next_button.setEnabled(self._page + 1 < count)
        self.zoom_out_button.setEnabled(self._zoom > ZOOM_LEVELS[0])
        self.zoom_in_button.setEnabled(self._zoom < ZOOM_LEVELS[-1])

    # --- navigation and zoom ----------------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        if not self._pages:
            return
        self._page = max(0, min(index, len(self._pages) - 1))
        if self.page_spin.value() != self._page + 1:
            self.page_spin.blockSignals(True)
            self.page_spin.setValue(self._page + 1)
            self.page_spin.blockSignals(False)
        self._show_page()
        self.scroll_area.verticalScrollBar().setValue(0)

    def next_page(self) -> None:
        self.go_to_page(self._page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._page - 1)

    def set_zoom(self, zoom: float) -> None:
        zoom = max(ZOOM_LEVELS[0], min(ZOOM_LEVELS[-1], zoom))
        if abs(zoom - self._zoom) < 1e-3:
            return
        self._zoom = zoom
        index = self.zoom_combo.findData(zoom)
        if index < 0:
            # One extra entry holds a zoom that is not a preset (fit width).
            if self.zoom_combo.count() > len(ZOOM_LEVELS):
                self.zoom_combo.removeItem(len(ZOOM_LEVELS))
            self.zoom_combo.addItem(f"{round(zoom * 100)}%", zoom)
            index = self.zoom_combo.count() - 1
        self.zoom_combo.setCurrentIndex(index)
        self._update_controls()
        self._render()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_LEVELS if z > self._zoom + 1e-3), ZOOM_LEVELS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_LEVELS) if z < self._zoom - 1e-3), ZOOM_LEVELS[0]))

    def fit_width(self) -> None:
        if not self._pages:
            return
        page = self._pages[self._page]
        natural = page.width_pt / 72.0 * SCREEN_DPI
        room = self.scroll_area.viewport().width() - 24
        self.set_zoom(round(room / natural, 2))

    def _on_zoom_combo_activated(self, index: int) -> None:
        self.set_zoom(float(self.zoom_combo.itemData(index)))

    def _on_page_spin_value_changed(self, value: int) -> None:
        self.go_to_page(value - 1)

    def _on_dialog_finished(self, _result: int) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
