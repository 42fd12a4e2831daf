"""The Windows version resource of hallclient.exe, built from ``hallclient.__version__``."""

from __future__ import annotations

import re
from typing import Any

PRODUCT = "hallclient"
DESCRIPTION = "hallclient 政务服务大厅窗口端"
LEGAL = "Apache-2.0"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); pre-release and local parts ('0.2.0rc1', '+g1234') are dropped."""
    match = re.match(r"\d+(?:\.\d+){0,3}", version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    numbers = [int(n) for n in match.group().split(".")] + [0, 0, 0]
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_info(version: str, *, exe_name: str = "hallclient.exe") -> Any:
    """A ``VSVersionInfo`` for PyInstaller's ``EXE(version=...)``; Windows builds only (needs pefile)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_tuple(version)
    dotted = ".".join(map(str, numbers))
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            StringFileInfo(
                [
                    StringTable(
                        "080404B0",  # zh-CN, Unicode
                        [
                            StringStruct("CompanyName", PRODUCT),
                            StringStruct("FileDescription", DESCRIPTION),
                            StringStruct("FileVersion", dotted),
                            StringStruct("InternalName", PRODUCT),
                            StringStruct("LegalCopyright", LEGAL),
                            StringStruct("OriginalFilename", exe_name),
                            StringStruct("ProductName", PRODUCT),
                            StringStruct("ProductVersion", version),
                        ],
                    )
                ]
            ),
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),
        ],
    )
