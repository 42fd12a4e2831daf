"""Writing sync results into the local store: push answers and pulled changes.

Each function takes the caller's session (one transaction). Pulled data never overwrites a case
with local changes the server has not yet applied (``sync_state`` pending or conflict): the
server's state is kept beside it as a case event for the clerk to see.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError, StatementError
from sqlalchemy.orm import Session, selectinload

from hallclient.domain.catalog import parse_catalog
from hallclient.domain.errors import HallError, ValidationError
from hallclient.domain.identityhash import is_reduced, tail_mask
from hallclient.domain.masking import mask_phone
from hallclient.store import outbox, repo
from hallclient.store.models import (
    CASE_STATUSES,
    CHECK_STATES,
    PLEDGE_STATUSES,
    Case,
    CaseEvent,
    CaseMaterial,
    OutboxMutation,
    Pledge,
)
from hallclient.store.types import phone_tail
from hallclient.sync.identity import EVENT_RECEIVED
from hallclient.sync.transport import Change, MutationAnswer

log = logging.getLogger("hallclient.sync")

REFERENCE_KINDS = ("catalog", "calendar", "reasons", "window_config")
CASE_KIND = "case"
KNOWN_KINDS = frozenset((*REFERENCE_KINDS, CASE_KIND))
# The kinds of change this client skipped, each with the first seq skipped: a newer server's kind,
# or a case whose number a local case the server has not taken still holds (sync/renumber.py).
# The cursor moves past them like past any other entry; once the client knows the kind (an
# upgrade) or the local case has another number, it reads the feed again from there
# (rewind_for_skipped) instead of never seeing those entries.
SKIPPED_KINDS_SETTING = "sync.skipped_kinds"
# Case events written by sync (the case timeline shows them).
EVENT_CONFLICT = "sync_conflict"
EVENT_REJECTED = "sync_rejected"
EVENT_SERVER_HELD = "server_change_held"


def case_id_of(name: str, payload: Mapping[str, Any]) -> str | None:
    if not name.startswith("case."):
        return None
    value = payload.get("case_id") or payload.get("id")
    return str(value) if value else None


# ------------------------------------------------------------------------------------ push answers


def settle(
    session: Session,
    *,
    sent: Sequence[outbox.MutationRecord],
    answers: Iterable[MutationAnswer],
    at: dt.datetime,
) -> dict[str, int]:
    """Record the server's answer for each mutation and apply what it means locally."""
    by_id = {m.mutation_id: m for m in sent}
    counts = {"applied": 0, "conflict": 0, "rejected": 0}
    touched_cases: set[str] = set()
    applied_rows: list[dict[str, Any]] = []
    for answer in answers:
        mutation = by_id.get(answer.mutation_id)
        if mutation is None:
            continue
        reply = {"code": answer.code, "data": dict(answer.data), "duplicate": answer.duplicate}
        case_id = case_id_of(mutation.name, mutation.payload)
        if answer.status == "applied":
            applied_rows.append(
                {
                    "mutation_id": answer.mutation_id,
                    "status": "applied",
                    "last_error": None,
                    "server_reply": reply,
                    "settled_at": at,
                }
            )
            _after_applied(session, mutation, answer)
            if case_id:
                touched_cases.add(case_id)
        elif answer.status == "conflict":
            outbox.mark_conflict(
                session, answer.mutation_id, reason=answer.reason or "", server_reply=reply, at=at
            )
            if case_id:
                _case_problem(session, case_id, EVENT_CONFLICT, mutation=mutation, answer=answer, at=at)
        else:
            reason = answer.reason or "服务器拒绝了这条变更"
            outbox.mark_rejected(session, answer.mutation_id, reason=reason, server_reply=reply, at=at)
            if case_id:
                _case_problem(session, case_id, EVENT_REJECTED, mutation=mutation, answer=answer, at=at)
        counts[answer.status if answer.status in counts else "rejected"] += 1
    if applied_rows:
        # The bulk form of outbox.mark_applied: one executemany for a whole batch of answers.
        session.execute(update(OutboxMutation), applied_rows)
    _mark_cases_synced(session, touched_cases)
    return counts


def _after_applied(session: Session, mutation: outbox.MutationRecord, answer: MutationAnswer) -> None:
    data = answer.data
    try:
        if mutation.name == "rating.record" and mutation.payload.get("id"):
            repo.mark_rating_synced(session, str(mutation.payload["id"]))
        elif mutation.name == "manual_ticket.add" and data.get("status") in ("reconciled", "clash"):
            repo.set_manual_ticket_status(session, str(mutation.payload["id"]), status=str(data["status"]))
        elif mutation.name.startswith("case."):
            case = session.get(Case, case_id_of(mutation.name, mutation.payload))
            if case is not None:
                if isinstance(data.get("version"), int) and data["version"] > case.version:
                    case.version = data["version"]
                if data.get("server_case_no"):
                    case.server_case_no = str(data["server_case_no"])
    except HallError as exc:  # the local row is gone (e.g. deleted by a repair): the push stands
        log.warning("could not apply the answer to mutation %s locally: %s", mutation.mutation_id, exc)


def _case_problem(
    session: Session,
    case_id: str,
    kind: str,
    *,
    mutation: outbox.MutationRecord,
    answer: MutationAnswer,
    at: dt.datetime,
) -> None:
    case = session.get(Case, case_id)
    if case is None:
        return
    case.sync_state = "conflict"
    session.add(
        CaseEvent(
            case_id=case_id,
            at=at,
            kind=kind,
            clerk_username=None,
            detail={
                "mutation_id": mutation.mutation_id,
                "mutation": mutation.qualified_name,
                "code": answer.code,
                "reason": answer.reason,
                "server_state": answer.data.get("server_state"),
            },
        )
    )


def _pending_case_ids(session: Session, case_ids: set[str]) -> set[str]:
    if not case_ids:
        return set()
    # json_extract keeps this one indexed scan of the pending rows instead of decoding them here.
    rows = session.execute(
        text(
            "SELECT DISTINCT coalesce(json_extract(payload, '$.case_id'), json_extract(payload, '$.id')) "
            "FROM outbox WHERE status = 'pending' AND name LIKE 'case.%'"
        )
    ).scalars()
    return {str(r) for r in rows if r is not None} & case_ids


def _mark_cases_synced(session: Session, case_ids: set[str]) -> None:
    still_pending = _pending_case_ids(session, case_ids)
    for case_id in case_ids - still_pending:
        case = session.get(Case, case_id)
        if case is not None and case.sync_state == "pending":
            case.sync_state = "synced"


def highest_settled_mutation_id(session: Session) -> int:
    """The newest mutation the server answered (not counting ones refused locally, which the
    server never saw)."""
    value = session.scalar(
        select(func.max(OutboxMutation.mutation_id)).where(
            OutboxMutation.status != "pending",
            func.coalesce(func.json_extract(OutboxMutation.server_reply, "$.local"), 0) == 0,
        )
    )
    return int(value or 0)


# ------------------------------------------------------------------------------------ pulled pages

# What a pulled case did here: copied or brought to a newer state ("taken"), left as it was
# ("kept": an older or the same state, local edits held beside it, a snapshot it cannot keep), or
# not copied because a local case holds its number ("clashed").
_CaseApplied = Literal["taken", "kept", "clashed"]


@dataclass(frozen=True)
class PageApplied:
    """What a pulled page changed in the store, for the screens that show it."""

    references: frozenset[str] = frozenset()  # the reference kinds saved (REFERENCE_KINDS)
    cases: int = 0  # cases copied from another window or brought to a newer state


def apply_changes(
    session: Session, changes: Sequence[Change], *, at: dt.datetime, from_start: bool = False
) -> PageApplied:
    """Apply one pulled page (the caller saves the cursor in the same transaction).

    ``from_start``: the page is the first of a read of the whole feed, so what was skipped before
    is forgotten and recorded again as the read goes."""
    latest: dict[tuple[str, str], Change] = {}
    for change in changes:  # within a page only the newest state of each thing matters
        latest[(change.kind, change.key)] = change
    case_ids = [key for kind, key in latest if kind == CASE_KIND and kind in KNOWN_KINDS]
    # One query for the page's cases instead of one per change (with what a newer state replaces).
    query = (
        select(Case)
        .where(Case.id.in_(case_ids))
        .options(selectinload(Case.materials), selectinload(Case.pledge))
    )
    local_cases = {c.id: c for c in session.scalars(query)} if case_ids else {}
    skipped: dict[str, int] = {}
    references: set[str] = set()
    cases = 0
    for (kind, key), change in latest.items():
        if kind not in KNOWN_KINDS:
            skipped[kind] = min(change.seq, skipped.get(kind, change.seq))
        elif kind == CASE_KIND:
            applied = _apply_case(session, local_cases.get(key), change.body, at=at)
            if applied == "clashed":
                # Its number is held here by a case the server has not taken (sync/renumber.py):
                # read it again once that case has been given another number.
                skipped[kind] = min(change.seq, skipped.get(kind, change.seq))
            cases += applied == "taken"
        elif kind == "catalog" and not _readable_catalog(change.body):
            continue  # the copy this counter has stays: intake goes on with the last good one
        else:
            repo.save_cached_document(
                session, kind=kind, version=change.digest[:16], body=change.body, fetched_at=at
            )
            references.add(kind)
    if skipped or from_start:
        _note_skipped_kinds(session, skipped, from_start=from_start)
    return PageApplied(references=frozenset(references), cases=cases)


def _readable_catalog(body: Mapping[str, Any]) -> bool:
    """Whether this program can read the catalog a server published. A server checks a catalog
    before it keeps it (server/catalog.py), but one edited in its database, or an older server,
    may publish one that this version cannot read: keeping it would put the counter on the
    shipped sample catalog, another hall's items."""
    try:
        parse_catalog(body)
    except ValidationError as error:
        log.error("the server's catalog cannot be read (%s): the last good copy stays", error.message)
        return False
    return True


def _skipped_kinds(session: Session) -> dict[str, int]:
    try:
        stored = json.loads(repo.get_setting(session, SKIPPED_KINDS_SETTING) or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if isinstance(v, int)}


def _note_skipped_kinds(session: Session, skipped: Mapping[str, int], *, from_start: bool) -> None:
    noted = {} if from_start else _skipped_kinds(session)
    for kind, seq in skipped.items():
        if kind not in noted:
            log.info("skipping changes of unknown kind %r from seq %s (a newer server)", kind, seq)
        noted[kind] = min(seq, noted.get(kind, seq))
    repo.set_setting(session, SKIPPED_KINDS_SETTING, json.dumps(noted, sort_keys=True))


def rewind_for_skipped(session: Session, *, cursor: int) -> int | None:
    """If this client now knows a kind it once skipped, the cursor to read again from (just
    before the first entry skipped); None if there is nothing to read again. Forgets the kinds
    it now knows, so this happens once for each skip. A case skipped for its number is read again
    at the next sync: by then it has usually been renumbered here; if not, it is noted again."""
    skipped = _skipped_kinds(session)
    learned = {kind: seq for kind, seq in skipped.items() if kind in KNOWN_KINDS}
    if not learned:
        return None
    rest = {kind: seq for kind, seq in skipped.items() if kind not in learned}
    repo.set_setting(session, SKIPPED_KINDS_SETTING, json.dumps(rest, sort_keys=True))
    rewound = min(cursor, min(learned.values()) - 1)
    log.warning("reading the feed again from seq %s for the kinds %s", rewound, sorted(learned))
    return max(rewound, 0)


def _apply_case(
    session: Session, case: Case | None, state: Mapping[str, Any], *, at: dt.datetime
) -> _CaseApplied:
    case_id = str(state.get("id") or "")
    if not case_id:
        return "kept"
    if case is None:
        return _insert_case(session, state, at=at)
    version = int(state.get("version") or 0)
    if case.sync_state != "synced":
        # Local edits the server has not applied yet: keep them, hold the server's state beside.
        if version > case.version and not _held_already(session, case_id, version):
            session.add(
                CaseEvent(
                    case_id=case_id,
                    at=at,
                    kind=EVENT_SERVER_HELD,
                    clerk_username=None,
                    # With its (shared) snapshot: "use the server's version" may need it.
                    detail={"server_state": dict(state)},
                )
            )
        return "kept"
    if version < case.version:
        return "kept"  # an older state than the one we already have
    # The same version is this counter's own push coming back (or a read of the feed again).
    newer = version > case.version
    _take_server_state(case, state)
    return "taken" if newer else "kept"


def _held_already(session: Session, case_id: str, version: int) -> bool:
    """A read of the feed again (a restored server, a kind learned) brings states already held."""
    held = session.scalars(
        select(CaseEvent.detail).where(CaseEvent.case_id == case_id, CaseEvent.kind == EVENT_SERVER_HELD)
    )
    return any(
        isinstance(d, Mapping)
        and isinstance(d.get("server_state"), Mapping)
        and d["server_state"].get("version") == version
        for d in held
    )


def _take_server_state(case: Case, state: Mapping[str, Any]) -> None:
    """The server's newer state of a case this counter holds without unsent edits: its status and
    also what another window did to it (materials supplied, pledge fulfilled, completion), so
    this window continues from there. The applicant's fields stay as they are: the shared
    snapshot carries only reduced ID numbers and phones."""
    status = state.get("status")
    if status in CASE_STATUSES:
        case.status = str(status)
    if state.get("server_case_no"):
        case.server_case_no = str(state["server_case_no"])
    case.version = int(state.get("version") or case.version)
    case.sync_state = "synced"
    snapshot = state.get("snapshot")
    if isinstance(snapshot, Mapping):
        _take_snapshot(case, snapshot)
    case.updated_at = _when(state.get("updated_at")) or case.updated_at


def _take_snapshot(case: Case, snapshot: Mapping[str, Any]) -> None:
    # Only values the store accepts are taken: these rows are flushed with the whole page, so one
    # odd value would otherwise stop every later page too.
    accepted_at = _when(snapshot.get("accepted_at"))
    if accepted_at is not None:
        case.accepted_at = accepted_at
    case.completed_at = _when(snapshot.get("completed_at")) or case.completed_at
    if case.status != "completed":
        case.completed_at = None
    case.promised_due = _day(snapshot.get("promised_due")) or case.promised_due
    materials = snapshot.get("materials")
    if isinstance(materials, list):
        theirs = {str(m["key"]): m for m in materials if isinstance(m, Mapping) and m.get("key")}
        for row in case.materials:
            item = theirs.get(row.material_key)
            if item is not None:
                _take_material(row, item)
    pledge = snapshot.get("pledge")
    if isinstance(pledge, Mapping):
        _take_pledge(case, pledge)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63 else None


def _take_material(row: CaseMaterial, item: Mapping[str, Any]) -> None:
    if item.get("state") in CHECK_STATES:
        row.state = str(item["state"])
    for name in ("originals", "copies", "required_originals", "required_copies"):
        count = _count(item.get(name))
        if count is not None:
            setattr(row, name, count)
    if "e_license_no" in item and (item["e_license_no"] is None or isinstance(item["e_license_no"], str)):
        row.e_license_no = item["e_license_no"] or None


def _take_pledge(case: Case, pledge: Mapping[str, Any]) -> None:
    due = _day(pledge.get("due"))
    status = pledge.get("status") if pledge.get("status") in PLEDGE_STATUSES else None
    if case.pledge is None:
        if due is None:
            return
        # Signed at another window after this copy was taken (a later 容缺 pledge).
        names = {m.material_key: m.name for m in case.materials}
        listed = pledge.get("materials")
        keys: list[Any] = listed if isinstance(listed, list) else []
        case.pledge = Pledge(
            commitments="\n".join(names.get(str(k), str(k)) for k in keys),
            due=due,
            status="open",
            signed_at=_when(pledge.get("signed_at")) or case.updated_at,
        )
    if due is not None:
        case.pledge.due = due
        case.pledge_due = due
    if status is not None:
        case.pledge.status = str(status)
    if case.pledge.status == "fulfilled":
        case.pledge.fulfilled_at = _when(pledge.get("fulfilled_at")) or case.pledge.fulfilled_at
    else:
        case.pledge.fulfilled_at = None


_MATERIAL_FIELDS = (
    "name",
    "core",
    "deficiency_allowed",
    "state",
    "originals",
    "copies",
    "e_license_no",
    "required_originals",
    "required_copies",
)


def _when(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _opt_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _reduced(value: Any) -> str | None:
    text = _opt_text(value)
    return None if text is None else text if is_reduced(text) else tail_mask(text)


def _masked_phone(value: Any) -> str | None:
    text = _opt_text(value)
    return None if text is None else text if "*" in text else mask_phone(text)


def _insert_case(session: Session, state: Mapping[str, Any], *, at: dt.datetime) -> _CaseApplied:
    """A case taken in at another window (``case.create@1`` snapshot, see intake/cases.py): keep
    a local copy so this window can continue it (supplement, withdrawal)."""
    snapshot = state.get("snapshot")
    applicant = snapshot.get("applicant") if isinstance(snapshot, Mapping) else None
    if not isinstance(snapshot, Mapping) or not isinstance(applicant, Mapping):
        log.info("case %s from the server lacks the fields to keep a local copy", state.get("id"))
        return "kept"
    required = (
        snapshot.get("case_no"),
        snapshot.get("item_code"),
        snapshot.get("window_no"),
        snapshot.get("clerk"),
        snapshot.get("outcome"),
        applicant.get("kind"),
        applicant.get("name"),
    )
    created = _when(snapshot.get("created_at"))
    if not all(isinstance(v, str) and v for v in required) or created is None:
        log.info("case %s from the server lacks the fields to keep a local copy", state.get("id"))
        return "kept"
    if session.scalar(select(Case.id).where(Case.case_no == str(snapshot["case_no"]))) is not None:
        return "clashed"
    # Never keep more of an ID number or phone than the server shares, even from an older server
    # that sent them in full (docs/sync.md, "Privacy of shared cases").
    id_number = _reduced(applicant.get("id_number"))
    phone = _masked_phone(applicant.get("phone"))
    case = Case(
        id=str(state["id"]),
        case_no=str(snapshot["case_no"]),
        server_case_no=_opt_text(state.get("server_case_no")),
        item_code=str(snapshot["item_code"]),
        bundle_code=_opt_text(snapshot.get("bundle_code")),
        applicant_kind=str(applicant["kind"]),
        applicant_name=str(applicant["name"]),
        applicant_id_number=id_number,
        applicant_id_tail=id_number[-4:] if id_number else None,
        applicant_phone=phone,
        applicant_phone_tail=phone_tail(phone),
        org_credit_code=_opt_text(applicant.get("credit_code")),
        legal_rep=_opt_text(applicant.get("legal_rep")),
        agent_name=_opt_text(applicant.get("agent_name")),
        agent_id_number=_reduced(applicant.get("agent_id_number")),
        ticket_id=_opt_text(snapshot.get("ticket_id")),
        ticket_number=_opt_text(snapshot.get("ticket_number")),
        window_no=str(snapshot["window_no"]),
        clerk_username=str(snapshot["clerk"]),
        outcome=str(snapshot["outcome"]),
        recommended_outcome=str(snapshot.get("recommended_outcome") or snapshot["outcome"]),
        override_reason=_opt_text(snapshot.get("override_reason")),
        status=str(state.get("status") or snapshot.get("status") or "accepted"),
        accepted_at=_when(snapshot.get("accepted_at")),
        completed_at=_when(snapshot.get("completed_at")),
        promised_due=_day(snapshot.get("promised_due")),
        pledge_due=_day((snapshot.get("pledge") or {}).get("due")),
        version=int(state.get("version") or 0),
        created_at=created,
        updated_at=_when(state.get("updated_at")) or created,
        sync_state="synced",
    )
    names: dict[str, str] = {}
    materials = snapshot.get("materials")
    if isinstance(materials, list):
        for position, item in enumerate(materials):
            if isinstance(item, Mapping) and item.get("key") and item.get("state"):
                values = {k: item[k] for k in _MATERIAL_FIELDS if k in item}
                values.setdefault("name", str(item["key"]))
                values.setdefault("core", False)
                names[str(item["key"])] = str(values["name"])
                case.materials.append(
                    CaseMaterial(material_key=str(item["key"]), position=position, **values)
                )
    pledge = snapshot.get("pledge")
    due = _day(pledge.get("due")) if isinstance(pledge, Mapping) else None
    if isinstance(pledge, Mapping) and due is not None:
        listed = pledge.get("materials")
        keys: list[Any] = listed if isinstance(listed, list) else []
        case.pledge = Pledge(
            commitments="\n".join(names.get(str(k), str(k)) for k in keys),
            due=due,
            status=str(pledge.get("status") or "open"),
            signed_at=_when(pledge.get("signed_at")) or created,
        )
    identity = applicant.get("identity")
    case.events.append(
        CaseEvent(
            at=at,
            kind=EVENT_RECEIVED,
            clerk_username=None,
            detail={
                "text": f"由 {case.window_no} 号窗口受理，本机仅存脱敏副本（继续办理前请核验申请人身份）",
                "window_no": case.window_no,
                "identity": dict(identity) if isinstance(identity, Mapping) else None,
            },
        )
    )
    try:
        with session.begin_nested():
            session.add(case)
            session.flush()
    except Exception as exc:
        if not _refused_for_its_values(exc):
            raise  # the store itself (disk full, read-only…): the page and its cursor are not saved
        # A snapshot written differently by another program version: skip it, the feed goes on.
        log.warning("could not keep a local copy of case %s: %s", state.get("id"), exc)
        return "kept"
    return "taken"


def _refused_for_its_values(exc: BaseException) -> bool:
    """Whether saving a pulled copy failed on what its snapshot holds, as SQLite and SQLAlchemy
    refuse such values: a broken CHECK, NOT NULL or UNIQUE rule (IntegrityError), a value of a
    type SQLite cannot bind (ProgrammingError) or a column type refuses (StatementError around a
    TypeError or ValueError), a number too large for SQLite (OverflowError)."""
    cause = exc.orig if isinstance(exc, StatementError) and not isinstance(exc, DBAPIError) else exc
    return isinstance(cause, (IntegrityError, ProgrammingError, TypeError, ValueError, OverflowError))


def payload_summary(name: str, payload_json: str) -> str:
    """A short line for the clerk: which case, rating or ticket a mutation is about."""
    try:
        payload = json.loads(payload_json)
    except ValueError:
        return ""
    for key in ("case_no", "number", "ticket_number", "subject", "doc_type", "request_id"):
        if payload.get(key):
            return str(payload[key])
    return str(payload.get("case_id") or payload.get("id") or "")
