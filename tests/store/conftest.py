from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallclient.store import Store, open_store

CST = dt.timezone(dt.timedelta(hours=8))


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


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2024, 10, 8, 9, 30, tzinfo=CST)
