"""Intake UI tests: offscreen Qt, a real store file, the real task runner, the sample catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.models import CHINA_TZ, TicketRef
from hallclient.intake.search import CatalogIndex
from hallclient.store import Store, open_store
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.tasks import TaskRunner

NOW = dt.datetime(2024, 10, 8, 9, 30, tzinfo=CHINA_TZ)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(scope="session")
def index(catalog: Catalog) -> CatalogIndex:
    return CatalogIndex(catalog)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "counter.db")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def runner(qapp: object) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(net_workers=1)
    try:
        yield task_runner
    finally:
        task_runner.shutdown()


@pytest.fixture
def context(runner: TaskRunner, store: Store, catalog: Catalog, index: CatalogIndex) -> IntakeContext:
    return IntakeContext(
        runner=runner,
        store=store,
        catalog=catalog,
        calendar=WorkCalendar.default(),
        clerk="zhangsan",
        window_no="07",
        hall_code="DEMO",
        ticket_provider=lambda: TicketRef(id="ticket-1", number="A012"),
        clock=lambda: NOW,
        index=index,
    )
