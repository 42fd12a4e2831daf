"""Case numbers (受理编号) that are unique without asking the server (DESIGN §5).

Format: ``<HALL>-<YYMMDD>-<WW>-<SSSS>``, e.g. ``DEMO-261122-05-0007``:

* ``HALL`` — the hall code: 2–12 upper-case ASCII letters or digits, starting with a letter;
* ``YYMMDD`` — the local date of acceptance (years 2000–2099);
* ``WW`` — the window number, zero-padded to two digits; halls with more than 99 windows get
  three (``105``); never more padding than that, so one window has exactly one spelling;
* ``SSSS`` — the window's sequence that day, 0001–9999, zero-padded to four digits.

A window number is unique within its hall and each window hands out its own daily sequence, so
two counters can never produce the same number, online or not — except one PC after another at
the same window: a counter started on an empty store knows the window's numbers of the day only
after its first pull. Sync gives such a case the next free number (hallclient/sync/renumber.py);
otherwise a number never changes. The server may add its own official number on sync.

``parse_case_no`` accepts what people type or scan: surrounding spaces, lower case and
full-width characters (ＤＥＭＯ－２６…) are normalised before the strict check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from hallclient.domain.errors import ValidationError

MAX_WINDOW = 999
MAX_SEQUENCE = 9999

HALL_CODE_PATTERN = r"^[A-Z][A-Z0-9]{1,11}$"  # the hall's code as case numbers carry it
_HALL_RE = re.compile(HALL_CODE_PATTERN)
_CASE_NO_RE = re.compile(r"^([A-Z][A-Z0-9]{1,11})-(\d{6})-(\d{2,3})-(\d{4})$")


@dataclass(frozen=True, order=True)
class CaseNumber:
    hall_code: str
    day: date
    window: int
    sequence: int

    def __str__(self) -> str:
        return format_case_no(
            hall_code=self.hall_code, day=self.day, window=self.window, sequence=self.sequence
        )


def _fail(message: str, value: object) -> ValidationError:
    return ValidationError(message, code="case_no_invalid", field="case_no", value=str(value))


def format_case_no(*, hall_code: str, day: date, window: int, sequence: int) -> str:
    if not _HALL_RE.match(hall_code):
        raise ValidationError(
            f"大厅编码“{hall_code}”应为2–12位大写字母或数字，以字母开头",
            code="hall_code_invalid",
            field="hall_code",
            value=hall_code,
        )
    if not 2000 <= day.year <= 2099:
        raise _fail(f"受理日期 {day.isoformat()} 超出编号支持的年份（2000–2099）", day)
    if not 1 <= window <= MAX_WINDOW:
        raise ValidationError(
            f"窗口号 {window} 应在 1–{MAX_WINDOW} 之间", code="window_invalid", field="window", value=window
        )
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValidationError(
            f"当日流水号 {sequence} 应在 1–{MAX_SEQUENCE} 之间",
            code="case_sequence_invalid",
            field="sequence",
            value=sequence,
        )
    return f"{hall_code}-{day:%y%m%d}-{window:02d}-{sequence:04d}"


def normalise_case_no(text: str) -> str:
    """Full-width to ASCII, trimmed, upper case; dash look-alikes become '-'."""
    normal = unicodedata.normalize("NFKC", text).strip().upper()
    return re.sub(r"[‐‑‒–—―−]", "-", normal)


def parse_case_no(text: str) -> CaseNumber:
    normal = normalise_case_no(text)
    match = _CASE_NO_RE.match(normal)
    if match is None:
        raise _fail(f"受理编号“{text.strip()}”格式不对，应如 DEMO-261122-05-0007", text)
    hall_code, yymmdd, window_text, sequence_text = match.groups()
    try:
        day = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        raise _fail(f"受理编号“{normal}”中的日期 {yymmdd} 不存在", text) from None
    window, sequence = int(window_text), int(sequence_text)
    if len(window_text) == 3 and window < 100:
        raise _fail(f"受理编号“{normal}”的窗口号应写作 {window:02d}", text)
    if window == 0 or sequence == 0:
        raise _fail(f"受理编号“{normal}”的窗口号和流水号从 1 开始", text)
    return CaseNumber(hall_code=hall_code, day=day, window=window, sequence=sequence)
