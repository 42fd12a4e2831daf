"""The counter's paper tickets on their own: taken only offline, stored with their outbox
mutation, refused with a message when the number is not one, finished into a rating context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from hallclient.queue.models import LoginResult, User
from hallclient.rating.service import RatingContext
from hallclient.store import Store, open_store, repo
from hallclient.ui.controllers.paper_tickets import PaperTicketController
from hallclient.ui.controllers.session import ClerkSession
from hallclient.ui.tasks import TaskRunner
from tests.ui.counterkit import ScriptedPrompts

AT = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


@dataclass
class Monitor:
    online: bool = False


@dataclass
class Desk:
    paper: PaperTicketController
    monitor: Monitor
    prompts: ScriptedPrompts
    store: Store
    notices: list[tuple[str, bool]]


@pytest.fixture
def desk(qtbot, tmp_path: Path) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "counter.sqlite3")
    runner = TaskRunner(net_workers=1)
    widget = QWidget()
    qtbot.addWidget(widget)
    login = LoginResult(
        token="t",
        expires_at=None,
        user=User(id=1, username="clerk03", display_name="张三", role="clerk", hall_code="H1"),
        window=None,
        offline_verifier=None,
        offline=True,
    )
    monitor = Monitor()
    paper = PaperTicketController(
        runner=runner,
        store=store,
        monitor=monitor,  # type: ignore[arg-type]
        session=ClerkSession(login=login, window_no="03"),
        clock=lambda: AT,
    )
    notices: list[tuple[str, bool]] = []
    paper.notice.connect(lambda text, error: notices.append((text, error)))
    try:
        yield Desk(paper, monitor, ScriptedPrompts(widget), store, notices)
    finally:
        runner.shutdown()
        store.close()


def stored(store: Store) -> list[tuple[str, str, str, str | None]]:
    with store.session(readonly=True) as session:
        records = repo.list_manual_tickets(session, since=AT - timedelta(hours=1))
    return [(r.number, r.window_no, r.clerk_username, r.note) for r in records]


def test_online_the_clerk_is_not_asked_for_a_paper_ticket(desk: Desk) -> None:
    desk.monitor.online = True
    desk.prompts.ticket_answer = ("A088", "")
    desk.paper.ask(desk.prompts)
    assert desk.prompts.asked == []
    assert desk.paper.current is None


def test_offline_the_typed_number_is_stored_and_served(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    desk.prompts.ticket_answer = ("a88", "纸质号")
    with qtbot.waitSignals([desk.paper.recorded, desk.paper.changed], order="strict", timeout=5000):
        desk.paper.ask(desk.prompts)
    assert desk.prompts.asked == ["ticket_number"]
    assert stored(desk.store) == [("A088", "03", "clerk03", "纸质号")]
    assert desk.paper.current is not None and desk.paper.current.number == "A088"
    view = desk.paper.ticket_view()
    assert view is not None and view.manual and view.number == "A088"
    assert len(desk.notices) == 1 and "A088" in desk.notices[0][0] and desk.notices[0][1] is False


def test_a_number_that_is_not_one_is_refused_and_nothing_is_stored(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desk.paper.notice, timeout=5000):
        desk.paper.add("不是号码")
    assert desk.notices[0][1] is True and "格式" in desk.notices[0][0]
    assert stored(desk.store) == []
    assert desk.paper.current is None and desk.paper.ticket_view() is None


def test_finishing_a_paper_ticket_asks_for_its_rating_and_frees_the_window(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(desk.paper.recorded, timeout=5000):
        desk.paper.add("B7")
    contexts: list[RatingContext] = []
    desk.paper.finished.connect(contexts.append)
    with qtbot.waitSignals([desk.paper.finished, desk.paper.changed], order="strict", timeout=1000):
        desk.paper.finish()
    [context] = contexts
    assert (context.ticket_number, context.ticket_id, context.window_no, context.clerk_username) == (
        "B007",
        None,
        "03",
        "clerk03",
    )
    assert desk.paper.current is None and desk.paper.ticket_view() is None
