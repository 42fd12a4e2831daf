"""Repositories: each write that must sync carries its outbox mutation; read models are frozen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError, NotFoundError, ValidationError
from hallclient.domain.queue import format_number
from hallclient.server.queue_engine import parse_number
from hallclient.store import Store, outbox, repo, syncstate
from hallclient.store.models import Case, PrintedPdf, Rating


def _rating(session: Session, now: dt.datetime, **changes: Any) -> repo.RatingRecord:
    fields: dict[str, Any] = {
        "request_id": "req-1",
        "window_no": "07",
        "clerk_username": "zhangsan",
        "channel": "counter",
        "level": 1,
        "rated_at": now,
        "ticket_id": "t-1",
        "ticket_number": "A012",
        "case_no": "3301022410080701",
        "item_code": "330102-SC-001",
        "reasons": ["等候时间过长", "态度不好"],
        "comment": "排了一个小时",
    }
    fields.update(changes)
    return repo.record_rating(session, **fields)


def test_a_rating_and_its_mutation_are_written_together(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        record = _rating(session, now)
    assert isinstance(record, repo.RatingRecord) and record.reasons == ("等候时间过长", "态度不好")
    with store.session(readonly=True) as session:
        [mutation] = outbox.pending_batch(session, limit=10)
    assert mutation.qualified_name == "rating.record@1"
    assert mutation.payload["id"] == record.id
    assert mutation.payload["level"] == 1
    assert mutation.payload["rated_at"] == "2024-10-08T01:30:00+00:00"
    assert mutation.payload["reasons"] == ["等候时间过长", "态度不好"]


def test_a_timed_out_prompt_is_stored_without_a_level(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        record = _rating(session, now, level=None, reasons=[], comment="")
    assert record.level is None


def test_recording_the_same_rating_twice_returns_the_first(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        first = _rating(session, now)
    with store.session() as session:
        again = _rating(session, now)
    assert again == first
    with store.session() as session:
        assert outbox.pending_count(session) == 1
        with pytest.raises(ConflictError):
            _rating(session, now, level=5, reasons=[], comment="")


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_rating_levels_outside_one_to_five_are_refused(store: Store, now: dt.datetime, level: int) -> None:
    with pytest.raises(ValidationError) as caught, store.session() as session:
        _rating(session, now, level=level)
    assert caught.value.field == "level"
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 0
        assert outbox.pending_count(session) == 0


def test_mark_rating_synced(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        record = _rating(session, now)
    with store.session() as session:
        repo.mark_rating_synced(session, record.id)
        with pytest.raises(NotFoundError):
            repo.mark_rating_synced(session, "nope")
    with store.session(readonly=True) as session:
        fetched = repo.get_rating(session, request_id="req-1")
    assert fetched is not None and fetched.synced


def test_audit_entries_sync(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        entry = repo.add_audit(
            session, who="zhangsan", what="view_full_id", subject="case-1", at=now, detail={"field": "id"}
        )
        repo.add_audit(session, who="lisi", what="view_full_id", subject="case-2", at=now)
    with store.session(readonly=True) as session:
        listed = repo.list_audit(session, subject="case-1")
        mutations = outbox.pending_batch(session, limit=10)
    assert listed == [entry]
    assert [m.qualified_name for m in mutations] == ["audit.add@1", "audit.add@1"]
    assert mutations[0].payload == {
        "id": entry.id,
        "who": "zhangsan",
        "what": "view_full_id",
        "subject": "case-1",
        "at": "2024-10-08T01:30:00+00:00",
        "detail": {"field": "id"},
    }
    with pytest.raises(ValidationError), store.session() as session:
        repo.add_audit(session, who="", what="x", subject="y", at=now)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("A012", "A012"),
        (" a012 ", "A012"),
        ("ａ０１２", "A012"),
        ("A12", "A012"),  # as the queue server prints it: the server must find the same ticket
        ("ａ１２", "A012"),
        ("a 1 2", "A012"),
        ("A0012", "A012"),
        ("Vip7", "VIP007"),
        ("B1000", "B1000"),
    ],
)
def test_manual_tickets_are_normalised(store: Store, now: dt.datetime, typed: str, stored: str) -> None:
    with store.session() as session:
        ticket = repo.add_manual_ticket(session, number=typed, window_no="07", clerk_username="z", at=now)
    assert ticket.number == stored and ticket.status == "pending"
    with store.session(readonly=True) as session:
        [mutation] = outbox.pending_batch(session, limit=10)
        assert repo.list_manual_tickets(session, since=now) == [ticket]
    assert mutation.qualified_name == "manual_ticket.add@1" and mutation.payload["number"] == stored


@pytest.mark.parametrize("typed", ["", "012", "A", "A-12", "ABCD1", "A12345", "甲12", "A0", "A000"])
def test_bad_manual_ticket_numbers_are_refused(store: Store, now: dt.datetime, typed: str) -> None:
    with pytest.raises(ValidationError) as caught, store.session() as session:
        repo.add_manual_ticket(session, number=typed, window_no="07", clerk_username="z", at=now)
    assert caught.value.field == "number" and "A012" in caught.value.message
    with store.session(readonly=True) as session:
        assert outbox.pending_count(session) == 0


def test_manual_ticket_reconciliation(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        ticket = repo.add_manual_ticket(session, number="A1", window_no="07", clerk_username="z", at=now)
    assert ticket.number == "A001"
    with store.session() as session:
        repo.set_manual_ticket_status(session, ticket.id, status="clash")
        with pytest.raises(ValidationError):
            repo.set_manual_ticket_status(session, ticket.id, status="lost")
    with store.session(readonly=True) as session:
        assert repo.list_manual_tickets(session, since=now)[0].status == "clash"


def _case(now: dt.datetime) -> Case:
    return Case(
        case_no="3301022410080701",
        item_code="330102-SC-001",
        applicant_kind="person",
        applicant_name="张三",
        window_no="07",
        clerk_username="z",
        outcome="accept",
        recommended_outcome="accept",
        status="accepted",
        created_at=now,
        updated_at=now,
    )


def test_printed_pdfs_are_kept_with_their_case(store: Store, now: dt.datetime) -> None:
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40
    with store.session() as session:
        case = _case(now)
        session.add(case)
        session.flush()
        case_id = case.id
        record = repo.save_printed_document(
            session, case_id=case_id, doc_type="receipt", pdf=pdf, clerk_username="z", printed_at=now
        )
    with store.session(readonly=True) as session:
        assert repo.list_printed_documents(session, case_id=case_id) == [record]
        assert repo.load_printed_pdf(session, record.id) == pdf
        mutation = outbox.pending_batch(session, limit=10)[0]
    assert record.size_bytes == len(pdf)
    assert mutation.qualified_name == "printed_document.add@1" and mutation.payload["sha256"] == record.sha256
    assert "pdf" not in mutation.payload
    with store.session() as session:  # deleting the case takes its documents and their bytes with it
        session.delete(session.get(Case, case_id))
    with store.session(readonly=True) as session:
        assert session.scalar(select(func.count()).select_from(PrintedPdf)) == 0
    assert store.integrity_check() == []


def test_printed_documents_must_be_pdfs_of_known_cases(store: Store, now: dt.datetime) -> None:
    with pytest.raises(ValidationError), store.session() as session:
        repo.save_printed_document(
            session, case_id=None, doc_type="ticket", pdf=b"<html>", clerk_username="z", printed_at=now
        )
    with pytest.raises(NotFoundError), store.session() as session:
        repo.save_printed_document(
            session,
            case_id="missing",
            doc_type="receipt",
            pdf=b"%PDF-1.4",
            clerk_username="z",
            printed_at=now,
        )
    with pytest.raises(NotFoundError), store.session(readonly=True) as session:
        repo.load_printed_pdf(session, "missing")


def test_settings(store: Store) -> None:
    with store.session() as session:
        assert repo.get_setting(session, "case_seq") is None
        repo.set_setting(session, "case_seq", "1")
        repo.set_setting(session, "case_seq", "2")
    with store.session() as session:
        assert repo.get_setting(session, "case_seq") == "2"
        repo.delete_setting(session, "case_seq")
    with store.session(readonly=True) as session:
        assert repo.get_setting(session, "case_seq") is None


def test_cached_documents_are_replaced_per_kind(store: Store, now: dt.datetime) -> None:
    later = now + dt.timedelta(hours=1)
    with store.session() as session:
        assert repo.load_cached_document(session, "catalog") is None
        repo.save_cached_document(session, kind="catalog", version="1", body={"items": [1]}, fetched_at=now)
        repo.save_cached_document(
            session, kind="catalog", version="2", body={"items": [1, 2]}, fetched_at=later
        )
        repo.save_cached_document(
            session, kind="calendar", version="2024", body=["2024-10-01"], fetched_at=now
        )
    with store.session(readonly=True) as session:
        catalog = repo.load_cached_document(session, "catalog")
        calendar = repo.load_cached_document(session, "calendar")
    assert catalog == repo.CachedDocumentRecord("catalog", "2", {"items": [1, 2]}, later)
    assert calendar is not None and calendar.body == ["2024-10-01"]
    with pytest.raises(ValidationError), store.session() as session:
        repo.save_cached_document(session, kind="menu", version="1", body={}, fetched_at=now)


def test_sync_state_bookkeeping(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        state = syncstate.get_sync_state(session)
        assert state.client_id == store.client_id() and state.pull_cursor is None
        assert syncstate.set_server_epoch(session, epoch="e1") is None
        syncstate.note_sync_error(session, message="连接超时", at=now)
        syncstate.set_clock_skew(session, skew_ms=-3_600_000)
    with store.session() as session:
        failed = syncstate.get_sync_state(session)
        syncstate.note_push(session, at=now)
        syncstate.set_pull_cursor(session, cursor="42", at=now)
        assert syncstate.set_server_epoch(session, epoch="e2") == "e1"
    with store.session(readonly=True) as session:
        state = syncstate.get_sync_state(session)
    assert failed.last_error == "连接超时" and failed.last_error_at == now
    assert state.pull_cursor == "42" and state.last_success_at == now and state.last_error is None
    assert state.server_epoch == "e2" and state.clock_skew_ms == -3_600_000


_LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3)


@given(
    prefix=_LETTERS,
    seq=st.integers(1, 9999),
    zeros=st.integers(0, 3),
    lower=st.booleans(),
    wide=st.booleans(),
)
def test_a_typed_number_is_stored_as_the_server_prints_and_finds_it(
    prefix: str, seq: int, zeros: int, lower: bool, wide: bool
) -> None:
    digits = "0" * min(zeros, 4 - len(str(seq))) + str(seq)  # the counter takes up to 4 digits
    typed = (prefix.lower() if lower else prefix) + digits
    if wide:  # a Chinese input method in full-width mode
        typed = "".join(chr(ord(c) + 0xFEE0) for c in typed)
    stored = repo.normalize_ticket_number(typed)
    assert stored == format_number(prefix, seq)
    assert parse_number(stored) == (prefix, seq)
