"""PostgreSQL restarted under a running server: every pooled connection dies at once.

The server does not test a connection before each use (that would cost a round trip per
request); a write whose connection turns out dead runs again on a fresh one, so the clerk sees
no error, and a read answers 503 at most once, which clients retry.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.serverproc import ApiClient, fresh_pg_database, init_demo, login, start_server


def _cut_connections(url: str) -> int:
    """Terminate every other session of the server's database, as a restart would."""
    name = make_url(url).database
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            ).scalar_one()
    finally:
        engine.dispose()
    return int(killed)


def test_writes_survive_lost_connections(tmp_path: Path, pg_admin_url: str) -> None:
    with fresh_pg_database(pg_admin_url) as url:
        home = tmp_path / "home"
        home.mkdir()
        init_demo(url, home=home)
        server = start_server(url, home=home)
        try:
            clerk = login(server.base_url, "clerk01", window_no="01")
            kiosk_issue = clerk.issue("A")
            assert kiosk_issue.status_code == 200, kiosk_issue.text

            assert _cut_connections(url) > 0
            issued = clerk.issue("A")
            assert issued.status_code == 200, issued.text
            called = clerk.act("01", "call_next")
            assert called.status_code == 200, called.text
            assert called.json()["ticket"]["number"] == kiosk_issue.json()["number"]

            assert _cut_connections(url) > 0
            # The same request_id twice around a cut: applied once, the same answer both times.
            first = clerk.act("01", "start", request_id="restart-start-1")
            assert first.status_code == 200, first.text
            assert _cut_connections(url) > 0
            again = clerk.act("01", "start", request_id="restart-start-1")
            assert again.json() == first.json()

            assert _cut_connections(url) > 0
            reader = ApiClient(server.base_url, token=clerk.login_body["token"])  # type: ignore[arg-type]
            statuses = [reader.get("/api/v1/hall").status_code for _ in range(3)]
            assert statuses[-1] == 200 and set(statuses) <= {200, 503}
            assert statuses.count(503) <= 1
            assert "Traceback" not in server.log_text()
        finally:
            server.stop()
