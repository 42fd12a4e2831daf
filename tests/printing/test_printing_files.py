"""Saving a PDF to a file: whole or not at all, flushed to the disk before it takes its name, and a
failed save leaves neither a temporary file nor a damaged earlier file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from disk_faults import DiskFault

from hallclient.domain.errors import HallError
from hallclient.printing import DocumentType, render_document, samples
from hallclient.printing.files import DISK_FULL, FILE_NOT_SAVED, FileNotSavedError, write_file_atomically

EARLIER = b"%PDF-1.4 the receipt printed yesterday"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_document(DocumentType.RECEIPT, samples.receipt_case()).pdf


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "receipt.pdf").write_bytes(EARLIER)
    return folder


def test_a_saved_file_holds_the_bytes_and_nothing_else_is_left(folder: Path, pdf: bytes) -> None:
    write_file_atomically(folder / "new.pdf", pdf)
    write_file_atomically(folder / "receipt.pdf", pdf)
    assert (folder / "new.pdf").read_bytes() == pdf
    assert (folder / "receipt.pdf").read_bytes() == pdf
    assert sorted(os.listdir(folder)) == ["new.pdf", "receipt.pdf"]


def test_a_disk_that_fills_up_half_way_is_named_and_leaves_the_earlier_file(
    folder: Path, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = DiskFault(monkeypatch, errno.ENOSPC)
    with pytest.raises(FileNotSavedError) as caught:
        write_file_atomically(folder / "receipt.pdf", pdf)
    assert fault.opened, "the data never went to a temporary file"
    assert isinstance(caught.value, HallError)
    assert caught.value.code == DISK_FULL and caught.value.disk_full
    assert "磁盘已满" in caught.value.message
    assert caught.value.path == str(folder / "receipt.pdf")
    assert os.listdir(folder) == ["receipt.pdf"]
    assert (folder / "receipt.pdf").read_bytes() == EARLIER


def test_a_disk_that_fails_on_flush_leaves_no_temporary_file(
    folder: Path, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Network and thin-provisioned disks report a failed write only when the data is flushed.
    DiskFault(monkeypatch, errno.EIO, on="fsync")
    with pytest.raises(FileNotSavedError) as caught:
        write_file_atomically(folder / "receipt.pdf", pdf)
    assert caught.value.code == FILE_NOT_SAVED and not caught.value.disk_full
    assert caught.value.reason == os.strerror(errno.EIO)
    assert os.listdir(folder) == ["receipt.pdf"]
    assert (folder / "receipt.pdf").read_bytes() == EARLIER


def test_a_name_that_cannot_be_replaced_leaves_no_temporary_file(folder: Path, pdf: bytes) -> None:
    (folder / "taken.pdf").mkdir()  # a folder of that name: the rename fails, for root too
    with pytest.raises(FileNotSavedError) as caught:
        write_file_atomically(folder / "taken.pdf", pdf)
    assert not caught.value.disk_full
    assert sorted(os.listdir(folder)) == ["receipt.pdf", "taken.pdf"]
    assert os.listdir(folder / "taken.pdf") == []


FILE_SIZE_LIMIT = 4096


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """A real write error from the kernel half-way through a file: the process may write at most
    ``limit`` bytes to any one file (RLIMIT_FSIZE; the signal it would send is ignored). Only
    around the write itself: the limit holds for every file of the process, and pytest's own
    report, written to a file when CI sends its output to one, must not meet it."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_the_system_stops_half_way_leaves_no_temporary_file(folder: Path, pdf: bytes) -> None:
    assert len(pdf) > FILE_SIZE_LIMIT
    with pytest.raises(FileNotSavedError) as caught, file_size_limit(FILE_SIZE_LIMIT):
        write_file_atomically(folder / "receipt.pdf", pdf)
    assert caught.value.reason == os.strerror(errno.EFBIG)
    assert os.listdir(folder) == ["receipt.pdf"]
    assert (folder / "receipt.pdf").read_bytes() == EARLIER


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_folder_the_user_may_not_write_to_is_reported(folder: Path, pdf: bytes) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write into any folder")
    folder.chmod(0o500)
    try:
        with pytest.raises(FileNotSavedError) as caught:
            write_file_atomically(folder / "receipt.pdf", pdf)
    finally:
        folder.chmod(0o700)
    assert caught.value.reason == os.strerror(errno.EACCES)
    assert os.listdir(folder) == ["receipt.pdf"]


def test_the_data_is_on_the_disk_before_the_file_takes_its_name(
    folder: Path, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut right after the save must not leave an empty file under the name: the file is
    synced before the rename, the folder (which records the rename) after it."""
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
    target = folder / "receipt.pdf"
    write_file_atomically(target, pdf)
    file_inode = target.stat().st_ino
    expected = [("fsync", file_inode), ("replace", file_inode)]
    if os.name != "nt":
        expected.append(("fsync", folder.stat().st_ino))
    assert events == expected
