"""Small typed store functions for the services: ratings, audit, manual tickets, printed PDFs,
settings and cached server documents.

Each function takes the caller's session and does not commit: the caller's ``Store.session()``
block is the transaction. Where the data must reach the server, the outbox mutation is written
in that same transaction. What leaves these functions is a frozen read model, never an ORM object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hallclient.domain.errors import ConflictError, NotFoundError, ValidationError
from hallclient.domain.queue import format_number
from hallclient.store import outbox
from hallclient.store.models import (
    CACHED_DOCUMENT_KINDS,
    MANUAL_TICKET_STATUSES,
    AuditEntry,
    CachedDocument,
    Case,
    ManualTicket,
    PrintedDocument,
    PrintedPdf,
    Rating,
    Setting,
)
from hallclient.store.types import new_id, stable_json

# ---------------------------------------------------------------------------------------- ratings


@dataclass(frozen=True)
class RatingRecord:
    id: str
    request_id: str
    ticket_id: str | None
    ticket_number: str | None
    case_no: str | None
    window_no: str
    clerk_username: str
    item_code: str | None
    level: int | None  # None: the prompt timed out, nobody rated
    reasons: tuple[str, ...]
    comment: str
    channel: str
    rated_at: dt.datetime
    synced: bool


def _rating_record(row: Rating) -> RatingRecord:
    return RatingRecord(
        id=row.id,
        request_id=row.request_id,
        ticket_id=row.ticket_id,
        ticket_number=row.ticket_number,
        case_no=row.case_no,
        window_no=row.window_no,
        clerk_username=row.clerk_username,
        item_code=row.item_code,
        level=row.level,
        reasons=tuple(row.reasons),
        comment=row.comment,
        channel=row.channel,
        rated_at=row.rated_at,
        synced=row.synced,
    )


def _rating_payload(record: RatingRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "request_id": record.request_id,
        "ticket_id": record.ticket_id,
        "ticket_number": record.ticket_number,
        "case_no": record.case_no,
        "window_no": record.window_no,
        "clerk_username": record.clerk_username,
        "item_code": record.item_code,
        "level": record.level,
        "reasons": list(record.reasons),
        "comment": record.comment,
        "channel": record.channel,
        "rated_at": record.rated_at,
    }


def record_rating(
    session: Session,
    *,
    request_id: str,
    window_no: str,
    clerk_username: str,
    channel: str,
    level: int | None,
    rated_at: dt.datetime,
    ticket_id: str | None = None,
    ticket_number: str | None = None,
    case_no: str | None = None,
    item_code: str | None = None,
    reasons: Sequence[str] = (),
    comment: str = "",
) -> RatingRecord:
    """Save one rating (``level`` None for a prompt that timed out) and its ``rating.record@1``.

    Recording the same ``request_id`` again with the same answer returns the first record (a
    retried save); a different answer for it is a ConflictError (one rating per contact).
    """
    if level is not None and (isinstance(level, bool) or not 1 <= level <= 5):
        raise ValidationError(f"评价等级必须是 1 到 5：{level!r}", code="bad_rating_level", field="level")
    if not request_id:
        raise ValidationError("评价缺少请求编号", code="missing_request_id", field="request_id")
    existing = session.scalar(select(Rating).where(Rating.request_id == request_id))
    if existing is not None:
        record = _rating_record(existing)
        same = (record.level, record.reasons, record.comment, record.ticket_id, record.case_no) == (
            level,
            tuple(reasons),
            comment,
            ticket_id,
            case_no,
        )
        if not same:
            raise ConflictError(
                "这次服务已经评价过，不能再次评价", code="rating_exists", request_id=request_id
            )
        return record
    row = Rating(
        id=new_id(),
        request_id=request_id,
        ticket_id=ticket_id,
        ticket_number=ticket_number,
        case_no=case_no,
        window_no=window_no,
        clerk_username=clerk_username,
        item_code=item_code,
        level=level,
        reasons=list(reasons),
        comment=comment,
        channel=channel,
        rated_at=rated_at,
        synced=False,
    )
    session.add(row)
    session.flush()
    record = _rating_record(row)
    outbox.enqueue(session, name="rating.record", version=1, payload=_rating_payload(record))
    return record


def mark_rating_synced(session: Session, rating_id: str) -> None:
    row = session.get(Rating, rating_id)
    if row is None:
        raise NotFoundError(f"找不到评价 {rating_id}", code="rating_not_found", rating_id=rating_id)
    row.synced = True


def get_rating(session: Session, *, request_id: str) -> RatingRecord | None:
    row = session.scalar(select(Rating).where(Rating.request_id == request_id))
    return _rating_record(row) if row is not None else None


# ------------------------------------------------------------------------------------------ audit


@dataclass(frozen=True)
class AuditRecord:
    id: str
    who: str
    what: str
    subject: str
    at: dt.datetime
    detail: Mapping[str, Any]


def add_audit(
    session: Session,
    *,
    who: str,
    what: str,
    subject: str,
    at: dt.datetime,
    detail: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """Record who did what to which subject (e.g. ``view_full_id`` of a case) and ``audit.add@1``."""
    for field, value in (("who", who), ("what", what), ("subject", subject)):
        if not value:
            raise ValidationError(f"审计记录缺少 {field}", code="missing_field", field=field)
    # Round-trip through canonical JSON so what is stored is exactly what is pushed.
    detail_json = json.loads(stable_json(dict(detail or {})))
    row = AuditEntry(id=new_id(), who=who, what=what, subject=subject, at=at, detail=detail_json)
    session.add(row)
    session.flush()
    outbox.enqueue(
        session,
        name="audit.add",
        version=1,
        payload={"id": row.id, "who": who, "what": what, "subject": subject, "at": at, "detail": detail_json},
    )
    return AuditRecord(id=row.id, who=who, what=what, subject=subject, at=row.at, detail=detail_json)


def list_audit(session: Session, *, subject: str, limit: int = 100) -> list[AuditRecord]:
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.subject == subject)
        .order_by(AuditEntry.at.desc(), AuditEntry.id)
        .limit(limit)
    )
    return [AuditRecord(r.id, r.who, r.what, r.subject, r.at, r.detail) for r in rows]


# --------------------------------------------------------------------------------- manual tickets

# A queue ticket as typed: the service's letter prefix and its number, e.g. "A012" or "A12".
_TICKET_NUMBER = re.compile(r"([A-Z]{1,3})([0-9]{1,4})")


@dataclass(frozen=True)
class ManualTicketRecord:
    id: str
    number: str
    window_no: str
    clerk_username: str
    at: dt.datetime
    status: str
    note: str | None


def _manual_ticket_record(row: ManualTicket) -> ManualTicketRecord:
    return ManualTicketRecord(
        row.id, row.number, row.window_no, row.clerk_username, row.at, row.status, row.note
    )


def normalize_ticket_number(raw: str) -> str:
    """'ａ０１２ ', 'a12' → 'A012', as the queue server prints it (``format_number``), so that the
    server finds the same ticket; raises ValidationError when it does not look like a ticket number."""
    typed = unicodedata.normalize("NFKC", raw).strip().upper().replace(" ", "")
    match = _TICKET_NUMBER.fullmatch(typed)
    if match is None or int(match.group(2)) == 0:
        raise ValidationError(
            f"排队号格式不正确：{raw!r}，应为字母加数字，例如 A012",
            code="bad_ticket_number",
            field="number",
            value=raw,
        )
    return format_number(match.group(1), int(match.group(2)))


def add_manual_ticket(
    session: Session,
    *,
    number: str,
    window_no: str,
    clerk_username: str,
    at: dt.datetime,
    note: str | None = None,
) -> ManualTicketRecord:
    """Record a paper ticket typed in while offline, with ``manual_ticket.add@1`` for reconciling."""
    row = ManualTicket(
        id=new_id(),
        number=normalize_ticket_number(number),
        window_no=window_no,
        clerk_username=clerk_username,
        at=at,
        status="pending",
        note=note,
    )
    session.add(row)
    session.flush()
    record = _manual_ticket_record(row)
    outbox.enqueue(
        session,
        name="manual_ticket.add",
        version=1,
        payload={
            "id": record.id,
            "number": record.number,
            "window_no": window_no,
            "clerk_username": clerk_username,
            "at": at,
            "note": note,
        },
    )
    return record


def set_manual_ticket_status(session: Session, ticket_id: str, *, status: str) -> None:
    """Reconciliation result from the server: ``reconciled`` or ``clash``."""
    if status not in MANUAL_TICKET_STATUSES:
        raise ValidationError(f"未知的状态：{status}", code="bad_status", field="status")
    row = session.get(ManualTicket, ticket_id)
    if row is None:
        raise NotFoundError(
            f"找不到手工排队号 {ticket_id}", code="manual_ticket_not_found", ticket_id=ticket_id
        )
    row.status = status


def list_manual_tickets(session: Session, *, since: dt.datetime) -> list[ManualTicketRecord]:
    rows = session.scalars(select(ManualTicket).where(ManualTicket.at >= since).order_by(ManualTicket.at))
    return [_manual_ticket_record(row) for row in rows]


# ------------------------------------------------------------------------------- printed documents


@dataclass(frozen=True)
class PrintedDocumentRecord:
    id: str
    case_id: str | None
    doc_type: str
    clerk_username: str
    printed_at: dt.datetime
    sha256: str
    size_bytes: int


def _printed_record(row: PrintedDocument) -> PrintedDocumentRecord:
    return PrintedDocumentRecord(
        row.id, row.case_id, row.doc_type, row.clerk_username, row.printed_at, row.sha256, row.size_bytes
    )


def save_printed_document(
    session: Session,
    *,
    case_id: str | None,
    doc_type: str,
    pdf: bytes,
    clerk_username: str,
    printed_at: dt.datetime,
) -> PrintedDocumentRecord:
    """Keep a printed PDF with its case; the record (not the bytes) syncs as ``printed_document.add@1``."""
    if not pdf.startswith(b"%PDF-"):
        raise ValidationError("要保存的文件不是 PDF", code="not_pdf", field="pdf")
    if case_id is not None and session.get(Case, case_id) is None:
        raise NotFoundError(f"找不到办件 {case_id}", code="case_not_found", case_id=case_id)
    row = PrintedDocument(
        id=new_id(),
        case_id=case_id,
        doc_type=doc_type,
        clerk_username=clerk_username,
        printed_at=printed_at,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size_bytes=len(pdf),
    )
    row.pdf = PrintedPdf(data=pdf)
    session.add(row)
    session.flush()
    record = _printed_record(row)
    outbox.enqueue(
        session,
        name="printed_document.add",
        version=1,
        payload={
            "id": record.id,
            "case_id": case_id,
            "doc_type": doc_type,
            "clerk_username": clerk_username,
            "printed_at": printed_at,
            "sha256": record.sha256,
            "size_bytes": record.size_bytes,
        },
    )
    return record


def list_printed_documents(session: Session, *, case_id: str) -> list[PrintedDocumentRecord]:
    rows = session.scalars(
        select(PrintedDocument).where(PrintedDocument.case_id == case_id).order_by(PrintedDocument.printed_at)
    )
    return [_printed_record(row) for row in rows]


def load_printed_pdf(session: Session, document_id: str) -> bytes:
    data = session.scalar(select(PrintedPdf.data).where(PrintedPdf.document_id == document_id))
    if data is None:
        raise NotFoundError(
            f"找不到已打印文件 {document_id}", code="document_not_found", document_id=document_id
        )
    return data


# --------------------------------------------------------------------------------------- settings


def case_taken_in_for_ticket(
    session: Session, *, ticket_id: str | None, ticket_number: str | None, window_no: str, since: dt.datetime
) -> tuple[str, str] | None:
    """(case number, item code) of the newest case this window took in while serving a ticket:
    what a rating of that service contact is linked to (DESIGN §6). A paper ticket has no id: it
    is found by its number at this window, taken in since ``since``."""
    if ticket_id is not None:
        condition = Case.ticket_id == ticket_id
    elif ticket_number:
        condition = and_(
            Case.ticket_number == ticket_number, Case.window_no == window_no, Case.created_at >= since
        )
    else:
        return None
    row = session.execute(
        select(Case.case_no, Case.item_code).where(condition).order_by(Case.created_at.desc()).limit(1)
    ).first()
    return (row.case_no, row.item_code) if row is not None else None


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else None


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def delete_setting(session: Session, key: str) -> None:
    row = session.get(Setting, key)
    if row is not None:
        session.delete(row)


# ------------------------------------------------------------------------------- cached documents


@dataclass(frozen=True)
class CachedDocumentRecord:
    kind: str
    version: str
    body: Any  # parsed JSON
    fetched_at: dt.datetime


def _check_kind(kind: str) -> None:
    if kind not in CACHED_DOCUMENT_KINDS:
        raise ValidationError(
            f"未知的缓存文档类型：{kind}（应为 {', '.join(CACHED_DOCUMENT_KINDS)}）",
            code="bad_document_kind",
            field="kind",
        )


def save_cached_document(
    session: Session, *, kind: str, version: str, body: Any, fetched_at: dt.datetime
) -> None:
    """Replace the cached copy of ``kind`` (catalog, calendar, reasons, window_config)."""
    _check_kind(kind)
    text = stable_json(body)
    row = session.get(CachedDocument, kind)
    if row is None:
        session.add(CachedDocument(kind=kind, version=version, body=text, fetched_at=fetched_at))
    else:
        row.version, row.body, row.fetched_at = version, text, fetched_at


def load_cached_document(session: Session, kind: str) -> CachedDocumentRecord | None:
    _check_kind(kind)
    row = session.get(CachedDocument, kind)
    if row is None:
        return None
    return CachedDocumentRecord(
        kind=row.kind, version=row.version, body=json.loads(row.body), fetched_at=row.fetched_at
    )
