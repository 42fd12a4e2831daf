"""The applicant's rating prompt: answered only on its own window, stored locally with its outbox row,
delivered by the counter's sync driver (the only path to the server), timed out as "not rated"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.models import CaseDraft, TicketRef
from hallclient.store import outbox, repo
from hallclient.ui.views.actions import CounterAction
from tests.intake.builders import at, checks, person, save_draft
from tests.ui.counterkit import Counter, issue, kiosk, open_counter, server_ratings, wait_seconds

LEVEL_WORDS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


def _serve_one(qtbot, counter: Counter, feeder, service: str):  # type: ignore[no-untyped-def]
    issue(feeder, service)
    counter.press(CounterAction.CALL_NEXT)
    qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
    ticket = counter.controller.current_ticket
    counter.press(CounterAction.START)
    qtbot.waitUntil(counter.view.counter_actions[CounterAction.FINISH].isEnabled, timeout=5000)
    counter.press(CounterAction.FINISH)
    rating = counter.parts.rating
    qtbot.waitUntil(
        lambda: rating.open_context is not None and rating.open_context.ticket_number == ticket.number,
        timeout=5000,
    )
    assert rating.prompt.isVisible()
    return ticket


def _ratings(counter: Counter) -> list[repo.RatingRecord]:
    from sqlalchemy import select

    from hallclient.store.models import Rating

    with counter.store.session(readonly=True) as session:
        ids = session.scalars(select(Rating.request_id)).all()
        return [r for r in (repo.get_rating(session, request_id=i) for i in ids) if r is not None]


def test_sign_in_serve_and_rate(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk04", window_no="04")
    try:
        assert "clerk04" in counter.view.status_clerk.text()
        assert "04" in counter.view.status_window.text()
        ticket = _serve_one(qtbot, counter, feeder, "B")
        prompt = counter.parts.rating.prompt
        qtbot.mouseClick(prompt.level_buttons[5], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(_ratings(counter)) == 1, timeout=5000)
        record = _ratings(counter)[0]
        assert (record.level, record.ticket_id, record.ticket_number) == (5, str(ticket.id), ticket.number)
        assert record.window_no == "04" and record.clerk_username == "clerk04"
        # the sync driver pushed its rating.record@1 mutation: the server has it, the row is settled
        qtbot.waitUntil(lambda: _ratings(counter)[0].synced, timeout=8000)
        assert server_ratings(counter.client)[ticket.id] == 5
        with counter.store.session(readonly=True) as session:
            assert outbox.pending_count(session) == 0
    finally:
        counter.close()
        feeder.close()


def test_bad_rating_asks_for_reasons_from_the_server(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    try:
        ticket = _serve_one(qtbot, counter, feeder, "B")
        prompt = counter.parts.rating.prompt
        qtbot.mouseClick(prompt.level_buttons[1], Qt.MouseButton.LeftButton)
        assert prompt.pages.currentIndex() == 1
        labels = {button.text(): button for button in prompt.reason_buttons}
        expected = {r.label for r in counter.client.reasons().bad_rating}
        assert set(labels) == expected and expected
        qtbot.mouseClick(labels["等候时间过长"], Qt.MouseButton.LeftButton)
        prompt.comment.setPlainText("排队太久")
        qtbot.mouseClick(prompt.submit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(_ratings(counter)) == 1, timeout=5000)
        record = _ratings(counter)[0]
        assert record.level == 1 and record.reasons == ("long_wait",) and record.comment == "排队太久"
        qtbot.waitUntil(lambda: _ratings(counter)[0].synced, timeout=8000)
        assert server_ratings(counter.client)[ticket.id] == 1
    finally:
        counter.close()
        feeder.close()


def test_clerk_window_cannot_answer_and_timeout_is_not_rated(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(
        qtbot, server.base_url, tmp_path, username="clerk11", window_no="11", rating_timeout_s=2
    )
    try:
        ticket = _serve_one(qtbot, counter, feeder, "E")
        prompt = counter.parts.rating.prompt
        view = counter.view
        # the prompt is its own top-level window, not part of the clerk's
        assert prompt.isWindow() and prompt.parent() is None
        assert prompt.window() is not view.window()
        # nothing in the clerk's window is a rating control
        texts = {b.text().split("\n")[0] for b in view.findChildren(QAbstractButton)}
        texts |= {a.text().split("\n")[0] for a in view.counter_actions.values()}
        assert not texts & set(LEVEL_WORDS)
        # every function key and Enter pressed in the clerk's window leaves the rating unanswered
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_Space):
            qtbot.keyClick(view, key)
        assert _ratings(counter) == []
        assert counter.parts.rating.open_context is not None
        # the timeout stores "not rated": level NULL, no made-up answer
        qtbot.waitUntil(lambda: len(_ratings(counter)) == 1, timeout=6000)
        record = _ratings(counter)[0]
        assert record.level is None and record.reasons == () and record.comment == ""
        assert not prompt.isVisible()
        qtbot.waitUntil(lambda: _ratings(counter)[0].synced, timeout=8000)
        recorded = server_ratings(counter.client)
        assert ticket.id in recorded and recorded[ticket.id] is None
    finally:
        counter.close()
        feeder.close()


def test_next_finish_closes_an_open_prompt_as_not_rated(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk07", window_no="07")
    try:
        first = _serve_one(qtbot, counter, feeder, "C")
        second = _serve_one(qtbot, counter, feeder, "C")
        qtbot.mouseClick(counter.parts.rating.prompt.level_buttons[4], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(_ratings(counter)) == 2, timeout=5000)
        by_ticket = {r.ticket_number: r.level for r in _ratings(counter)}
        assert by_ticket == {first.number: None, second.number: 4}
        # both reach the server through the outbox, the second one while or after the first went
        qtbot.waitUntil(lambda: all(r.synced for r in _ratings(counter)), timeout=8000)
        recorded = server_ratings(counter.client)
        assert (recorded[first.id], recorded[second.id]) == (None, 4)
        wait_seconds(qtbot, 0.2)
    finally:
        counter.close()
        feeder.close()


def test_a_rating_is_linked_to_the_case_taken_in_for_its_ticket(qtbot, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    feeder = kiosk(server.base_url)
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk09", window_no="09")
    try:
        issue(feeder, "D")
        counter.press(CounterAction.CALL_NEXT)
        qtbot.waitUntil(lambda: counter.controller.current_ticket is not None, timeout=5000)
        ticket = counter.controller.current_ticket
        catalog = load_sample_catalog()
        item = catalog.item("SCJG-006")
        draft = CaseDraft(
            item_code=item.code,
            applicant=person(),
            checks=checks(item.materials),
            ticket=TicketRef(id=str(ticket.id), number=ticket.number),
        )
        case_no = save_draft(
            counter.store,
            draft,
            catalog=catalog,
            calendar=WorkCalendar.default(),
            now=at(2026, 3, 2, 10, 0),
            clerk="clerk09",
            window_no="09",
        ).case_no
        counter.press(CounterAction.START)
        qtbot.waitUntil(counter.view.counter_actions[CounterAction.FINISH].isEnabled, timeout=5000)
        counter.press(CounterAction.FINISH)
        rating = counter.parts.rating
        qtbot.waitUntil(lambda: rating.open_context is not None, timeout=5000)
        assert rating.open_context.case_no == case_no
        qtbot.mouseClick(rating.prompt.level_buttons[4], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(_ratings(counter)) == 1, timeout=5000)
        record = _ratings(counter)[0]
        assert (record.ticket_id, record.case_no, record.item_code) == (str(ticket.id), case_no, item.code)
    finally:
        counter.close()
        feeder.close()
