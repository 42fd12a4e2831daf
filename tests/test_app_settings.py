"""Start-up with a broken settings file: the counter says so, keeps the file aside and goes on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hallclient.settings import Dirs, PrintSettings, Settings, load_settings

pytestmark = pytest.mark.slow


def test_counter_starts_on_defaults_when_settings_are_broken(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    broken = 'server_url = "http://127.0.0.1:9"\nwindow_no = 7\n'
    (home / "config" / "settings.toml").write_text(broken, encoding="utf-8")
    env = {
        **os.environ,
        "HALLCLIENT_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "CLERK_PASSWORD": "demo1234",
    }
    # Nothing listens on port 9: the automatic sign-in fails fast, after start-up has dealt with
    # the settings file; what matters here is what happened to that file and what was said.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hallclient",
            "counter",
            "--server",
            "http://127.0.0.1:9",
            "--window",
            "07",
            "--username",
            "clerk07",
            "--password-env",
            "CLERK_PASSWORD",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "window_no" in result.stderr and "using default settings" in result.stderr, result.stderr
    kept = list((home / "config").glob("settings.toml.broken-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == broken
    log_text = (home / "log" / "hallclient.log").read_text(encoding="utf-8")
    assert "settings file unusable" in log_text


def test_a_chosen_printer_is_remembered(tmp_path: Path) -> None:
    from hallclient.app import CounterApp, CounterOptions

    dirs = Dirs(config=tmp_path / "c", data=tmp_path / "d", log=tmp_path / "l").ensure()
    counter = CounterApp(dirs, Settings(server_url="http://127.0.0.1:9", window_no="03"), CounterOptions())
    printing = PrintSettings(default_printers={"receipt": "窗口03-回执打印机"})
    counter._on_print_settings_changed(printing)
    assert load_settings(dirs).printing.default_printers == {"receipt": "窗口03-回执打印机"}
    assert load_settings(dirs).window_no == "03"


def _counter_with_setup_dialog_stub(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Start ``hallclient counter ARGS`` with the set-up dialog replaced by one that prints what it
    was opened with and is cancelled, so the test sees whether start-up asked for the address."""
    probe = (
        "import sys\n"
        "import hallclient.ui.controllers.signin as signin\n"
        "def setup(settings, **_kw):\n"
        "    print('SETUP DIALOG', settings.server_url, settings.window_no, flush=True)\n"
        "    return None\n"
        "signin.run_setup_dialog = setup\n"
        "from hallclient.cli import main\n"
        "raise SystemExit(main(['counter', *sys.argv[1:]]))\n"
    )
    env = {**os.environ, "HALLCLIENT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unusable_server_address_in_the_settings_opens_the_setup_dialog(tmp_path: Path) -> None:
    # An address IT typed without http:// is fixed up; one with another scheme cannot be used, and
    # the counter used to end in a traceback before any window opened.
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(
        'server_url = "htp://10.20.0.5:8470"\nwindow_no = "07"\n', encoding="utf-8"
    )
    result = _counter_with_setup_dialog_stub(home)
    assert "Traceback" not in result.stderr, result.stderr
    assert "SETUP DIALOG htp://10.20.0.5:8470 07" in result.stdout, result.stdout + result.stderr
    assert "htp://10.20.0.5:8470" in result.stderr  # the console says why it asks
    assert result.returncode == 1  # the dialog was cancelled


def test_an_unusable_server_option_is_refused_like_any_bad_option(tmp_path: Path) -> None:
    result = _counter_with_setup_dialog_stub(
        tmp_path / "home", "--server", "ftp://10.20.0.5", "--window", "07"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "--server" in result.stderr and "http://" in result.stderr
    assert "SETUP DIALOG" not in result.stdout
