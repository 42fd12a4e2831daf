"""The assets load the same from a source checkout, an installed wheel and (test_frozen.py) the bundle."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallclient.assets import AssetNotFoundError, resource_kind, resource_path, resources_dir
from hallclient.i18n_build import compile_translations

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # resources_dir() is cached for the life of the process; each test starts and ends clean.
    monkeypatch.delenv("HALLCLIENT_RESOURCES", raising=False)
    resources_dir.cache_clear()
    yield
    resources_dir.cache_clear()


def test_checkout_finds_the_top_level_resources() -> None:
    assert resource_kind() == "checkout"
    assert resources_dir() == REPO / "resources"
    assert resource_path("catalog", "catalog.json").is_file()
    assert any(resource_path("fonts").glob("*.ttf"))
    assert resource_path("translations", "hallclient_zh_CN.ts").is_file()


def test_a_missing_asset_is_a_clear_error() -> None:
    with pytest.raises(AssetNotFoundError, match=r"missing asset: catalog/nope\.json"):
        resource_path("catalog", "nope.json")


def test_override_folder_is_used_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "custom-resources"
    shutil.copytree(REPO / "resources", custom)
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(custom))
    assert resources_dir() == custom
    assert resource_kind() == "override"
    assert resource_path("catalog", "catalog.json").parent == custom / "catalog"


def test_a_wrong_override_is_an_error_not_a_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HALLCLIENT_RESOURCES", str(tmp_path / "not-there"))
    with pytest.raises(AssetNotFoundError, match="not-there"):
        resources_dir()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Translations are build products; a wheel carries whatever was compiled when it was built.
    compile_translations(REPO / "resources" / "translations", quiet=True)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("hallclient-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_the_resources_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in (REPO / "resources").rglob("*"):
        if source.is_file() and source.suffix != ".qm":
            assert f"hallclient/resources/{source.relative_to(REPO / 'resources').as_posix()}" in names
    assert "hallclient/resources/translations/hallclient_en.qm" in names
    assert "hallclient/resources/translations/hallclient_zh_CN.qm" in names
    assert not any(name.startswith("resources/") for name in names), "resources must sit inside the package"
    migrations = [
        n for n in names if n.startswith("hallclient/store/migrations/versions/") and n.endswith(".py")
    ]
    assert migrations, "the store's Alembic migrations must be in the wheel"


@pytest.mark.slow
def test_installed_wheel_finds_its_assets_and_passes_the_self_test(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),  # ahead of the checkout's editable install
        "HALLCLIENT_HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("HALLCLIENT_RESOURCES", None)
    probe = (
        "import hallclient, json\n"
        "from hallclient.assets import resource_kind, resources_dir\n"
        "from hallclient.domain.catalog import load_sample_catalog\n"
        "catalog = load_sample_catalog()\n"
        "print(json.dumps({'module': hallclient.__file__, 'kind': resource_kind(),\n"
        "    'dir': str(resources_dir()), 'items': len(catalog.items)}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], check=False, cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert Path(seen["module"]).is_relative_to(site)
    assert seen["kind"] == "package"
    assert Path(seen["dir"]) == site / "hallclient" / "resources"
    assert seen["items"] >= 60

    self_test = subprocess.run(
        [sys.executable, "-m", "hallclient", "--self-test"],
        check=False,
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert self_test.returncode == 0, self_test.stdout + self_test.stderr
    assert f"ok   assets: package at {site / 'hallclient' / 'resources'}" in self_test.stdout
