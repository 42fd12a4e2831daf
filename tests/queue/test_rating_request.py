"""The counter's rating invitation names the applicant just served, even when the clerk has
already called the next one by the time it reaches the server (it is sent in the background)."""

from __future__ import annotations

from pathlib import Path

from hallclient.queue import service as queue_service
from hallclient.queue.client import ServerClient
from hallclient.queue.models import ActionResult, WindowAction
from tests.serverproc import demo_server


def test_a_late_rating_invitation_names_the_applicant_just_served(tmp_path: Path) -> None:
    with demo_server(tmp_path) as server:
        kiosk = ServerClient(server.base_url)
        kiosk.login(username="manager", password="demo1234")
        clerk = ServerClient(server.base_url)
        clerk.login(username="clerk01", password="demo1234", window_no="01")
        try:
            for _ in range(2):
                queue_service.issue_ticket(
                    client=kiosk, service="A", request_id=queue_service.new_request_id()
                )

            def act(action: WindowAction) -> ActionResult:
                return queue_service.perform_action(
                    client=clerk, window_no="01", action=action, request_id=queue_service.new_request_id()
                )

            served = act(WindowAction.CALL_NEXT).ticket
            assert served is not None
            act(WindowAction.START)
            act(WindowAction.FINISH)
            following = act(WindowAction.CALL_NEXT).ticket
            assert following is not None and following.id != served.id

            result = queue_service.request_rating(
                client=clerk, window_no="01", request_id=queue_service.new_request_id(), ticket_id=served.id
            )
            assert result.ticket is not None and result.ticket.id == served.id
            # Without the ticket the server takes the contact that ended last, not the one now
            # at the window, which cannot be rated before it is finished.
            guessed = queue_service.request_rating(
                client=clerk, window_no="01", request_id=queue_service.new_request_id()
            )
            assert guessed.ticket is not None and guessed.ticket.id == served.id
        finally:
            kiosk.close()
            clerk.close()
