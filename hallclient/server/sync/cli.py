"""``hallclient server compact-changes``: the sync package's server command (compaction.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

COMPACT_COMMAND = "compact-changes"


def add_parsers(sub: Any, *, add_db: Callable[[argparse.ArgumentParser], None]) -> None:
    compact = sub.add_parser(
        COMPACT_COMMAND,
        help="drop change-feed entries superseded by a later change of the same thing, older than N days",
    )
    add_db(compact)
    compact.add_argument(
        "--keep-days",
        type=int,
        default=30,
        help="keep every entry newer than this many days (default 30); the newest entry of each "
        "thing is always kept. Counters whose cursor is older re-read the feed from the start",
    )


def run(url: str, args: argparse.Namespace) -> int:
    from hallclient.server.config import ServerConfig
    from hallclient.server.db import Database, migrate
    from hallclient.server.sync.compaction import compact_changes

    migrate(url)
    db = Database(ServerConfig(database_url=url))
    try:
        result = compact_changes(db, keep_days=args.keep_days, now=datetime.now(UTC))
    finally:
        db.dispose()
    halls = ", ".join(f"{code} up to seq {seq}" for code, seq in sorted(result.horizons.items()))
    print(f"deleted {result.deleted} superseded change-feed entries" + (f" ({halls})" if halls else ""))
    return 0
