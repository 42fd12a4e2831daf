"""Builds a real counter (window, controllers, runner, store) against a real server, for tests."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from PySide6.QtCore import QElapsedTimer, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from hallclient.queue import service as queue_service  # noqa: E402
from hallclient.queue.client import ServerClient  # noqa: E402
from hallclient.queue.credentials import OfflineCredentials  # noqa: E402
from hallclient.queue.models import Ticket  # noqa: E402
from hallclient.settings import Settings  # noqa: E402
from hallclient.store import Store, open_store, repo  # noqa: E402
from hallclient.ui.controllers.prompts import CounterPrompts  # noqa: E402
from hallclient.ui.controllers.rating import RatingController  # noqa: E402
from hallclient.ui.controllers.signin import sign_in  # noqa: E402
from hallclient.ui.counter_app import CounterParts, build_counter  # noqa: E402
from hallclient.ui.tasks import TaskRunner  # noqa: E402
from hallclient.ui.views.actions import CounterAction  # noqa: E402

PASSWORD = "demo1234"
BAD_REASONS = [("long_wait", "等候时间过长"), ("slow", "办事效率低")]


class ScriptedPrompts(CounterPrompts):
    """Answers the counter's questions as a test says, and records what was asked."""

    def __init__(self, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.confirm_answer = True
        self.transfer_answer: tuple[str | None, str | None, str, bool] | None = None
        self.pause_answer: str | None = None
        self.ticket_answer: tuple[str, str] | None = None
        self.asked: list[str] = []
        self.errors: list[str] = []

    def confirm(self, title: str, text: str) -> bool:
        self.asked.append(f"confirm:{title}")
        return self.confirm_answer

    def error(self, text: str) -> None:
        self.errors.append(text)

    def transfer(self, **_kwargs: Any) -> tuple[str | None, str | None, str, bool] | None:
        self.asked.append("transfer")
        return self.transfer_answer

    def pause_reason(self, reasons: list[tuple[str, str]]) -> str | None:
        self.asked.append("pause")
        return self.pause_answer

    def ticket_number(self, *, title: str, prompt: str) -> tuple[str, str] | None:
        self.asked.append("ticket_number")
        return self.ticket_answer

    def shortcuts(self) -> None:
        self.asked.append("shortcuts")


@dataclass
class Counter:
    parts: CounterParts
    runner: TaskRunner
    client: ServerClient
    store: Store
    prompts: ScriptedPrompts
    credentials: OfflineCredentials
    closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def controller(self) -> Any:
        return self.parts.controller

    @property
    def view(self) -> Any:
        return self.parts.view

    def press(self, action: CounterAction) -> None:
        """What a function key does: trigger the window's action (only if it is enabled)."""
        qaction = self.view.counter_actions[action]
        assert qaction.isEnabled(), f"{action} is disabled"
        qaction.trigger()

    def shown_number(self) -> str:
        return str(self.view.queue_panel.ticket_number.text())

    def close(self) -> None:
        self.parts.close()
        self.runner.shutdown()
        self.client.close()
        self.store.close()


def open_counter(
    qtbot: Any,
    base_url: str,
    tmp_path: Path,
    *,
    username: str,
    window_no: str,
    rating_timeout_s: int = 60,
    poll_timeout_s: float = 2.0,
) -> Counter:
    folder = tmp_path / f"counter-{window_no}"
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder / "counter.sqlite3")
    runner = TaskRunner(net_workers=4)
    client = ServerClient(base_url)
    credentials = OfflineCredentials(folder, offline_login_hours=72)
    login = sign_in(
        client=client, credentials=credentials, username=username, password=PASSWORD, window_no=window_no
    )
    settings = Settings(server_url=base_url, window_no=window_no, rating_timeout_s=rating_timeout_s)
    parts = build_counter(
        runner=runner,
        client=client,
        store=store,
        settings=settings,
        login=login,
        poll_timeout_s=poll_timeout_s,
    )
    prompts = ScriptedPrompts(parts.view)
    parts.controller.prompts = prompts
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    qtbot.waitUntil(lambda: parts.controller._snapshot is not None, timeout=10000)
    return Counter(parts, runner, client, store, prompts, credentials)


def server_ratings(client: ServerClient) -> dict[int | str | None, int | None]:
    """Ratings the server has recorded (its ``rating_recorded`` hall events): ticket id -> level."""
    found: dict[int | str | None, int | None] = {}
    since = 0
    while True:
        batch = client.events(since=since, timeout_s=0)
        for event in batch.events:
            if event.type == "rating_recorded":
                found[event.data.get("ticket_id")] = event.data.get("level")
        if not batch.events or batch.last_seq <= since:
            return found
        since = batch.last_seq


def kiosk(base_url: str) -> ServerClient:
    client = ServerClient(base_url)
    client.login(username="manager", password=PASSWORD)
    return client


def issue(client: ServerClient, service: str, n: int = 1) -> list[Ticket]:
    return [
        queue_service.issue_ticket(client=client, service=service, request_id=queue_service.new_request_id())
        for _ in range(n)
    ]


class StallProbe(QObject):
    """Measures the GUI event loop: a 10 ms timer that notes how late it fires."""

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.interval_ms = interval_ms
        self.worst_ms = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self.worst_ms = 0.0
        self._clock.start()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.worst_ms

    def _on_timer_timeout(self) -> None:
        elapsed = self._clock.restart()
        self.worst_ms = max(self.worst_ms, float(elapsed - self.interval_ms))


def wait_seconds(qtbot: Any, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qtbot.wait(20)


@contextmanager
def rating_controller(tmp_path: Path, *, timeout_s: int) -> Iterator[tuple[RatingController, Store]]:
    """The applicant's rating prompt alone, on a store of its own, with the reasons of a 差评."""
    store = open_store(tmp_path / "counter.sqlite3")
    runner = TaskRunner(net_workers=1)
    controller = RatingController(runner=runner, store=store, timeout_s=timeout_s)
    controller.set_bad_reasons(BAD_REASONS)
    try:
        yield controller, store
    finally:
        controller.prompt.close()
        runner.shutdown()
        store.close()


def stored_rating(store: Store, request_id: str) -> repo.RatingRecord | None:
    with store.session(readonly=True) as session:
        return repo.get_rating(session, request_id=request_id)
