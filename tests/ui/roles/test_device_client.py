"""The one ``ServerClient`` for devices and users, and the pause time the monitor takes from the server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hallclient.domain.errors import AuthError
from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.ui.monitor.figures import DayFigures, Thresholds, window_rows
from tests.serverproc import ServerProcess


def test_a_registered_device_token_is_sent_and_a_user_token_wins(
    server: ServerProcess, device_client: Any
) -> None:
    device = device_client("display")
    assert device.hall().services  # X-Device-Token accepted
    stranger = ServerClient(server.base_url, device_token="not-a-registered-token")
    try:
        with pytest.raises(AuthError):
            stranger.hall()
        stranger.login(username="manager", password="demo1234")
        assert stranger.hall().services  # the user's token is used, the bad device token is not
    finally:
        stranger.close()


def test_the_monitor_counts_a_pause_from_the_servers_state_since(server: ServerProcess) -> None:
    clerk = ServerClient(server.base_url)
    try:
        clerk.login(username="clerk09", password="demo1234", window_no="09")
        queue_service.pause(
            client=clerk, window_no="09", reason="meeting", request_id=queue_service.new_request_id()
        )
        snapshot = clerk.snapshot()
        window = snapshot.window("09")
        assert window is not None and window.state_since is not None
        assert snapshot.server_time is not None
        # a monitor that started after the pause has no events for it: the server's time still counts
        now = snapshot.server_time + timedelta(minutes=20)
        rows = {r.no: r for r in window_rows(snapshot, DayFigures(), now=now, limits=Thresholds())}
        assert rows["09"].busy_s is not None
        assert abs(rows["09"].busy_s - (now - window.state_since).total_seconds()) <= 1
        assert rows["09"].busy_s >= 20 * 60
    finally:
        queue_service.unpause(client=clerk, window_no="09", request_id=queue_service.new_request_id())
        clerk.close()


def test_a_ticket_is_found_by_its_number_and_cancelled_by_its_issuer(server: ServerProcess) -> None:
    from hallclient.domain.errors import ConflictError, NotFoundError
    from hallclient.domain.queue import TicketState

    clerk = ServerClient(server.base_url)
    manager = ServerClient(server.base_url)
    try:
        clerk.login(username="clerk10", password="demo1234", window_no="10")
        issued = queue_service.issue_ticket(
            client=clerk, service="A", request_id=queue_service.new_request_id(), source="walk_in"
        )
        typed = issued.number.lower().replace("a0", "a ", 1)  # "a 12": how a clerk might type it
        assert clerk.find_ticket(typed).id == issued.id
        with pytest.raises(NotFoundError):
            clerk.find_ticket("Z999")

        request_id = queue_service.new_request_id()
        cancelled = clerk.cancel_ticket(issued.id, request_id=request_id, reason="applicant left")
        assert cancelled.state == TicketState.CANCELLED
        assert clerk.cancel_ticket(issued.id, request_id=request_id).state == TicketState.CANCELLED
        with pytest.raises(ConflictError):
            clerk.cancel_ticket(issued.id, request_id=queue_service.new_request_id())

        manager.login(username="manager", password="demo1234")
        server_time = manager.snapshot().server_time
        assert server_time is not None
        # The cancelled ticket is no clash (other tests of this server may leave clashes of their own).
        clashes = manager.manual_ticket_clashes(day=server_time.date())
        assert issued.number not in {clash.number for clash in clashes}
    finally:
        clerk.close()
        manager.close()
