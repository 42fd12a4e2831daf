"""The catalog's hall record (name, address, phone) as the server keeps, serves and syncs it: entered
once on the server, it reaches a counter's printed documents unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hallclient.domain.catalog import sample_catalog_path
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft
from hallclient.intake.references import load_intake_references
from hallclient.printing import render_document
from hallclient.printing.from_case import load_case_document
from hallclient.server.config import ServerConfig
from hallclient.server.db import Database
from hallclient.server.models import CatalogDocument, Hall
from hallclient.settings import PrintSettings, Settings
from hallclient.store import open_store, repo
from hallclient.sync import HttpSyncTransport, SyncEngine
from tests.intake.builders import at, checks, person
from tests.printing.printing_pdf import page_count, page_text
from tests.server.conftest import HallFixture
from tests.serverproc import ServerProcess, login

NOW = at(2026, 3, 2, 10, 0)


def _sample_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(sample_catalog_path().read_text(encoding="utf-8"))
    return document


def _store_catalog(database_url: str, hall_code: str, document: dict[str, Any]) -> None:
    """What an admin's catalog edit leaves in the server's database."""
    db = Database(ServerConfig(database_url=database_url))
    try:
        with db.write() as session:
            hall_id = session.execute(select(Hall.id).where(Hall.code == hall_code)).scalar_one()
            row = session.get(CatalogDocument, hall_id)
            assert row is not None
            row.document = document
            row.version += 1
    finally:
        db.dispose()


def test_the_demo_hall_serves_the_sample_hall_record_unchanged(server: ServerProcess) -> None:
    clerk = login(server.base_url, "clerk01", window_no="01")
    response = clerk.get("/api/v1/catalog")
    assert response.status_code == 200
    expected = _sample_document()["hall"]
    assert expected["address"] and expected["phone"]
    assert response.json()["hall"] == expected


def test_the_hall_record_entered_on_the_server_reaches_a_counters_printed_footer(
    hall: HallFixture, tmp_path: Path
) -> None:
    document = _sample_document()
    document["hall"] = {
        "code": hall.code,
        "name": "测试县政务服务中心",
        "address": "测试县光明路2号便民服务大厅",
        "phone": "0123-7654321",
    }
    _store_catalog(hall.database_url, hall.code, document)

    clerk = hall.clerk("01")
    served = clerk.get("/api/v1/catalog")
    assert served.status_code == 200 and served.json()["hall"] == document["hall"]

    token = str(clerk.login_body["token"])
    store = open_store(tmp_path / "counter" / "counter.db")
    try:
        engine = SyncEngine(
            store,
            HttpSyncTransport(hall.base_url, token=lambda: token),
            client_id=store.client_id(),
        )
        engine.sync_once()
        with store.session(readonly=True) as session:
            cached = repo.load_cached_document(session, "catalog")
            assert cached is not None and cached.body["hall"] == document["hall"]
            references = load_intake_references(session=session)
        assert references.catalog_from_server
        catalog = references.catalog
        assert catalog.hall is not None and catalog.hall.address == "测试县光明路2号便民服务大厅"

        calendar = WorkCalendar.default()
        item = catalog.item("SCJG-006")
        with store.session() as session:
            summary = cases.save_case(
                session=session,
                draft=CaseDraft(applicant=person(), checks=checks(item.materials), item_code=item.code),
                catalog=catalog,
                calendar=calendar,
                now=NOW,
                clerk="clerk01",
                window_no="01",
                hall_code=hall.code,
            )
        settings = Settings(
            hall_code=hall.code, printing=PrintSettings(progress_base_url="https://zwfw.example.gov.cn")
        )
        with store.session(readonly=True) as session:
            doc_type, data = load_case_document(
                session=session,
                case_id=summary.id,
                doc_type=None,
                catalog=catalog,
                calendar=calendar,
                settings=settings,
                now=NOW + dt.timedelta(minutes=1),
            )
    finally:
        store.close()
    pdf = render_document(doc_type, data).pdf
    total = page_count(pdf)
    for page in range(total):
        assert page_text(pdf, page).endswith(
            "测试县政务服务中心地址：测试县光明路2号便民服务大厅咨询电话：0123-7654321"
            f"第{page + 1}页共{total}页"
        )
