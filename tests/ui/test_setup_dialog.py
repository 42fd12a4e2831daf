"""The first-run dialog's 测试连接 against a real server, with the test of one address held until
the worst moment: a corrected address's answer stays on screen, and a closed (deleted) dialog is
left alone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from hallclient.queue.client import ServerClient
from hallclient.settings import Settings
from hallclient.ui.controllers.signin import run_setup_dialog
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.dialogs import SetupDialog
from tests.serverproc import ServerProcess, free_port
from tests.ui.holding import held


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner(net_workers=3)
    yield tasks
    tasks.shutdown()


Holder = tuple[Callable[[str], None], threading.Event, threading.Event]


@pytest.fixture
def slow_address(monkeypatch: pytest.MonkeyPatch) -> Iterator[Holder]:
    """``hold(url)``: the health check of that address answers only at ``release``."""
    answered, release = threading.Event(), threading.Event()
    real_health = ServerClient.health
    slow: list[str] = []

    def health(client: ServerClient, **kwargs: Any) -> Any:
        if client.base_url in slow:
            return held(real_health, answered, release)(client, **kwargs)
        return real_health(client, **kwargs)

    monkeypatch.setattr(ServerClient, "health", health)
    yield slow.append, answered, release
    release.set()


def play_setup(
    runner: TaskRunner, clerk: Callable[[SetupDialog], None], parent: QWidget | None = None
) -> None:
    """Runs the modal first-run dialog with ``clerk`` acting inside its event loop, then closes it."""
    failures: list[BaseException] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SetupDialog)
        try:
            clerk(dialog)
        except BaseException as exc:
            failures.append(exc)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, act)
    assert run_setup_dialog(Settings(), runner=runner, parent=parent) is None
    if failures:
        raise failures[0]


def settle(qtbot: Any, runner: TaskRunner) -> None:
    """Every answer still on the net lane is delivered to the GUI thread."""
    qtbot.waitUntil(lambda: runner.pending("net") == 0, timeout=5000)
    QCoreApplication.processEvents()  # the last answer was posted before its worker went idle


def test_a_slow_test_of_a_wrong_address_does_not_overwrite_the_corrected_ones_answer(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, slow_address: Holder
) -> None:
    hold, answered, release = slow_address
    wrong = f"http://127.0.0.1:{free_port()}"
    hold(wrong)
    shown: list[str] = []

    def clerk(dialog: SetupDialog) -> None:
        dialog.server_url.setText(wrong)
        dialog.test_button.click()
        assert answered.wait(5)  # nothing listens there: refused, and the answer is on its way
        dialog.server_url.setText(server.base_url)  # the clerk sees the typo and tests again
        dialog.test_button.click()
        qtbot.waitUntil(lambda: "连接成功" in dialog.message.text(), timeout=5000)
        release.set()
        settle(qtbot, runner)
        shown.append(dialog.message.text())

    play_setup(runner, clerk)
    assert shown and "连接成功" in shown[0], shown


def test_an_answer_after_the_dialog_was_closed_and_deleted_leaves_it_alone(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, slow_address: Holder
) -> None:
    hold, answered, release = slow_address
    hold(server.base_url)
    window = QWidget()  # the dialog's owner: deleting it deletes the dialog
    dialogs: list[SetupDialog] = []

    def clerk(dialog: SetupDialog) -> None:
        dialogs.append(dialog)
        dialog.server_url.setText(server.base_url)
        dialog.test_button.click()
        assert answered.wait(5)

    play_setup(runner, clerk, parent=window)  # closed while the test is in flight
    shiboken6.delete(window)
    assert not shiboken6.isValid(dialogs[0])
    release.set()
    settle(qtbot, runner)  # touching the deleted dialog here would raise in the runner's slot
