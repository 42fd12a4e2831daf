"""Cases whose number the server found taken (``case_no_taken``) get the next free number.

Each window numbers its cases itself, so that intake works offline (DESIGN §5). A counter that
starts on an empty store — a replaced PC, a store rebuilt after a fault — begins the day's
sequence again, and a case it takes in before it has read the window's cases of that day can get
a number the window already used. The server refuses that case as ``case_no_taken``. That is no
edit of a case the clerk could resolve one way or the other: the case is simply not on the
server, and would stay so. So, once a pull has brought the window's numbers, the counter gives
the case the next free number itself (:func:`hallclient.intake.cases.renumber_case`) and sends
it again. Its later edits go again after it, in their order: those still pending, and those
the server refused only because it did not have the case (``case_not_found``). The mutations
replaced stay in the outbox, marked resolved, like a clerk's resolution.

The case's id — and with it the QR code on its papers — stays; the number printed on them does
not. The case's timeline says so, and the sync report names the renumbered cases, so the clerk
can print the papers again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hallclient.intake import cases
from hallclient.store import outbox
from hallclient.store.models import Case
from hallclient.sync.apply import case_id_of
from hallclient.sync.conflicts import RESOLUTION_KEY, is_resolved

CASE_NO_TAKEN = "case_no_taken"
CASE_NOT_FOUND = "case_not_found"
CHOICE_RENUMBER = "renumber"


@dataclass(frozen=True)
class RenumberedCase:
    case_id: str
    old_case_no: str
    new_case_no: str


def _code(m: outbox.MutationRecord) -> Any:
    return m.server_reply.get("code") if m.server_reply else None


def _clashed(session: Session) -> list[outbox.MutationRecord]:
    return [
        m
        for m in outbox.list_mutations(session, statuses=("conflict",), limit=100_000, newest_first=False)
        if m.name == "case.create" and _code(m) == CASE_NO_TAKEN and not is_resolved(m.server_reply)
    ]


def has_clashed_cases(session: Session) -> bool:
    """Whether any case waits to be renumbered (a read: the usual sync round has none)."""
    return bool(_clashed(session))


def _to_send_again(session: Session, case_id: str, *, after: int) -> list[outbox.MutationRecord]:
    """The case's later mutations: pending, or refused because the server lacked the case."""
    return [
        m
        for m in outbox.list_mutations(
            session, statuses=("pending", "rejected"), limit=100_000, newest_first=False
        )
        if m.mutation_id > after
        and case_id_of(m.name, m.payload) == case_id
        and (m.status == "pending" or (_code(m) == CASE_NOT_FOUND and not is_resolved(m.server_reply)))
    ]


def _set_aside(
    m: outbox.MutationRecord, session: Session, *, new_id: int, case_no: str, now: dt.datetime
) -> None:
    resolution = {
        "choice": CHOICE_RENUMBER,
        "at": now.isoformat(),
        "new_mutation_id": new_id,
        "case_no": case_no,
    }
    reply: dict[str, Any] = {**dict(m.server_reply or {}), RESOLUTION_KEY: resolution}
    note = f"已随办件改号为 {case_no} 重新提交为第 {new_id} 号变更"
    reason = f"{m.last_error}（{note}）" if m.last_error else note
    if m.status == "rejected":
        outbox.mark_rejected(session, m.mutation_id, reason=reason, server_reply=reply, at=m.settled_at)
        return
    if m.status == "pending":  # never sent: the server has no answer for it
        reply["local"] = True
    outbox.mark_conflict(session, m.mutation_id, reason=reason, server_reply=reply, at=m.settled_at or now)


def renumber_clashed_cases(session: Session, *, now: dt.datetime) -> list[RenumberedCase]:
    """Renumber every case the server refused as ``case_no_taken`` and queue it again (one
    transaction, the caller's); the cases renumbered."""
    renumbered: list[RenumberedCase] = []
    for create in _clashed(session):
        case_id = case_id_of(create.name, create.payload)
        case = session.get(Case, case_id) if case_id else None
        if case is None:
            continue  # deleted locally by a repair: nothing left to send
        later = _to_send_again(session, case.id, after=create.mutation_id)
        if any(m.status == "pending" and m.attempts > 0 for m in later):
            continue  # sent and not answered yet (as for a clerk's resolution): the next round
        old = case.case_no
        new = cases.renumber_case(session, case_id=case.id, now=now)
        for m in (create, *later):  # in their order, the create first
            payload = {**m.payload, "case_no": new} if "case_no" in m.payload else dict(m.payload)
            again = outbox.enqueue(session, name=m.name, version=m.version, payload=payload)
            _set_aside(m, session, new_id=again, case_no=new, now=now)
        case.sync_state = "pending"
        renumbered.append(RenumberedCase(case.id, old, new))
    return renumbered
