"""PrintService over a real store: print a saved case's document, keep it with the case, reprint
the very same bytes, warn about characters no font has, remember printers, save as PDF."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest
from conftest import BASE_URL, PrintKit
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hallclient.printing import DocumentType, FontChain, Paper, status_url
from hallclient.printing.fonts import latin_font, shipped_font
from hallclient.settings import PrintSettings
from hallclient.store.repo import PrintedDocumentRecord, list_printed_documents, load_printed_pdf
from hallclient.ui.printing.preview import PrintPreviewDialog
from hallclient.ui.printing.service import PrintService, remember_printer
from hallclient.ui.printing.warning import RareCharacterDialog
from tests.intake.builders import person
from tests.printing.disk_faults import DiskFault
from tests.printing.printing_pdf import flat_text, page_sizes, qr_texts

EXT_B = "\U00020bb7"  # 𠮷: CJK Extension B, not in the shipped font


def open_preview(
    service: PrintService, qtbot, case_id: str, doc_type: DocumentType | None = None
) -> PrintPreviewDialog:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(service.preview_opened, timeout=15_000) as opened:
        service.print_case_document(case_id, doc_type)
    dialog = opened.args[0]
    assert isinstance(dialog, PrintPreviewDialog)
    qtbot.waitUntil(lambda: len(dialog.page_images) > 0, timeout=10_000)
    return dialog


def press_print(service: PrintService, qtbot, dialog: PrintPreviewDialog) -> PrintedDocumentRecord:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(service.printed, timeout=20_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    record = printed.args[0]
    assert isinstance(record, PrintedDocumentRecord)
    return record


def stored(kit: PrintKit, case_id: str) -> list[tuple[PrintedDocumentRecord, bytes]]:
    with kit.store.session(readonly=True) as session:
        return [
            (r, load_printed_pdf(session, r.id)) for r in list_printed_documents(session, case_id=case_id)
        ]


def test_printing_a_case_document_prints_it_and_keeps_it_with_the_case(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.notify_once_case()
    service = kit.service()
    dialog = open_preview(service, qtbot, case.id)
    assert dialog.document.doc_type is DocumentType.NOTIFY_ONCE
    assert dialog.document.case_id == case.id and dialog.document.unprintable == ()
    pages = page_sizes(dialog.document.pdf)
    assert len(dialog.page_images) == len(pages)

    record = press_print(service, qtbot, dialog)

    # What reached the printer: every page, on A4.
    out = kit.chooser.calls[-1].read_bytes()
    assert len(page_sizes(out)) == len(pages)
    assert page_sizes(out)[0] == pytest.approx((595.3, 841.9), abs=1.5)
    # What was kept: the very PDF previewed, with the case, by the clerk who printed it.
    [(kept, pdf)] = stored(kit, case.id)
    assert kept == record
    assert pdf == dialog.document.pdf
    assert record.sha256 == hashlib.sha256(pdf).hexdigest()
    assert record.doc_type == "notify_once" and record.clerk_username == "lisi"
    text = flat_text(pdf)
    assert case.case_no in text and "李思" in text
    assert "经营场所平面布局图及设备布局、操作流程文件" in text and "保证食品安全的规章制度" in text
    assert qr_texts(pdf) == [status_url(BASE_URL + "c/", case.id)]
    assert "已打印" in dialog.status.text()
    assert dialog.print_button.isEnabled()


def test_roll_paper_from_settings_prints_an_80mm_slip(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    service = kit.service(printing=PrintSettings(receipt_paper="roll80", progress_base_url=BASE_URL))
    dialog = open_preview(service, qtbot, case.id)
    assert dialog.document.paper is Paper.ROLL_80
    assert len(dialog.page_images) == 1
    press_print(service, qtbot, dialog)
    [(width, height)] = page_sizes(kit.chooser.calls[-1].read_bytes())
    [(_source_width, source_height)] = page_sizes(dialog.document.pdf)
    assert width == pytest.approx(80 / 25.4 * 72, abs=1.5)
    assert height == pytest.approx(source_height, abs=1.5) and height > width


def test_reprint_opens_and_prints_the_same_bytes(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    service = kit.service()
    first = press_print(service, qtbot, open_preview(service, qtbot, case.id))
    [(_record, original)] = stored(kit, case.id)

    # A later print of a new document would differ (print time); a reprint must not.
    with qtbot.waitSignal(service.preview_opened, timeout=15_000) as opened:
        service.reprint(first.id)
    dialog = opened.args[0]
    assert dialog.document.pdf == original
    assert dialog.document.reprint_of == first.id
    assert dialog.document.case_no == case.case_no and dialog.document.doc_type is DocumentType.RECEIPT
    assert "补打" in dialog.windowTitle()
    qtbot.waitUntil(lambda: len(dialog.page_images) == 1, timeout=10_000)
    second = press_print(service, qtbot, dialog)
    assert second.id != first.id and second.sha256 == first.sha256
    assert [r.id for r, _pdf in stored(kit, case.id)] == [first.id, second.id]


def test_rare_character_warning_blocks_printing_until_acknowledged(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    shipped = shipped_font()
    assert shipped is not None
    chain = FontChain([shipped, latin_font()])  # neither font has Extension B
    case = kit.accepted_case(person(f"吉{EXT_B}"))
    service = kit.service(fonts=lambda: chain)
    dialog = open_preview(service, qtbot, case.id)
    assert dialog.document.unprintable == (EXT_B,)
    assert "打印前会提示" in dialog.status.text()

    # First attempt: the warning comes up, nothing goes to the printer; cancelling stops there.
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    warning = dialog.findChild(RareCharacterDialog)
    assert warning is not None and warning.isVisible()
    assert "U+20BB7" in warning.characters.text()
    assert not warning.continue_button.isEnabled()
    qtbot.mouseClick(warning.continue_button, Qt.MouseButton.LeftButton)  # disabled: no effect
    assert warning.isVisible() and kit.chooser.calls == []
    qtbot.mouseClick(warning.cancel_button, Qt.MouseButton.LeftButton)
    assert not warning.isVisible()
    QApplication.processEvents()
    assert kit.chooser.calls == [] and stored(kit, case.id) == []

    # Second attempt: asked again; acknowledged, printing goes on.
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    warnings = [w for w in dialog.findChildren(RareCharacterDialog) if w.isVisible()]
    assert len(warnings) == 1
    warning = warnings[0]
    warning.acknowledge.setChecked(True)
    assert warning.continue_button.isEnabled()
    with qtbot.waitSignal(service.printed, timeout=20_000):
        qtbot.mouseClick(warning.continue_button, Qt.MouseButton.LeftButton)
    assert len(kit.chooser.calls) == 1
    [(_record, pdf)] = stored(kit, case.id)
    assert "吉〓" in flat_text(pdf)  # the mark the clerk writes over by hand

    # Acknowledged once per preview: printing again does not ask again.
    with qtbot.waitSignal(service.printed, timeout=20_000):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert [w for w in dialog.findChildren(RareCharacterDialog) if w.isVisible()] == []


def test_cancelled_print_dialog_prints_and_keeps_nothing(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    kit.chooser.accept = False
    service = kit.service()
    dialog = open_preview(service, qtbot, case.id)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert len(kit.chooser.calls) == 1 and not kit.chooser.calls[0].exists()
    assert stored(kit, case.id) == []


def test_a_document_the_case_may_not_have_is_refused_in_words(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.notify_once_case()
    service = kit.service()
    with qtbot.waitSignal(service.failed, timeout=10_000) as failed:
        service.print_case_document(case.id, DocumentType.RECEIPT)
    assert "不能打印受理回执" in failed.args[0]
    with qtbot.waitSignal(service.failed, timeout=10_000) as failed:
        service.print_case_document("no-such-case")
    assert "找不到办件" in failed.args[0]
    with qtbot.waitSignal(service.failed, timeout=10_000) as failed:
        service.reprint("no-such-document")
    assert "找不到已打印文件" in failed.args[0]
    assert service.dialogs == []


def test_save_as_pdf_writes_the_previewed_bytes(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    target = kit.tmp / "out" / "回执"
    target.parent.mkdir()
    service = kit.service(save_path=target)
    dialog = open_preview(service, qtbot, case.id)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    written = target.with_name("回执.pdf")
    qtbot.waitUntil(lambda: "已保存" in dialog.status.text(), timeout=10_000)
    assert written.read_bytes() == dialog.document.pdf
    assert not list(written.parent.glob("*.part"))


def test_save_as_pdf_into_a_missing_folder_says_so(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    service = kit.service(save_path=kit.tmp / "no" / "such" / "dir" / "x.pdf")
    dialog = open_preview(service, qtbot, case.id)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "保存失败" in dialog.status.text(), timeout=10_000)
    assert dialog.save_button.isEnabled()


def test_a_save_that_fails_after_the_preview_was_closed_is_still_reported(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    service = kit.service(save_path=kit.tmp / "no" / "such" / "dir" / "x.pdf")
    dialog = open_preview(service, qtbot, case.id)
    with qtbot.waitSignal(service.failed, timeout=10_000) as failed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.reject()  # Esc while the file is being written: the preview is deleted
    assert "保存失败" in failed.args[0]
    assert service.dialogs == []


def test_save_as_pdf_onto_a_full_disk_says_so_and_keeps_the_earlier_file(  # type: ignore[no-untyped-def]
    kit: PrintKit, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = kit.accepted_case()
    folder = kit.tmp / "full"
    folder.mkdir()
    earlier = folder / "回执.pdf"
    earlier.write_bytes(b"%PDF-1.4 saved yesterday")
    service = kit.service(save_path=earlier)
    dialog = open_preview(service, qtbot, case.id)
    fault = DiskFault(monkeypatch, errno.ENOSPC)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "保存失败" in dialog.status.text(), timeout=10_000)
    assert fault.opened, "the PDF never went to a temporary file"
    assert "磁盘已满" in dialog.status.text()
    assert dialog.save_button.isEnabled()
    assert os.listdir(folder) == ["回执.pdf"]
    assert earlier.read_bytes() == b"%PDF-1.4 saved yesterday"


def test_a_save_that_cannot_take_the_name_leaves_no_temporary_file(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    folder = kit.tmp / "taken"
    (folder / "回执.pdf").mkdir(parents=True)  # a folder of that name: the rename fails, for root too
    service = kit.service(save_path=folder / "回执.pdf")
    dialog = open_preview(service, qtbot, case.id)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "保存失败" in dialog.status.text(), timeout=10_000)
    assert os.listdir(folder) == ["回执.pdf"]
    assert (folder / "回执.pdf").is_dir()


def test_default_printer_per_document_type_is_remembered() -> None:
    settings = PrintSettings(default_printers={"ticket": "Thermal-80"})
    changed = remember_printer(settings, DocumentType.RECEIPT, "Counter-Laser")
    assert changed is not None
    assert changed.default_printers == {"ticket": "Thermal-80", "receipt": "Counter-Laser"}
    assert settings.default_printers == {"ticket": "Thermal-80"}  # the old value is untouched
    assert remember_printer(changed, DocumentType.RECEIPT, "Counter-Laser") is None
    assert remember_printer(changed, DocumentType.RECEIPT, "  ") is None


def test_printing_to_a_file_does_not_change_the_default_printer(kit: PrintKit, qtbot) -> None:  # type: ignore[no-untyped-def]
    case = kit.accepted_case()
    service = kit.service(
        printing=PrintSettings(default_printers={"receipt": "Counter-Laser"}, progress_base_url=BASE_URL)
    )
    changes: list[object] = []
    service.print_settings_changed.connect(changes.append)
    press_print(service, qtbot, open_preview(service, qtbot, case.id))
    assert changes == []
    assert service.print_settings.default_printers == {"receipt": "Counter-Laser"}
