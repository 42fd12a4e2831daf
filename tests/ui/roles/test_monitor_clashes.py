"""The monitor shows today's paper-ticket clashes (a window served a number offline that the
queue had called elsewhere) as alerts, read from the server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hallclient.queue.client import ServerClient
from hallclient.ui.monitor.controller import MonitorController
from hallclient.ui.monitor.signin import sign_in_manager
from hallclient.ui.monitor.view import MonitorWindow
from hallclient.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, login
from tests.ui.roles.test_monitor_role import open_monitor


def _alerts(parts: Any) -> list[str]:
    return [parts.view.alerts_list.item(i).text() for i in range(parts.view.alerts_list.count())]


def test_a_clash_pushed_by_a_counter_shows_in_the_alerts(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    # Window 04 (B) called B's next number; window 11 (E, B) served the same number on paper offline.
    clerk04, clerk11 = (
        login(server.base_url, "clerk04", window_no="04"),
        login(server.base_url, "clerk11", window_no="11"),
    )
    ticket = clerk04.issue("B").json()
    clerk04.act("04", "call", number=ticket["number"]).raise_for_status()
    parts, client = open_monitor(qtbot, runner, server.base_url)
    try:
        assert not any(ticket["number"] in a for a in _alerts(parts))
        paper = {
            "id": uuid.uuid4().hex,
            "number": ticket["number"],
            "window_no": "11",
            "clerk_username": "clerk11",
            "at": datetime.now().astimezone().isoformat(),
            "note": None,
        }
        pushed = clerk11.session.post(
            server.base_url + "/api/v1/sync/push",
            json={
                "client_id": f"monitor-test-{uuid.uuid4().hex[:8]}",
                "mutations": [
                    {"mutation_id": 1, "name": "manual_ticket.add", "version": 1, "payload": paper}
                ],
            },
            headers={"X-Hall-Sync-Protocol": "1"},
            timeout=30,
        ).json()
        assert pushed["results"][0]["data"]["status"] == "clash"
        parts.controller.refresh_clashes()  # what the controller's timer does every 30 s
        expected = f"手工号冲突：11 号窗口离线办理的 {ticket['number']} 号已在别处叫号或已结束，请核实"
        qtbot.waitUntil(lambda: expected in _alerts(parts), timeout=5000)
        assert [c.number for c in parts.controller.clashes] == [ticket["number"]]
    finally:
        clerk04.act("04", "no_show").raise_for_status()
        parts.close()
        client.close()


def test_clashes_are_read_for_the_servers_day_even_when_the_pc_clock_is_days_off(
    qtbot: Any, server: ServerProcess, runner: TaskRunner
) -> None:
    # The monitor's PC clock is three days behind. Before the first snapshot it knows no better,
    # so the first read must wait for the server's day rather than ask for the PC's: a clash of
    # today would otherwise stay hidden until the next timed read, 30 s later.
    clerk04, clerk11 = (
        login(server.base_url, "clerk04", window_no="04"),
        login(server.base_url, "clerk11", window_no="11"),
    )
    ticket = clerk04.issue("B").json()
    clerk04.act("04", "call", number=ticket["number"]).raise_for_status()
    paper = {
        "id": uuid.uuid4().hex,
        "number": ticket["number"],
        "window_no": "11",
        "clerk_username": "clerk11",
        "at": datetime.now().astimezone().isoformat(),
        "note": None,
    }
    pushed = clerk11.session.post(
        server.base_url + "/api/v1/sync/push",
        json={
            "client_id": f"monitor-test-{uuid.uuid4().hex[:8]}",
            "mutations": [{"mutation_id": 1, "name": "manual_ticket.add", "version": 1, "payload": paper}],
        },
        headers={"X-Hall-Sync-Protocol": "1"},
        timeout=30,
    ).json()
    assert pushed["results"][0]["data"]["status"] == "clash"
    client = ServerClient(server.base_url)
    sign_in_manager(client, "manager", "demo1234")
    view = MonitorWindow()
    qtbot.addWidget(view)
    controller = MonitorController(
        view=view,
        runner=runner,
        client=client,
        poll_timeout_s=2.0,
        clock=lambda: datetime.now(UTC) - timedelta(days=3),
    )
    try:
        controller.start()
        qtbot.waitUntil(lambda: ticket["number"] in [c.number for c in controller.clashes], timeout=8000)
    finally:
        controller.shutdown()
        clerk04.act("04", "no_show").raise_for_status()
        client.close()
