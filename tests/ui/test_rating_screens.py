"""Where the applicant's rating prompt appears, and that it never takes the clerk's keyboard: on the
applicant's own monitor when there is one, as a window on the clerk's screen when there is not
(also after that monitor is unplugged mid-day)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMainWindow

from hallclient.rating.service import RatingContext
from hallclient.store import Store, open_store, repo
from hallclient.ui.controllers.rating import RatingController
from hallclient.ui.tasks import TaskRunner

REPO_ROOT = Path(__file__).resolve().parents[2]
REASONS = [("long_wait", "等候时间过长"), ("slow", "办事效率低")]


@pytest.fixture
def counter(qtbot, tmp_path: Path) -> Iterator[tuple[RatingController, QMainWindow, QLineEdit, Store]]:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "counter.sqlite3")
    runner = TaskRunner(net_workers=1)
    controller = RatingController(runner=runner, store=store, timeout_s=60)
    controller.set_bad_reasons(REASONS)
    clerk = QMainWindow()
    field = QLineEdit()
    clerk.setCentralWidget(field)
    qtbot.addWidget(clerk)
    with qtbot.waitActive(clerk):
        clerk.show()
        clerk.activateWindow()
    field.setFocus()
    controller.set_anchor(clerk)
    yield controller, clerk, field, store
    controller.prompt.close()
    runner.shutdown()
    store.close()


def _ask(controller: RatingController, request_id: str) -> None:
    controller.ask(
        RatingContext(request_id=request_id, window_no="03", clerk_username="clerk03", ticket_number="B041")
    )


def _activation_requests(records) -> list[str]:  # type: ignore[no-untyped-def]
    # Qt warns when something asks a window that takes no focus to become active: how a request
    # to activate the prompt shows up offscreen, where every window shown is made active anyway.
    return [r.message for r in records if "requestActivate" in r.message]


def test_opening_the_prompt_does_not_take_the_clerks_keyboard(qtbot, qtlog, counter) -> None:  # type: ignore[no-untyped-def]
    controller, _clerk, _field, store = counter
    prompt = controller.prompt
    prompt.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus)
    _ask(controller, "r-keys")
    qtbot.waitUntil(prompt.isVisible)
    # the window system is told to show it without moving the clerk's keyboard to it
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert prompt.windowHandle() is not None
    assert _activation_requests(qtlog.records) == []
    qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
    assert prompt.pages.currentIndex() == 1 and _activation_requests(qtlog.records) == []
    with store.session(readonly=True) as session:
        assert repo.get_rating(session, request_id="r-keys") is None


def test_after_the_applicants_monitor_is_unplugged_the_prompt_is_a_window(qtbot, counter) -> None:  # type: ignore[no-untyped-def]
    controller, clerk, _field, _store = counter
    prompt = controller.prompt
    # How the last prompt was left: full screen on the applicant's monitor, which Qt moved to the
    # clerk's screen when that monitor went away.
    prompt.showFullScreen()
    qtbot.waitUntil(prompt.isFullScreen)
    prompt.hide()
    _ask(controller, "r-unplugged")
    qtbot.waitUntil(prompt.isVisible)
    screen = clerk.screen().availableGeometry()
    assert not prompt.isFullScreen() and prompt.size() != screen.size()
    assert screen.contains(prompt.frameGeometry().center())


def test_unplugging_the_applicants_monitor_while_the_prompt_is_open_makes_it_a_window(qtbot, counter) -> None:  # type: ignore[no-untyped-def]
    controller, clerk, _field, _store = counter
    _ask(controller, "r-open")
    prompt = controller.prompt
    qtbot.waitUntil(prompt.isVisible)
    # as if it had opened on the applicant's monitor, which is now being unplugged
    prompt.showFullScreen()
    qtbot.waitUntil(prompt.isFullScreen)
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.screenRemoved.emit(app.primaryScreen())
    qtbot.waitUntil(lambda: not prompt.isFullScreen(), timeout=2000)
    assert prompt.isVisible() and controller.open_context is not None
    assert clerk.screen().availableGeometry().contains(prompt.frameGeometry().center())


PROBE = textwrap.dedent(
    """
    import json, sys, tempfile
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
    from PySide6.QtCore import qInstallMessageHandler
    app = QApplication(sys.argv)
    requests = []
    def note(_kind, _context, text):
        if "requestActivate" in text:
            requests.append(text)
    qInstallMessageHandler(note)
    from hallclient.rating.service import RatingContext
    from hallclient.store import open_store
    from hallclient.ui.controllers.rating import RatingController
    from hallclient.ui.tasks import TaskRunner
    store = open_store(Path(tempfile.mkdtemp()) / "c.sqlite3")
    runner = TaskRunner(net_workers=1)
    rating = RatingController(runner=runner, store=store, timeout_s=60)
    clerk = QMainWindow()
    clerk.setCentralWidget(QLineEdit())
    clerk.setScreen(app.screens()[0])
    clerk.show()
    clerk.activateWindow()
    QTest.qWaitForWindowActive(clerk)
    rating.set_anchor(clerk)
    rating.prompt.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus)
    rating.ask(RatingContext(request_id="r1", window_no="03", clerk_username="c"))
    QTest.qWait(200)
    prompt = rating.prompt
    print(json.dumps({
        "visible": prompt.isVisible(),
        "screen": prompt.screen().name(),
        "full_screen": prompt.isFullScreen(),
        "geometry": list(prompt.geometry().getRect()),
        "activation_requests": len(requests),
        "on_top": bool(prompt.windowFlags() & Qt.WindowType.WindowStaysOnTopHint),
    }))
    prompt.close()
    runner.shutdown()
    store.close()
    """
)


def test_on_the_applicants_monitor_the_prompt_fills_it_and_leaves_the_keyboard(tmp_path: Path) -> None:
    screens = [
        {"name": "clerk", "x": 0, "y": 0, "width": 1280, "height": 800},
        {"name": "applicant", "x": 1280, "y": 0, "width": 1920, "height": 1080},
    ]
    for screen in screens:
        screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": screens}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", HALLCLIENT_HOME=str(tmp_path))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["visible"] and seen["screen"] == "applicant" and seen["full_screen"]
    assert seen["geometry"] == [1280, 0, 1920, 1080]
    assert seen["activation_requests"] == 0  # the clerk's function keys and typing stay theirs
    assert seen["on_top"]  # nothing the clerk opens can cover it on the applicant's monitor
