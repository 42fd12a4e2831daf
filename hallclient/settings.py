"""One typed settings object, stored as TOML in the platform's user config dir.

Data (the local database, kept PDFs) goes to the user data dir and logs to the user log dir,
never next to the executable: an installed program folder is often read-only for clerks.
``HALLCLIENT_HOME`` moves all three under one folder (demo runs, tests, portable installs).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from hallclient.domain.errors import ValidationError

APP_NAME = "hallclient"


@dataclass(frozen=True)
class Dirs:
    config: Path
    data: Path
    log: Path

    @classmethod
    def for_user(cls) -> Dirs:
        home = os.environ.get("HALLCLIENT_HOME")
        if home:
            base = Path(home)
            return cls(config=base / "config", data=base / "data", log=base / "log")
        return cls(
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> Dirs:
        for path in (self.config, self.data, self.log):
            path.mkdir(parents=True, exist_ok=True)
        return self


@dataclass(frozen=True)
class PrintSettings:
    receipt_paper: str = "a4"  # "a4" or "roll80"
    ticket_paper: str = "roll80"
    notice_paper: str = "a4"
    default_printers: dict[str, str] = field(default_factory=dict)
    progress_base_url: str = "http://127.0.0.1:8470/t/"


@dataclass(frozen=True)
class Settings:
    server_url: str = ""
    hall_code: str = ""
    window_no: str = ""
    device_token: str = ""
    language: str = "zh_CN"
    offline_login_hours: int = 72
    rating_timeout_s: int = 60
    printing: PrintSettings = field(default_factory=PrintSettings)

    @property
    def configured(self) -> bool:
        return bool(self.server_url and self.window_no)


def settings_path(dirs: Dirs) -> Path:
    return dirs.config / "settings.toml"


class SettingsFileError(ValidationError):
    """settings.toml cannot be read or holds a value of the wrong type."""

    code = "settings_invalid"


def server_url_problem(url: str) -> str | None:
    """Why no client could talk to ``url`` whatever the network does, or None. Shared by every
    role, so a settings value or a ``--server`` option is judged the same way everywhere."""
    # Imported here: the server reads this module too and has no use for the client's HTTP code.
    from hallclient.queue.client import normalise_base_url

    try:
        normalise_base_url(url)
    except ValidationError as exc:
        return exc.message
    return None


def load_settings(dirs: Dirs) -> Settings:
    """Read settings.toml; unknown keys are ignored, a wrong type or broken TOML raises
    SettingsFileError naming the key, so nothing fails later far from the cause."""
    path = settings_path(dirs)
    if not path.exists():
        return Settings()
    try:
        # utf-8-sig: Windows Notepad saves "UTF-8 with BOM", which TOML itself does not allow.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsFileError(f"设置文件无法读取：{exc}", path=str(path)) from exc
    printing_raw = raw.pop("printing", {})
    if not isinstance(printing_raw, dict):
        raise SettingsFileError("设置项 printing 应为一节（[printing]）", key="printing", path=str(path))
    return Settings(
        **_typed_fields(Settings, raw, path=path, prefix=""),
        printing=PrintSettings(**_typed_fields(PrintSettings, printing_raw, path=path, prefix="printing.")),
    )


def load_settings_or_defaults(dirs: Dirs) -> tuple[Settings, SettingsFileError | None]:
    """For start-up: a broken file is moved aside (kept for IT to look at, never overwritten by the
    next save) and the program starts with defaults; the caller tells the user."""
    try:
        return load_settings(dirs), None
    except SettingsFileError as exc:
        path = settings_path(dirs)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.broken-{stamp}")
        try:
            os.replace(path, aside)
            exc.params["moved_to"] = str(aside)
        except OSError:
            exc.params["moved_to"] = ""
        return Settings(), exc


def _typed_fields(cls: type, raw: dict[str, Any], *, path: Path, prefix: str) -> dict[str, Any]:
    defaults = cls()
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        if spec.name not in raw or spec.name == "printing":
            continue
        value = raw[spec.name]
        expected = type(getattr(defaults, spec.name))
        wrong = not isinstance(value, expected) or (expected is int and isinstance(value, bool))
        if expected is dict and not wrong:
            wrong = not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        if wrong:
            raise SettingsFileError(
                f"设置项 {prefix}{spec.name} 的值类型不对：应为{_TYPE_NAMES[expected]}，实际是 {value!r}",
                key=f"{prefix}{spec.name}",
                path=str(path),
            )
        values[spec.name] = value
    return values


_TYPE_NAMES = {str: "文字", int: "整数", bool: "是/否（true/false）", dict: "键值表", float: "数字"}


def save_settings(dirs: Dirs, settings: Settings) -> None:
    """Write atomically: a crash mid-write leaves the previous file, never half of one."""
    path = settings_path(dirs)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(_to_toml(dataclasses.asdict(settings)), encoding="utf-8")
    os.replace(tmp, path)


def _to_toml(data: dict[str, Any], prefix: str = "") -> str:
    # A writer for our own flat settings shape; tomllib reads TOML but the stdlib has no writer,
    # and a dependency for ~20 lines of known-shaped output is not worth it.
    scalars: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(_to_toml(value, f"{prefix}{_toml_key(key)}."))
        else:
            scalars.append(f"{_toml_key(key)} = {_toml_value(value)}")
    head = f"[{prefix[:-1]}]\n" if prefix else ""
    return head + "\n".join(scalars) + "\n" + "".join("\n" + t for t in tables)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _toml_string(str(value))


def _toml_key(key: str) -> str:
    # Keys such as printer roles may be Chinese or contain spaces; those must be quoted.
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON's string escapes are valid TOML basic-string escapes; DEL is the one control character
    # JSON leaves raw and TOML forbids.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
