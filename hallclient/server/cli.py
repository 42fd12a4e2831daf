"""``hallclient server <command>``: serving, the database, and setting up and keeping a hall.

``run``, ``migrate``, ``init-demo``; ``apply-hall`` (services and windows from a file),
``load-catalog``; ``create-user``, ``set-password``, ``disable-user``, ``enable-user``,
``list-users``; ``register-device``, ``list-devices``, ``revoke-device``; ``compact-changes``.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hallclient import __version__
from hallclient.domain.errors import HallError
from hallclient.server import admin_cli
from hallclient.server.config import DEFAULT_PORT, DEFAULT_TIMEZONE, ServerConfig, default_database_url
from hallclient.server.sync import cli as sync_cli

COMMANDS = ("run", "migrate", "init-demo", *admin_cli.COMMANDS, sync_cli.COMPACT_COMMAND)
ENV_DB = "HALLCLIENT_SERVER_DB"
ENV_TZ = "HALLCLIENT_SERVER_TZ"
ENV_CONNECTIONS = "HALLCLIENT_SERVER_DB_CONNECTIONS"
URL_EXAMPLES = "e.g. postgresql+psycopg://user@host:5432/hall or sqlite:////srv/hall/server.sqlite3"


class StartupError(Exception):
    """The command cannot do its work with what it was given; the message says what to change."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def _timezone(name: str) -> str:
    # Checked here: the server would start with an unknown zone and then fail every request that
    # needs "today" (sign-ins, tickets).
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        hint = " (on Windows: pip install tzdata)" if sys.platform == "win32" else ""
        raise argparse.ArgumentTypeError(
            f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai{hint}"
        ) from None
    return name


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=os.environ.get(ENV_DB),
        help=f"SQLAlchemy URL (default: ${ENV_DB}, else a SQLite file in the user data dir), "
        "e.g. postgresql+psycopg://user@host:5432/hall",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hallclient server", description="中心服务器 — the central server.")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="apply migrations and serve HTTP (default)")
    _add_db(run)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=_port, default=DEFAULT_PORT)
    run.add_argument(
        "--timezone",
        type=_timezone,
        default=os.environ.get(ENV_TZ, DEFAULT_TIMEZONE),
        help=f"for daily numbering (default: ${ENV_TZ}, else {DEFAULT_TIMEZONE})",
    )
    run.add_argument(
        "--workers", type=int, default=1, help="server processes sharing the port (PostgreSQL only)"
    )
    run.add_argument(
        "--db-connections",
        type=int,
        default=ServerConfig.request_threads,
        help="request threads and database connections per process (keep processes x (N + 12) "
        "under PostgreSQL's max_connections)",
    )
    run.add_argument("--demo", action="store_true", help="create the demo hall first if it does not exist")
    run.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])

    migrate = sub.add_parser("migrate", help="bring the database schema up to date")
    _add_db(migrate)

    demo = sub.add_parser("init-demo", help="create the demo hall, windows, users and sample catalog")
    _add_db(demo)

    admin_cli.add_parsers(sub, add_db=_add_db)
    sync_cli.add_parsers(sub, add_db=_add_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help")):
        args_list.insert(0, "run")
    args = build_parser().parse_args(args_list)
    url = args.db or ""
    try:
        url = _database_url(args.db)
        if args.command == "migrate":
            from hallclient.server.db import current_revision, migrate

            migrate(url)
            print(f"schema at revision {current_revision(url)}")
            return 0
        if args.command == "init-demo":
            return _init_demo(url)
        if args.command in admin_cli.COMMANDS:
            return admin_cli.run(url, args)
        if args.command == sync_cli.COMPACT_COMMAND:
            return sync_cli.run(url, args)
        return _run(url, args)
    except HallError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        problem = _database_problem(exc, url)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 1


def _database_url(given: str | None) -> str:
    """The URL to use, checked for form and driver before anything connects."""
    if not given:
        try:
            return default_database_url()
        except OSError as exc:
            raise StartupError(
                f"cannot create the data folder {exc.filename}: {exc.strerror} "
                f"(set HALLCLIENT_HOME to a writable folder, or give --db)"
            ) from exc
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(given)
    except ArgumentError:
        raise StartupError(f"--db {given!r} is not a database URL; {URL_EXAMPLES}") from None
    try:
        parsed.get_dialect().import_dbapi()
    except ArgumentError:  # NoSuchModuleError: an unknown dialect or driver name
        raise StartupError(f"--db: no database driver named {parsed.drivername!r}; {URL_EXAMPLES}") from None
    except ImportError as exc:
        raise StartupError(
            f"--db: the driver for {parsed.drivername!r} is not installed ({exc.name}); {URL_EXAMPLES}"
        ) from None
    return given


def _database_problem(exc: Exception, url: str) -> str | None:
    """One line for an error that comes from the database or its schema, not from a bug: the
    database cannot be reached or opened, or its schema is from a newer version of hallclient."""
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, OperationalError | InterfaceError):
        # The driver's own first line ("Connection refused", "database … does not exist"), not
        # SQLAlchemy's wrapping with the statement and a link.
        reason = next(iter(str(exc.orig).strip().splitlines()), "") or type(exc.orig).__name__
        return f"cannot use the database {_safe(url)}: {reason}"
    if isinstance(exc, CommandError) and "Can't locate revision" in str(exc):
        return (
            f"the database {_safe(url)} has a schema newer than this hallclient {__version__} knows "
            f"({exc}); run the version that last migrated it, or a newer one"
        )
    return None


def _init_demo(url: str) -> int:
    from hallclient.server.db import Database, migrate
    from hallclient.server.demo import DEMO_PASSWORD, init_demo

    migrate(url)
    db = Database(ServerConfig(database_url=url))
    try:
        with db.write() as session:
            summary = init_demo(session, now=datetime.now(UTC))
    finally:
        db.dispose()
    if summary.created:
        print(
            f"demo hall {summary.hall_code}: {summary.services} services, {summary.windows} windows, "
            f"{summary.users} users (password {DEMO_PASSWORD}), {summary.catalog_items} catalog items"
        )
    else:
        print(f"demo hall {summary.hall_code} already exists; left unchanged")
    return 0


def app_from_env() -> object:
    """App factory for ``--workers``: each worker process builds its own app from the environment."""
    from hallclient.server.app import create_app

    connections = int(os.environ.get(ENV_CONNECTIONS, ServerConfig.request_threads))
    app = create_app(
        _config(os.environ[ENV_DB], os.environ.get(ENV_TZ, DEFAULT_TIMEZONE), connections=connections)
    )
    _tune_gc_for_serving()
    return app


def _tune_gc_for_serving() -> None:
    """Python's cyclic collector starts a young collection every 700 new objects; a window action
    makes thousands (ORM rows, pydantic models, SQL results), so it ran several times per request
    and its full passes stalled every handler. What start-up built is frozen out of its way and it
    runs less often. In paired runs of bench/queue_load.py: 3.6 instead of 3.9 ms of CPU per
    request, and p99 48 instead of 71 ms at 150 actions/s (runs on a shared machine vary by about
    as much, so several pairs were compared). Only for the serving process: tests that build the
    app in-process keep the interpreter's defaults."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def _config(url: str, timezone: str, *, connections: int) -> ServerConfig:
    # One connection per request thread plus a few for the event hub and migrations, so a handler
    # never waits for a connection; the overflow covers bursts.
    return ServerConfig(
        database_url=url,
        timezone=timezone,
        request_threads=connections,
        pool_size=connections + 4,
        max_overflow=8,
    )


def _run(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from hallclient.server.app import create_app
    from hallclient.server.db import migrate

    if args.db_connections < 1:
        print("error: --db-connections must be at least 1", file=sys.stderr)
        return 2
    config = _config(url, args.timezone, connections=args.db_connections)
    if args.workers > 1 and config.is_sqlite:
        print("error: --workers needs PostgreSQL; SQLite serves from one process", file=sys.stderr)
        return 2
    logging.basicConfig(level=getattr(logging, args.log_level.upper()))
    migrate(url)
    if args.demo:
        _init_demo(url)
    print(f"hallclient server on http://{args.host}:{args.port} (database: {_safe(url)})", flush=True)
    if args.workers > 1:
        os.environ[ENV_DB] = url
        os.environ[ENV_TZ] = args.timezone
        os.environ[ENV_CONNECTIONS] = str(args.db_connections)
        uvicorn.run(
            "hallclient.server.cli:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            access_log=False,
        )
        return 0
    app = create_app(config)
    _tune_gc_for_serving()
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


def _safe(url: str) -> str:
    """The URL without its password, for the console."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
