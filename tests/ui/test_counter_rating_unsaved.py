"""The clerk sees how many ratings wait for the local store until it has taken them all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import event

from hallclient.rating.service import RatingContext
from tests.ui.counterkit import Counter, open_counter, stored_rating


def _refuse_writes(connection: Any, _record: object) -> None:
    connection.execute("PRAGMA query_only = 1")


def _rate(qtbot, counter: Counter, request_id: str) -> None:  # type: ignore[no-untyped-def]
    rating = counter.parts.rating
    rating.ask(RatingContext(request_id=request_id, window_no="05", clerk_username="clerk05"))
    qtbot.mouseClick(rating.prompt.level_buttons[5], Qt.MouseButton.LeftButton)


def _waiting_label(counter: Counter) -> QLabel | None:
    label = counter.view.findChild(QLabel, "statusUnsavedRatings")
    return label if isinstance(label, QLabel) and label.isVisible() else None


def test_the_status_bar_counts_ratings_waiting_for_the_store(qtbot, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counter = open_counter(qtbot, server.base_url, tmp_path, username="clerk05", window_no="05")
    store = counter.store
    try:
        # The store's file turns read-only for the program (permissions changed under it).
        event.listen(store.engine, "connect", _refuse_writes)
        store.engine.dispose()
        _rate(qtbot, counter, "u-1")
        qtbot.waitUntil(lambda: _waiting_label(counter) is not None, timeout=5000)
        assert "评价暂未保存" in counter.view.notice.text()
        _rate(qtbot, counter, "u-2")
        qtbot.waitUntil(lambda: "2" in (_waiting_label(counter) or QLabel()).text(), timeout=5000)
        label = _waiting_label(counter)
        assert label is not None and label.text() == "评价待保存：2 条"

        event.remove(store.engine, "connect", _refuse_writes)
        store.engine.dispose()
        _rate(qtbot, counter, "u-3")  # the next rating brings the waiting ones in first
        qtbot.waitUntil(lambda: _waiting_label(counter) is None, timeout=5000)
        assert all(stored_rating(store, r) is not None for r in ("u-1", "u-2", "u-3"))
    finally:
        counter.close()
