"""Disk faults for tests that write files: a disk that fills up half-way through a write, a disk
that fails when the written data is flushed. They work whoever runs the tests (root ignores file
permissions, so a read-only folder is no fault for root)."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@dataclass
class DiskFault:
    """Makes ``os.write`` (or ``os.fsync``) fail with ``error`` for files opened whose name ends
    with ``suffix``, after writing the first half of the data. Every other file works as usual."""

    monkeypatch: pytest.MonkeyPatch
    error: int = errno.ENOSPC
    on: str = "write"  # "write" or "fsync"
    suffix: str = ".part"
    opened: list[Path] = field(default_factory=list)
    _descriptors: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        real_open, real_write, real_fsync, real_close = os.open, os.write, os.fsync, os.close

        def open_(path: Any, flags: int, mode: int = 0o777, *args: Any, **kwargs: Any) -> int:
            descriptor = real_open(path, flags, mode, *args, **kwargs)
            if str(path).endswith(self.suffix):
                self.opened.append(Path(path))
                self._descriptors.add(descriptor)
            return descriptor

        def write(descriptor: int, data: Any) -> int:
            if self.on == "write" and descriptor in self._descriptors:
                view = memoryview(data)
                if len(view) > 1:
                    return real_write(descriptor, view[: len(view) // 2])  # the disk fills up here
                raise OSError(self.error, os.strerror(self.error))
            return real_write(descriptor, data)

        def fsync(descriptor: int) -> None:
            if self.on == "fsync" and descriptor in self._descriptors:
                raise OSError(self.error, os.strerror(self.error))
            real_fsync(descriptor)

        def close(descriptor: int) -> None:
            self._descriptors.discard(descriptor)
            real_close(descriptor)

        self.monkeypatch.setattr(os, "open", open_)
        self.monkeypatch.setattr(os, "write", write)
        self.monkeypatch.setattr(os, "fsync", fsync)
        self.monkeypatch.setattr(os, "close", close)
