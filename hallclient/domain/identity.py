"""Identity numbers a clerk types at the counter: 公民身份号码, 统一社会信用代码 and mobile numbers.

Every validator normalises what was typed (spaces, full-width characters, lowercase), checks it,
and either returns a frozen value or raises :class:`ValidationError` with a stable ``code``, the
``field`` it belongs to and a Chinese message a clerk understands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from stdnum.cn import ric

from hallclient.domain.errors import ValidationError
from hallclient.domain.masking import mask_credit_code, mask_id_number

Sex = Literal["M", "F"]

# First two digits of a GB/T 2260 division code: the provinces, plus 71 (台湾) and 81/82/83, which
# the residence permits of Hong Kong, Macao and Taiwan residents use with the same number format.
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(n) for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37)]
    + [str(n) for n in (41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65)]
    + ["71", "81", "82", "83"]
)
# Residence permits for Hong Kong, Macao and Taiwan residents carry the whole-region code 810000,
# 820000 or 830000; everybody else carries a county- or city-level code, never a province's.
_WHOLE_REGION_AREA_CODES = frozenset({"810000", "820000", "830000"})
_EARLIEST_BIRTH_YEAR = 1900

_ID_FIELD = "id_number"
_CREDIT_FIELD = "credit_code"
_MOBILE_FIELD = "mobile"


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit alone accepts other scripts' digits (e.g. Arabic-Indic) that NFKC keeps.
    return text.isascii() and text.isdigit()


def normalize_id_text(value: str) -> str:
    """What the clerk typed, as the standard writes it: no spaces, half-width, upper case.

    NFKC turns full-width digits and letters (and the ideographic space U+3000) into ASCII, so
    "１１０１０５ｘ" becomes "110105X".
    """
    text = unicodedata.normalize("NFKC", value)
    return "".join(text.split()).upper()


# --- 公民身份号码 (GB 11643-1999) -------------------------------------------------------------


@dataclass(frozen=True)
class ResidentId:
    """A valid 18-character 公民身份号码 and what it says about its holder."""

    number: str
    area_code: str
    birth_date: date
    sex: Sex

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        # Keeps full numbers out of logs and tracebacks; ``number`` is there for who needs it.
        return f"ResidentId({self.masked!r})"


def _id_error(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, field=_ID_FIELD, **params)


def upgrade_legacy_id(value: str) -> str:
    """The 18-digit number a 15-digit first-generation number was upgraded to (GB 11643 annex).

    The 15-digit form has a two-digit year (always 19xx) and no check character; the upgrade
    inserts "19" and appends the check character. Raises ``id_legacy_15_invalid`` when the 15
    characters cannot be a legacy number.
    """
    text = normalize_id_text(value)
    if len(text) != 15 or not _is_ascii_digits(text):
        raise _id_error("不是 15 位旧身份证号码", "id_legacy_15_invalid", value=text)
    body = text[:6] + "19" + text[6:]
    return body + ric.calc_check_digit(body + "0")


def validate_resident_id(value: str, *, today: date | None = None) -> ResidentId:
    """Check a 公民身份号码 and return it with its area code, birth date and sex.

    stdnum.cn.ric supplies the MOD 11-2 check character. Its ``validate`` is not used because it
    lumps the birth-date and birthplace failures into one error, accepts future birth dates,
    and rejects real people whose county code is missing from its bundled place list.
    """
    text = normalize_id_text(value)
    today = today or date.today()
    if not text:
        raise _id_error("请输入公民身份号码", "id_empty")
    if len(text) == 15 and _is_ascii_digits(text):
        # First-generation cards stopped being valid on 2013-01-01: the clerk must type the number
        # on the card in hand; the upgraded form is offered so the UI can ask "是否为 …？".
        suggestion = upgrade_legacy_id(text)
        raise _id_error(
            f"这是 15 位旧身份证号码，请录入现行 18 位公民身份号码（可能为 {mask_id_number(suggestion)}）",
            "id_legacy_15",
            suggestion=suggestion,
        )
    if len(text) != 18:
        raise _id_error(f"公民身份号码应为 18 位，输入的是 {len(text)} 位", "id_length", length=len(text))
    if not _is_ascii_digits(text[:17]) or not (_is_ascii_digits(text[17]) or text[17] == "X"):
        raise _id_error(
            "公民身份号码只能由数字组成，最后一位可以是 X", "id_chars", bad=_first_bad_id_char(text)
        )
    # Date and area first: they say where the mistake is, a wrong check character only that
    # there is one somewhere (so the message asks to check every digit, not to "fix" the last).
    birth_date = _birth_date(text, today=today)
    area_code = text[:6]
    _check_area_code(area_code)
    expected = ric.calc_check_digit(text)
    if text[17] != expected:
        raise _id_error(
            f"公民身份号码校验位不正确：应为 {expected}，输入的是 {text[17]}，请逐位核对号码",
            "id_checksum",
            expected=expected,
            actual=text[17],
        )
    sex: Sex = "M" if int(text[16]) % 2 == 1 else "F"
    return ResidentId(number=text, area_code=area_code, birth_date=birth_date, sex=sex)


def _first_bad_id_char(text: str) -> str:
    for index, char in enumerate(text):
        if not (_is_ascii_digits(char) or (char == "X" and index == 17)):
            return char
    return ""


def _birth_date(text: str, *, today: date) -> date:
    digits = text[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise _id_error(f"公民身份号码中的出生日期 {digits} 不存在", "id_birth_date", birth=digits) from None
    if birth > today:
        raise _id_error(
            f"公民身份号码中的出生日期 {birth.isoformat()} 晚于今天", "id_birth_date", birth=digits
        )
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise _id_error(
            f"公民身份号码中的出生日期 {birth.isoformat()} 早于 {_EARLIEST_BIRTH_YEAR} 年",
            "id_birth_date",
            birth=digits,
        )
    return birth


def _check_area_code(area_code: str) -> None:
    if area_code.startswith("9"):
        raise _id_error(
            "以 9 开头的是外国人永久居留身份证号码，不是公民身份号码",
            "id_area",
            area_code=area_code,
        )
    if area_code[:2] not in PROVINCE_CODES:
        raise _id_error(
            f"公民身份号码前两位 {area_code[:2]} 不是有效的省级行政区划代码",
            "id_area",
            area_code=area_code,
        )
    if area_code.endswith("0000") and area_code not in _WHOLE_REGION_AREA_CODES:
        raise _id_error(
            f"公民身份号码前六位 {area_code} 是省级代码，个人的号码应为县级代码",
            "id_area",
            area_code=area_code,
        )


# --- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Position 1 (登记管理部门) → the position-2 organisation types it may issue, per GB 32100 annex A
# as amended (A 中央军委改革和编制办公室, N 农业 and Y 其他 were added after the first edition).
REGISTRATION_DEPARTMENTS: dict[str, tuple[str, frozenset[str]]] = {
    "1": ("机构编制", frozenset("1239")),
    "2": ("外交", frozenset("19")),
    "3": ("司法行政", frozenset("123459")),
    "4": ("文化", frozenset("19")),
    "5": ("民政", frozenset("1239")),
    "6": ("旅游", frozenset("129")),
    "7": ("宗教", frozenset("129")),
    "8": ("工会", frozenset("19")),
    "9": ("市场监管（工商）", frozenset("123")),
    "A": ("中央军委改革和编制办公室", frozenset("19")),
    "N": ("农业", frozenset("1239")),
    "Y": ("其他", frozenset("1")),
}


@dataclass(frozen=True)
class CreditCode:
    """A valid 统一社会信用代码 split into its parts."""

    code: str
    department: str
    organisation_type: str
    division_code: str
    subject_code: str

    @property
    def department_name(self) -> str:
        return REGISTRATION_DEPARTMENTS[self.department][0]

    @property
    def masked(self) -> str:
        return mask_credit_code(self.code)

    def __str__(self) -> str:
        return self.code


def _credit_error(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, field=_CREDIT_FIELD, **params)


def credit_check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters (weighted sum, mod 31)."""
    total = sum(
        CREDIT_ALPHABET.index(char) * weight for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_ALPHABET[-total % 31]


def validate_credit_code(value: str) -> CreditCode:
    """Check a 统一社会信用代码.

    Written here rather than with stdnum.cn.uscc because that module requires positions 1–8 to be
    digits and so rejects the valid department codes A, N and Y (e.g. N2… 村集体经济组织).
    Positions 9–17 (主体标识码) carry their own GB 11714 check digit, deliberately not enforced:
    the outer check character already catches typing errors, and a stricter rule risks refusing
    a real code at the counter.
    """
    text = normalize_id_text(value).replace("-", "")
    if not text:
        raise _credit_error("请输入统一社会信用代码", "credit_empty")
    if len(text) != 18:
        raise _credit_error(
            f"统一社会信用代码应为 18 位，输入的是 {len(text)} 位", "credit_length", length=len(text)
        )
    bad = [char for char in text if char not in CREDIT_ALPHABET]
    if bad:
        raise _credit_error(
            f"统一社会信用代码不能含有字符 {bad[0]}（只用数字和除 I、O、Z、S、V 外的大写字母）",
            "credit_chars",
            bad=bad[0],
        )
    department, organisation_type = text[0], text[1]
    if department not in REGISTRATION_DEPARTMENTS:
        raise _credit_error(
            f"统一社会信用代码第 1 位 {department} 不是登记管理部门代码",
            "credit_department",
            department=department,
        )
    department_name, types = REGISTRATION_DEPARTMENTS[department]
    if organisation_type not in types:
        raise _credit_error(
            f"统一社会信用代码第 2 位 {organisation_type} 不是{department_name}登记的机构类别",
            "credit_type",
            department=department,
            organisation_type=organisation_type,
        )
    division = text[2:8]
    # "10" is the central level (e.g. 12100000… for a national 事业单位).
    if not _is_ascii_digits(division) or (division[:2] not in PROVINCE_CODES and division[:2] != "10"):
        raise _credit_error(
            f"统一社会信用代码第 3–8 位 {division} 不是行政区划代码", "credit_division", division=division
        )
    expected = credit_check_character(text[:17])
    if text[17] != expected:
        raise _credit_error(
            f"统一社会信用代码校验位不正确：应为 {expected}，输入的是 {text[17]}，请逐位核对代码",
            "credit_checksum",
            expected=expected,
            actual=text[17],
        )
    return CreditCode(
        code=text,
        department=department,
        organisation_type=organisation_type,
        division_code=division,
        subject_code=text[8:17],
    )


# --- Mobile numbers ---------------------------------------------------------------------------

_MOBILE_PATTERN = re.compile(r"1[3-9]\d{9}")
_MOBILE_SEPARATORS = re.compile(r"[\s\-()（）.]")


def validate_mobile(value: str) -> str:
    """A mainland mobile number as its 11 digits: "+86 138-1234-5678" → "13812345678"."""
    text = _MOBILE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if not text:
        raise ValidationError("请输入手机号码", code="mobile_empty", field=_MOBILE_FIELD)
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix) :]
            break
    if not _is_ascii_digits(text):
        raise ValidationError("手机号码只能由数字组成", code="mobile_chars", field=_MOBILE_FIELD, value=text)
    if len(text) != 11:
        raise ValidationError(
            f"手机号码应为 11 位，输入的是 {len(text)} 位",
            code="mobile_length",
            field=_MOBILE_FIELD,
            length=len(text),
        )
    if not _MOBILE_PATTERN.fullmatch(text):
        raise ValidationError(
            f"{text[:2]} 开头的不是大陆手机号码", code="mobile_prefix", field=_MOBILE_FIELD, value=text
        )
    return text
