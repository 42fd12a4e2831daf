"""Printing UI tests: a real store file with cases saved by the intake services, the real task
runner, and a printer chooser that sends the job to a PDF file instead of showing QPrintDialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.outcome import CheckState
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import ApplicantDraft, CaseDraft, CaseSummary
from hallclient.printing import FontChain, default_font_chain
from hallclient.settings import PrintSettings, Settings
from hallclient.store import Store, open_store
from hallclient.ui.printing.service import PrintService
from hallclient.ui.tasks import TaskRunner
from tests.intake.builders import at, checks, person

NOW = at(2024, 10, 8, 9, 30)
BASE_URL = "https://zwfw.example.gov.cn/progress/"


@dataclass
class PdfPrinterChooser:
    """Stands in for the clerk in QPrintDialog: prints to a file (or cancels)."""

    folder: Path
    accept: bool = True
    calls: list[Path] = field(default_factory=list)

    def __call__(self, printer: QPrinter, parent: QWidget) -> bool:
        out = self.folder / f"printed-{len(self.calls) + 1}.pdf"
        self.calls.append(out)
        if not self.accept:
            return False
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True


@dataclass
class PrintKit:
    store: Store
    catalog: Catalog
    calendar: WorkCalendar
    runner: TaskRunner
    chooser: PdfPrinterChooser
    tmp: Path
    services: list[PrintService] = field(default_factory=list)

    def save_case(self, draft: CaseDraft) -> CaseSummary:
        with self.store.session() as session:
            return cases.save_case(
                session=session,
                draft=draft,
                catalog=self.catalog,
                calendar=self.calendar,
                now=NOW,
                clerk="zhangsan",
                window_no="07",
                hall_code="DEMO",
            )

    def accepted_case(self, applicant: ApplicantDraft | None = None) -> CaseSummary:
        item = self.catalog.item("SCJG-006")
        return self.save_case(
            CaseDraft(applicant=applicant or person(), checks=checks(item.materials), item_code=item.code)
        )

    def notify_once_case(self) -> CaseSummary:
        item = self.catalog.item("SCJG-006")
        draft = CaseDraft(
            applicant=person(),
            checks=checks(
                item.materials,
                food_business_layout=CheckState.MISSING,
                food_safety_rules=CheckState.MISSING,
                food_safety_manager=CheckState.DEFICIENT,
            ),
            item_code=item.code,
        )
        return self.save_case(draft)

    def deficiency_case(self) -> CaseSummary:
        item = self.catalog.item("SCJG-006")
        draft = CaseDraft(
            applicant=person(),
            checks=checks(item.materials, health_certificates=CheckState.MISSING),
            item_code=item.code,
            applicant_pledges=True,
        )
        return self.save_case(draft)

    def service(
        self,
        *,
        printing: PrintSettings | None = None,
        fonts: Callable[[], FontChain] = default_font_chain,
        save_path: Path | None = None,
    ) -> PrintService:
        settings = Settings(hall_code="DEMO", printing=printing or PrintSettings(progress_base_url=BASE_URL))
        service = PrintService(
            runner=self.runner,
            store=self.store,
            catalog=self.catalog,
            calendar=self.calendar,
            settings=settings,
            clerk="lisi",
            clerk_name="李思",
            clock=lambda: NOW + dt.timedelta(minutes=3),
            fonts=fonts,
            choose_printer=self.chooser,
            choose_save_path=lambda _parent, _suggested: str(save_path) if save_path else None,
        )
        self.services.append(service)
        return service


@pytest.fixture(scope="session")
def sample_catalog() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(scope="session")
def work_calendar() -> WorkCalendar:
    return WorkCalendar.default()


@pytest.fixture
def kit(qtbot, tmp_path: Path, sample_catalog: Catalog, work_calendar: WorkCalendar) -> Iterator[PrintKit]:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "data" / "counter.db")
    runner = TaskRunner(net_workers=2)
    made = PrintKit(
        store=store,
        catalog=sample_catalog,
        calendar=work_calendar,
        runner=runner,
        chooser=PdfPrinterChooser(tmp_path),
        tmp=tmp_path,
    )
    try:
        yield made
    finally:
        for service in made.services:
            for dialog in list(service.dialogs):
                dialog.close()
        runner.shutdown()
        store.close()
