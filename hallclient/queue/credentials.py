"""Offline sign-in: the argon2 verifier the server hands out at each online sign-in.

Kept in one JSON file in the data dir (readable by the account only). An offline sign-in is
valid until the earlier of the server's ``valid_until`` and ``cached_at + offline_login_hours``
(Settings); after that the clerk must sign in online once. The file never holds the password.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hallclient.domain.errors import AuthError
from hallclient.queue.models import LoginResult, User, WindowStatus

log = logging.getLogger("hallclient.queue.credentials")

FILE_NAME = "offline_verifiers.json"


@dataclass(frozen=True)
class CachedVerifier:
    username: str
    display_name: str
    role: str
    hall_code: str
    user_id: int | str
    window_no: str | None
    hash: str
    cached_at: datetime
    valid_until: datetime


class OfflineCredentials:
    def __init__(self, data_dir: Path, *, offline_login_hours: int) -> None:
        self.path = data_dir / FILE_NAME
        self.offline_login_hours = offline_login_hours

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("offline verifier file unreadable; offline sign-in disabled until next online one")
            return {}
        return raw if isinstance(raw, dict) else {}

    def remember(self, result: LoginResult, *, now: datetime | None = None) -> None:
        verifier = result.offline_verifier
        if verifier is None or result.offline:
            return
        now = now or datetime.now(UTC)
        limit = now + timedelta(hours=self.offline_login_hours)
        valid_until = min(verifier.valid_until, limit) if verifier.valid_until else limit
        data = self._read()
        data[result.user.username] = {
            "display_name": result.user.display_name,
            "role": result.user.role,
            "hall_code": result.user.hall_code,
            "user_id": result.user.id,
            "window_no": result.window.no if result.window else None,
            "hash": verifier.hash,
            "cached_at": now.isoformat(),
            "valid_until": valid_until.isoformat(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)

    def cached(self, username: str) -> CachedVerifier | None:
        entry = self._read().get(username)
        if not isinstance(entry, dict):
            return None
        try:
            return CachedVerifier(
                username=username,
                display_name=str(entry.get("display_name") or username),
                role=str(entry.get("role") or "clerk"),
                hall_code=str(entry.get("hall_code") or ""),
                user_id=entry.get("user_id", username),
                window_no=entry.get("window_no"),
                hash=str(entry["hash"]),
                cached_at=datetime.fromisoformat(entry["cached_at"]),
                valid_until=datetime.fromisoformat(entry["valid_until"]),
            )
        except (KeyError, ValueError):
            return None

    def sign_in_offline(
        self, *, username: str, password: str, window_no: str, now: datetime | None = None
    ) -> LoginResult:
        now = now or datetime.now(UTC)
        cached = self.cached(username)
        if cached is None:
            raise AuthError(
                "服务器不可用，且此账号在本机没有离线登录凭据，请联网后登录一次", code="offline_no_verifier"
            )
        if now > cached.valid_until:
            raise AuthError(
                "离线登录凭据已过期，请在服务器恢复后联网登录",
                code="offline_expired",
                valid_until=cached.valid_until.isoformat(),
            )
        try:
            PasswordHasher().verify(cached.hash, password)
        except VerifyMismatchError:
            raise AuthError("用户名或密码不正确", code="bad_credentials") from None
        except (VerificationError, InvalidHashError):
            raise AuthError("离线登录凭据无效，请联网登录", code="offline_bad_verifier") from None
        return LoginResult(
            token="",
            expires_at=cached.valid_until,
            user=User(
                id=cached.user_id,
                username=username,
                display_name=cached.display_name,
                role=cached.role,
                hall_code=cached.hall_code,
            ),
            window=WindowStatus(no=window_no),
            offline_verifier=None,
            offline=True,
        )
