"""The counter's calling flow when answers go missing or the screen is behind the server, against
a real server process (and, where an answer must be lost, a proxy in front of it)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from hallclient.domain.errors import OfflineError
from hallclient.domain.queue import TicketState
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.credentials import OfflineCredentials
from hallclient.queue.models import WindowAction
from hallclient.settings import Settings
from hallclient.store import open_store, repo
from hallclient.ui.controllers.session import ClerkSession
from hallclient.ui.controllers.signin import sign_in
from hallclient.ui.counter_app import build_counter
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.actions import CounterAction
from tests.serverproc import free_port, init_demo, sqlite_url, start_server
from tests.ui.answerproxy import AnswerDroppingProxy
from tests.ui.counterkit import PASSWORD, ScriptedPrompts, issue, kiosk, open_counter


def test_a_finish_whose_answer_was_lost_still_asks_that_applicant_to_rate(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    proxy = AnswerDroppingProxy(server.port)
    counter = open_counter(qtbot, proxy.base_url, tmp_path, username="clerk02", window_no="02")
    rating = counter.parts.rating
    try:
        issue(feeder, "A")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        ticket = counter.controller.current_ticket
        counter.press(CounterAction.START)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.FINISH].isEnabled, timeout=5000)

        proxy.drop_next_answer("finish")
        counter.press(CounterAction.FINISH)
        # the server finished it; the counter never heard so and went offline for a moment
        qtbot.waitUntil(lambda: proxy.dropped == ["finish"], timeout=5000)
        assert feeder.ticket(ticket.id).state == TicketState.DONE
        # back online, the screen follows the server (no current ticket, so F4 is gone) and the
        # applicant who was served is asked to rate, exactly once
        qtbot.waitUntil(lambda: rating.open_context is not None, timeout=10000)
        assert rating.open_context.ticket_id == ticket.id
        assert rating.open_context.ticket_number == ticket.number
        assert rating.prompt.isVisible()
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=5000)
        asked = rating.open_context
        qtbot.wait(1500)
        assert rating.open_context is asked
        assert feeder.ticket(ticket.id).state == TicketState.DONE
    finally:
        counter.close()
        proxy.close()
        feeder.close()


def test_a_screen_behind_the_server_never_acts_on_another_applicant(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    manager = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    try:
        first, second = issue(manager, "B", 2)
        counter.controller.call_ticket_number(first.number)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        assert counter.controller.current_ticket.id == first.id
        # The window's feed falls behind (a slow network); meanwhile the hall manager, who may act
        # for any window, marks the first applicant gone and calls the second one there.
        counter.controller.monitor.stop()
        for action, fields in (
            (WindowAction.NO_SHOW, {}),
            (WindowAction.CALL, {"ticket_id": second.id}),
        ):
            queue_service.perform_action(
                client=manager,
                window_no="05",
                action=action,
                request_id=queue_service.new_request_id(),
                **fields,
            )
        assert counter.shown_number() == first.number
        # the clerk confirms "过号" for the number on the screen: the applicant now at the window
        # must not be the one marked
        counter.press(CounterAction.NO_SHOW)
        qtbot.waitUntil(
            lambda: counter.view.notice.isVisible() or manager.ticket(second.id).state != TicketState.CALLED,
            timeout=5000,
        )
        assert manager.ticket(second.id).state == TicketState.CALLED
        assert second.number in counter.view.notice.text() or "不是" in counter.view.notice.text()
    finally:
        counter.close()
        manager.close()


def test_a_counter_started_offline_offers_the_synced_bad_rating_reasons(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    # A day online first: the clerk signs in (the verifier is cached) and sync pulls the reasons.
    online = open_counter(qtbot, server.base_url, tmp_path, username="clerk06", window_no="06")
    folder = tmp_path / "counter-06"
    try:
        expected = [(r.code, r.label) for r in online.client.reasons().bad_rating]
        assert expected

        def pulled() -> bool:
            with online.store.session(readonly=True) as session:
                return repo.load_cached_document(session, "reasons") is not None

        qtbot.waitUntil(pulled, timeout=10000)
    finally:
        online.close()

    # Next morning the server cannot be reached: offline sign-in, a paper ticket, a 差评.
    dead_url = f"http://127.0.0.1:{free_port()}"
    store = open_store(folder / "counter.sqlite3")
    runner = TaskRunner(net_workers=2)
    client = ServerClient(dead_url)
    login = sign_in(
        client=client,
        credentials=OfflineCredentials(folder, offline_login_hours=72),
        username="clerk06",
        password=PASSWORD,
        window_no="06",
    )
    assert login.offline
    parts = build_counter(
        runner=runner,
        client=client,
        store=store,
        settings=Settings(server_url=dead_url, window_no="06", rating_timeout_s=60),
        login=login,
        poll_timeout_s=2.0,
    )
    prompts = ScriptedPrompts(parts.view)
    parts.controller.prompts = prompts
    qtbot.addWidget(parts.view)
    try:
        parts.view.show()
        parts.controller.start()
        prompts.ticket_answer = ("A301", "")
        actions = parts.view.counter_actions
        qtbot.waitUntil(actions[CounterAction.MANUAL_TICKET].isEnabled, timeout=5000)
        actions[CounterAction.MANUAL_TICKET].trigger()
        qtbot.waitUntil(lambda: parts.controller.manual_ticket is not None, timeout=5000)
        actions[CounterAction.FINISH].trigger()
        prompt = parts.rating.prompt
        qtbot.waitUntil(prompt.isVisible, timeout=5000)
        qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
        assert prompt.pages.currentIndex() == 1
        assert [(b.code, b.text()) for b in prompt.reason_buttons] == expected
    finally:
        parts.close()
        runner.shutdown()
        client.close()
        store.close()


def test_after_a_server_restored_from_backup_the_screen_shows_the_servers_state(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "server-home"
    db_path = tmp_path / "server.sqlite3"
    url = sqlite_url(db_path)
    init_demo(url, home=home)
    server = start_server(url, home=home)
    manager = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk07", window_no="07")
    backup = tmp_path / "backup.sqlite3"
    try:
        issue(manager, "C")
        manager.close()
        with sqlite3.connect(db_path) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        called = counter.controller.current_ticket

        # The server's disk fails; it comes back from the backup, where nobody was called yet.
        server.process.kill()
        server.process.wait(10)
        server.stop()
        qtbot.waitUntil(counter.view.banner.isVisible, timeout=6000)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, db_path)
        server = start_server(url, home=home, port=server.port)
        qtbot.waitUntil(lambda: not counter.view.banner.isVisible(), timeout=15000)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is None, timeout=8000)
        assert counter.shown_number() != called.number
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.CALL_NEXT].isEnabled, timeout=5000)
    finally:
        counter.close()
        server.stop()


def test_a_transfer_sent_again_is_a_replay_only_while_the_clerk_chose_the_same(  # type: ignore[no-untyped-def]
    qtbot, server, tmp_path: Path, monkeypatch
):
    """A transfer whose answer was lost is sent again under its first request_id, so the server
    replays rather than transfers twice; once the clerk changes the note or destination it is a
    new request (under the old id the server would refuse it as a reused request_id)."""
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk11", window_no="11")
    sent: list[tuple[str, str]] = []

    def unanswered_transfer(**fields):  # type: ignore[no-untyped-def]
        sent.append((fields["request_id"], fields["note"]))
        raise OfflineError("连接已断开")

    try:
        issue(feeder, "E")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        monkeypatch.setattr(queue_service, "transfer", unanswered_transfer)
        for note in ("需社保窗口核对", "需社保窗口核对", "改为公积金窗口核对"):
            counter.prompts.transfer_answer = ("C", None, note, True)
            counter.controller._on_transfer_triggered()
            qtbot.waitUntil(lambda: counter.controller.actions.busy is None, timeout=5000)
        assert len(sent) == 3
        assert sent[0][0] == sent[1][0]
        assert sent[2][0] != sent[0][0]
    finally:
        counter.close()
        feeder.close()


def test_a_lost_finish_is_sent_again_for_its_clerk_only(qtbot, server, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """The answer to F4 was lost and the server went away. The same clerk signing in again sends
    it again by itself, under its first request_id; another clerk taking the window over does not
    send it under their own name (the applicant left long ago; the screen shows the ticket)."""
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk09", window_no="09")
    controller = counter.controller
    sent: list[str] = []  # request ids of the finishes sent
    answer_lost = [False]  # the next finish never reaches the server
    real_finish = queue_service.finish

    def finish(**fields):  # type: ignore[no-untyped-def]
        sent.append(fields["request_id"])
        if answer_lost[0]:
            answer_lost[0] = False
            raise OfflineError("连接已断开")
        return real_finish(**fields)

    monkeypatch.setattr(queue_service, "finish", finish)

    def lose_a_finish() -> None:
        issue(feeder, "D")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.START].isEnabled, timeout=5000)
        counter.press(CounterAction.START)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.FINISH].isEnabled, timeout=5000)
        # The server stays away (no probe brings the counter back): nothing is sent again until
        # someone signs in.
        controller.monitor.stop()
        answer_lost[0] = True
        counter.press(CounterAction.FINISH)
        qtbot.waitUntil(lambda: len(sent) == 1 and controller.actions.busy is None, timeout=5000)

    def sign_in_again(username: str) -> None:
        login = sign_in(
            client=counter.client,
            credentials=counter.credentials,
            username=username,
            password=PASSWORD,
            window_no="09",
        )
        controller.set_login(ClerkSession(login=login, window_no="09"))

    try:
        lose_a_finish()
        first = controller.current_ticket
        sign_in_again("clerk09")
        qtbot.waitUntil(lambda: len(sent) == 2, timeout=5000)
        assert sent[1] == sent[0]  # the same request: a replay, not a second finish
        qtbot.waitUntil(lambda: controller.actions.busy is None, timeout=5000)
        assert feeder.ticket(first.id).state == TicketState.DONE

        controller.monitor.start(online=True)
        sent.clear()
        lose_a_finish()
        serving = controller.current_ticket
        sign_in_again("clerk10")
        qtbot.wait(500)
        assert len(sent) == 1  # not sent under clerk10's name
        # The ticket is still at the window for clerk10 to finish.
        assert feeder.ticket(serving.id).state == TicketState.SERVING
    finally:
        counter.close()
        feeder.close()
