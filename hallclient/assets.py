"""Finds the application's assets (top-level ``resources/``).

One rule for the three ways hallclient runs:

* installed wheel and PyInstaller bundle: the assets sit inside the package, ``hallclient/resources``
  (the wheel force-includes them there, the spec copies them there);
* source checkout (plain or editable install): ``resources/`` next to the ``hallclient`` package.

``HALLCLIENT_RESOURCES`` overrides both, for operators who keep a customised catalog or fonts.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class AssetNotFoundError(FileNotFoundError):
    pass


@cache
def resources_dir() -> Path:
    override = os.environ.get("HALLCLIENT_RESOURCES")
    # A wrong override is an error: falling back would silently use the stock catalog and fonts.
    candidates = (
        [Path(override)] if override else [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]
    )
    for candidate in candidates:
        if (candidate / "MANIFEST.txt").is_file():
            return candidate
    raise AssetNotFoundError(
        "hallclient's resources folder was not found; looked in: " + ", ".join(map(str, candidates))
    )


def resource_path(*parts: str) -> Path:
    """The path of one asset, e.g. ``resource_path("catalog", "catalog.json")``; it must exist."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise AssetNotFoundError(f"missing asset: {'/'.join(parts)} (in {resources_dir()})")
    return path


def resource_kind() -> str:
    """Where the assets were found: ``frozen``, ``package`` (wheel) or ``checkout``."""
    import sys

    base = resources_dir()
    override = os.environ.get("HALLCLIENT_RESOURCES")
    if override and base == Path(override):
        return "override"
    if getattr(sys, "frozen", False):
        return "frozen"
    if base == _PACKAGE_DIR / "resources":
        return "package"
    if base == _PACKAGE_DIR.parent / "resources":
        return "checkout"
    return "override"
