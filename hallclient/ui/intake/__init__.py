"""Case intake in the counter app: the intake form and the case list (DESIGN §5).

Public: :class:`IntakeContext`, :class:`IntakePanel`, :class:`CaseListPanel` and
:func:`install_intake`, which puts both into the counter's main window.
"""

from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.install import IntakeParts, install_intake
from hallclient.ui.intake.panels import CaseListPanel, IntakePanel

__all__ = ["CaseListPanel", "IntakeContext", "IntakePanel", "IntakeParts", "install_intake"]
