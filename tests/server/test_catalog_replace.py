"""Replacing a hall's catalog: ``PUT /api/v1/catalog`` (admin) and ``hallclient server
load-catalog``. A catalog the counters could not read is refused whole and the old one stays;
a good one reaches the counters through sync. A counter that is published an unreadable catalog
anyway (edited in the database) keeps its last good copy. Real server processes, real databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hallclient.intake.references import load_intake_references
from hallclient.store import open_store
from hallclient.sync import HttpSyncTransport, SyncEngine
from tests.server.conftest import HallFixture, catalog_for, put_catalog
from tests.server.test_catalog_hall_record import _store_catalog
from tests.serverproc import hallclient_server


def test_an_admin_replaces_the_catalog_and_gets_what_it_holds(hall: HallFixture) -> None:
    admin = hall.login("admin")
    document = catalog_for(hall)

    answer = put_catalog(admin, document)

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "hall_code": hall.code,
        "version": 2,
        "catalog_version": "2026.12.1",
        "items": 40,
        "bundles": 0,
    }
    assert hall.clerk("01").get("/api/v1/catalog").json() == document


@pytest.mark.parametrize(
    ("spoil", "field"),
    [
        (lambda d: d.pop("items"), "items"),
        (lambda d: d["items"][3].update(code=""), "items[3]"),
        (lambda d: d["items"][5]["materials"].append({"key": "no_such_material"}), "no_such_material"),
        (lambda d: d.update(format_version=99), "format_version"),
    ],
    ids=["no items", "empty item code", "unknown material", "newer format"],
)
def test_a_catalog_the_counters_could_not_read_is_refused_and_the_old_one_stays(
    hall: HallFixture, spoil: Any, field: str
) -> None:
    admin = hall.login("admin")
    assert put_catalog(admin, catalog_for(hall, "2026.12.1")).status_code == 200
    broken = catalog_for(hall, "2026.12.2")
    spoil(broken)

    answer = put_catalog(admin, broken)

    assert answer.status_code == 422, answer.text
    assert field in json.dumps(answer.json(), ensure_ascii=False)
    assert hall.clerk("01").get("/api/v1/catalog").json()["catalog_version"] == "2026.12.1"


def test_another_halls_catalog_and_a_clerk_are_refused(hall: HallFixture) -> None:
    other = catalog_for(hall)
    other["hall"]["code"] = "ELSEWHERE"
    answer = put_catalog(hall.login("admin"), other)
    assert answer.status_code == 422 and "ELSEWHERE" in answer.json()["error"]["message"]
    assert put_catalog(hall.clerk("01"), catalog_for(hall)).status_code == 403


def test_load_catalog_checks_the_file_and_stores_it(hall: HallFixture, tmp_path: Path) -> None:
    good, broken = tmp_path / "catalog.json", tmp_path / "broken.json"
    good.write_text(json.dumps(catalog_for(hall, "2027.01.1"), ensure_ascii=False), encoding="utf-8")
    broken.write_text("{not json", encoding="utf-8")
    db = ("--db", hall.database_url, "--hall", hall.code)

    done = hallclient_server("load-catalog", *db, str(good), home=tmp_path)

    assert "2027.01.1 (40 items, 0 bundles)" in done.stdout
    assert hall.clerk("01").get("/api/v1/catalog").json()["catalog_version"] == "2027.01.1"
    with pytest.raises(RuntimeError, match="不是 UTF-8 编码的 JSON"):
        hallclient_server("load-catalog", *db, str(broken), home=tmp_path)
    with pytest.raises(RuntimeError, match="无法读取"):
        hallclient_server("load-catalog", *db, str(tmp_path / "missing.json"), home=tmp_path)
    assert hall.clerk("01").get("/api/v1/catalog").json()["catalog_version"] == "2027.01.1"


def test_a_counter_gets_the_new_catalog_and_keeps_it_over_an_unreadable_one(
    hall: HallFixture, tmp_path: Path
) -> None:
    assert put_catalog(hall.login("admin"), catalog_for(hall, "2026.12.1")).status_code == 200
    token = str(hall.clerk("01").login_body["token"])
    store = open_store(tmp_path / "counter" / "counter.db")
    try:
        engine = SyncEngine(
            store, HttpSyncTransport(hall.base_url, token=lambda: token), client_id=store.client_id()
        )
        engine.sync_once()
        with store.session(readonly=True) as session:
            first = load_intake_references(session=session)
        assert first.catalog_from_server and first.catalog.catalog_version == "2026.12.1"

        unreadable = catalog_for(hall, "2026.12.9")
        unreadable["items"][0]["code"] = ""
        _store_catalog(hall.database_url, hall.code, unreadable)  # past the server's check
        assert hall.clerk("01").get("/api/v1/catalog").json()["catalog_version"] == "2026.12.9"
        engine.sync_once()

        with store.session(readonly=True) as session:
            kept = load_intake_references(session=session)
        assert kept.catalog_from_server and kept.catalog.catalog_version == "2026.12.1"
    finally:
        store.close()
