"""The server's settings: one frozen value built by the CLI (or a test) and handed to the app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hallclient.settings import Dirs

DEFAULT_PORT = 8470
DEFAULT_TIMEZONE = "Asia/Shanghai"


def default_database_url(dirs: Dirs | None = None) -> str:
    data_dir = (dirs or Dirs.for_user()).data
    data_dir.mkdir(parents=True, exist_ok=True)
    return sqlite_url(data_dir / "server.sqlite3")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


@dataclass(frozen=True)
class ServerConfig:
    database_url: str
    timezone: str = DEFAULT_TIMEZONE
    token_ttl: timedelta = timedelta(hours=12)
    offline_verifier_ttl: timedelta = timedelta(hours=72)
    login_max_failures: int = 5  # per username and client address
    # Per client address across all usernames, in the same window: without it one address could try
    # a password against every username, or any number of made-up ones. A hall's counter PCs may sit
    # behind one NAT address: a few dozen clerks signing in at opening within the same quarter of an
    # hour, one in five mistyping once or twice, make some 10-20 failures; even 40 clerks each
    # mistyping twice within the same ten minutes (80) stay below the limit. A sprayer gets 100 tries
    # per ten minutes from an address instead of any number.
    login_max_failures_per_client: int = 100
    login_failure_window: timedelta = timedelta(minutes=10)
    # How often a process looks in the database for events written by other processes.
    event_poll_interval_s: float = 0.2
    event_page_size: int = 500
    event_buffer_size: int = 5000
    long_poll_max_s: float = 30.0
    # How long a verified token is trusted without asking the database (authcache.py); 0: never.
    auth_cache_ttl_s: float = 5.0
    auth_recheck_interval_s: float = 1.0
    # Threads that run request handlers, and database connections to match: a handler never waits
    # for a connection, and none is opened and closed per request. More threads than this only
    # queue up on the same cores, the interpreter lock and the hall's event counter
    # (bench/queue_load.py: 2–4 per process served the most on 2 cores).
    request_threads: int = 4
    pool_size: int = 8  # request threads + the event hub's + the odd migration
    max_overflow: int = 8

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
