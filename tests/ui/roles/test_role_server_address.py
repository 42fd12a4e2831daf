"""The hall's screens refuse a server address that can never work, as the counter does, instead of
ending in a traceback after the window system has started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serverproc import REPO_ROOT

ROLES = ["display", "kiosk", "monitor"]


def _run(role: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(HALLCLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen", HALL_TOKEN="not-checked")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "hallclient", role, "--windowed", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("role", ROLES)
def test_an_unusable_server_option_is_refused_like_any_bad_option(role: str, tmp_path: Path) -> None:
    result = _run(role, tmp_path, "--server", "ftp://10.20.0.5", "--device-token-env", "HALL_TOKEN")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "--server" in result.stderr and "http://" in result.stderr
    assert "usage: hallclient" in result.stderr  # argparse's refusal, before any window


@pytest.mark.parametrize("role", ROLES)
def test_an_unusable_server_address_in_the_settings_is_reported(role: str, tmp_path: Path) -> None:
    # With a device token, so nothing else stops the screen before it would talk to the server;
    # the monitor without one would ask for a password first.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text(
        'server_url = "htp://10.20.0.5:8470"\ndevice_token = "not-checked"\n', encoding="utf-8"
    )
    result = _run(role, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "htp://10.20.0.5:8470" in result.stderr and "server_url" in result.stderr
    assert "settings.toml" in result.stderr  # where IT has to correct it
    # An unattended screen has nobody reading its console: the log keeps the reason.
    assert "htp://10.20.0.5:8470" in (tmp_path / "log" / "hallclient.log").read_text(encoding="utf-8")
    # The file is the operator's to correct; it is neither moved aside nor rewritten.
    assert "htp://" in (tmp_path / "config" / "settings.toml").read_text(encoding="utf-8")


def test_a_good_server_option_overrides_an_unusable_settings_address(tmp_path: Path) -> None:
    # The option is the documented way round a wrong settings file for one run; the settings check
    # must not refuse it. Stopped by the missing device token, the next thing the screen checks.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text(
        'server_url = "htp://10.20.0.5:8470"\n', encoding="utf-8"
    )
    result = _run("display", tmp_path, "--server", "http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert "register-device --kind display" in result.stderr
    assert "htp://" not in result.stderr


def test_a_screen_that_lost_its_settings_says_so_in_its_log(tmp_path: Path) -> None:
    # The warning used to be logged before logging was set up: it went to the console only (twice)
    # and the log IT looks at had no trace of the settings being set aside.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text("window_no = 7\n", encoding="utf-8")
    result = _run("display", tmp_path, "--server", "http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr  # stopped by the missing device token
    log = (tmp_path / "log" / "hallclient.log").read_text(encoding="utf-8")
    assert "settings file unusable" in log and "settings.toml.broken-" in log
    assert "register-device --kind display" in log
    assert result.stderr.count("window_no") == 1, result.stderr
