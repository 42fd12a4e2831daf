"""Security review of the server CLI's password handling: a password is never taken from the
command line (other users of the machine see it in the process list, the shell keeps it in its
history) and never printed. Real CLI subprocesses against the test server's database."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.server.conftest import HallFixture
from tests.serverproc import REPO_ROOT, _env, login


def _run(hall: HallFixture, tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    """(exit code, everything the command printed)."""
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", "server", *args, "--db", hall.database_url, "--hall", hall.code],
        input=stdin,
        env=_env(tmp_path),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def _cli(hall: HallFixture, tmp_path: Path, *args: str, stdin: str | None = None) -> str:
    code, out = _run(hall, tmp_path, *args, stdin=stdin)
    assert code == 0, out
    return out


def _refused(hall: HallFixture, tmp_path: Path, *args: str, stdin: str | None = None) -> str:
    code, out = _run(hall, tmp_path, *args, stdin=stdin)
    assert code != 0 and "error:" in out, out
    return out


@pytest.mark.parametrize("form", ["separate", "joined"])
def test_a_password_on_the_command_line_is_refused_and_not_repeated(
    hall: HallFixture, tmp_path: Path, form: str
) -> None:
    secret = "Cmdline-" + uuid.uuid4().hex[:10]
    username = f"{hall.code.lower()}_argv_{form}"
    given = ("--password", secret) if form == "separate" else (f"--password={secret}",)
    out = _refused(hall, tmp_path, "create-user", "--username", username, *given, stdin="")
    assert secret not in out and "--password -" in out
    out = _refused(hall, tmp_path, "set-password", "--username", hall.user("clerk01"), *given, stdin="")
    assert secret not in out
    with pytest.raises(Exception, match="401"):
        login(hall.base_url, hall.user("clerk01"), secret)


def test_a_password_read_from_stdin_is_not_printed_and_loses_its_line_ending(
    hall: HallFixture, tmp_path: Path
) -> None:
    secret = "Stdin-" + uuid.uuid4().hex[:10]
    username = f"{hall.code.lower()}_stdin"
    out = _cli(hall, tmp_path, "create-user", "--username", username, "--password", "-", stdin=secret + "\n")
    assert secret not in out
    login(hall.base_url, username, secret)
    # A line from a file written on Windows ends in CR LF: the CR is not part of the password.
    renewed = secret + "-2"
    set_password = ("set-password", "--username", username, "--password", "-")
    out = _cli(hall, tmp_path, *set_password, stdin=renewed + "\r\n")
    assert renewed not in out
    login(hall.base_url, username, renewed)
    # Too short: refused without repeating it.
    out = _refused(hall, tmp_path, "set-password", "--username", username, "--password", "-", stdin="Ab3$x\n")
    assert "Ab3$x" not in out and "8" in out
