"""The intake panels plug into the counter's main window as the 受理 and 办件 tabs."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hallclient.intake.models import TicketRef
from hallclient.store import Store
from hallclient.ui.intake import CaseListPanel, IntakePanel
from hallclient.ui.intake.install import IntakeParts, start_intake
from hallclient.ui.tasks import TaskRunner
from hallclient.ui.views.counter_window import CounterWindow
from tests.ui.intake.conftest import NOW


def test_start_intake_fills_the_intake_tab_and_adds_the_case_list(
    qtbot: QtBot, runner: TaskRunner, store: Store
) -> None:
    window = CounterWindow()
    qtbot.addWidget(window)
    installed: list[IntakeParts] = []
    start_intake(
        window=window,
        runner=runner,
        store=store,
        clerk="zhangsan",
        window_no="07",
        hall_code="",
        ticket_provider=lambda: TicketRef("t", "A001"),
        clock=lambda: NOW,
        on_ready=installed.append,
    )
    qtbot.waitUntil(lambda: bool(installed), timeout=10_000)
    tabs = window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[window.intake_tab_index : window.intake_tab_index + 2] == ["受理", "办件"]
    assert isinstance(tabs.widget(window.intake_tab_index), IntakePanel)
    assert isinstance(tabs.widget(window.intake_tab_index + 1), CaseListPanel)
    assert installed[0].intake.context.hall_code == "DEMO"  # from the catalog when the login has none
