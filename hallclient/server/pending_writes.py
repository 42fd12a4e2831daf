"""Pending row updates of an ORM session as SQL that can ride along with another statement.

A window action changes one ticket row and one window row, both already locked, and then writes
its events and stored answer (``events.append_events_with_answer``). Flushed by the ORM, the two
updates are two more round trips and most of the request's Python time; taken out here, they
become data-modifying CTEs of the final statement, which PostgreSQL runs to completion whether or
not the main query reads them.

Only plain column updates of rows already in the database are taken; anything else — new or
deleted rows, JSON values, relationship changes — is left for an ordinary flush, which the caller
does first. Any query the handler ran after changing a row has autoflushed it already, so nothing
here can read stale data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import ColumnProperty, PassiveFlag, Session
from sqlalchemy.orm.attributes import get_history

_PLAIN = (str, int, float, bool, datetime, date, type(None))


@dataclass(frozen=True)
class RowUpdate:
    table: str
    key_column: str
    key: Any
    values: dict[str, Any]  # column name → new value


def _plain_update(obj: object) -> RowUpdate | None:
    """The object's changed columns as one UPDATE, or None when it needs the ORM's flush."""
    state: Any = inspect(obj)
    mapper = state.mapper
    if len(mapper.primary_key) != 1 or len(mapper.tables) != 1 or mapper.version_id_col is not None:
        return None
    values: dict[str, Any] = {}
    # ``committed_state`` names just the attributes changed since load: no walk over every column.
    # (Not ``state.attrs[key].history``: ``attrs`` builds an AttributeState for every column of the
    # row, each in a reference cycle with the row's state — most of a request's cyclic garbage,
    # which the collector then stopped every thread to find.)
    for key in state.committed_state:
        history = get_history(obj, key, passive=PassiveFlag.PASSIVE_NO_INITIALIZE)
        if not history.added and not history.deleted:
            continue
        prop = mapper.get_property(key)
        if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1:
            return None
        value = history.added[0] if history.added else None
        if not isinstance(value, _PLAIN):
            return None
        values[prop.columns[0].name] = value
    if not values:
        return None
    (key_column,) = mapper.primary_key
    key = state.identity[0] if state.identity else None
    if key is None:
        return None
    return RowUpdate(mapper.local_table.name, key_column.name, key, values)


def take_plain_updates(session: Session) -> list[RowUpdate]:
    """Flush whatever needs the ORM, and return the rest — plain column updates — unflushed.

    The objects whose updates are returned are detached from ``session``: their new values stay
    readable, and the caller must write the returned updates in this transaction.
    """
    taken: list[tuple[object, RowUpdate]] = []
    for obj in list(session.dirty):
        update = _plain_update(obj)
        if update is not None:
            taken.append((obj, update))
    for obj, _ in taken:
        session.expunge(obj)
    session.flush()
    # A stable order gives the same statement text each time: one cached, prepared statement.
    return sorted((update for _, update in taken), key=lambda u: (u.table, tuple(u.values), u.key))


def updates_as_ctes(updates: list[RowUpdate], quote: Any) -> tuple[str, dict[str, Any]]:
    """``name AS (UPDATE …)`` parts for a WITH clause (each ending in a comma) and their binds.

    Table and column names come from the ORM mapping, quoted by the dialect; values are binds.
    """
    parts: list[str] = []
    binds: dict[str, Any] = {}
    for i, update in enumerate(updates):
        sets = []
        for j, (column, value) in enumerate(update.values.items()):
            binds[f"u{i}_{j}"] = value
            sets.append(f"{quote(column)} = :u{i}_{j}")
        binds[f"u{i}_key"] = update.key
        parts.append(
            f"u{i} AS (UPDATE {quote(update.table)} SET {', '.join(sets)} "
            f"WHERE {quote(update.key_column)} = :u{i}_key),"
        )
    return "\n".join(parts), binds
