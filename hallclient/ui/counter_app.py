"""Builds the counter's window, controllers and sync driver from parts made by the composition root.

``hallclient.app`` makes the parts (settings, store, client, runner) and calls this; tests and the
screenshot script call it the same way against a real server, so they run the same sync path:
ratings and paper tickets reach the server only through the outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from hallclient.queue.client import ServerClient
from hallclient.queue.models import LoginResult
from hallclient.settings import PrintSettings, Settings
from hallclient.store import Store
from hallclient.ui.controllers.counter import CounterController
from hallclient.ui.controllers.prompts import CounterPrompts
from hallclient.ui.controllers.rating import RatingController
from hallclient.ui.controllers.session import ClerkSession
from hallclient.ui.controllers.sync_link import SyncLink
from hallclient.ui.sync import SyncDriver, install_sync
from hallclient.ui.sync.driver import DEFAULT_INTERVAL_S
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.counter_window import CounterWindow

if TYPE_CHECKING:
    from hallclient.ui.intake.install import IntakeParts
    from hallclient.ui.printing.hooks import PrintingParts


INTAKE_START_FALLBACK_MS = 1500


@dataclass
class CounterParts:
    view: CounterWindow
    controller: CounterController
    rating: RatingController
    sync: SyncDriver
    intake: IntakeParts | None = None  # set once the intake panels are up
    printing: PrintingParts | None = None  # set once the intake panels are up
    intake_started: bool = False

    def set_intake_widget(self, widget: QWidget, title: str | None = None) -> None:
        """Where the intake (受理) view plugs in: a tab beside the queue panel."""
        self.view.set_intake_widget(widget, title)

    def close(self) -> None:
        self.sync.stop()
        self.controller.shutdown()
        self.rating.end_contact()  # what the applicant chose so far is kept, as at a timeout
        self.rating.prompt.close()
        self.view.close()


def build_counter(
    *,
    runner: TaskRunner,
    client: ServerClient,
    store: Store,
    settings: Settings,
    login: LoginResult,
    poll_timeout_s: float = 25.0,
    prompts: CounterPrompts | None = None,
    clock: Callable[[], datetime] | None = None,
    on_print_settings_changed: Callable[[PrintSettings], None] | None = None,
    sync_interval_s: float = DEFAULT_INTERVAL_S,
) -> CounterParts:
    view = CounterWindow()
    rating = RatingController(
        runner=runner,
        store=store,
        timeout_s=settings.rating_timeout_s,
        clock=clock,
        parent=view,
    )
    session = ClerkSession(login=login, window_no=settings.window_no)
    controller = CounterController(
        view=view,
        runner=runner,
        client=client,
        store=store,
        session=session,
        rating=rating,
        prompts=prompts,
        poll_timeout_s=poll_timeout_s,
        clock=clock,
    )
    # The 受理 and 办件 tabs appear once the catalog and calendar are loaded on the db lane.
    from hallclient.ui.intake.install import SyncFollower, current_ticket_ref, start_intake

    sync = install_sync(
        window=view,
        runner=runner,
        store=store,
        base_url=settings.server_url,
        token=lambda: client.token or None,
        interval_s=sync_interval_s,
        # Conflict choices in 同步详情 are audited under the signed-in clerk's name.
        clerk=lambda: session.username,
    )
    link = SyncLink(sync, parent=view)
    controller.outbox_written.connect(link.request)
    controller.monitor.online_changed.connect(lambda online: link.request() if online else None)
    parts = CounterParts(view=view, controller=controller, rating=rating, sync=sync)
    # A catalog or calendar an admin replaced, and cases other windows took in, reach the intake
    # panels without a restart.
    follower = SyncFollower(view)
    sync.references_changed.connect(follower.references_changed)
    sync.cases_pulled.connect(follower.cases_pulled)
    sync.cases_renumbered.connect(follower.cases_pulled)

    def when_intake_ready(intake: IntakeParts) -> None:
        from hallclient.ui.printing.hooks import attach_printing

        parts.intake = intake
        follower.attach(intake)
        parts.printing = attach_printing(
            intake,
            settings=settings,
            clerk_name=login.user.display_name,
            notify=lambda text: view.show_notice(text, error=True),
        )
        if on_print_settings_changed is not None:
            parts.printing.service.print_settings_changed.connect(on_print_settings_changed)

    def load_intake() -> None:
        if parts.intake_started:
            return
        parts.intake_started = True
        start_intake(
            window=view,
            runner=runner,
            store=store,
            clerk=session.username,
            window_no=session.window_no,
            hall_code=login.user.hall_code,
            ticket_provider=lambda: current_ticket_ref(controller),
            clock=clock,
            on_ready=when_intake_ready,
        )

    # The caller comes first: building the search index is a second of pure Python that would
    # compete for the interpreter with the first hall snapshot. Intake loads once that snapshot is
    # in, or after a short wait when the server is not answering (offline start).
    controller.monitor.snapshot_loaded.connect(lambda _snapshot: load_intake())
    QTimer.singleShot(INTAKE_START_FALLBACK_MS, view, load_intake)
    return parts
