"""The ``hallclient`` command line: version, help, role dispatch errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.version import Version

import hallclient
from hallclient.cli import main

REPO = Path(__file__).resolve().parent.parent
# The roles issue 2 asks the CLI to offer.
EXPECTED_ROLES = ("counter", "monitor", "display", "kiosk", "server", "demo")


def run_python(code_or_args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, *code_or_args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out == f"hallclient {hallclient.__version__}\n"
    assert Version(hallclient.__version__).release  # a release number a wheel and an installer accept


def test_version_does_not_load_qt_or_the_database(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from hallclient.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as e:\n    assert e.code == 0\n"
        "heavy = ('PySide6', 'sqlalchemy', 'fastapi', 'reportlab')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    result = run_python(["-c", probe], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_help_lists_every_role(tmp_path: Path) -> None:
    result = run_python(["-m", "hallclient", "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    role_lines = {
        line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()
    }
    for role in EXPECTED_ROLES:
        assert role in role_lines, f"{role} missing from --help:\n{result.stdout}"
    assert "--self-test" in result.stdout
    assert "--version" in result.stdout


def test_an_unknown_role_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["teller"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'teller'" in err
    assert "counter" in err  # the message lists the valid roles


def test_an_unknown_option_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--selftest"])
    assert exit_info.value.code == 2
    assert "--selftest" in capsys.readouterr().err


def test_server_without_the_server_extra_says_what_to_install(tmp_path: Path) -> None:
    # A counter PC installs the client only: simulate it by making the server extra unimportable.
    probe = (
        "import sys\n"
        "for name in ('fastapi', 'uvicorn', 'starlette', 'psycopg'):\n    sys.modules[name] = None\n"
        "from hallclient.cli import main\n"
        "raise SystemExit(main(['server', 'run']))\n"
    )
    result = run_python(["-c", probe], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "pip install 'hallclient[server]'" in output
    # The message must come from the missing extra, not from some other import failure.
    assert any(name in output for name in ("fastapi", "uvicorn", "starlette")), output
