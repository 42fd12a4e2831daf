"""``hallclient --self-test`` passes on a good installation and names what is broken otherwise."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHECKS = (
    "assets",
    "imports",
    "translations",
    "store",
    "widget",
    "qt signals",
    "pdf",
    "data libraries",
    "password hashing",
)

pytestmark = pytest.mark.slow
Outcome = tuple[int, list[str]]  # exit code, output lines


def run_self_test(
    tmp_path: Path, *, code: str | None = None, **env_changes: str | None
) -> tuple[int, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HALLCLIENT_HOME": str(tmp_path / "home")}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    args = ["-c", code] if code else ["-m", "hallclient", "--self-test"]
    result = subprocess.run(
        [sys.executable, *args],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result.returncode, result.stdout.splitlines()


def by_check(lines: list[str]) -> dict[str, str]:
    """{check name: "ok" or "FAIL"}; every line must be one check's verdict."""
    verdicts = {}
    for line in lines:
        status, _, rest = line.partition(" ")
        assert status in ("ok", "FAIL"), line
        verdicts[rest.strip().split(":")[0]] = status
    return verdicts


def test_self_test_passes_from_the_checkout(tmp_path: Path) -> None:
    code, lines = run_self_test(tmp_path, QT_QPA_PLATFORM="offscreen")
    assert by_check(lines) == dict.fromkeys(CHECKS, "ok"), "\n".join(lines)
    assert code == 0
    assets_line = next(line for line in lines if line.startswith("ok   assets"))
    assert "checkout" in assets_line


def test_without_a_display_the_widget_is_rendered_offscreen(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the display variables are an X11/Wayland matter")
    code, lines = run_self_test(tmp_path, QT_QPA_PLATFORM=None, DISPLAY=None, WAYLAND_DISPLAY=None)
    widget = next(line for line in lines if "widget" in line)
    assert widget.startswith("ok   widget"), widget
    assert "on offscreen" in widget
    assert code == 0, "\n".join(lines)


def test_broken_assets_are_named_and_fail_the_run(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(REPO / "resources", resources)
    catalog = resources / "catalog" / "catalog.json"
    data = json.loads(catalog.read_text(encoding="utf-8"))
    data["items"][0].pop("code")  # an item without its 事项编码
    catalog.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for qm in (resources / "translations").glob("hallclient_en.qm"):
        qm.unlink()

    code, lines = run_self_test(tmp_path, QT_QPA_PLATFORM="offscreen", HALLCLIENT_RESOURCES=str(resources))
    verdicts = by_check(lines)
    assert code == 1
    assert verdicts["assets"] == "FAIL"
    assert verdicts["translations"] == "FAIL"
    assert verdicts["store"] == "ok"  # one broken part does not hide the state of the others
    assert len(verdicts) == len(CHECKS)
    assert any("hallclient_en.qm missing" in line for line in lines), "\n".join(lines)


def test_a_missing_library_or_store_module_is_reported(tmp_path: Path) -> None:
    # As a frozen bundle that forgot them would be: the imports fail.
    probe = (
        "import sys\n"
        "sys.modules['pypinyin'] = None\n"
        "sys.modules['hallclient.store.db'] = None\n"
        "from hallclient.selftest import run_self_test\n"
        "raise SystemExit(run_self_test())\n"
    )
    code, lines = run_self_test(tmp_path, code=probe, QT_QPA_PLATFORM="offscreen")
    verdicts = by_check(lines)
    assert code == 1
    assert verdicts["data libraries"] == "FAIL"
    assert verdicts["store"] == "FAIL"
    assert verdicts["widget"] == "ok"
    assert any(line.startswith("FAIL store:") and "hallclient.store.db" in line for line in lines)


def test_output_to_a_stream_without_chinese_still_reports_every_check(tmp_path: Path) -> None:
    # Windows writes redirected output (`hallclient-cli.exe --self-test > check.txt`, or a build
    # under Git Bash) in the ANSI code page, which on a non-Chinese Windows has no Chinese: the
    # self-test ended in UnicodeEncodeError at the first line naming 一件事.
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HALLCLIENT_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONIOENCODING": "cp1252",
    }
    result = subprocess.run(
        [sys.executable, "-m", "hallclient", "--self-test"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        encoding="cp1252",
        timeout=180,
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert by_check(lines) == dict.fromkeys(CHECKS, "ok"), result.stdout
    assert result.returncode == 0
