"""Intake service tests: a real store file, the shipped sample catalog, the real holiday calendar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.store import Store, open_store


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_sample_catalog()


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar.default()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "counter.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(db_path)
    try:
        yield opened
    finally:
        opened.close()
