"""The sync protocol as this client speaks it (the server's values are in its own package)."""

from __future__ import annotations

PROTOCOL_HEADER = "X-Hall-Sync-Protocol"
MIN_PROTOCOL_HEADER = "X-Hall-Sync-Min-Protocol"
PROTOCOL = 1

API = "/api/v1/sync"
DEFAULT_BATCH = 200
DEFAULT_PAGE = 1000
