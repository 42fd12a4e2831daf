"""The counter's sync widget, details dialog and driver against a real server (offscreen Qt)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from hallclient.domain.catalog import load_sample_catalog
from hallclient.domain.errors import OfflineError
from hallclient.store import Store, outbox
from hallclient.sync import SyncStatus
from hallclient.ui.sync import SyncDriver, install_sync
from hallclient.ui.sync.driver import DEFAULT_INTERVAL_S
from hallclient.ui.sync.renumbered_notice import RenumberedNotice
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, free_port
from tests.sync.conftest import make_engine, take_in_cases, write_work


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner(net_workers=2)
    yield tasks
    tasks.shutdown()


def _wait_for(qtbot: QtBot, driver: object, check: Callable[[SyncStatus], bool]) -> SyncStatus:
    seen: list[SyncStatus] = []

    def ok() -> None:
        status = driver.status  # type: ignore[attr-defined]
        assert status is not None and check(status)
        seen.append(status)

    qtbot.waitUntil(ok, timeout=30_000)
    return seen[-1]


def _installed(
    qtbot: QtBot,
    runner: TaskRunner,
    store: Store,
    base_url: str,
    token: str,
    *,
    interval_s: float = DEFAULT_INTERVAL_S,
) -> tuple[SyncDriver, QMainWindow]:
    """The sync widget in a fresh main window's status bar, its first round started."""
    window = QMainWindow()
    qtbot.addWidget(window)
    driver = install_sync(
        window=window,
        runner=runner,
        store=store,
        base_url=base_url,
        token=lambda: token,
        interval_s=interval_s,
    )
    return driver, window


def test_widget_and_dialog_show_pending_synced_and_rejected(
    qtbot: QtBot,
    runner: TaskRunner,
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
) -> None:
    store = make_store("ui")
    write_work(store, audits=3, prefix="ui")
    with store.session() as session:
        outbox.enqueue(session, name="rating.record", version=7, payload={"request_id": "ui-future"})
    driver, window = _installed(qtbot, runner, store, server.base_url, clerk_token)
    status = _wait_for(qtbot, driver, lambda s: s.online is True and s.pending == 0 and not s.syncing)
    assert status.rejected == 1
    widget = driver.widget
    assert widget is not None
    assert widget.state.text() == "● 在线" and widget.pending.text() == "待同步 0"
    assert widget.problems.text() == "需处理 1" and widget.last.text() != "最后同步 —"

    dialog = driver.open_details(window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 1).text() == "好差评"
    assert dialog.table.item(0, 3).text() == "被拒绝"
    assert "rating.record@7" in dialog.table.item(0, 5).text()
    assert not dialog.retry_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.retry_button.isEnabled()  # an unknown mutation may go through after an upgrade
    assert "rating.record@7" in dialog.report_text()
    first = dialog.selected_mutation_id()
    dialog.retry_button.click()  # re-submitted as a new mutation, refused again, still visible
    status = _wait_for(
        qtbot, driver, lambda s: s.pending == 0 and [p.mutation_id for p in s.problems] != [first]
    )
    assert status.rejected == 1  # the new one; the one it replaced needs nobody any more
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    driver.stop()


def test_widget_says_offline_and_keeps_the_work(
    qtbot: QtBot, runner: TaskRunner, make_store: Callable[[str], Store]
) -> None:
    store = make_store("ui-offline")
    write_work(store, audits=2, prefix="ui-off")
    driver, window = _installed(qtbot, runner, store, f"http://127.0.0.1:{free_port()}", "x")
    status = _wait_for(qtbot, driver, lambda s: s.online is False)
    assert status.pending == 2 and status.last_error
    assert driver.widget is not None and "离线" in driver.widget.state.text()
    dialog = driver.open_details(window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.table.item(0, 3).text() == "待同步"
    assert "离线" in dialog.summary.text()
    driver.stop()


class _FailingServer:
    """A real HTTP server on loopback that answers every request 500, as a server whose database
    is down does: reached, but not serving."""

    def __init__(self) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def _fail(self) -> None:
                body = json.dumps({"error": {"code": "internal", "message": ""}}).encode()
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _fail  # noqa: N815 (http.server's handler names)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_server_answering_500_is_told_apart_from_no_network(
    qtbot: QtBot, runner: TaskRunner, make_store: Callable[[str], Store]
) -> None:
    store = make_store("ui-500")
    write_work(store, audits=1, prefix="ui-500")
    failing = _FailingServer()
    try:
        driver, window = _installed(qtbot, runner, store, failing.base_url, "x")
        status = _wait_for(qtbot, driver, lambda s: s.online is False)
    finally:
        failing.close()
    assert status.server_fault and status.pending == 1
    assert driver.widget is not None
    assert driver.widget.state.text() == "● 服务器暂时故障（数据已保存在本机）"
    dialog = driver.open_details(window)
    assert "服务器暂时无法处理同步" in dialog.summary.text()
    driver.stop()


def test_no_server_at_the_address_after_a_500_is_plain_offline(make_store: Callable[[str], Store]) -> None:
    store = make_store("engine-500")
    write_work(store, audits=1, prefix="engine-500")
    failing = _FailingServer()
    engine = make_engine(store, failing.base_url, "x")
    with pytest.raises(OfflineError):
        engine.sync_once()
    assert engine.status().server_fault
    failing.close()
    with pytest.raises(OfflineError):
        engine.sync_once()
    status = engine.status()
    assert status.online is False and not status.server_fault


def test_work_written_during_a_round_goes_in_a_round_right_after_it(
    qtbot: QtBot,
    runner: TaskRunner,
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
) -> None:
    """A rating saved while a round runs, after that round read the outbox: the counter's nudge
    must not be lost (the next round is not due for an hour here), and a status re-read from the
    store meanwhile must not say the round has ended."""
    store = make_store("ui-during")
    driver, _window = _installed(qtbot, runner, store, server.base_url, clerk_token, interval_s=3600)
    _wait_for(qtbot, driver, lambda s: s.online is True and s.pending == 0 and not s.syncing)
    real_round = driver.engine.sync_once
    synced, release = threading.Event(), threading.Event()

    def held_round() -> Any:
        driver.engine.sync_once = real_round  # type: ignore[method-assign]
        try:
            return real_round()
        finally:
            synced.set()
            release.wait(10)

    driver.engine.sync_once = held_round  # type: ignore[method-assign]
    shown: list[SyncStatus] = []
    driver.status_changed.connect(shown.append)
    try:
        driver.sync_now()
        assert synced.wait(10)  # this round has read the outbox and sent what it found
        write_work(store, audits=1, prefix="ui-during")
        driver.refresh()  # e.g. the clerk opens the details
        qtbot.waitUntil(lambda: any(s.pending == 1 for s in shown), timeout=10_000)
        assert all(s.syncing for s in shown), shown
        driver.sync_now()  # the nudge that follows a local write
    finally:
        release.set()
    _wait_for(qtbot, driver, lambda s: s.pending == 0 and not s.syncing)
    driver.stop()


def test_a_round_that_fails_unexpectedly_does_not_leave_the_status_saying_syncing(
    qtbot: QtBot,
    runner: TaskRunner,
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
) -> None:
    store = make_store("ui-broken-round")
    driver, _window = _installed(qtbot, runner, store, server.base_url, clerk_token, interval_s=3600)
    _wait_for(qtbot, driver, lambda s: s.online is True and not s.syncing)

    def broken_round() -> Any:
        raise RuntimeError("a fault no error of ours describes")

    driver.engine.sync_once = broken_round  # type: ignore[method-assign]
    shown: list[SyncStatus] = []
    driver.status_changed.connect(shown.append)
    driver.sync_now()
    driver.stop()  # no round after this one: what the screens show last is this round's end
    assert [s.syncing for s in shown] == [True]
    qtbot.waitUntil(lambda: not shown[-1].syncing, timeout=10_000)
    assert driver.widget is not None and driver.widget.state.text() == "● 在线"


def test_a_case_renumbered_by_sync_is_named_to_the_clerk_with_both_numbers(
    qtbot: QtBot,
    runner: TaskRunner,
    server: ServerProcess,
    clerk_token: str,
    make_store: Callable[[str], Store],
) -> None:
    catalog = load_sample_catalog()
    old_pc, new_pc = make_store("ui-old-pc"), make_store("ui-new-pc")
    take_in_cases(old_pc, catalog, 2, window_no="63")
    make_engine(old_pc, server.base_url, clerk_token).sync_once()
    take_in_cases(new_pc, catalog, 1, window_no="63")  # on the replaced PC, before its first sync
    driver, window = _installed(qtbot, runner, new_pc, server.base_url, clerk_token)

    def shown() -> RenumberedNotice:
        notices = window.findChildren(RenumberedNotice)
        assert len(notices) == 1 and notices[0].isVisible()
        return notices[0]

    qtbot.waitUntil(lambda: bool(shown()), timeout=30_000)
    notice = shown()
    assert not notice.isModal()
    assert "重新打印" in notice.text()
    (line,) = notice.informativeText().splitlines()
    old, new = line.split(" → ")
    assert old.endswith("-63-0001") and new.endswith("-63-0003")
    status = _wait_for(qtbot, driver, lambda s: s.pending == 0 and not s.syncing)
    assert (status.conflicts, status.rejected) == (0, 0)
    notice.close()
    driver.stop()
