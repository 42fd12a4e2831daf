"""``hallclient display|kiosk|monitor`` as an operator starts them: options, refusals, clean exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.serverproc import REPO_ROOT, ServerProcess
from tests.ui.roles.rolekit import register_device


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HALLCLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return env


@pytest.mark.parametrize("role", ["display", "kiosk"])
def test_without_a_device_token_the_screen_says_how_to_get_one(role: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", role, "--server", "http://127.0.0.1:9"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert f"register-device --kind {role}" in result.stderr


def test_without_a_server_address_the_monitor_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", "monitor"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "--server" in result.stderr


@pytest.mark.parametrize("role", ["display", "kiosk"])
def test_a_registered_screen_runs_and_stops_cleanly(role: str, server: ServerProcess, tmp_path: Path) -> None:
    token = register_device(server.base_url, role)
    args = ["--print-to-pdf", str(tmp_path / "tickets")] if role == "kiosk" else []
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hallclient",
            role,
            "--server",
            server.base_url,
            "--device-token-env",
            "HALL_TOKEN",
            "--windowed",
            *args,
        ],
        env=_env(tmp_path, HALL_TOKEN=token),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(6)  # long enough to sign in, read the hall and follow the feed
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    log = (tmp_path / "log" / "hallclient.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert "refused" not in log and "not authorised" not in log
