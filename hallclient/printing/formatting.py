"""How values read on paper: Chinese dates, money, counts, masked identities."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hallclient.domain.masking import mask_credit_code, mask_id_number, mask_phone
from hallclient.printing.model import ApplicantInfo, ApplicantKind, CaseKind, MaterialRow, ReceivedState

DASH = "—"


def cn_date(value: date | None) -> str:
    """2025年6月1日 (no leading zeros, as written on notices)."""
    if value is None:
        return DASH
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime) -> str:
    return f"{cn_date(value)} {value:%H:%M}"


def cn_money(value: Decimal | None) -> str:
    if value is None or value == 0:
        return "不收费"
    return f"{value:.2f}元"


def kind_label(kind: CaseKind) -> str:
    return "即办件" if kind is CaseKind.IMMEDIATE else "承诺件"


def time_limit_label(kind: CaseKind, promised_days: int) -> str:
    if kind is CaseKind.IMMEDIATE:
        return "当场办结"
    return f"{promised_days}个工作日"


def applicant_id_label(applicant: ApplicantInfo) -> tuple[str, str]:
    """(label, masked value) of the applicant's identifying number."""
    if applicant.kind is ApplicantKind.ORG:
        return "统一社会信用代码", mask_credit_code(applicant.org_credit_code) or DASH
    return "公民身份号码", mask_id_number(applicant.id_number) or DASH


def agent_label(applicant: ApplicantInfo) -> str:
    if not applicant.agent_name:
        return "无"
    if applicant.agent_id_number:
        return f"{applicant.agent_name}（{mask_id_number(applicant.agent_id_number)}）"
    return applicant.agent_name


def masked_phone(value: str) -> str:
    return mask_phone(value) if value else DASH


def required_label(row: MaterialRow) -> str:
    """原件1份、复印件2份 — what the applicant must bring."""
    parts = []
    if row.required_originals:
        parts.append(f"原件{row.required_originals}份")
    if row.required_copies:
        parts.append(f"复印件{row.required_copies}份")
    return "、".join(parts) or "按要求提供"


def received_label(row: MaterialRow) -> str:
    """What was handed in, in words: 原件1份、复印件1份 / 电子证照（证照号） / 缺."""
    if row.state is ReceivedState.E_LICENSE:
        return f"电子证照（{row.e_license_no}）" if row.e_license_no else "电子证照"
    if row.state is ReceivedState.MISSING:
        return "缺"
    parts = []
    if row.originals:
        parts.append(f"原件{row.originals}份")
    if row.copies:
        parts.append(f"复印件{row.copies}份")
    got = "、".join(parts) or "已收"
    if row.state is ReceivedState.DEFICIENT:
        return f"{got}（不符合要求）" if parts else "不符合要求"
    return got


def count_cell(value: int, row: MaterialRow, *, received: bool) -> str:
    """A count in the table; a licence or a missing material has no paper count to show."""
    if received and row.state in (ReceivedState.E_LICENSE, ReceivedState.MISSING):
        return DASH
    return str(value)
