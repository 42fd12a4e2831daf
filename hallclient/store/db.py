"""Opening the local store: SQLite file, pragmas, migrations, sessions, error translation.

Threads: a ``Store`` owns one engine (a small pool of SQLite connections) and may be shared by
threads. A session belongs to the thread that opened it, and ORM objects never cross threads:
convert them to frozen read models before handing them on (the UI's "db" lane does all of this
on its one worker thread).

Transactions: ``Store.session()`` starts with ``BEGIN IMMEDIATE`` so a write transaction takes
the write lock at once (a second writer waits up to the busy timeout instead of failing halfway
with SQLITE_BUSY); ``Store.session(readonly=True)`` starts a plain deferred transaction and never
commits.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from hallclient.domain.errors import HallError, StorageError
from hallclient.store.migrate import upgrade_store
from hallclient.store.models import SyncState
from hallclient.store.types import new_id

log = logging.getLogger("hallclient.store")

DEFAULT_BUSY_TIMEOUT_MS = 10_000
STORE_FILENAME = "counter.db"
_READONLY_OPTION = "hallclient_readonly"

# Primary SQLite result codes (the low byte of an extended code) that mean the store itself is
# in trouble, as opposed to a bug in a query.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26

_STORAGE_ERRORS: dict[int, tuple[str, str]] = {
    _SQLITE_FULL: ("disk_full", "磁盘空间已满，本次操作未保存。请清理磁盘后重试，已保存的数据不受影响。"),
    _SQLITE_READONLY: ("read_only", "本地数据库是只读的，本次操作未保存。请检查数据文件夹的写入权限。"),
    _SQLITE_CORRUPT: ("corrupt", "本地数据库文件已损坏，本次操作未保存。请联系信息技术人员从备份恢复。"),
    _SQLITE_NOTADB: ("corrupt", "本地数据库文件已损坏或不是数据库文件。请联系信息技术人员从备份恢复。"),
    _SQLITE_IOERR: ("io_error", "读写本地数据库时发生磁盘错误，本次操作未保存。请检查磁盘后重试。"),
    _SQLITE_CANTOPEN: ("cannot_open", "无法打开本地数据库文件，请检查数据文件夹是否存在且可写。"),
    _SQLITE_BUSY: ("busy", "本地数据库正被占用，本次操作未保存，请稍后重试。"),
    _SQLITE_LOCKED: ("busy", "本地数据库正被占用，本次操作未保存，请稍后重试。"),
}

# Fallback when the driver gives no result code.
_MESSAGE_CODES = (
    ("database or disk is full", _SQLITE_FULL),
    ("readonly database", _SQLITE_READONLY),
    ("malformed", _SQLITE_CORRUPT),
    ("file is not a database", _SQLITE_NOTADB),
    ("disk i/o error", _SQLITE_IOERR),
    ("unable to open database", _SQLITE_CANTOPEN),
    ("database is locked", _SQLITE_BUSY),
)


def storage_error_for(exc: BaseException) -> HallError | None:
    """The HallError an exception from the database layer stands for, or None if it is a bug."""
    if isinstance(exc, HallError):
        return exc
    if isinstance(exc, StatementError) and isinstance(exc.orig, HallError):
        # A HallError raised while binding a value (e.g. a naive datetime), wrapped by SQLAlchemy.
        return exc.orig
    original: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if not isinstance(original, sqlite3.Error):
        return None
    code = getattr(original, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary not in _STORAGE_ERRORS:
        text = str(original).lower()
        primary = next((c for marker, c in _MESSAGE_CODES if marker in text), None)
    if primary is None:
        return None
    error_code, message = _STORAGE_ERRORS[primary]
    return StorageError(message, code=error_code, sqlite_error=str(original))


class Store:
    """The counter's local database. Create with :func:`open_store`."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._readonly_sessions = sessionmaker(
            bind=engine.execution_options(**{_READONLY_OPTION: True}), expire_on_commit=False
        )

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back otherwise.

        Database failures that are about the store itself (disk full, read-only, corrupt…) come
        out as :class:`StorageError`, after the rollback, so nothing is half-written.
        """
        session = (self._readonly_sessions if readonly else self._sessions)()
        try:
            yield session
            if readonly:
                session.rollback()
            else:
                session.commit()
        except BaseException as exc:
            _rollback_quietly(session)
            translated = storage_error_for(exc)
            if translated is None or translated is exc:
                raise
            raise translated from exc
        finally:
            session.close()

    def integrity_check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks; empty when all is well."""
        problems: list[str] = []
        with self._translated(), self.engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            problems += [str(row) for row in rows if row != "ok"]
            for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
        return problems

    def pragma(self, name: str) -> Any:
        """The value of a pragma as one pooled connection sees it (diagnostics and tests)."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"not a pragma name: {name!r}")
        with self._translated(), self.engine.connect() as connection:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

    def client_id(self) -> str:
        with self.session(readonly=True) as session:
            return session.execute(select(SyncState.client_id)).scalar_one()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            translated = storage_error_for(exc)
            if translated is None or translated is exc:
                raise
            raise translated from exc


def _rollback_quietly(session: Session) -> None:
    try:
        session.rollback()
    except Exception:  # the connection may be unusable (e.g. the file vanished); close() cleans up
        log.exception("rollback failed")


def _install_connection_setup(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # We issue BEGIN ourselves (below); the driver's implicit transactions are switched off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                log.warning("SQLite refused WAL mode (journal_mode=%s); the store still works", mode)
            # FULL: a committed transaction survives a power cut, not only a process crash.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        readonly = connection.get_execution_options().get(_READONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def store_path(data_dir: Path) -> Path:
    """Where the counter keeps its store inside the user data dir (``Dirs.data``)."""
    return Path(data_dir) / STORE_FILENAME


def open_store(path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Store:
    """Open (creating if needed) the store at ``path`` and migrate it to the current schema.

    Raises :class:`StorageError` (``schema_too_new``) for a database made by a newer version of
    the program, and the other storage codes when the file cannot be used.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"无法创建数据文件夹：{path.parent}", code="cannot_open", path=str(path.parent), detail=str(exc)
        ) from exc
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(
        url,
        # Pooled connections move between threads, one thread at a time; sessions never do.
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )
    _install_connection_setup(engine, busy_timeout_ms)
    store = Store(path, engine)
    try:
        with store._translated():
            upgrade_store(engine)
        with store.session() as session:
            if session.get(SyncState, 1) is None:
                session.add(SyncState(id=1, client_id=new_id()))
    except BaseException:
        engine.dispose()
        raise
    return store
