"""One display, one kiosk, one monitor per data folder, as the counter: a second start (an autostart
entry and a hand-started copy) brings the running screen to the front and exits 0, a stuck one is
reported and the start exits 3; different roles on one PC do not block each other.

Real ``hallclient <role>`` processes throughout. The guard acts before the screen signs in, so they
are pointed at an address where nothing listens: the first copy keeps retrying, and runs all the
while. A stuck first copy is a real one stopped with SIGSTOP: alive, holding its lock, its socket
taking connections that nobody answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from hallclient.ui.single_instance import server_name_for
from tests.serverproc import REPO_ROOT
from tests.ui.test_single_instance import _counter as run_counter

ROLES = ["display", "kiosk", "monitor"]
NOUNS = {"display": "calling display", "kiosk": "ticket kiosk", "monitor": "monitor"}
NOWHERE = "http://127.0.0.1:9"
EXIT_ALREADY_RUNNING = 3
# The running copy's own line when another start asks it to come to the front.
ASKED = "another start asked this copy to come to the front"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HALLCLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen", HALL_TOKEN="not-checked-yet", **extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    return env


def _args(role: str, home: Path) -> list[str]:
    extra = ["--print-to-pdf", str(home / "tickets")] if role == "kiosk" else []
    return [
        sys.executable,
        "-m",
        "hallclient",
        role,
        "--server",
        NOWHERE,
        "--device-token-env",
        "HALL_TOKEN",
        *extra,
    ]


def _log(home: Path) -> str:
    path = home / "log" / "hallclient.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


class Screen:
    """A ``hallclient <role>`` left running, its output in files (a full pipe would stop it)."""

    def __init__(self, role: str, home: Path) -> None:
        self.role = role
        self.home = home
        self.out = home / f"{role}-{time.monotonic_ns()}.out"
        with self.out.open("w") as sink:
            self.process = subprocess.Popen(
                _args(role, home),
                cwd=REPO_ROOT,
                env=_env(home),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        # Up: its lock taken and its local server open (just after the lock); a screen without a
        # guard has shown its window by then.
        lock = home / "data" / f"{role}.lock"
        deadline = time.monotonic() + 20
        while not lock.exists() and time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            time.sleep(0.1)
        time.sleep(0.5)
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()  # the screen's own way out: it lets its lock and socket go
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        # A killed one leaves its socket file in the temporary folder.
        QLocalServer.removeServer(server_name_for(self.home / "data", self.role))  # type: ignore[arg-type]


@pytest.fixture
def screens() -> Iterator[list[Screen]]:
    started: list[Screen] = []
    yield started
    for screen in started:
        screen.stop()


def _start_again(role: str, home: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            _args(role, home),
            cwd=REPO_ROOT,
            env=_env(home),
            capture_output=True,
            text=True,
            timeout=30,  # 5 s for an answer, and the start-up around it
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the second {role} kept running beside the first")


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_a_second_start_brings_the_first_to_the_front_and_exits_0(
    role: str, tmp_path: Path, screens: list[Screen]
) -> None:
    first = Screen(role, tmp_path)
    screens.append(first)

    result = _start_again(role, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert ASKED in _log(tmp_path)
    assert first.process.poll() is None, first.output()  # the first copy goes on


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")
@pytest.mark.parametrize("role", ROLES)
def test_a_stuck_first_copy_is_reported_and_the_second_exits_3(
    role: str, tmp_path: Path, screens: list[Screen]
) -> None:
    first = Screen(role, tmp_path)
    screens.append(first)
    first.process.send_signal(signal.SIGSTOP)

    started = time.monotonic()
    result = _start_again(role, tmp_path)

    assert result.returncode == EXIT_ALREADY_RUNNING, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "already running" in result.stderr and str(tmp_path / "data") in result.stderr, result.stderr
    assert f"a {NOUNS[role]} is already running" in result.stderr, result.stderr
    assert "counter" not in result.stderr, result.stderr
    assert time.monotonic() - started < 40  # it gives up instead of waiting for ever


@pytest.mark.slow
def test_a_display_and_a_kiosk_on_one_pc_do_not_block_each_other(
    tmp_path: Path, screens: list[Screen]
) -> None:
    # One PC driving the waiting-area screen and the kiosk beside it, one user, one data folder.
    display = Screen("display", tmp_path)
    screens.append(display)
    kiosk = Screen("kiosk", tmp_path)  # took its own lock while the display holds the display's
    screens.append(kiosk)
    time.sleep(2)
    assert kiosk.process.poll() is None, kiosk.output()
    assert display.process.poll() is None, display.output()
    assert ASKED not in _log(tmp_path)

    # Each still guards its own role.
    assert _start_again("kiosk", tmp_path).returncode == 0
    assert _start_again("display", tmp_path).returncode == 0
    assert _log(tmp_path).count(ASKED) == 2


@pytest.mark.slow
def test_a_monitor_beside_a_counter_is_not_blocked_and_does_not_block_it(
    tmp_path: Path, screens: list[Screen]
) -> None:
    monitor = Screen("monitor", tmp_path)
    screens.append(monitor)
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.toml").write_text(
        f'server_url = "{NOWHERE}"\nwindow_no = "07"\n', encoding="utf-8"
    )
    counter = run_counter(tmp_path)
    # It went all the way to the sign-in, which fails: nothing listens at the address.
    assert "sign-in failed" in counter.stderr, counter.stdout + counter.stderr
    assert monitor.process.poll() is None, monitor.output()
    assert ASKED not in _log(tmp_path)
