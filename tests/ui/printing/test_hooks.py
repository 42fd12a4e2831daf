"""Printing inside the intake panels: a saved case opens its document; the case detail's print
button lists the case's documents and earlier prints, and each entry does what it says."""

from __future__ import annotations

import datetime as dt

from conftest import BASE_URL, NOW, PrintKit
from PySide6.QtCore import Qt

from hallclient.printing import DocumentType
from hallclient.settings import PrintSettings, Settings
from hallclient.ui.intake.context import IntakeContext
from hallclient.ui.intake.install import install_intake
from hallclient.ui.printing.hooks import PrintingParts, attach_printing
from hallclient.ui.printing.preview import PrintPreviewDialog
from hallclient.ui.views.counter_window import CounterWindow


def _attach(kit: PrintKit, qtbot):  # type: ignore[no-untyped-def]
    window = CounterWindow()
    qtbot.addWidget(window)
    context = IntakeContext(
        runner=kit.runner,
        store=kit.store,
        catalog=kit.catalog,
        calendar=kit.calendar,
        clerk="lisi",
        window_no="07",
        hall_code="DEMO",
        clock=lambda: NOW + dt.timedelta(minutes=3),
    )
    parts = install_intake(window, context)
    notices: list[str] = []
    printing = attach_printing(
        parts,
        settings=Settings(printing=PrintSettings(progress_base_url=BASE_URL)),
        clerk_name="李思",
        notify=notices.append,
    )
    # The tests print to a file instead of showing QPrintDialog.
    printing.service._choose_printer = kit.chooser
    kit.services.append(printing.service)
    return window, parts, printing, notices


def _menu_actions(printing: PrintingParts, qtbot, button) -> dict[str, object]:  # type: ignore[no-untyped-def]
    assert printing.case_menu is not None
    printing.case_menu.menu = None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: printing.case_menu.menu is not None, timeout=10_000)  # type: ignore[union-attr]
    menu = printing.case_menu.menu
    assert menu is not None
    actions = {a.objectName(): a for a in menu.actions() if not a.isSeparator()}
    menu.close()
    return actions


def test_saving_a_case_opens_the_preview_of_its_document(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, parts, printing, _notices = _attach(kit, qtbot)
    summary = kit.notify_once_case()
    with qtbot.waitSignal(printing.service.preview_opened, timeout=15_000) as opened:
        parts.intake.case_saved.emit(summary)
    dialog = opened.args[0]
    assert isinstance(dialog, PrintPreviewDialog)
    assert dialog.document.doc_type is DocumentType.NOTIFY_ONCE
    assert dialog.document.case_no == summary.case_no


def test_case_detail_menu_prints_and_reprints(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, parts, printing, notices = _attach(kit, qtbot)
    summary = kit.deficiency_case()
    button = parts.case_list.view.detail.print_button
    assert not button.isEnabled()  # no case chosen yet
    with qtbot.waitSignal(parts.case_list.controller.detail_shown, timeout=10_000):
        parts.case_list.controller.load_detail(summary.id)
    assert button.isEnabled()

    actions = _menu_actions(printing, qtbot, button)
    # 容缺受理: its notice first, and the plain receipt; nothing printed yet, so no reprints.
    assert list(actions) == ["print_deficiency_notice", "print_receipt"]

    with qtbot.waitSignal(printing.service.preview_opened, timeout=15_000) as opened:
        actions["print_receipt"].trigger()  # type: ignore[attr-defined]
    dialog = opened.args[0]
    assert dialog.document.doc_type is DocumentType.RECEIPT
    qtbot.waitUntil(lambda: len(dialog.page_images) > 0, timeout=10_000)
    with qtbot.waitSignal(printing.service.printed, timeout=20_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    record = printed.args[0]

    actions = _menu_actions(printing, qtbot, button)
    assert list(actions) == ["print_deficiency_notice", "print_receipt", f"reprint_{record.id}"]
    assert "补打：受理回执" in actions[f"reprint_{record.id}"].text()  # type: ignore[attr-defined]
    assert "lisi" in actions[f"reprint_{record.id}"].text()  # type: ignore[attr-defined]
    with qtbot.waitSignal(printing.service.preview_opened, timeout=15_000) as opened:
        actions[f"reprint_{record.id}"].trigger()  # type: ignore[attr-defined]
    assert opened.args[0].document.pdf == dialog.document.pdf
    assert opened.args[0].document.reprint_of == record.id
    assert notices == []
