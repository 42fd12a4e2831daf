"""Frozen values the intake services take and return (never ORM objects: they cross threads)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field

from hallclient.domain.alerts import AlertLevel
from hallclient.domain.catalog import ItemKind
from hallclient.domain.outcome import CheckState, MaterialCheck, Outcome

# Every hall in China keeps Beijing time; the "day" of a case (its number, its deadlines, the
# 今日 filter) is that local day whatever time zone the machine is set to.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")
DEFAULT_PLEDGE_DAYS = 5


def local_day(moment: dt.datetime) -> dt.date:
    """The hall's calendar day of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()} has no time zone")
    return moment.astimezone(CHINA_TZ).date()


class ApplicantKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "org"

    @property
    def label(self) -> str:
        return "自然人" if self is ApplicantKind.PERSON else "法人/其他组织"


class CaseStatus(enum.StrEnum):
    ACCEPTED = "accepted"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    NOTIFIED = "notified"
    REJECTED = "rejected"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still running against a deadline (the 红黄牌 apply)."""
        return self in (CaseStatus.ACCEPTED, CaseStatus.AWAITING_SUPPLEMENT)


_STATUS_LABELS = {
    CaseStatus.ACCEPTED: "已受理",
    CaseStatus.AWAITING_SUPPLEMENT: "容缺待补正",
    CaseStatus.NOTIFIED: "已一次性告知",
    CaseStatus.REJECTED: "不予受理",
    CaseStatus.COMPLETED: "已办结",
    CaseStatus.WITHDRAWN: "已撤回",
}


class PledgeStatus(enum.StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    # Shown, never stored: an open pledge past its due date, or one whose case was withdrawn
    # (nothing is owed any more, and the stored pledge keeps what was promised).
    OVERDUE = "overdue"
    LAPSED = "lapsed"

    @property
    def label(self) -> str:
        return {"open": "待补正", "fulfilled": "已补齐", "overdue": "承诺逾期", "lapsed": "随办件撤回"}[
            self.value
        ]


@dataclass(frozen=True)
class TicketRef:
    """The queue ticket being served when the case is taken in."""

    id: str
    number: str


@dataclass(frozen=True)
class AgentDraft:
    """代办人: the person handing in the application for the applicant."""

    name: str
    id_number: str


@dataclass(frozen=True)
class ApplicantDraft:
    """What the clerk typed about the applicant, unvalidated.

    Person: ``name``, ``id_number`` and ``phone``. Organisation: ``name``, ``credit_code`` and
    ``legal_rep`` (``phone`` optional, a contact number).
    """

    kind: ApplicantKind
    name: str
    id_number: str = ""
    phone: str = ""
    credit_code: str = ""
    legal_rep: str = ""
    agent: AgentDraft | None = None


@dataclass(frozen=True)
class ValidApplicant:
    """The applicant after validation: numbers normalised (half-width, upper case, no spaces)."""

    kind: ApplicantKind
    name: str
    id_number: str | None
    phone: str | None
    credit_code: str | None
    legal_rep: str | None
    agent_name: str | None
    agent_id_number: str | None


def new_draft_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class CaseDraft:
    """Everything the intake form holds when the clerk saves.

    Exactly one of ``item_code`` and ``bundle_code`` is set. ``draft_id`` becomes the case id: it
    is made once per form, so saving the same form twice (a double Ctrl+S, a retry after an error)
    gives back the case saved the first time instead of a second case.
    """

    applicant: ApplicantDraft
    checks: tuple[MaterialCheck, ...]
    item_code: str | None = None
    bundle_code: str | None = None
    applicant_pledges: bool = False
    pledge_days: int = DEFAULT_PLEDGE_DAYS
    chosen_outcome: Outcome | None = None  # None: follow the recommendation
    override_reason: str = ""
    in_scope: bool = True
    reject_reason: str = ""
    referral: str = ""
    complete_now: bool = False  # 即办件: completed at the counter as it is accepted
    ticket: TicketRef | None = None
    draft_id: str = field(default_factory=new_draft_id)


@dataclass(frozen=True)
class CaseSummary:
    """What the clerk sees right after a save or a later action."""

    id: str
    case_no: str
    status: CaseStatus
    outcome: Outcome
    recommended_outcome: Outcome
    overridden: bool
    subject_code: str
    subject_name: str
    kind: ItemKind
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    promised_due: dt.date | None
    pledge_due: dt.date | None
    to_supply: tuple[str, ...]  # material names the applicant still has to bring
    reasons: tuple[str, ...]
    deadline_estimated: bool  # a deadline fell in a year without a known holiday calendar
    ticket_number: str | None


class CaseChip(enum.StrEnum):
    """The case list's filter chips; several chips narrow the list together."""

    TODAY = "today"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    PLEDGE_OVERDUE = "pledge_overdue"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {
            "today": "今日",
            "awaiting_supplement": "待补正",
            "pledge_overdue": "承诺逾期",
            "yellow": "黄牌",
            "red": "红牌",
        }[self.value]


@dataclass(frozen=True)
class CaseFilter:
    """Search text (case no, applicant name, ID/phone/credit code prefix, last four ID characters,
    ticket number) and chips."""

    text: str = ""
    chips: frozenset[CaseChip] = frozenset()


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list: personal data masked."""

    id: str
    case_no: str
    subject_code: str
    is_bundle: bool
    applicant_kind: ApplicantKind
    applicant_name: str  # a person's masked (张*三), an organisation's in full
    applicant_number: str  # masked ID number or credit code
    status: CaseStatus
    outcome: Outcome
    created_at: dt.datetime
    promised_due: dt.date | None
    pledge_due: dt.date | None
    pledge_overdue: bool
    alert: AlertLevel
    ticket_number: str | None
    window_no: str
    clerk: str


@dataclass(frozen=True)
class MaterialLine:
    key: str
    name: str
    core: bool
    deficiency_allowed: bool
    state: CheckState
    originals: int
    copies: int
    e_license_no: str | None
    required_originals: int
    required_copies: int

    @property
    def outstanding(self) -> bool:
        return self.state in (CheckState.MISSING, CheckState.DEFICIENT)


@dataclass(frozen=True)
class PledgeView:
    due: dt.date
    status: PledgeStatus  # OVERDUE when still open after ``due``
    commitments: tuple[str, ...]
    signed_at: dt.datetime
    fulfilled_at: dt.datetime | None


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str
    clerk: str | None
    text: str  # Chinese, for the timeline view


@dataclass(frozen=True)
class CaseDetail:
    """One case for the detail view. ID numbers are masked unless the viewer revealed them
    (which is audited)."""

    id: str
    case_no: str
    server_case_no: str | None
    subject_code: str
    is_bundle: bool
    applicant_kind: ApplicantKind
    applicant_name: str
    id_number: str | None
    phone: str | None
    credit_code: str | None
    legal_rep: str | None
    agent_name: str | None
    agent_id_number: str | None
    id_revealed: bool
    ticket_number: str | None
    window_no: str
    clerk: str
    status: CaseStatus
    outcome: Outcome
    recommended_outcome: Outcome
    override_reason: str | None
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    promised_due: dt.date | None
    alert: AlertLevel
    pledge: PledgeView | None
    materials: tuple[MaterialLine, ...]
    timeline: tuple[TimelineEntry, ...]
    reject_reason: str | None
    referral: str | None
    sync_state: str

    @property
    def outstanding(self) -> tuple[MaterialLine, ...]:
        return tuple(line for line in self.materials if line.outstanding)


@dataclass(frozen=True)
class SupplementResult:
    case: CaseSummary
    supplied: tuple[str, ...]  # names
    still_outstanding: tuple[str, ...]  # names
    pledge_fulfilled: bool
    late: bool  # delivered after the pledge's due date
