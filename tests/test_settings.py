"""Settings: TOML round-trip, atomic writes, tolerance of unknown keys, HALLCLIENT_HOME."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from hallclient import settings as settings_module
from hallclient.settings import (
    Dirs,
    PrintSettings,
    Settings,
    SettingsFileError,
    load_settings,
    load_settings_or_defaults,
    save_settings,
    settings_path,
)


@pytest.fixture
def dirs(tmp_path: Path) -> Dirs:
    return Dirs(config=tmp_path / "config", data=tmp_path / "data", log=tmp_path / "log")


def custom_settings() -> Settings:
    return Settings(
        server_url="https://zwfw.example.gov.cn:8470",
        hall_code="330106",
        window_no="07",
        device_token='tok"en\\with\tquote, backslash, tab\nand newline',
        language="en",
        offline_login_hours=24,
        rating_timeout_s=45,
        printing=PrintSettings(
            receipt_paper="roll80",
            ticket_paper="roll80",
            notice_paper="a4",
            default_printers={
                "receipt": "HP LaserJet M404 (3楼)",
                "受理回执": "窗口7 打印机",
                "ticket roll": "POS-80",
            },
            progress_base_url="https://zwfw.example.gov.cn/t/",
        ),
    )


def test_missing_file_gives_defaults(dirs: Dirs) -> None:
    assert not settings_path(dirs).exists()
    assert load_settings(dirs) == Settings()
    assert not Settings().configured


def test_round_trip_keeps_every_field(dirs: Dirs) -> None:
    original = custom_settings()
    save_settings(dirs, original)
    loaded = load_settings(dirs)
    assert loaded == original
    assert loaded.configured
    # The file is real TOML that other tools (and people) can read.
    raw = tomllib.loads(settings_path(dirs).read_text(encoding="utf-8"))
    assert raw["window_no"] == "07"
    assert raw["printing"]["default_printers"]["受理回执"] == "窗口7 打印机"


def test_saving_twice_replaces_the_file(dirs: Dirs) -> None:
    save_settings(dirs, custom_settings())
    save_settings(dirs, Settings(server_url="http://127.0.0.1:8470", window_no="01"))
    loaded = load_settings(dirs)
    assert loaded.window_no == "01"
    assert loaded.printing == PrintSettings()
    assert [p.name for p in dirs.config.iterdir()] == ["settings.toml"]


def test_crash_before_the_rename_leaves_the_previous_file(
    dirs: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(dirs, custom_settings())
    before = settings_path(dirs).read_bytes()

    def power_cut(src: object, dst: object) -> None:
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="simulated crash"):
        save_settings(dirs, Settings(window_no="99"))
    assert settings_path(dirs).read_bytes() == before
    assert load_settings(dirs) == custom_settings()


def test_crash_mid_write_leaves_the_previous_file(dirs: Dirs, monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(dirs, custom_settings())
    before = settings_path(dirs).read_bytes()
    real_write_text = Path.write_text

    def half_write(self: Path, data: str, *args: object, **kwargs: object) -> int:
        real_write_text(self, data[: len(data) // 2], encoding="utf-8")
        raise OSError("simulated crash mid-write")

    monkeypatch.setattr(Path, "write_text", half_write)
    with pytest.raises(OSError, match="mid-write"):
        save_settings(dirs, Settings(window_no="99", server_url="http://elsewhere"))
    monkeypatch.undo()
    assert settings_path(dirs).read_bytes() == before
    assert load_settings(dirs) == custom_settings()
    # The next save succeeds over the half-written temporary file.
    save_settings(dirs, Settings(window_no="02"))
    assert load_settings(dirs).window_no == "02"


def test_unknown_keys_are_ignored(dirs: Dirs) -> None:
    dirs.config.mkdir(parents=True)
    settings_path(dirs).write_text(
        """
server_url = "http://10.1.2.3:8470"
window_no = "12"
removed_in_an_old_version = true
[printing]
notice_paper = "a4"
ticket_paper = "roll58"
unknown_printer_option = 3
[printing.default_printers]
receipt = "Kyocera"
[a_future_section]
key = "value"
""",
        encoding="utf-8",
    )
    loaded = load_settings(dirs)
    assert loaded.server_url == "http://10.1.2.3:8470"
    assert loaded.window_no == "12"
    assert loaded.printing.ticket_paper == "roll58"
    assert loaded.printing.default_printers == {"receipt": "Kyocera"}
    assert loaded.rating_timeout_s == Settings().rating_timeout_s


def test_a_file_saved_with_a_byte_order_mark_loads(dirs: Dirs) -> None:
    # Windows Notepad saves "UTF-8 with BOM"; tomllib rejects the mark at line 1, column 1, and the
    # PC used to lose its whole configuration to the broken-file path.
    dirs.config.mkdir(parents=True)
    settings_path(dirs).write_bytes('\ufeffserver_url = "http://10.1.2.3:8470"\nwindow_no = "12"\n'.encode())
    settings, problem = load_settings_or_defaults(dirs)
    assert problem is None
    assert (settings.server_url, settings.window_no) == ("http://10.1.2.3:8470", "12")
    # Saved again by the program, the file goes back to plain UTF-8 that any reader accepts.
    save_settings(dirs, settings)
    raw = settings_path(dirs).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert tomllib.loads(raw.decode("utf-8"))["window_no"] == "12"


def test_a_corrupt_file_is_a_clear_error_and_is_not_overwritten(dirs: Dirs) -> None:
    dirs.config.mkdir(parents=True)
    broken = 'server_url = "http://10.1.2.3:8470\nwindow_no = 12\n'
    settings_path(dirs).write_text(broken, encoding="utf-8")
    with pytest.raises(SettingsFileError, match="line 1"):
        load_settings(dirs)
    assert settings_path(dirs).read_text(encoding="utf-8") == broken


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("window_no = 7\n", "window_no"),
        ('rating_timeout_s = "x"\n', "rating_timeout_s"),
        ("offline_login_hours = true\n", "offline_login_hours"),
        ("[printing]\nreceipt_paper = 80\n", "printing.receipt_paper"),
        ("[printing]\ndefault_printers = { receipt = 3 }\n", "printing.default_printers"),
        ('printing = "a4"\n', "printing"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_key(dirs: Dirs, text: str, key: str) -> None:
    dirs.config.mkdir(parents=True)
    settings_path(dirs).write_text(text, encoding="utf-8")
    with pytest.raises(SettingsFileError) as error:
        load_settings(dirs)
    assert error.value.params["key"] == key
    assert key in error.value.message


def test_start_up_moves_a_broken_file_aside_and_uses_defaults(dirs: Dirs) -> None:
    dirs.config.mkdir(parents=True)
    settings_path(dirs).write_text('window_no = 7\nserver_url = "http://10.1.2.3:8470"\n', encoding="utf-8")
    settings, problem = load_settings_or_defaults(dirs)
    assert settings == Settings()
    assert problem is not None and problem.params["key"] == "window_no"
    kept = Path(problem.params["moved_to"])
    assert kept.parent == dirs.config and kept.name.startswith("settings.toml.broken-")
    assert "10.1.2.3" in kept.read_text(encoding="utf-8")
    assert not settings_path(dirs).exists()
    # A sound file loads as it is, with no problem reported.
    save_settings(dirs, Settings(window_no="07"))
    assert load_settings_or_defaults(dirs) == (Settings(window_no="07"), None)


def test_hallclient_home_puts_everything_under_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "portable"
    monkeypatch.setenv("HALLCLIENT_HOME", str(home))
    dirs = Dirs.for_user()
    assert (dirs.config, dirs.data, dirs.log) == (home / "config", home / "data", home / "log")
    assert not home.exists()
    dirs.ensure()
    assert all(p.is_dir() for p in (dirs.config, dirs.data, dirs.log))
    save_settings(dirs, custom_settings())
    assert (home / "config" / "settings.toml").is_file()


def test_without_hallclient_home_the_platform_user_dirs_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HALLCLIENT_HOME", raising=False)
    dirs = Dirs.for_user()
    for path in (dirs.config, dirs.data, dirs.log):
        assert path.is_absolute()
        assert "hallclient" in path.parts or "hallclient" in str(path).lower()
    # Never next to the program: an installed program folder is often read-only for clerks.
    program_dir = Path(settings_module.__file__).resolve().parent
    assert not any(os.path.commonpath([program_dir, p]) == str(program_dir) for p in (dirs.config, dirs.data))
