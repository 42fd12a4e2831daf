"""Sync protocol versions and header names (the client keeps the same values in
``hallclient/sync/protocol.py``; a test checks that they agree)."""

from __future__ import annotations

PROTOCOL_HEADER = "X-Hall-Sync-Protocol"
MIN_PROTOCOL_HEADER = "X-Hall-Sync-Min-Protocol"
# The protocol this server speaks, and the oldest client protocol it still accepts. Raise
# MIN_CLIENT_PROTOCOL when an old client's mutations could no longer be applied correctly: such a
# client then gets 426 and stops pushing, instead of writing something wrong.
PROTOCOL = 1
MIN_CLIENT_PROTOCOL = 1

MAX_BATCH = 1000
MAX_PAGE = 5000
DEFAULT_PAGE = 1000
