"""Offline-first sync of the counter's store with the server (no Qt). See docs/sync.md.

``SyncEngine(store, transport, client_id=..., clock=...)`` pushes the outbox and pulls the change
feed; ``HttpSyncTransport`` talks HTTP; ``read_status`` gives the frozen ``SyncStatus`` the UI shows.
"""

from hallclient.sync.backoff import Backoff
from hallclient.sync.engine import PushReport, SyncEngine, SyncReport
from hallclient.sync.status import MutationProblem, SyncStatus, read_status
from hallclient.sync.transport import HttpSyncTransport, SyncTransport

__all__ = [
    "Backoff",
    "HttpSyncTransport",
    "MutationProblem",
    "PushReport",
    "SyncEngine",
    "SyncReport",
    "SyncStatus",
    "SyncTransport",
    "read_status",
]
