"""The sample documents (and the pictures in docs/screenshots made from them): QR codes in the
form the counter prints, and a sample run that fails leaves nothing half-made behind."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import subprocess
import uuid
from pathlib import Path

import pytest
from disk_faults import DiskFault
from printing_pdf import qr_texts

from hallclient.printing import CaseDocumentData, DocumentType, TicketData, render_document, samples
from hallclient.printing.files import FileNotSavedError
from hallclient.printing.from_case import case_progress_url, ticket_status_url
from hallclient.settings import PrintSettings, Settings

CASE_DOCUMENTS = [
    DocumentType.RECEIPT,
    DocumentType.NOTIFY_ONCE,
    DocumentType.DEFICIENCY_NOTICE,
    DocumentType.REJECTION_NOTICE,
]


def _settings(public_base: str) -> Settings:
    return Settings(printing=PrintSettings(progress_base_url=public_base))


@pytest.mark.parametrize("doc_type", CASE_DOCUMENTS, ids=lambda doc_type: doc_type.value)
def test_a_sample_case_document_carries_the_case_page_address(doc_type: DocumentType) -> None:
    data = samples.samples()[doc_type]
    assert isinstance(data, CaseDocumentData)
    [printed] = qr_texts(render_document(doc_type, data).pdf, scale=2.5)
    assert printed == data.progress_url
    # <public base>/c/<case id>: the case's random id, never its guessable number.
    found = re.fullmatch(r"(https://[^/]+)/c/([^/]+)", printed)
    assert found, printed
    public_base, token = found.groups()
    assert str(uuid.UUID(token)) == token
    assert case_progress_url(_settings(public_base), token) == printed
    assert data.case_no not in printed


def test_the_sample_ticket_carries_the_ticket_page_address() -> None:
    data = samples.ticket()
    assert isinstance(data, TicketData)
    [printed] = qr_texts(render_document(DocumentType.TICKET, data).pdf)
    found = re.fullmatch(r"(https://[^/]+)/t/([^/]+)", printed)
    assert found, printed
    public_base, token = found.groups()
    assert ticket_status_url(_settings(public_base), token) == printed


def test_sample_case_documents_share_the_tickets_public_base() -> None:
    ticket_base = samples.ticket().status_url.rsplit("/t/", 1)[0]
    for doc_type in CASE_DOCUMENTS:
        data = samples.samples()[doc_type]
        assert isinstance(data, CaseDocumentData)
        assert data.progress_url.rsplit("/c/", 1)[0] == ticket_base


def _fake_pdftoppm(folder: Path, script: str) -> None:
    """A ``pdftoppm`` first on PATH that runs ``script`` (sh) and fails."""
    folder.mkdir()
    tool = folder / "pdftoppm"
    tool.write_text("#!/bin/sh\n" + script + "\nexit 3\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def failing_pdftoppm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name == "nt":
        pytest.skip("a shell script stands in for pdftoppm")
    bin_dir = tmp_path / "bin"
    # Half a picture where pdftoppm was told to write it (its last argument, plus .png), then fail.
    _fake_pdftoppm(bin_dir, 'for last; do :; done\nprintf "\\211PNG half" > "$last.png"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    assert shutil.which("pdftoppm") == str(bin_dir / "pdftoppm")


@pytest.mark.usefixtures("failing_pdftoppm")
def test_png_only_with_a_failing_pdftoppm_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "screenshots"
    out.mkdir()
    (out / "print_preview.png").write_bytes(b"another picture")
    with pytest.raises(subprocess.CalledProcessError):
        samples.render_samples(out, png_only=True)
    assert os.listdir(out) == ["print_preview.png"]


@pytest.mark.usefixtures("failing_pdftoppm")
def test_the_command_says_pdftoppm_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "screenshots"
    assert samples.main(["--out", str(out), "--png-only"]) == 1
    assert "pdftoppm" in capsys.readouterr().err
    assert os.listdir(out) == []


def test_a_disk_that_fills_up_leaves_the_earlier_samples_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "doc_receipt.pdf").write_bytes(b"%PDF-1.4 earlier sample")
    fault = DiskFault(monkeypatch, errno.ENOSPC)
    with pytest.raises(FileNotSavedError) as caught:
        samples.render_samples(out, png_dpi=None)
    assert fault.opened and caught.value.disk_full
    assert os.listdir(out) == ["doc_receipt.pdf"]
    assert (out / "doc_receipt.pdf").read_bytes() == b"%PDF-1.4 earlier sample"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_png_only_keeps_just_the_pictures(tmp_path: Path) -> None:
    out = tmp_path / "screenshots"
    written = samples.render_samples(out, png_dpi=30, png_only=True)
    names = sorted(path.name for path in written)
    assert names == sorted(os.listdir(out))
    assert names == sorted(
        f"doc_{stem}.png" for stem in (*(t.value for t in samples.samples()), "receipt_roll")
    )
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
