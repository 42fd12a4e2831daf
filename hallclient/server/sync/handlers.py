"""What each known mutation does on the server. One function per ``name@version``.

A handler runs inside the push transaction (in its own savepoint) and returns an ``Outcome``.
It raises ``ValidationError`` for a mutation that can never be applied (→ ``rejected``, with the
message) and ``ConflictError`` when the server's state disagrees (→ ``conflict``). Conflicts are
decided by the server's own state and versions, never by the time a device says it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hallclient.domain.catalog import ITEM_CODE_PATTERN
from hallclient.domain.errors import ConflictError, ValidationError
from hallclient.domain.queue import format_number
from hallclient.server.events import NewEvent
from hallclient.server.models import Rating, Ticket
from hallclient.server.queue_engine import close_served_offline, parse_number
from hallclient.server.ratings import check_counter_actor, check_rating_target, rating_recorded_event
from hallclient.server.security import Actor
from hallclient.server.sync.changes import NewChange
from hallclient.server.sync.identity import IDENTITY_KEY, shared_snapshot, with_identity
from hallclient.server.sync.models import SyncCase, SyncCounter, SyncManualTicket, SyncRecord

CASE_STATUSES = ("accepted", "awaiting_supplement", "notified", "rejected", "completed", "withdrawn")
CLOSED_STATUSES = frozenset({"completed", "withdrawn", "rejected"})

_ITEM_CODE_RE = re.compile(ITEM_CODE_PATTERN)


@dataclass(frozen=True)
class MutationContext:
    hall_id: int
    hall_code: str
    client_id: str
    mutation_id: int
    actor: Actor
    now: datetime
    tz: ZoneInfo
    identity_salt: str | None = None  # the hall's salt for applicants' ID hashes (identity.py)


@dataclass
class Outcome:
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[NewChange] = field(default_factory=list)
    events: list[NewEvent] = field(default_factory=list)
    # Append-only rows for ``sync_records``, written by the push for the whole batch at once.
    records: list[dict[str, Any]] = field(default_factory=list)


Handler = Callable[[Session, MutationContext, Mapping[str, Any]], Outcome]


# ------------------------------------------------------------------------------- payload reading


def _text(payload: Mapping[str, Any], key: str, *, max_len: int = 200, required: bool = True) -> str | None:
    value = payload.get(key)
    if value is None or value == "":
        if required:
            raise ValidationError(f"缺少字段 {key}。", field=key)
        return None
    if not isinstance(value, str):
        raise ValidationError(f"字段 {key} 应为文字。", field=key)
    if len(value) > max_len or "\x00" in value:
        raise ValidationError(f"字段 {key} 过长或含有不允许的字符。", field=key)
    return value


def _required_text(payload: Mapping[str, Any], key: str, *, max_len: int = 200) -> str:
    value = _text(payload, key, max_len=max_len)
    assert value is not None
    return value


def _item_code(payload: Mapping[str, Any]) -> str | None:
    value = _text(payload, "item_code", max_len=40, required=False)
    if value is not None and not _ITEM_CODE_RE.match(value):
        raise ValidationError(f"事项编码格式不正确：{value!r}", field="item_code")
    return value


def _time(payload: Mapping[str, Any], key: str, *, required: bool = True) -> datetime | None:
    raw = payload.get(key)
    if raw is None:
        if required:
            raise ValidationError(f"缺少时间 {key}。", field=key)
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError as exc:
        raise ValidationError(f"时间 {key} 格式不正确：{str(raw)[:60]!r}", field=key) from exc
    if value.tzinfo is None:
        raise ValidationError(f"时间 {key} 需要带时区。", field=key)
    if not 2000 <= value.year <= 2100:  # far-off years overflow when converted for storage
        raise ValidationError(f"时间 {key} 不在合理范围内：{str(raw)[:60]!r}", field=key)
    return value


def _int(payload: Mapping[str, Any], key: str, *, minimum: int = 0, maximum: int = 2**53) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise ValidationError(f"字段 {key} 应为 {minimum} 到 {maximum} 之间的整数。", field=key)
    return value


# ------------------------------------------------------------------------------------------ cases


def _next_counter(session: Session, *, hall_id: int, name: str) -> int:
    value = session.execute(
        update(SyncCounter)
        .where(SyncCounter.hall_id == hall_id, SyncCounter.name == name)
        .values(value=SyncCounter.value + 1)
        .returning(SyncCounter.value)
    ).scalar_one_or_none()
    if value is None:
        session.add(SyncCounter(hall_id=hall_id, name=name, value=1))
        session.flush()
        value = 1
    return int(value)


def case_state(case: SyncCase) -> dict[str, Any]:
    """What the feed and a conflict answer tell a counter about a case (its shared snapshot: no
    full ID or phone number, see identity.py)."""
    return {
        "id": case.id,
        "case_no": case.case_no,
        "server_case_no": case.server_case_no,
        "status": case.status,
        "version": case.version,
        "updated_at": case.updated_at.isoformat(),
        "snapshot": shared_snapshot(case.snapshot),
    }


def _case_change(case: SyncCase) -> NewChange:
    return NewChange(kind="case", key=case.id, body=case_state(case))


def _status(value: Any, *, field_name: str = "status") -> str:
    if value not in CASE_STATUSES:
        raise ValidationError(f"未知的办件状态：{value!r}", field=field_name)
    return str(value)


def create_case(session: Session, ctx: MutationContext, payload: Mapping[str, Any]) -> Outcome:
    case_id = _text(payload, "case_id", max_len=64, required=False) or _required_text(
        payload, "id", max_len=64
    )
    case_no = _required_text(payload, "case_no", max_len=40)
    status = _status(payload.get("status", "accepted"))
    existing = session.get(SyncCase, case_id)
    if existing is not None and existing.hall_id != ctx.hall_id:
        # Another hall's case: say nothing about it, not even that it is a case.
        raise ConflictError(
            "服务器上已有同一标识的另一办件，未保存。请联系信息技术人员。", code="case_exists"
        )
    if existing is not None:
        if existing.origin_client_id == ctx.client_id and existing.case_no == case_no:
            return Outcome(data=_case_reply(existing))  # the same case again: already there
        raise ConflictError(
            "服务器上已有同一编号的另一办件。", code="case_exists", server_state=case_state(existing)
        )
    clash = session.execute(
        select(SyncCase).where(SyncCase.hall_id == ctx.hall_id, SyncCase.case_no == case_no)
    ).scalar_one_or_none()
    if clash is not None:
        raise ConflictError(
            f"办件编号 {case_no} 已被另一办件使用。", code="case_no_taken", server_state=case_state(clash)
        )
    received = {k: v for k, v in payload.items() if k != IDENTITY_KEY}
    year = ctx.now.astimezone(ctx.tz).year
    number = _next_counter(session, hall_id=ctx.hall_id, name=f"case_no:{year}")
    case = SyncCase(
        id=case_id,
        hall_id=ctx.hall_id,
        case_no=case_no,
        server_case_no=f"{ctx.hall_code}{year}{number:07d}",
        status=status,
        version=1,
        run_client_id=ctx.client_id,
        run_base_version=0,
        origin_client_id=ctx.client_id,
        snapshot=with_identity(received, salt_hex=ctx.identity_salt, case_id=case_id),
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    session.add(case)
    session.flush()
    return Outcome(data=_case_reply(case), changes=[_case_change(case)])


def _case_reply(case: SyncCase) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "version": case.version,
        "server_case_no": case.server_case_no,
        "status": case.status,
    }


# op → the status it leads to (None: the payload may give one, else unchanged).
CASE_OPS: dict[str, str | None] = {
    "update": None,
    "supplement": None,
    "pledge": None,
    "withdraw": "withdrawn",
    "complete": "completed",
}


def _merged_snapshot(op: str, snapshot: dict[str, Any], payload: Mapping[str, Any]) -> dict[str, Any]:
    """The case snapshot after an edit (payload shapes: hallclient/intake/cases.py)."""
    changes = payload.get("changes")
    if isinstance(changes, dict):
        snapshot.update({k: v for k, v in changes.items() if k != IDENTITY_KEY})
    supplied = payload.get("materials")
    if op == "supplement" and isinstance(supplied, list):
        by_key = {m.get("key"): m for m in supplied if isinstance(m, dict)}
        materials = snapshot.get("materials")
        if isinstance(materials, list):
            snapshot["materials"] = [
                by_key.get(m.get("key"), m) if isinstance(m, dict) else m for m in materials
            ]
        pledge = snapshot.get("pledge")
        if payload.get("pledge_fulfilled") and isinstance(pledge, dict):
            snapshot["pledge"] = {**pledge, "status": "fulfilled", "fulfilled_at": payload.get("at")}
    elif op == "withdraw":
        snapshot["withdraw_reason"] = payload.get("reason")
    elif op == "complete":
        snapshot["completed_at"] = payload.get("at")
    return snapshot


def _edit_case(op: str) -> Handler:
    fixed_status = CASE_OPS[op]

    def handle(session: Session, ctx: MutationContext, payload: Mapping[str, Any]) -> Outcome:
        case_id = _required_text(payload, "case_id", max_len=64)
        base_version = _int(payload, "base_version")
        case = session.execute(
            select(SyncCase).where(SyncCase.id == case_id, SyncCase.hall_id == ctx.hall_id).with_for_update()
        ).scalar_one_or_none()
        if case is None:
            raise ValidationError(
                f"服务器上没有这个办件（{case_id}）。", code="case_not_found", field="case_id"
            )
        own_run = (
            case.run_client_id == ctx.client_id and case.run_base_version <= base_version <= case.version
        )
        if base_version != case.version and not own_run:
            raise ConflictError(
                "这个办件已在别处被修改，本次修改没有覆盖它。请核对后重新办理。",
                code="stale_case",
                base_version=base_version,
                server_state=case_state(case),
            )
        new_status = fixed_status or (_status(payload["status"]) if "status" in payload else case.status)
        if case.status in CLOSED_STATUSES and new_status != case.status:
            raise ConflictError(
                "这个办件已经办结、撤回或不予受理，不能再改变状态。",
                code="case_closed",
                server_state=case_state(case),
            )
        snapshot = _merged_snapshot(op, dict(case.snapshot), payload)
        snapshot["status"] = new_status
        if case.run_client_id != ctx.client_id:
            case.run_client_id, case.run_base_version = ctx.client_id, case.version
        case.status = new_status
        case.version += 1
        case.snapshot = with_identity(snapshot, salt_hex=ctx.identity_salt, case_id=case.id)
        case.updated_at = ctx.now
        session.add(
            SyncRecord(
                hall_id=ctx.hall_id,
                kind=f"case.{op}",
                record_id=f"{ctx.client_id}:{ctx.mutation_id}",
                case_id=case.id,
                client_id=ctx.client_id,
                mutation_id=ctx.mutation_id,
                data=dict(payload),
                received_at=ctx.now,
            )
        )
        session.flush()
        return Outcome(data=_case_reply(case), changes=[_case_change(case)])

    return handle


# ---------------------------------------------------------------------------------------- ratings

MAX_DB_ID = 2**53  # ids beyond this are no row's (and would overflow a BIGINT parameter)


def _ticket_id(payload: Mapping[str, Any]) -> int | None:
    raw = payload.get("ticket_id")
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 20:
        raw = int(raw)  # the counter keeps ticket ids as text
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_DB_ID:
        raise ValidationError(f"号的编号不正确：{str(raw)[:40]!r}", field="ticket_id")
    return raw


def record_rating(session: Session, ctx: MutationContext, payload: Mapping[str, Any]) -> Outcome:
    request_id = _required_text(payload, "request_id", max_len=100)
    existing = session.execute(
        select(Rating).where(Rating.hall_id == ctx.hall_id, Rating.request_id == request_id)
    ).scalar_one_or_none()
    if existing is not None:  # sent directly before, or a re-push: one rating per contact
        return Outcome(data={"rating_id": existing.id})
    level = payload.get("level")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5):
        raise ValidationError(f"评价等级必须是 1 到 5：{level!r}", field="level")
    reasons = payload.get("reasons") or []
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise ValidationError("差评原因应为代码列表。", field="reasons")
    ticket_id = _ticket_id(payload)
    if ticket_id is not None:
        known = session.execute(
            select(Ticket.id).where(Ticket.id == ticket_id, Ticket.hall_id == ctx.hall_id)
        ).first()
        if known is None:
            ticket_id = None  # a number from another day or a restored server: keep the rating
    # The window is the pushing actor's; the clerk the ticket's, else a known clerk of the hall.
    target = check_rating_target(
        session,
        actor=ctx.actor,
        window_no=_required_text(payload, "window_no", max_len=16),
        ticket_id=ticket_id,
        clerk_username=_text(payload, "clerk_username", max_len=64, required=False),
    )
    rated_at = _time(payload, "rated_at")
    assert rated_at is not None
    rating = Rating(
        hall_id=ctx.hall_id,
        request_id=request_id,
        ticket_id=target.ticket_id,
        case_no=_text(payload, "case_no", max_len=64, required=False),
        item_code=_item_code(payload),
        window_no=target.window_no,
        user_id=target.user_id,
        level=level,
        reasons=list(reasons),
        comment=_text(payload, "comment", max_len=2000, required=False) or "",
        channel=_text(payload, "channel", max_len=32, required=False) or "counter_pad",
        rated_at=rated_at,
        recorded_at=ctx.now,
    )
    session.add(rating)
    session.flush()
    return Outcome(data={"rating_id": rating.id}, events=[rating_recorded_event(rating)])


# --------------------------------------------------------------------------------- manual tickets


def _manual_answer(row: SyncManualTicket) -> dict[str, Any]:
    """The counter keeps ``status`` (reconciled or clash); ``reconciliation`` says what happened."""
    return {
        "status": "clash" if row.status == "clash" else "reconciled",
        "reconciliation": {"reconciled": "closed", "manual_only": "manual_only"}.get(row.status, row.status),
        "ticket_id": row.clash_ticket_id,
        "clash_ticket_id": row.clash_ticket_id if row.status == "clash" else None,
    }


def _ticket_number(payload: Mapping[str, Any]) -> str:
    """As the queue prints it (``A012``); older counters sent what was typed (``A12``)."""
    typed = unicodedata.normalize("NFKC", _required_text(payload, "number", max_len=24))
    prefix, seq = parse_number(typed)
    if len(prefix) > 3 or not 1 <= seq <= 9999:
        raise ValidationError(f"排队号格式不正确：{typed}", field="number")
    return format_number(prefix, seq)


def add_manual_ticket(session: Session, ctx: MutationContext, payload: Mapping[str, Any]) -> Outcome:
    """A paper ticket served at a window while the queue was unreachable (docs/sync.md)."""
    record_id = _required_text(payload, "id", max_len=64)
    existing = session.get(SyncManualTicket, record_id)
    if existing is not None and existing.hall_id != ctx.hall_id:
        # Another hall's record: say nothing about it, as for a case (``create_case``).
        raise ConflictError(
            "服务器上已有同一标识的另一条手工排队号记录，未保存。请联系信息技术人员。", code="conflict"
        )
    if existing is not None:
        return Outcome(data=_manual_answer(existing))
    number = _ticket_number(payload)
    at = _time(payload, "at")
    assert at is not None
    day: date = at.astimezone(ctx.tz).date()
    window_no = _required_text(payload, "window_no", max_len=16)
    clerk = _required_text(payload, "clerk_username", max_len=64)
    # The same rule as for ratings: the pushing clerk's (or counter's) own window, and a clerk the
    # hall knows (the one pushing, or the one who served before the shift changed).
    check_counter_actor(session, ctx.actor, window_no=window_no, clerk_username=clerk, what="手工排队号")
    found = close_served_offline(
        session,
        hall_id=ctx.hall_id,
        window_no=window_no,
        number=number,
        day=day,
        served_at=at,
        actor=ctx.actor,
        now=ctx.now,
    )
    status = {"closed": "reconciled", "unknown": "manual_only", "clash": "clash"}[found.outcome]
    row = SyncManualTicket(
        id=record_id,
        hall_id=ctx.hall_id,
        number=number,
        service_day=day,
        window_no=window_no,
        clerk_username=clerk,
        at=at,
        status=status,
        clash_ticket_id=found.ticket.id if found.ticket is not None else None,
        note=_text(payload, "note", max_len=2000, required=False),
        client_id=ctx.client_id,
        received_at=ctx.now,
    )
    session.add(row)
    session.flush()
    return Outcome(data=_manual_answer(row), events=found.events)


# ----------------------------------------------------------------------------- append-only records


def _append_record(kind: str, *, time_key: str, required: tuple[str, ...]) -> Handler:
    """Validate only; the push writes the record (idempotent by its id) with the batch's others."""

    def handle(session: Session, ctx: MutationContext, payload: Mapping[str, Any]) -> Outcome:
        record_id = _required_text(payload, "id", max_len=64)
        for key in required:
            _required_text(payload, key)
        _time(payload, time_key)
        record = {
            "hall_id": ctx.hall_id,
            "kind": kind,
            "record_id": record_id,
            "case_id": _text(payload, "case_id", max_len=64, required=False),
            "client_id": ctx.client_id,
            "mutation_id": ctx.mutation_id,
            "data": dict(payload),
            "received_at": ctx.now,
        }
        return Outcome(records=[record])

    handle.touches_database = False  # type: ignore[attr-defined]
    return handle


HANDLERS: dict[tuple[str, int], Handler] = {
    ("case.create", 1): create_case,
    **{(f"case.{op}", 1): _edit_case(op) for op in CASE_OPS},
    ("rating.record", 1): record_rating,
    ("manual_ticket.add", 1): add_manual_ticket,
    ("audit.add", 1): _append_record("audit", time_key="at", required=("who", "what", "subject")),
    ("printed_document.add", 1): _append_record(
        "printed_document", time_key="printed_at", required=("doc_type", "sha256")
    ),
}
