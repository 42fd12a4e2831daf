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
from pathlib import Path
from typing import Any

import platformdirs

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


def load_settings(dirs: Dirs) -> Settings:
    path = settings_path(dirs)
    if not path.exists():
        return Settings()
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    printing_raw = raw.pop("printing", {})
    known = {f.name for f in dataclasses.fields(Settings)}
    known_printing = {f.name for f in dataclasses.fields(PrintSettings)}
    return Settings(
        **{k: v for k, v in raw.items() if k in known},
        printing=PrintSettings(**{k: v for k, v in printing_raw.items() if k in known_printing}),
    )


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
