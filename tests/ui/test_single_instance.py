"""One counter per data folder: a second start brings the first to the front and leaves, a stuck
first copy is reported, a crashed one's lock does not block, other data folders are not touched.

Real lock files and local sockets throughout; the other copy is a real process where it matters
(a killed or stuck process, the ``hallclient counter`` entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from hallclient.settings import Dirs, Settings, save_settings
from hallclient.store.db import store_path
from hallclient.ui.single_instance import (
    EXIT_ALREADY_RUNNING,
    Claim,
    SingleInstance,
    already_running_box,
    run_single_instance,
    server_name_for,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


class Holder:
    """tests/ui/instance_holder.py in a process of its own, holding ``data_dir``."""

    def __init__(self, mode: str, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.instance_holder", mode, str(data_dir)],
            cwd=REPO_ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.readline()
        assert line == "READY", line + self._stderr_after_kill()

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def readline(self) -> str:
        return self.stdout.readline().strip()

    def _stderr_after_kill(self) -> str:
        self.process.kill()
        _out, err = self.process.communicate(timeout=30)
        return err

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=30)
        # A killed holder leaves its socket file in the temporary folder.
        QLocalServer.removeServer(server_name_for(self.data_dir))


@pytest.fixture
def holders() -> Iterator[list[Holder]]:
    started: list[Holder] = []
    yield started
    for holder in started:
        holder.stop()


def _home(tmp_path: Path, name: str = "home") -> Dirs:
    home = tmp_path / name
    return Dirs(config=home / "config", data=home / "data", log=home / "log").ensure()


def _counter(home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``hallclient counter`` set up to sign in at once, against an address where nothing listens:
    without a guard it opens the store and fails the sign-in (exit 1)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "hallclient",
            "counter",
            "--username",
            "clerk07",
            "--password-env",
            "CLERK_PASSWORD",
        ],
        cwd=REPO_ROOT,
        env=_env(HALLCLIENT_HOME=str(home), CLERK_PASSWORD="demo1234"),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _configured_home(tmp_path: Path, name: str = "home") -> Dirs:
    dirs = _home(tmp_path, name)
    save_settings(dirs, Settings(server_url="http://127.0.0.1:9", window_no="07"))
    return dirs


# -- the hallclient counter entry point against a real first copy ----------------------------------


@pytest.mark.slow
def test_a_second_counter_brings_the_first_to_the_front_and_exits_0(
    tmp_path: Path, holders: list[Holder]
) -> None:
    dirs = _configured_home(tmp_path)
    first = Holder("serve", dirs.data)
    holders.append(first)

    result = _counter(dirs.data.parent)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert first.readline() == "RAISED minimised=False visible=True"
    # The second copy left before the store and the server.
    assert not store_path(dirs.data).exists()
    assert "sign-in failed" not in result.stderr
    assert first.process.poll() is None  # the first copy goes on


@pytest.mark.slow
def test_a_stuck_first_counter_is_reported_and_the_second_exits_non_zero(
    tmp_path: Path, holders: list[Holder]
) -> None:
    dirs = _configured_home(tmp_path)
    holders.append(Holder("hang", dirs.data))

    started = time.monotonic()
    result = _counter(dirs.data.parent)

    assert result.returncode not in (0, None), result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "already running" in result.stderr and str(dirs.data) in result.stderr, result.stderr
    assert not store_path(dirs.data).exists()
    assert "sign-in failed" not in result.stderr
    assert time.monotonic() - started < 40  # it gives up instead of waiting for ever


@pytest.mark.slow
def test_a_counter_on_another_data_folder_is_not_blocked(tmp_path: Path, holders: list[Holder]) -> None:
    # Another clerk's login on the same PC, or `hallclient demo` with its temporary folder.
    holders.append(Holder("serve", _home(tmp_path, "other").data))
    dirs = _configured_home(tmp_path)

    result = _counter(dirs.data.parent)

    # It went all the way to the sign-in, which fails: nothing listens at the address.
    assert "sign-in failed" in result.stderr, result.stdout + result.stderr
    assert store_path(dirs.data).exists()


# -- the guard itself ------------------------------------------------------------------------------


def test_a_second_guard_asks_the_first_to_raise_its_minimised_window(
    qapp: QApplication, tmp_path: Path
) -> None:
    first = SingleInstance(tmp_path)
    second = SingleInstance(tmp_path)
    window = QMainWindow()
    try:
        assert first.claim() is Claim.OWNED
        window.show()
        window.showMinimized()
        first.set_main_window(window)
        asked: list[bool] = []
        first.activation_requested.connect(lambda: asked.append(True))

        # The first guard answers from the event loop the second one waits in.
        assert second.claim(timeout_ms=3000) is Claim.ACTIVATED_OTHER
        assert asked == [True]
        assert not window.windowState() & Qt.WindowState.WindowMinimized
        assert window.isVisible()
    finally:
        window.close()
        second.release()
        first.release()


def test_while_signing_in_the_dialog_is_raised(qapp: QApplication, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    second = SingleInstance(tmp_path)
    dialog = QDialog()
    try:
        assert first.claim() is Claim.OWNED
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        dialog.showMinimized()
        assert second.claim(timeout_ms=3000) is Claim.ACTIVATED_OTHER
        assert not dialog.windowState() & Qt.WindowState.WindowMinimized
    finally:
        dialog.close()
        second.release()
        first.release()


def test_the_lock_is_free_again_once_released(qapp: QApplication, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.claim() is Claim.OWNED
    assert first.lock_path.exists()
    first.release()
    assert not first.lock_path.exists()
    again = SingleInstance(tmp_path)
    try:
        assert again.claim(timeout_ms=1000) is Claim.OWNED
    finally:
        again.release()


def test_a_stuck_first_copy_is_reported_as_unreachable(
    qapp: QApplication, tmp_path: Path, holders: list[Holder]
) -> None:
    holders.append(Holder("hang", tmp_path))
    second = SingleInstance(tmp_path)
    started = time.monotonic()
    assert second.claim(timeout_ms=1500) is Claim.OTHER_UNREACHABLE
    assert 1.0 < time.monotonic() - started < 10


def test_a_long_running_copy_keeps_its_lock(
    qapp: QApplication, tmp_path: Path, holders: list[Holder]
) -> None:
    # A counter runs all day: its lock file is old, and that alone must not make it stale.
    holders.append(Holder("hang", tmp_path))
    lock_path = SingleInstance(tmp_path).lock_path
    a_day_ago = time.time() - 24 * 3600
    os.utime(lock_path, (a_day_ago, a_day_ago))
    second = SingleInstance(tmp_path)
    try:
        assert second.claim(timeout_ms=1000) is Claim.OTHER_UNREACHABLE
    finally:
        second.release()


@pytest.mark.parametrize("mode", ["serve", "hang"])
def test_a_lock_left_by_a_killed_copy_does_not_block(
    qapp: QApplication, tmp_path: Path, holders: list[Holder], mode: str
) -> None:
    crashed = Holder(mode, tmp_path)
    holders.append(crashed)
    lock_path = SingleInstance(tmp_path).lock_path
    assert lock_path.exists()
    crashed.process.kill()
    crashed.process.wait(timeout=30)
    assert lock_path.exists()  # left behind, with the dead process's id in it

    started = time.monotonic()
    survivor = SingleInstance(tmp_path)
    third = SingleInstance(tmp_path)
    try:
        assert survivor.claim(timeout_ms=3000) is Claim.OWNED
        assert time.monotonic() - started < 2
        # It answers in place of the dead one, whose local socket may still lie around.
        assert third.claim(timeout_ms=3000) is Claim.ACTIVATED_OTHER
    finally:
        third.release()
        survivor.release()


def test_two_data_folders_are_two_instances(
    qapp: QApplication, tmp_path: Path, holders: list[Holder]
) -> None:
    clerk_a, clerk_b = tmp_path / "a" / "data", tmp_path / "b" / "data"
    clerk_a.mkdir(parents=True)
    clerk_b.mkdir(parents=True)
    holders.append(Holder("hang", clerk_a))
    assert server_name_for(clerk_a) != server_name_for(clerk_b)
    assert server_name_for(clerk_a) == server_name_for(clerk_a / ".." / "data")
    other = SingleInstance(clerk_b)
    try:
        assert other.claim(timeout_ms=1000) is Claim.OWNED
    finally:
        other.release()


def test_the_message_names_the_data_folder(qapp: QApplication, tmp_path: Path) -> None:
    box = already_running_box(tmp_path)
    try:
        assert "已在运行" in box.windowTitle()
        assert "本机" in box.text() and "数据文件夹" in box.text()
        assert str(tmp_path) in box.text()
    finally:
        box.deleteLater()


ROLE_NAMES = {"counter": "窗口端", "display": "叫号大屏", "kiosk": "取号机", "monitor": "大厅监控"}


@pytest.mark.parametrize("role", list(ROLE_NAMES))
def test_the_message_names_the_role_that_runs(qapp: QApplication, tmp_path: Path, role: str) -> None:
    # Whoever started a display by hand is not told that a counter is running.
    box = already_running_box(tmp_path, role=role)  # type: ignore[arg-type]
    try:
        assert ROLE_NAMES[role] in box.windowTitle()
        assert ROLE_NAMES[role] in box.text()
        others = [name for other, name in ROLE_NAMES.items() if other != role]
        assert not any(name in box.windowTitle() + box.text() for name in others), box.text()
        assert str(tmp_path) in box.text()
    finally:
        box.deleteLater()


def test_a_second_start_of_a_role_runs_nothing_and_leaves_with_0(qapp: QApplication, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path, role="kiosk")
    ran: list[SingleInstance] = []

    def run(guard: SingleInstance) -> int:
        ran.append(guard)
        return 5

    try:
        assert first.claim() is Claim.OWNED
        assert run_single_instance(tmp_path, role="kiosk", parent=qapp, run=run) == 0
        assert ran == []
        # Another role on the same folder runs, and lets its own lock go when it is done.
        assert run_single_instance(tmp_path, role="display", parent=qapp, run=run) == 5
        assert [guard.lock_path.name for guard in ran] == ["display.lock"]
        assert not ran[0].lock_path.exists()
    finally:
        first.release()


def test_a_start_whose_first_copy_is_stuck_leaves_with_exit_3(
    qapp: QApplication, tmp_path: Path, holders: list[Holder], capsys: pytest.CaptureFixture[str]
) -> None:
    holders.append(Holder("hang", tmp_path))

    code = run_single_instance(tmp_path, role="counter", parent=qapp, run=lambda _guard: 5, timeout_ms=1500)

    assert code == EXIT_ALREADY_RUNNING == 3
    assert "a counter is already running" in capsys.readouterr().err
