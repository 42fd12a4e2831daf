"""``hallclient server``: what an installer sees when the database, time zone or port is wrong.

Every refusal is one line on stderr that names the problem and a non-zero exit code, never a
traceback, and nothing is served with a setting that would fail every request later.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from hallclient.server.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HALLCLIENT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("HALLCLIENT_SERVER_DB", raising=False)
    monkeypatch.delenv("HALLCLIENT_SERVER_TZ", raising=False)

    def serve(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server was started")

    # A refusal that did not happen must fail the test, not serve until the timeout.
    monkeypatch.setattr("uvicorn.run", serve)


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command; it must fail with a message on stderr and no traceback."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refusals
        code = exc.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert code not in (0, None), out + err
    assert "Traceback" not in err
    assert "hallclient server on" not in out  # nothing claimed to be serving
    return err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a database url", "not a database URL"),
        ("postgres://hall@db:5432/hall", "postgres"),  # the dialect is spelt postgresql
        ("mysql+nosuchdriver://hall@db/hall", "nosuchdriver"),
    ],
)
def test_a_wrong_db_url_is_named(url: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(["migrate", "--db", url], capsys)
    assert err.startswith("error: --db"), err
    assert expected in err
    assert "postgresql+psycopg://" in err  # shows what a right one looks like


def test_an_unreachable_database_is_named_without_its_password(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://hall:s3cret@127.0.0.1:{port}/hall?connect_timeout=5"
    err = _refused(["migrate", "--db", url], capsys)
    assert err.startswith("error: cannot use the database"), err
    assert f"127.0.0.1:{port}" in err
    assert "s3cret" not in err


def test_a_sqlite_file_in_a_missing_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{(tmp_path / 'no' / 'such' / 'folder' / 'server.sqlite3').as_posix()}"
    err = _refused(["init-demo", "--db", url], capsys)
    assert err.startswith("error: cannot use the database"), err
    assert "unable to open database file" in err


def test_an_unusable_data_folder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --db the database goes to the data folder; a HALLCLIENT_HOME that is a file (or a
    # folder the account may not write) cannot hold it.
    home = tmp_path / "home-is-a-file"
    home.write_text("", encoding="utf-8")
    monkeypatch.setenv("HALLCLIENT_HOME", str(home))
    err = _refused(["migrate"], capsys)
    assert err.startswith("error: cannot create the data folder"), err
    assert str(home / "data") in err


def test_a_database_newer_than_the_program_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    url = f"sqlite:///{(tmp_path / 'server.sqlite3').as_posix()}"
    assert main(["migrate", "--db", url]) == 0
    with sqlite3.connect(tmp_path / "server.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999_from_a_later_version'")
    conn.close()
    capsys.readouterr()
    err = _refused(["migrate", "--db", url], capsys)
    assert "0999_from_a_later_version" in err
    assert "newer" in err


def test_an_unknown_time_zone_is_refused_before_serving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Accepted, it would start a server whose every sign-in fails on the time zone.
    err = _refused(["run", "--timezone", "Asia/Shangai", "--port", "1"], capsys)
    assert "Asia/Shangai" in err
    assert not (tmp_path / "home" / "data" / "server.sqlite3").exists()


def test_an_unknown_time_zone_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HALLCLIENT_SERVER_TZ", "Beijing")
    err = _refused(["run", "--port", "1"], capsys)
    assert "Beijing" in err


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_a_port_out_of_range_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(["run", "--port", port], capsys)
    assert "--port" in err


def test_workers_on_sqlite_are_refused_before_touching_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{(tmp_path / 'server.sqlite3').as_posix()}"
    err = _refused(["run", "--db", url, "--workers", "2", "--port", "1"], capsys)
    assert "--workers needs PostgreSQL" in err
    assert not (tmp_path / "server.sqlite3").exists()
