"""Plugging the intake panels into the counter's main window (called by the composition root)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.panels import CaseListPanel, IntakePanel
from hallclient.ui.views.counter_window import CounterWindow


@dataclass
class IntakeParts:
    intake: IntakePanel
    case_list: CaseListPanel


def install_intake(window: CounterWindow, context: IntakeContext) -> IntakeParts:
    """The intake form goes into the window's 受理 tab; the case list becomes a 办件 tab after it.
    A saved case refreshes the list."""
    intake = IntakePanel(context)
    case_list = CaseListPanel(context)
    window.set_intake_widget(intake, QCoreApplication.translate("Intake", "受理"))
    window.tabs.insertTab(
        window.intake_tab_index + 1, case_list, QCoreApplication.translate("Intake", "办件")
    )
    intake.case_saved.connect(lambda _summary: case_list.refresh())
    return IntakeParts(intake=intake, case_list=case_list)
