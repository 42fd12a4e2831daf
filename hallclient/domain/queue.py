"""Queue rules (DESIGN §4): ticket and window states, pause reasons and the call-next order.

Pure values and functions; the server's queue engine and the clients share them.

Call-next order (``order_candidates``), one sort key per entry, compared left to right:

1. **Priority class** — a green-channel ticket (绿色通道) or an appointment that is due
   (its slot starts no later than ``now + policy.appointment_grace``) comes first. Each of the two
   can be switched off per hall (``CallPolicy.green_channel_first``, ``due_appointments_first``).
2. **The window's service order** — a ticket transferred to this very window comes first, then
   tickets of the window's first service, then its second, … (``window_services`` is ordered).
   With ``CallPolicy.service_order_first = False`` this level is skipped and the services of the
   window are treated alike.
3. **Earliest effective time** — normally the issue time; a transferred ticket keeps its original
   time unless the transfer said otherwise; a resumed (挂起后恢复) ticket keeps its time too.
4. **Ticket number** — prefix, then the daily number, then the entry id: a total order, so the
   result never depends on the order the candidates were given in.

Entries that the window may not call (another service, or transferred to another window) are
left out.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"
    SUSPENDED = "suspended"

    @property
    def label(self) -> str:
        return TICKET_STATE_LABELS[self]

    @property
    def is_final(self) -> bool:
        return not ALLOWED_TRANSITIONS[self]


TICKET_STATE_LABELS: dict[TicketState, str] = {
    TicketState.WAITING: "等候中",
    TicketState.CALLED: "已叫号",
    TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结",
    TicketState.NO_SHOW: "已过号",
    TicketState.CANCELLED: "已取消",
    TicketState.TRANSFERRED: "已转移",
    TicketState.SUSPENDED: "已挂起",
}

# A recall keeps the ticket in CALLED; it is a window action, not a state change, so it is not here.
ALLOWED_TRANSITIONS: dict[TicketState, frozenset[TicketState]] = {
    TicketState.WAITING: frozenset({TicketState.CALLED, TicketState.CANCELLED, TicketState.TRANSFERRED}),
    TicketState.CALLED: frozenset(
        {
            TicketState.SERVING,
            TicketState.NO_SHOW,
            TicketState.TRANSFERRED,
            TicketState.SUSPENDED,
            TicketState.CANCELLED,
        }
    ),
    TicketState.SERVING: frozenset({TicketState.DONE, TicketState.TRANSFERRED, TicketState.SUSPENDED}),
    TicketState.SUSPENDED: frozenset({TicketState.WAITING, TicketState.CANCELLED}),
    TicketState.DONE: frozenset(),
    TicketState.NO_SHOW: frozenset(),
    TicketState.CANCELLED: frozenset(),
    TicketState.TRANSFERRED: frozenset(),
}


def can_transition(from_state: TicketState, to_state: TicketState) -> bool:
    return to_state in ALLOWED_TRANSITIONS[from_state]


class WindowState(enum.StrEnum):
    IDLE = "idle"  # signed in, no current ticket
    CALLING = "calling"  # current ticket called, applicant not yet at the counter
    SERVING = "serving"
    PAUSED = "paused"
    OFFLINE = "offline"  # nobody signed in

    @property
    def label(self) -> str:
        return WINDOW_STATE_LABELS[self]


WINDOW_STATE_LABELS: dict[WindowState, str] = {
    WindowState.IDLE: "空闲",
    WindowState.CALLING: "叫号中",
    WindowState.SERVING: "办理中",
    WindowState.PAUSED: "暂停服务",
    WindowState.OFFLINE: "未登录",
}


class PauseReason(enum.StrEnum):
    BREAK = "break"
    MEAL = "meal"
    MEETING = "meeting"
    CONSULTATION = "consultation"
    BACK_OFFICE = "back_office"
    SYSTEM_FAULT = "system_fault"
    TRAINING = "training"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PAUSE_REASON_LABELS[self]


PAUSE_REASON_LABELS: dict[PauseReason, str] = {
    PauseReason.BREAK: "临时休息",
    PauseReason.MEAL: "用餐",
    PauseReason.MEETING: "会议",
    PauseReason.CONSULTATION: "业务会商",
    PauseReason.BACK_OFFICE: "后台审核",
    PauseReason.SYSTEM_FAULT: "系统故障",
    PauseReason.TRAINING: "业务培训",
    PauseReason.OTHER: "其他",
}


class TicketSource(enum.StrEnum):
    KIOSK = "kiosk"
    APPOINTMENT = "appointment"
    WALK_IN = "walk_in"
    MANUAL = "manual"


@dataclass(frozen=True)
class CallPolicy:
    """A hall's call-next settings; the defaults are DESIGN §4's order."""

    green_channel_first: bool = True
    due_appointments_first: bool = True
    # An appointment counts as due this long before its slot starts (applicants come early).
    appointment_grace: timedelta = timedelta(minutes=10)
    service_order_first: bool = True


@dataclass(frozen=True)
class QueueEntry:
    """A waiting ticket as the call-next order sees it."""

    id: int
    service: str  # service code, also the number's prefix
    number_seq: int  # daily number within the service (12 for "A012")
    effective_at: datetime  # issue time, or the time kept through a transfer or suspension
    green_channel: bool = False
    appointment_at: datetime | None = None  # start of the booked slot, for appointment tickets
    target_window: str | None = None  # set when transferred to one window rather than a service
    prefix: str = ""  # number prefix when it differs from the service code

    @property
    def number_prefix(self) -> str:
        return self.prefix or self.service


def is_priority(entry: QueueEntry, *, now: datetime, policy: CallPolicy) -> bool:
    if policy.green_channel_first and entry.green_channel:
        return True
    return (
        policy.due_appointments_first
        and entry.appointment_at is not None
        and entry.appointment_at <= now + policy.appointment_grace
    )


def is_callable_by(entry: QueueEntry, *, window_no: str | None, window_services: Sequence[str]) -> bool:
    if entry.target_window is not None:
        return entry.target_window == window_no
    return entry.service in window_services


def order_key(
    entry: QueueEntry,
    *,
    window_no: str | None,
    window_services: Sequence[str],
    now: datetime,
    policy: CallPolicy,
) -> tuple[int, int, datetime, str, int, int]:
    """The sort key of ``entry`` for one window; see the module docstring for the levels."""
    priority_rank = 0 if is_priority(entry, now=now, policy=policy) else 1
    directed_here = entry.target_window is not None and entry.target_window == window_no
    if not policy.service_order_first or directed_here:
        service_rank = 0
    elif entry.service in window_services:
        service_rank = 1 + list(window_services).index(entry.service)
    else:
        service_rank = 1 + len(window_services)
    return (priority_rank, service_rank, entry.effective_at, entry.number_prefix, entry.number_seq, entry.id)


def order_candidates(
    entries: Iterable[QueueEntry],
    *,
    window_services: Sequence[str],
    now: datetime,
    policy: CallPolicy,
    window_no: str | None = None,
) -> list[QueueEntry]:
    """The entries this window may call, best first (the first one is what "call next" takes).

    Deterministic: the result depends only on the set of entries, never on their input order.
    """
    callable_entries = [
        e for e in entries if is_callable_by(e, window_no=window_no, window_services=window_services)
    ]
    return sorted(
        callable_entries,
        key=lambda e: order_key(
            e, window_no=window_no, window_services=window_services, now=now, policy=policy
        ),
    )


def format_number(prefix: str, number_seq: int, *, width: int = 3) -> str:
    """ "A" and 12 → "A012"; numbers past the width simply grow ("A1000")."""
    return f"{prefix}{number_seq:0{width}d}"
