"""A hall's layout changed with ``apply-hall`` while its screens run: each follows within seconds,
no restart — from the ``hall_configured`` event, or after a reconnect when it missed the event.
Every test sets up a hall of its own with the server CLI, as an installer does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hallclient.queue.client import ServerClient
from hallclient.ui.display.app import build_display
from hallclient.ui.kiosk.app import KioskParts, build_kiosk
from hallclient.ui.kiosk.printer import PdfFolderPrinter
from hallclient.ui.monitor.app import build_monitor
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.tasks import TaskRunner
from tests.server.test_hall_setup import EXAMPLE, _cli, _device, _layout_file, _new_code, with_service
from tests.server.test_hall_setup import _user as create_user
from tests.serverproc import ServerProcess, demo_server, start_server
from tests.ui.counterkit import PASSWORD, open_counter

HALL_NAME = 'name = "鼓楼区政务服务中心"'


def _new_hall(server: ServerProcess, tmp_path: Path) -> str:
    code = _new_code()
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code)))
    return code


def _apply(server: ServerProcess, tmp_path: Path, code: str, text: str) -> None:
    _cli(server, tmp_path, "apply-hall", str(_layout_file(tmp_path, code, text)))


def _user(server: ServerProcess, tmp_path: Path, code: str, name: str, role: str) -> str:
    # The password counterkit signs in with.
    return create_user(server, tmp_path, code, name, role, password=PASSWORD)


def _open_kiosk(qtbot: Any, runner: TaskRunner, client: ServerClient, tmp_path: Path) -> KioskParts:
    parts = build_kiosk(
        runner=runner, client=client, printer=PdfFolderPrinter(tmp_path / "tickets"), poll_timeout_s=2.0
    )
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    buttons = parts.view.service_buttons
    qtbot.waitUntil(lambda: "A" in buttons and buttons["A"].isEnabled(), timeout=10000)
    return parts


def test_a_running_kiosk_offers_a_service_added_by_apply_hall(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, tmp_path: Path
) -> None:
    code = _new_hall(server, tmp_path)
    client = ServerClient(server.base_url, device_token=_device(server, tmp_path, code, "kiosk")[1])
    parts = _open_kiosk(qtbot, runner, client, tmp_path)
    try:
        buttons = parts.view.service_buttons
        assert sorted(buttons) == ["A", "B", "C", "D"]
        _apply(server, tmp_path, code, with_service(EXAMPLE.read_text(encoding="utf-8"), "E", "出入境", "01"))
        qtbot.waitUntil(lambda: "E" in buttons and buttons["E"].isEnabled(), timeout=10000)
        assert buttons["E"].text().startswith("出入境")
        with qtbot.waitSignal(parts.controller.ticket_issued, timeout=10000) as issued:
            buttons["E"].click()
        assert issued.args[0].number == "E001"
        assert "01" in parts.view.ticket_hint.text()  # its window, from the layout read again
    finally:
        parts.close()
        client.close()


def test_a_kiosk_that_was_offline_during_apply_hall_reads_the_layout_when_back(
    qtbot: Any, runner: TaskRunner, tmp_path: Path
) -> None:
    # The event was written while the kiosk could not hear it; back online, its feed resumes from
    # the snapshot, past the event.
    with demo_server(tmp_path) as own:
        code = _new_hall(own, tmp_path)
        client = ServerClient(own.base_url, device_token=_device(own, tmp_path, code, "kiosk")[1])
        parts = _open_kiosk(qtbot, runner, client, tmp_path)
        try:
            own.stop()
            qtbot.waitUntil(lambda: not parts.controller.monitor.online, timeout=15000)
            _apply(
                own, tmp_path, code, with_service(EXAMPLE.read_text(encoding="utf-8"), "E", "出入境", "01")
            )
            again = start_server(own.database_url, home=tmp_path / "server-home", port=own.port)
            try:
                # generous: the probe backs off to 5 s between tries
                qtbot.waitUntil(lambda: "E" in parts.view.service_buttons, timeout=30000)
                assert parts.view.service_buttons["E"].text().startswith("出入境")
            finally:
                again.stop()
        finally:
            parts.close()
            client.close()


class _Quiet:
    def announce(self, text: str) -> None:
        pass


def test_a_running_display_shows_the_new_names(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, tmp_path: Path
) -> None:
    # The display names no windows (calls say "到 05 号窗口"): its names are the hall's and the
    # services' in the waiting counts.
    code = _new_hall(server, tmp_path)
    client = ServerClient(server.base_url, device_token=_device(server, tmp_path, code, "display")[1])
    parts = build_display(runner=runner, client=client, announcer=_Quiet(), poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()

    def waiting_text() -> str:
        return " ".join(c.text() for c in parts.view.waiting_cells if c.isVisibleTo(parts.view))

    try:
        qtbot.waitUntil(lambda: "社保医保（C）等候 0 人" in waiting_text(), timeout=10000)
        qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区政务服务中心", timeout=10000)
        text = EXAMPLE.read_text(encoding="utf-8").replace('name = "社保医保"', 'name = "社保医保综合"')
        _apply(server, tmp_path, code, text.replace(HALL_NAME, 'name = "鼓楼区市民中心"'))
        qtbot.waitUntil(lambda: "社保医保综合（C）等候 0 人" in waiting_text(), timeout=10000)
        qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区市民中心", timeout=10000)
    finally:
        parts.close()
        client.close()


def test_a_running_monitor_shows_the_halls_new_name(
    qtbot: Any, server: ServerProcess, runner: TaskRunner, tmp_path: Path
) -> None:
    code = _new_hall(server, tmp_path)
    manager = _user(server, tmp_path, code, "zhiban", "manager")
    client = ServerClient(server.base_url)
    sign_in_manager(client, manager, PASSWORD)
    parts = build_monitor(runner=runner, client=client, poll_timeout_s=2.0)
    qtbot.addWidget(parts.view)
    parts.view.show()
    parts.controller.start()
    try:
        qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区政务服务中心 · 大厅监控", timeout=10000)
        _apply(
            server,
            tmp_path,
            code,
            EXAMPLE.read_text(encoding="utf-8").replace(HALL_NAME, 'name = "鼓楼区市民中心"'),
        )
        qtbot.waitUntil(lambda: parts.view.hall_name.text() == "鼓楼区市民中心 · 大厅监控", timeout=10000)
    finally:
        parts.close()
        client.close()


def test_a_running_counter_calls_for_a_service_its_window_was_given(
    qtbot: Any, server: ServerProcess, tmp_path: Path
) -> None:
    code = _new_hall(server, tmp_path)
    clerk = _user(server, tmp_path, code, "wangfang", "clerk")
    counter = open_counter(qtbot, server.base_url, tmp_path, username=clerk, window_no="01")
    try:
        panel = counter.view.queue_panel
        assert list(panel.waiting_counts()) == ["A"]
        _apply(server, tmp_path, code, with_service(EXAMPLE.read_text(encoding="utf-8"), "E", "出入境", "01"))
        # Window 01 now helps with E: its waiting list shows E's queue.
        qtbot.waitUntil(lambda: list(panel.waiting_counts()) == ["A", "E"], timeout=10000)
    finally:
        counter.close()
