"""Offline sign-in with the cached argon2 verifier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from hallclient.domain.errors import AuthError
from hallclient.queue.credentials import OfflineCredentials
from hallclient.queue.models import LoginResult, OfflineVerifier, User, WindowStatus

NOW = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)


def _online_result(password: str, *, valid_for: timedelta = timedelta(days=7)) -> LoginResult:
    return LoginResult(
        token="t",
        expires_at=NOW + timedelta(hours=8),
        user=User(id=3, username="clerk01", display_name="王小明", role="clerk", hall_code="DEMO"),
        window=WindowStatus(no="01"),
        offline_verifier=OfflineVerifier(
            algorithm="argon2id", hash=PasswordHasher().hash(password), valid_until=NOW + valid_for
        ),
    )


def test_offline_sign_in_with_cached_verifier(tmp_path: Path) -> None:
    creds = OfflineCredentials(tmp_path, offline_login_hours=72)
    creds.remember(_online_result("demo1234"), now=NOW)
    result = creds.sign_in_offline(
        username="clerk01", password="demo1234", window_no="01", now=NOW + timedelta(hours=5)
    )
    assert result.offline and result.user.display_name == "王小明" and result.token == ""
    assert "demo1234" not in (tmp_path / "offline_verifiers.json").read_text(encoding="utf-8")


def test_wrong_password_is_refused(tmp_path: Path) -> None:
    creds = OfflineCredentials(tmp_path, offline_login_hours=72)
    creds.remember(_online_result("demo1234"), now=NOW)
    with pytest.raises(AuthError) as info:
        creds.sign_in_offline(username="clerk01", password="nope", window_no="01", now=NOW)
    assert info.value.code == "bad_credentials"


def test_expires_after_offline_login_hours(tmp_path: Path) -> None:
    creds = OfflineCredentials(tmp_path, offline_login_hours=72)
    creds.remember(_online_result("demo1234"), now=NOW)
    with pytest.raises(AuthError) as info:
        creds.sign_in_offline(
            username="clerk01", password="demo1234", window_no="01", now=NOW + timedelta(hours=73)
        )
    assert info.value.code == "offline_expired"


def test_server_validity_shorter_than_setting_wins(tmp_path: Path) -> None:
    creds = OfflineCredentials(tmp_path, offline_login_hours=72)
    creds.remember(_online_result("demo1234", valid_for=timedelta(hours=1)), now=NOW)
    with pytest.raises(AuthError):
        creds.sign_in_offline(
            username="clerk01", password="demo1234", window_no="01", now=NOW + timedelta(hours=2)
        )


def test_unknown_user_and_corrupt_file(tmp_path: Path) -> None:
    creds = OfflineCredentials(tmp_path, offline_login_hours=72)
    with pytest.raises(AuthError) as info:
        creds.sign_in_offline(username="clerk09", password="x", window_no="01", now=NOW)
    assert info.value.code == "offline_no_verifier"
    (tmp_path / "offline_verifiers.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AuthError):
        creds.sign_in_offline(username="clerk01", password="demo1234", window_no="01", now=NOW)
    # a corrupt file is replaced at the next online sign-in, not a dead end
    creds.remember(_online_result("demo1234"), now=NOW)
    assert creds.sign_in_offline(username="clerk01", password="demo1234", window_no="01", now=NOW).offline
