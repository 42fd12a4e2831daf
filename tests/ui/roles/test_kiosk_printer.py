"""The kiosk's folder printer (``--print-to-pdf DIR``): a ticket file is whole or absent, and a
failed save leaves neither a temporary file nor a damaged earlier ticket of the same name."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from hallclient.domain.errors import HallError
from hallclient.printing import DocumentType, render_document, samples
from hallclient.ui.kiosk.printer import PRINT_FAILED, PdfFolderPrinter
from tests.printing.disk_faults import DiskFault

EARLIER = b"%PDF-1.4 ticket A012 printed this morning"


@pytest.fixture(scope="module")
def ticket_pdf() -> bytes:
    return render_document(DocumentType.TICKET, samples.ticket()).pdf


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tickets"
    folder.mkdir()
    (folder / "A012.pdf").write_bytes(EARLIER)
    return folder


def test_a_ticket_is_saved_whole_and_alone(folder: Path, ticket_pdf: bytes) -> None:
    written = PdfFolderPrinter(folder).print_pdf(ticket_pdf, name="A013")
    assert Path(written).read_bytes() == ticket_pdf
    assert sorted(os.listdir(folder)) == ["A012.pdf", "A013.pdf"]


def test_a_ticket_is_on_the_disk_before_it_takes_its_name(
    folder: Path, ticket_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A power cut right after "printed" must not leave an empty A013.pdf behind.
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append(("fsync", os.fstat(descriptor).st_ino))
        real_fsync(descriptor)

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        events.append(("replace", os.stat(source).st_ino))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    written = Path(PdfFolderPrinter(folder).print_pdf(ticket_pdf, name="A013"))
    inode = written.stat().st_ino
    assert events[:2] == [("fsync", inode), ("replace", inode)]


def test_a_full_disk_is_named_and_the_earlier_ticket_is_kept(
    folder: Path, ticket_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = DiskFault(monkeypatch, errno.ENOSPC)
    with pytest.raises(HallError) as caught:
        PdfFolderPrinter(folder).print_pdf(ticket_pdf, name="A012")
    assert fault.opened, "the ticket never went to a temporary file"
    assert caught.value.code == PRINT_FAILED
    assert "号票文件无法保存" in caught.value.message and "磁盘已满" in caught.value.message
    assert os.listdir(folder) == ["A012.pdf"]
    assert (folder / "A012.pdf").read_bytes() == EARLIER


def test_a_ticket_that_cannot_take_its_name_leaves_no_temporary_file(folder: Path, ticket_pdf: bytes) -> None:
    (folder / "A013.pdf").mkdir()  # a folder of that name: the rename fails, for root too
    with pytest.raises(HallError) as caught:
        PdfFolderPrinter(folder).print_pdf(ticket_pdf, name="A013")
    assert caught.value.code == PRINT_FAILED
    assert str(folder / "A013.pdf") in caught.value.message
    assert sorted(os.listdir(folder)) == ["A012.pdf", "A013.pdf"]
    assert os.listdir(folder / "A013.pdf") == []
