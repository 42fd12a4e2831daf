"""Column types and value helpers shared by the store's models, outbox and repositories."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, DateTime, SQLColumnExpression, and_
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from hallclient.domain.errors import ValidationError


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as naive UTC, so stored values sort and compare as text in SQLite.

    Naive datetimes are refused: a device's local wall-clock time saved without its offset cannot
    be told apart later, and the deadline and sync rules depend on it.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValidationError(
                "时间缺少时区信息，无法保存", code="naive_datetime", value=value.isoformat()
            )
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def _encode_json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TypeError(f"naive datetime {value.isoformat()} has no time zone")
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def stable_json(value: Mapping[str, Any] | list[Any] | tuple[Any, ...]) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text, dates as ISO strings (datetimes in UTC).

    The same payload always gives the same text, so a retried push sends identical bytes and a
    payload can be compared or hashed.
    """
    try:
        return json.dumps(
            value,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
            default=_encode_json_value,
        )
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"数据无法转换为 JSON：{exc}", code="not_json", detail=str(exc)) from exc


# The largest code point: every string that starts with ``prefix`` sorts below prefix + this.
_MAX_CHAR = "\U0010ffff"


def prefix_match(column: SQLColumnExpression[str | None], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, written as a range so SQLite can use the column's index.

    (SQLite's LIKE only uses an index under case-insensitive collation rules that do not fit
    Chinese names and ID numbers; a BINARY range does.)
    """
    return and_(column >= prefix, column < prefix + _MAX_CHAR)


_DIGITS = frozenset("0123456789")
_PHONE_TAIL_LENGTH = 4


def _has_extension(phone: str) -> bool:
    """Whether a stored phone ends in an extension: 0591-87654321-801, 400-123-4567-801, and
    the masked forms of both (0591-****4321-***). A mobile never has one."""
    if phone.startswith("0"):
        return phone.count("-") >= 2
    return phone[1:4] == "00-" and phone.count("-") >= 3


def phone_tail(phone: str | None) -> str | None:
    """The last four digits of a stored phone's number, not of its extension: what a masked
    phone still shows (138****5678, 0591-****4321-***, 400-***-4567), so what an applicant reads
    out to be found by. None when the number does not end in four digits.

    The store's migration to ``applicant_phone_tail`` fills existing cases with the same rule in
    SQL; ``tests/store/test_migrations.py`` holds both to the same stored forms.
    """
    if phone is None:
        return None
    number = phone.rstrip("0123456789*").rstrip("-") if _has_extension(phone) else phone
    tail = number[-_PHONE_TAIL_LENGTH:]
    return tail if len(tail) == _PHONE_TAIL_LENGTH and set(tail) <= _DIGITS else None
