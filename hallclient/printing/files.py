"""Writing a finished PDF to a file so that its name only ever holds the whole document.

The bytes go to a temporary file beside the target, are flushed to the disk, and only then take
the target's name (``os.replace``, atomic on one filesystem). A write that fails - a full disk, a
folder the user may not write to, an error half-way - removes the temporary file and leaves an
earlier file of the same name as it was. After the rename the folder is synced too where the
platform allows it, so that a power cut right after "saved" keeps the new name; without that
some filesystems bring back an empty or truncated file under it.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
from pathlib import Path

from hallclient.domain.errors import HallError

log = logging.getLogger("hallclient.printing.files")

DISK_FULL = "disk_full"
FILE_NOT_SAVED = "file_not_saved"

# A full disk, or a full share of it: the same thing to the person saving the file.
_FULL_DISK_ERRNOS = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code)


class FileNotSavedError(HallError):
    """A file could not be written; ``code`` is ``disk_full`` when the disk was full.

    ``params``: ``path`` (the target), ``reason`` (the system's words for the cause).
    """

    code = FILE_NOT_SAVED

    @property
    def disk_full(self) -> bool:
        return self.code == DISK_FULL

    @property
    def path(self) -> str:
        return str(self.params.get("path", ""))

    @property
    def reason(self) -> str:
        return str(self.params.get("reason", ""))


def write_file_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all. Raises FileNotSavedError."""
    temporary = _temporary_beside(target)
    try:
        _write_and_sync(temporary, data)
        os.replace(temporary, target)
    except OSError as exc:
        _remove_quietly(temporary)
        raise _not_saved(target, exc) from exc
    except BaseException:
        _remove_quietly(temporary)
        raise
    _sync_directory(target.parent)


# The longest file name common filesystems take: 255 bytes (ext4, XFS, APFS). NTFS takes 255 UTF-16
# units, and a name never has more of those than it has UTF-8 bytes, so counting bytes is safe there.
_NAME_MAX = 255


def _temporary_beside(target: Path) -> Path:
    """``<name>.<random>.part`` beside the target; a name so long that the suffix would push it past
    the filesystem's limit (80 Chinese characters are 240 bytes) gives up its end instead, or the
    save would fail for a name the system takes."""
    suffix = f".{secrets.token_hex(4)}.part"
    room = _NAME_MAX - len(suffix.encode("utf-8"))
    stem = target.name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return target.with_name(stem + suffix)


def _write_and_sync(path: Path, data: bytes) -> None:
    # O_EXCL: never write into a file someone else is writing (or a link planted under the name).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o666)
    try:
        remaining = memoryview(data)
        while remaining:
            written = os.write(descriptor, remaining)
            remaining = remaining[written:]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable. Windows cannot open a folder for this (and NTFS does not
    need it); a filesystem that cannot sync a folder says so with EINVAL and is left alone."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as exc:
        # The file is complete under its name by now; only its survival of a power cut is in doubt.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            log.warning("could not sync folder %s: %s", directory, exc)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)


def _not_saved(target: Path, exc: OSError) -> FileNotSavedError:
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL_DISK_ERRNOS:
        return FileNotSavedError(
            f"磁盘已满，文件没有保存：{target}", code=DISK_FULL, path=str(target), reason=reason
        )
    return FileNotSavedError(f"文件没有保存：{target}（{reason}）", path=str(target), reason=reason)
