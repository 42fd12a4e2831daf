"""``python -m hallclient.ui.screenshots --out docs/screenshots``: pictures of the real counter.

Starts a demo server in a temporary folder, signs in as clerk01 at window 01 offscreen, and saves
the counter idle, serving, offline, and the applicant's rating prompt (levels; reasons at
1024x600 and 1920x1080).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _wait(app: object, predicate: Callable[[], bool], timeout_s: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the counter did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def _settle(app: object, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    from PySide6.QtWidgets import QApplication

    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hallclient.ui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--language", default="zh_CN", choices=["zh_CN", "en"])
    ns = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from hallclient.queue import service as queue_service
    from hallclient.queue.client import ServerClient
    from hallclient.queue.credentials import OfflineCredentials
    from hallclient.queue.localserver import LocalServer
    from hallclient.settings import Settings
    from hallclient.store import open_store
    from hallclient.ui.controllers.signin import sign_in
    from hallclient.ui.counter_app import build_counter
    from hallclient.ui.fonts import apply_application_font, register_cjk_fonts
    from hallclient.ui.i18n import install_translator
    from hallclient.ui.tasks import TaskRunner
    from hallclient.ui.views.actions import CounterAction

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_application_font(app, register_cjk_fonts())
    translator = install_translator(app, ns.language)  # noqa: F841 (kept alive while drawing)
    ns.out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="hallclient-shots-"))
    server = LocalServer(base / "server")
    server.init_demo()
    server.start()
    feeder = ServerClient(server.url)
    feeder.login(username="manager", password="demo1234")
    for service, count in (("A", 5), ("B", 2), ("C", 3), ("F", 1)):
        for _ in range(count):
            queue_service.issue_ticket(
                client=feeder, service=service, request_id=queue_service.new_request_id()
            )
    store = open_store(base / "counter.sqlite3")
    runner = TaskRunner()
    client = ServerClient(server.url)
    credentials = OfflineCredentials(base, offline_login_hours=72)
    login = sign_in(
        client=client, credentials=credentials, username="clerk03", password="demo1234", window_no="03"
    )
    settings = Settings(server_url=server.url, window_no="03", rating_timeout_s=60)
    parts = build_counter(
        runner=runner, client=client, store=store, settings=settings, login=login, poll_timeout_s=2.0
    )
    view, controller, prompt = parts.view, parts.controller, parts.rating.prompt
    saved: list[Path] = []

    def shoot(widget: object, name: str) -> None:
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget)
        _settle(app)
        path = ns.out / name
        widget.grab().save(str(path))
        saved.append(path)

    try:
        view.resize(1180, 720)
        view.show()
        controller.start()
        _wait(app, lambda: controller._snapshot is not None)
        shoot(view, "counter_idle.png")

        view.counter_actions[CounterAction.CALL_NEXT].trigger()
        _wait(app, lambda: controller.current_ticket is not None)
        view.counter_actions[CounterAction.START].trigger()
        _wait(app, view.counter_actions[CounterAction.FINISH].isEnabled)
        shoot(view, "counter_serving.png")

        view.counter_actions[CounterAction.FINISH].trigger()
        _wait(app, lambda: parts.rating.open_context is not None)
        prompt.resize(1024, 600)
        shoot(prompt, "rating_prompt.png")
        prompt.level_buttons[2].click()
        for button in prompt.reason_buttons[1:5:3]:
            button.click()
        shoot(prompt, "rating_reasons.png")
        prompt.resize(1920, 1080)
        shoot(prompt, "rating_reasons_1080p.png")
        prompt.resize(1024, 600)
        prompt.submit.click()

        view.counter_actions[CounterAction.CALL_NEXT].trigger()
        _wait(app, lambda: controller.current_ticket is not None)
        server.kill()
        _wait(app, view.banner.isVisible)
        shoot(view, "counter_offline.png")
    finally:
        parts.close()
        runner.shutdown()
        client.close()
        feeder.close()
        store.close()
        server.stop()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
