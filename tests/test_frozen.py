"""The PyInstaller bundle (build_spec/): it starts, passes its self-test and finds its own assets.

Runs against ``dist/hallclient/`` when it exists and is newer than the sources; with
``HALLCLIENT_TEST_FROZEN=1`` it first builds the bundle with build_spec/build.sh (a few minutes).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import hallclient

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "hallclient"
HOW_TO_BUILD = "build it with ./run freeze, or set HALLCLIENT_TEST_FROZEN=1"


def bundle_executable() -> Path:
    if (BUNDLE / "hallclient-cli.exe").exists():
        return BUNDLE / "hallclient-cli.exe"  # the console twin of the windowed hallclient.exe
    return BUNDLE / "hallclient"


def newest_source_mtime() -> float:
    sources = [*(REPO / "hallclient").rglob("*.py"), *(REPO / "resources").rglob("*"), REPO / "build_spec"]
    return max(path.stat().st_mtime for path in sources if path.is_file())


@pytest.fixture(scope="module")
def executable() -> Path:
    if os.environ.get("HALLCLIENT_TEST_FROZEN") == "1":
        result = subprocess.run(
            ["bash", str(REPO / "build_spec" / "build.sh")],
            check=False,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        return bundle_executable()
    exe = bundle_executable()
    if not exe.exists():
        pytest.skip(f"no bundle in dist/hallclient ({HOW_TO_BUILD})")
    if exe.stat().st_mtime < newest_source_mtime():
        pytest.skip(f"dist/hallclient is older than the sources ({HOW_TO_BUILD})")
    return exe


def run_bundle(exe: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "HALLCLIENT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HALLCLIENT_HOME=str(tmp_path / "home"))
    return subprocess.run(
        [str(exe), *args], check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_bundle_reports_the_checkout_version(executable: Path, tmp_path: Path) -> None:
    result = run_bundle(executable, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hallclient {hallclient.__version__}"


@pytest.mark.slow
def test_bundle_passes_its_self_test_with_frozen_assets(executable: Path, tmp_path: Path) -> None:
    result = run_bundle(executable, tmp_path, "--self-test")
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines and all(line.startswith("ok   ") for line in lines), result.stdout
    assets_line = next(line for line in lines if line.startswith("ok   assets"))
    assert assets_line.startswith("ok   assets: frozen at ")
    found_in = Path(assets_line.removeprefix("ok   assets: frozen at ").split(":")[0])
    assert found_in.is_relative_to(BUNDLE), "the bundle must use its own copy of the resources"
    store_line = next(line for line in lines if line.startswith("ok   store"))
    assert "migrated to" in store_line


@pytest.mark.slow
def test_bundle_leaves_the_server_out_and_says_so(executable: Path, tmp_path: Path) -> None:
    internal = BUNDLE / "_internal"
    for package in ("fastapi", "uvicorn", "starlette"):
        assert not (internal / package).exists(), f"{package} must not be in the client bundle"
    result = run_bundle(executable, tmp_path, "server", "run")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "pip install 'hallclient[server]'" in result.stdout + result.stderr


def load_windows_version() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "windows_version", REPO / "build_spec" / "windows_version.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.3rc1", (2, 0, 3, 0)),
        ("1.4.0+g1a2b3c", (1, 4, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
    ],
)
def test_windows_file_version_numbers(version: str, expected: tuple[int, int, int, int]) -> None:
    assert load_windows_version().version_tuple(version) == expected


def test_windows_file_version_rejects_a_non_version() -> None:
    with pytest.raises(ValueError, match="not a release version"):
        load_windows_version().version_tuple("dev")


@pytest.mark.skipif(sys.platform != "win32", reason="the version resource is built on Windows only")
def test_windows_version_resource_carries_the_package_version() -> None:
    info = load_windows_version().version_info(hallclient.__version__)
    assert f"ProductVersion', '{hallclient.__version__}'" in str(info).replace('"', "'")
