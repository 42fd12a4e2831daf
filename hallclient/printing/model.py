"""What a printed document is made from: frozen values, independent of Qt and of the local store.

The intake and queue services (or the UI) fill these from a case or ticket; the renderers read
nothing else. ID numbers arrive in full and are masked by the renderer, so that no caller can
forget to. Strings are Chinese, as printed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

_MM = 72 / 25.4  # points per millimetre


class Paper(enum.Enum):
    """The two papers a hall prints on; values match ``PrintSettings`` (``"a4"``, ``"roll80"``)."""

    A4 = "a4"
    ROLL_80 = "roll80"

    @property
    def width_pt(self) -> float:
        return (210 if self is Paper.A4 else 80) * _MM

    @property
    def is_roll(self) -> bool:
        return self is Paper.ROLL_80

    @classmethod
    def from_setting(cls, value: str) -> Paper:
        """``"a4"``/``"roll80"`` (as stored in the settings file; case and dashes ignored)."""
        key = value.strip().lower().replace("-", "").replace("_", "")
        for paper in cls:
            if paper.value == key:
                return paper
        from hallclient.domain.errors import ValidationError

        raise ValidationError(f"未知纸张：{value!r}（可选 a4、roll80）", field="paper", value=value)


class DocumentType(enum.Enum):
    RECEIPT = "receipt"  # 受理回执
    NOTIFY_ONCE = "notify_once"  # 一次性告知书
    DEFICIENCY_NOTICE = "deficiency_notice"  # 容缺受理通知书 + 承诺书
    REJECTION_NOTICE = "rejection_notice"  # 不予受理通知书
    TICKET = "ticket"  # 排队号票

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def default_paper(self) -> Paper:
        return Paper.ROLL_80 if self is DocumentType.TICKET else Paper.A4


_TITLES = {
    DocumentType.RECEIPT: "受理回执",
    DocumentType.NOTIFY_ONCE: "一次性告知书",
    DocumentType.DEFICIENCY_NOTICE: "容缺受理通知书",
    DocumentType.REJECTION_NOTICE: "不予受理通知书",
    DocumentType.TICKET: "排队号票",
}


class ApplicantKind(enum.Enum):
    PERSON = "person"
    ORG = "org"


class CaseKind(enum.Enum):
    IMMEDIATE = "immediate"  # 即办件
    PROMISED = "promised"  # 承诺件


class Outcome(enum.Enum):
    ACCEPT = "accept"
    ACCEPT_WITH_DEFICIENCY = "accept_with_deficiency"
    NOTIFY_ONCE = "notify_once"
    REJECT = "reject"


class ReceivedState(enum.Enum):
    """How a material was (not) handed in: the clerk's tick on the checklist."""

    ORIGINAL = "original"
    COPY = "copy"
    E_LICENSE = "e_license"
    MISSING = "missing"
    DEFICIENT = "deficient"  # handed in but not acceptable (expired, unsigned, wrong form)

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def outstanding(self) -> bool:
        return self in (ReceivedState.MISSING, ReceivedState.DEFICIENT)


_STATE_LABELS = {
    ReceivedState.ORIGINAL: "已收原件",
    ReceivedState.COPY: "已收复印件",
    ReceivedState.E_LICENSE: "电子证照",
    ReceivedState.MISSING: "缺",
    ReceivedState.DEFICIENT: "不符合要求",
}


@dataclass(frozen=True)
class HallInfo:
    name: str
    code: str
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ApplicantInfo:
    kind: ApplicantKind
    name: str
    id_number: str = ""  # 公民身份号码, in full; printed masked
    phone: str = ""
    org_credit_code: str = ""  # 统一社会信用代码 (organisations)
    legal_rep: str = ""  # 法定代表人 (organisations)
    agent_name: str = ""  # 代办人
    agent_id_number: str = ""


@dataclass(frozen=True)
class MaterialRow:
    name: str
    core: bool  # 必要 (core) or 非必要 (secondary)
    required_originals: int
    required_copies: int
    state: ReceivedState
    originals: int = 0
    copies: int = 0
    e_license_no: str = ""
    note: str = ""


@dataclass(frozen=True)
class CaseDocumentData:
    case_no: str
    item_code: str
    item_name: str
    department: str
    kind: CaseKind
    accepted_on: date  # the day the application was handed in (and accepted, where it was)
    applicant: ApplicantInfo
    hall: HallInfo
    window_no: str
    clerk_name: str
    printed_at: datetime
    progress_url: str
    outcome: Outcome = Outcome.ACCEPT
    materials: tuple[MaterialRow, ...] = ()
    # Corrections beyond the checklist ("申请表第3栏未签字"): listed with the missing materials.
    missing: tuple[str, ...] = ()
    server_case_no: str = ""
    promised_days: int = 0
    promised_due: date | None = None
    pledge_due: date | None = None  # 容缺材料补正期限
    legal_basis: str = ""
    fee: Decimal | None = None  # None: 不收费
    reject_reason: str = ""
    reject_referral: str = ""  # where to go instead
    reject_legal_basis: str = ""
    reject_appeal_text: str = ""  # empty: the standard 行政复议/行政诉讼 wording

    @property
    def outstanding_materials(self) -> tuple[MaterialRow, ...]:
        return tuple(row for row in self.materials if row.state.outstanding)


@dataclass(frozen=True)
class TicketData:
    hall_name: str
    service_name: str
    number: str  # "A012"
    people_ahead: int
    issued_at: datetime
    status_url: str
    green_channel: bool = False
    note: str = ""
    window_hint: str = ""  # "请到 3、4、5 号窗口办理"; optional


def status_url(base_url: str, token: str) -> str:
    """The public progress/status address for a case or ticket token (QR content).

    ``base_url`` comes from ``PrintSettings.progress_base_url``; the token is URL-quoted so that a
    case number with unusual characters still makes a valid address.
    """
    base = base_url.strip()
    if not base:
        from hallclient.domain.errors import ValidationError

        raise ValidationError("查询地址未配置", field="progress_base_url")
    if not base.endswith("/"):
        base += "/"
    return base + quote(token.strip(), safe="")


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    doc_type: DocumentType
    paper: Paper
    warnings: tuple[str, ...] = field(default=())
