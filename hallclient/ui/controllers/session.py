"""Who is signed in at this counter (a frozen value handed to the controllers)."""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.queue.models import LoginResult


@dataclass(frozen=True)
class ClerkSession:
    login: LoginResult
    window_no: str

    @property
    def username(self) -> str:
        return self.login.user.username

    @property
    def display_name(self) -> str:
        return self.login.user.display_name

    @property
    def offline(self) -> bool:
        return self.login.offline

    @property
    def window_services(self) -> tuple[str, ...]:
        return self.login.window.services if self.login.window else ()
