"""Upgrading a counter's existing database: a table rebuild keeps the rows that reference it, and
an upgrade that fails or is killed halfway leaves the old file as it was.

The next schema change is simulated with a copy of the shipped migrations plus one more revision
that rebuilds ``cases`` the way Alembic's batch mode does on SQLite (copy, drop, rename): the kind
of migration every column or constraint change on ``cases`` produces.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.errors import StorageError
from hallclient.domain.outcome import CheckState
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft, CaseFilter
from hallclient.store import migrate, open_store
from hallclient.store.migrate import head_revision
from tests.intake.builders import PERSON_ID, at, checks, person

REPO_ROOT = Path(__file__).resolve().parents[2]
NEXT_REVISION = "0c0ffee0babe"
CASE_TABLES = ("cases", "case_materials", "pledges", "case_events", "outbox", "settings")

_NEXT_MIGRATION = '''
"""next: rebuild cases"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("next_note", sa.Text(), nullable=True))
    {after_rebuild}


def downgrade() -> None:
    with op.batch_alter_table("cases", recreate="always") as batch_op:
        batch_op.drop_column("next_note")
'''


def _next_migrations(tmp_path: Path, *, after_rebuild: str = "pass") -> Path:
    """The shipped migrations plus one revision that rebuilds ``cases``."""
    scripts = tmp_path / "next_migrations"
    shutil.copytree(migrate.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"rev_{NEXT_REVISION}_next.py").write_text(
        _NEXT_MIGRATION.format(
            revision=NEXT_REVISION, down_revision=head_revision(), after_rebuild=after_rebuild
        ),
        encoding="utf-8",
    )
    return scripts


def _store_with_a_deficiency_case(db_path: Path) -> None:
    catalog = load_sample_catalog()
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person(),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        applicant_pledges=True,
    )
    store = open_store(db_path)
    try:
        with store.session() as session:
            cases.save_case(
                session=session,
                draft=draft,
                catalog=catalog,
                calendar=WorkCalendar.default(),
                now=at(2024, 10, 8, 9, 30),
                clerk="zhangsan",
                window_no="07",
                hall_code="DEMO",
            )
    finally:
        store.close()


def _snapshot(db_path: Path) -> dict[str, object]:
    with sqlite3.connect(db_path) as raw:
        rows: dict[str, object] = {
            table: sorted(raw.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in CASE_TABLES
        }
        rows["version"] = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    return rows


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "counter.db"
    _store_with_a_deficiency_case(path)
    return path


def test_rebuilding_cases_keeps_checklists_pledges_and_timelines(
    old_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(old_db)
    assert all(before[table] for table in ("case_materials", "pledges", "case_events"))
    scripts = _next_migrations(tmp_path)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)

    store = open_store(old_db)
    try:
        assert store.integrity_check() == []
        assert store.pragma("foreign_keys") == 1  # switched back on after the upgrade
    finally:
        store.close()

    after = _snapshot(old_db)
    assert after["version"] == [(NEXT_REVISION,)]
    for table in CASE_TABLES:
        if table == "cases":
            assert [row[:-1] for row in after[table]] == before[table]  # type: ignore[attr-defined]
        else:
            assert after[table] == before[table], table


def test_a_failing_upgrade_leaves_the_old_database_as_it_was(
    old_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(old_db)
    scripts = _next_migrations(tmp_path, after_rebuild='raise RuntimeError("half way")')
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    with pytest.raises(RuntimeError, match="half way"):
        open_store(old_db)
    assert _snapshot(old_db) == before


_KILLED_UPGRADE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from hallclient.store import migrate, open_store

    migrate.migrations_dir = lambda: Path(sys.argv[2])
    open_store(Path(sys.argv[1]))
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_an_upgrade_killed_half_way_leaves_the_old_database_as_it_was(old_db: Path, tmp_path: Path) -> None:
    before = _snapshot(old_db)
    # The process kills itself after the rebuild, before the upgrade could commit.
    scripts = _next_migrations(
        tmp_path, after_rebuild="import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_UPGRADE, str(old_db), str(scripts)], env=env, timeout=120, check=False
    )
    assert child.returncode == -signal.SIGKILL
    assert _snapshot(old_db) == before
    store = open_store(old_db)  # the shipped migrations: nothing to do, the file is sound
    try:
        assert store.integrity_check() == []
    finally:
        store.close()
    assert _snapshot(old_db) == before


def test_references_left_broken_by_an_upgrade_refuse_it_and_keep_the_old_file(
    old_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(old_db)
    scripts = _next_migrations(tmp_path, after_rebuild='op.execute("DELETE FROM cases")')
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    with pytest.raises(StorageError) as caught:
        open_store(old_db)
    assert caught.value.code == "migration_failed"
    assert _snapshot(old_db) == before


FIRST_REVISION = "3903a57fff81"


def test_a_database_from_the_first_release_is_upgraded_with_its_cases(old_db: Path) -> None:
    at_head = _snapshot(old_db)
    # The same file as the first release wrote it: schema and data of the first revision.
    engine = create_engine(f"sqlite:///{old_db}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), FIRST_REVISION)
    engine.dispose()
    assert _snapshot(old_db)["version"] == [(FIRST_REVISION,)]

    store = open_store(old_db)
    try:
        assert store.integrity_check() == []
        with store.session(readonly=True) as session:
            [row] = cases.list_cases(
                session=session,
                filter=CaseFilter(text=PERSON_ID[-4:]),  # the tail column is filled in for old cases
                today=dt.date(2024, 10, 8),
                calendar=WorkCalendar.default(),
            )
        assert row.case_no == "DEMO-241008-07-0001"
    finally:
        store.close()
    # The first release had no 'not_applicable'; going back wrote 'missing' in its place.
    at_head["case_materials"] = [
        tuple("missing" if value == "not_applicable" else value for value in row)
        for row in at_head["case_materials"]  # type: ignore[attr-defined]
    ]
    assert _snapshot(old_db) == at_head


ID_TAIL_REVISION = "7a9dae9eeb11"
# Every stored form of a phone (identity.validate_contact_phone) and of a pulled copy's masked
# phone (masking.mask_phone), with the last four digits of its number: never the extension's.
PHONE_TAILS: dict[str | None, str | None] = {
    "13812345678": "5678",
    "138****5678": "5678",
    "0591-87654321": "4321",
    "010-62345678": "5678",
    "0591-87654321-801": "4321",
    "0591-8765432-1": "5432",
    "0591-****4321": "4321",
    "0591-****4321-***": "4321",
    "400-123-4567": "4567",
    "400-123-4567-801234": "4567",
    "400-***-4567-***": "4567",
    "****5678": "5678",
    "***": None,
    None: None,
}

AGENT_GIVEN = "一二三四五六七八九十百千万亿"


@pytest.mark.parametrize(("phone", "tail"), list(PHONE_TAILS.items()))
def test_the_phone_tail_is_the_numbers_last_four_digits(phone: str | None, tail: str | None) -> None:
    from hallclient.store.types import phone_tail

    assert phone_tail(phone) == tail


def test_cases_kept_before_the_phone_tail_get_it_and_both_new_search_indexes(old_db: Path) -> None:
    engine = create_engine(f"sqlite:///{old_db}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), ID_TAIL_REVISION)
    engine.dispose()
    with sqlite3.connect(old_db) as raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(cases)")]
        assert "applicant_phone_tail" not in columns
        [model] = raw.execute("SELECT * FROM cases").fetchall()
        for n, phone in enumerate(PHONE_TAILS):
            row = dict(zip(columns, model, strict=True))
            row.update(
                id=f"old-{n}",
                case_no=f"DEMO-241008-07-{n + 100:04d}",
                applicant_phone=phone,
                agent_name="钱" + AGENT_GIVEN[n],
            )
            raw.execute(
                f"INSERT INTO cases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row[column] for column in columns],
            )

    store = open_store(old_db)
    try:
        assert store.integrity_check() == []
        with store.engine.connect() as connection:
            stored = dict(
                connection.exec_driver_sql(
                    "SELECT applicant_phone, applicant_phone_tail FROM cases WHERE id LIKE 'old-%'"
                ).all()
            )
            indexes = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'"
            ).scalars()
            assert {"ix_cases_agent_name", "ix_cases_applicant_phone_tail"} <= set(indexes)
        assert stored == PHONE_TAILS
        with store.session(readonly=True) as session:

            def found(text: str) -> set[str]:
                rows = cases.list_cases(
                    session=session,
                    filter=CaseFilter(text=text),
                    today=dt.date(2024, 10, 8),
                    calendar=WorkCalendar.default(),
                )
                return {row.case_no[-4:] for row in rows}

            assert found("4321") == {"0102", "0104", "0106", "0107"}
            assert found("钱二") == {"0101"}
            assert len(found("钱")) == len(PHONE_TAILS)
    finally:
        store.close()
