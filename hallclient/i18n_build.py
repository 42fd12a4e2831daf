"""Builds the Qt translations: ``python -m hallclient.i18n_build [--quiet] [--update]``.

``resources/translations/hallclient_<lang>.ts`` are the sources (kept in git); the compiled
``.qm`` files beside them are build products. ``--update`` first rescans the code for tr() strings
with lupdate. Both tools ship with PySide6 (``pyside6-lrelease``, ``pyside6-lupdate``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from hallclient.assets import resources_dir

_PACKAGE_DIR = Path(__file__).resolve().parent

# The code lupdate scans for tr() strings: the UI; the app's start-up, which speaks to the clerk
# about the settings file; and the self-test's own probe string, which must survive an update
# because the self-test checks that a compiled translation really loads.
SOURCE_PATHS = (_PACKAGE_DIR / "ui", _PACKAGE_DIR / "app.py", _PACKAGE_DIR / "selftest.py")


def translations_dir() -> Path:
    return resources_dir() / "translations"


def ts_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or translations_dir()).glob("hallclient_*.ts"))


def find_tool(name: str) -> Path:
    """A Qt Linguist tool (``lrelease``/``lupdate``) as shipped with PySide6.

    Looks for ``pyside6-<name>`` next to the running Python (a venv's bin/ or Scripts/), then the
    binary inside the PySide6 package, then ``pyside6-<name>`` on PATH.
    """
    exe = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(sys.executable).parent / f"pyside6-{name}{exe}"]
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.origin is not None:
        pyside_dir = Path(spec.origin).parent
        candidates += [pyside_dir / f"{name}{exe}", pyside_dir / "Qt" / "libexec" / name]
    on_path = shutil.which(f"pyside6-{name}")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError(
        f"Qt's {name} was not found (it ships with PySide6: pip install PySide6); looked in: "
        + ", ".join(map(str, candidates))
    )


def compile_translations(directory: Path | None = None, *, quiet: bool = False) -> list[Path]:
    """Compile every ``hallclient_*.ts`` to a ``.qm`` beside it; returns the ``.qm`` paths."""
    sources = ts_files(directory)
    if not sources:
        raise FileNotFoundError(
            f"no hallclient_*.ts translation sources in {directory or translations_dir()}"
        )
    lrelease = find_tool("lrelease")
    compiled = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        _run([str(lrelease), *(["-silent"] if quiet else []), str(ts), "-qm", str(qm)])
        if not qm.is_file():
            raise RuntimeError(f"lrelease ran but did not write {qm}")
        compiled.append(qm)
    return compiled


def update_sources(
    directory: Path | None = None, *, sources: Sequence[Path] = SOURCE_PATHS, quiet: bool = False
) -> list[Path]:
    """Rescan ``sources`` for tr() strings and merge them into every ``.ts`` file."""
    targets = ts_files(directory)
    if not targets:
        raise FileNotFoundError(
            f"no hallclient_*.ts translation sources in {directory or translations_dir()}"
        )
    existing = [str(path) for path in sources if path.exists()]
    lupdate = find_tool("lupdate")
    # Chinese is the language of the source strings (tr("叫号")), English the translation.
    # Strings gone from the code are dropped rather than kept as "vanished": an old text in the
    # .ts only misleads the translator, and git keeps its history.
    args = [
        str(lupdate),
        *("-extensions", "py", "-source-language", "zh_CN", "-locations", "relative", "-no-obsolete"),
    ]
    _run([*args, *(["-silent"] if quiet else []), *existing, "-ts", *map(str, targets)])
    return targets


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(cmd[0]).name} failed with exit code {result.returncode}: {' '.join(cmd)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hallclient.i18n_build", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    parser.add_argument("--update", action="store_true", help="rescan the code with lupdate before compiling")
    ns = parser.parse_args(argv)
    try:
        if ns.update:
            for ts in update_sources(quiet=ns.quiet):
                if not ns.quiet:
                    print(f"updated {ts}")
        for qm in compile_translations(quiet=ns.quiet):
            if not ns.quiet:
                print(f"compiled {qm}")
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"i18n_build: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
