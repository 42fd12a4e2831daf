"""The anchor a pull page gives for its cursor names the entry, not the way the database happened
to hand its time back: a server restarted with another session time zone must not send every
counter back to read its feed from the start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hallclient.server.sync.changes import ChangeRecord, change_anchor

AT = datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=UTC)


def _entry(seq: int = 41, digest: str = "ab" * 32, at: datetime = AT) -> ChangeRecord:
    return ChangeRecord(seq=seq, kind="case", key="c-1", digest=digest, body={}, at=at)


def test_the_same_entry_read_in_another_time_zone_has_the_same_anchor() -> None:
    beijing = AT.astimezone(timezone(timedelta(hours=8)))
    assert change_anchor(_entry(at=beijing)) == change_anchor(_entry())


def test_another_entry_at_the_same_seq_has_another_anchor() -> None:
    anchor = change_anchor(_entry())
    assert change_anchor(_entry(digest="cd" * 32)) != anchor
    assert change_anchor(_entry(at=AT + timedelta(microseconds=1))) != anchor
    assert change_anchor(_entry(seq=42)) != anchor
