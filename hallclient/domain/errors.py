"""The one error hierarchy of hallclient.

Every error carries a stable ``code`` and keyword ``params`` so that the UI (and the server's
HTTP layer) can turn it into words in the user's language; ``str(error)`` is a plain Chinese
fallback message meant for logs and for the rare place without a translator.
"""

from __future__ import annotations

from typing import Any


class HallError(Exception):
    """Base of every error hallclient raises on purpose."""

    code: str = "hall_error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = params

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": self.params}


class ValidationError(HallError):
    """Input that breaks a rule: a bad ID number, an impossible date, a missing field."""

    code = "validation"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, **params: Any):
        super().__init__(message, code=code, field=field, **params)
        self.field = field


class ConflictError(HallError):
    """The action does not fit the current state (a ticket already called, a stale case edit)."""

    code = "conflict"


class NotFoundError(HallError):
    """The thing asked for does not exist (in this hall)."""

    code = "not_found"


class OfflineError(HallError):
    """The server cannot be reached; the caller should keep working locally where it can."""

    code = "offline"


class AuthError(HallError):
    """Not signed in, wrong password, wrong role or wrong hall."""

    code = "auth"


class SyncError(HallError):
    """The sync protocol failed in a way that is not just 'offline' (schema, epoch, rejection)."""

    code = "sync"


class StorageError(HallError):
    """The local store could not write (disk full, read-only, corrupted file)."""

    code = "storage"


# The server's answers that settle a request (4xx): sending it again can only be refused again.
# Anything else — offline, a 5xx, a gateway's page — leaves open whether the server acted.
REFUSALS: tuple[type[HallError], ...] = (AuthError, ValidationError, ConflictError, NotFoundError)
