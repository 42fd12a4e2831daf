"""Identity numbers a clerk types at the counter: 公民身份号码, 统一社会信用代码 and phone numbers.

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
_PHONE_FIELD = "phone"


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
        # on the card in hand; the upgraded form is offered so the UI can ask "是否为 …？", but
        # only when it is itself a valid number (a mistyped date or area would give a bogus one).
        suggestion = upgrade_legacy_id(text)
        try:
            validate_resident_id(suggestion, today=today)
        except ValidationError:
            raise _id_error("这是 15 位旧身份证号码，请录入现行 18 位公民身份号码", "id_legacy_15") from None
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


# --- Phone numbers ----------------------------------------------------------------------------
#
# python-stdnum has no Chinese phone module (stdnum.cn holds only ric and uscc), and
# phonenumbers (libphonenumber) would bring megabytes of world-wide metadata for a rule that fits
# in a few lines here, with messages that cannot say which part of a number is wrong.

_MOBILE_PATTERN = re.compile(r"1[3-9]\d{9}")
_MOBILE_SEPARATORS = re.compile(r"[\s\-()（）.]")
_MOBILE_START = re.compile(r"1[3-9]")
# How a clerk marks an extension: 0591-87654321 转 801, 分机 801, ext. 801, x801.
_EXTENSION_MARK = re.compile(r"转|分机|ext\.?|x", re.IGNORECASE)
_COUNTRY_PREFIXES = ("+86", "0086")
# 400/800 numbers: nationwide service numbers of companies, always 10 digits.
_SERVICE_PREFIXES = ("400", "800")
_SERVICE_LENGTH = 10
_MAX_EXTENSION_DIGITS = 6  # keeps the longest stored form, 0591-87654321-801234, at 20 characters


def _phone_text(value: str) -> str:
    """Half-width, without the invisible format characters pasted from e-mail or address books."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def validate_mobile(value: str) -> str:
    """A mainland mobile number as its 11 digits: "+86 138-1234-5678" → "13812345678"."""
    text = _MOBILE_SEPARATORS.sub("", _phone_text(value))
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


def _landline_area_length(digits: str) -> int:
    """How many of the leading digits (0 included) are the area code: 3 for 010 and 02X (the
    largest cities), 4 for every other area (0591, 0755 …). Only 010 begins with 01."""
    return 3 if digits.startswith(("010", "02")) else 4


def _phone_error(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, field=_PHONE_FIELD, **params)


def _national_digits(text: str) -> str:
    """``text`` without separators and without +86/0086; a landline written internationally
    (+86 591 8765 4321) gets its trunk 0 back."""
    compact = _MOBILE_SEPARATORS.sub("", text)
    for prefix in _COUNTRY_PREFIXES:
        if compact.startswith(prefix):
            rest = compact[len(prefix) :]
            # Mobiles start 13–19; +86 10 … is Beijing, whose trunk 0 was left out like any other.
            return rest if rest.startswith("0") or _MOBILE_START.match(rest) else "0" + rest
    return compact


def validate_contact_phone(value: str) -> str:
    """An organisation's 联系电话: a mobile, a fixed-line number with its area code, or a 400/800
    number, in one stored form:

    - mobile: the 11 digits, as :func:`validate_mobile` ("13812345678");
    - fixed line: area code, dash, 7 or 8 digits, and a dash and the extension when there is
      one ("0591-87654321", "010-62345678", "0591-87654321-801");
    - service number: "400-123-4567" (an extension as "-801").

    Brackets, spaces and dashes are ignored; an extension is marked with 转, 分机, ext or x, or
    is the last dash-separated group when the digits before it already make a whole number.
    """
    text = _phone_text(value)
    if not _MOBILE_SEPARATORS.sub("", text):
        raise _phone_error("请输入联系电话", "phone_empty")
    main, extension = text, None
    mark = _EXTENSION_MARK.search(text)
    if mark is not None:
        main, extension = text[: mark.start()], _MOBILE_SEPARATORS.sub("", text[mark.end() :])
    digits = _national_digits(main)
    if digits.startswith("1") or (digits.startswith("86") and len(digits) == 13):
        if extension is not None:
            raise _phone_error("手机号码不能带分机号", "phone_extension", extension=extension)
        try:
            return validate_mobile(main)
        except ValidationError as error:
            params = {k: v for k, v in error.params.items() if k != "field"}
            raise _phone_error(error.message, error.code, **params) from None
    if not _is_ascii_digits(digits):
        bad = next((ch for ch in digits if not _is_ascii_digits(ch)), "")
        raise _phone_error(
            f"联系电话不能含有字符 {bad}（只用数字，可用空格、- 或括号分隔，分机号前写“转”）",
            "phone_chars",
            bad=bad,
        )
    if extension is None and "-" in main:
        # "0591-87654321-801": the last group is the extension when what comes before it is a
        # whole number ("0591-8765-4321" is one number written in groups).
        head, _, tail = main.rpartition("-")
        head_digits = _national_digits(head)
        if len(head_digits) in _whole_lengths(head_digits) and tail.strip():
            extension, digits = _MOBILE_SEPARATORS.sub("", tail), head_digits
    if digits.startswith(_SERVICE_PREFIXES):
        number = _service_number(digits)
    elif digits.startswith("0"):
        number = _landline_number(digits)
    elif 7 <= len(digits) <= 8:
        raise _phone_error(
            f"固定电话 {digits} 缺少区号，请在号码前加上区号（如 0591-{digits}）",
            "phone_area_missing",
            value=digits,
        )
    else:
        raise _phone_error(
            "联系电话应为手机号码、带区号的固定电话（如 0591-87654321）或 400/800 号码",
            "phone_kind",
            value=digits,
        )
    if extension is None:
        return number
    if not extension and mark is not None:
        raise _phone_error(f"请在“{mark.group()}”后输入分机号", "phone_extension", extension="")
    if not _is_ascii_digits(extension) or len(extension) > _MAX_EXTENSION_DIGITS:
        raise _phone_error(
            f"分机号应为 1–{_MAX_EXTENSION_DIGITS} 位数字，输入的是“{extension}”",
            "phone_extension",
            extension=extension,
        )
    return f"{number}-{extension}"


def _whole_lengths(digits: str) -> tuple[int, ...]:
    """How many digits a whole fixed-line or service number beginning with ``digits`` has."""
    if digits.startswith(_SERVICE_PREFIXES):
        return (_SERVICE_LENGTH,)
    if digits.startswith("0"):
        area_length = _landline_area_length(digits)
        return tuple(area_length + n for n in _subscriber_lengths(area_length))
    return ()


def _subscriber_lengths(area_length: int) -> tuple[int, ...]:
    # The cities with three-digit area codes all have 8-digit numbers; elsewhere 7 or 8.
    return (8,) if area_length == 3 else (7, 8)


def _service_number(digits: str) -> str:
    if len(digits) != _SERVICE_LENGTH:
        raise _phone_error(
            f"{digits[:3]} 号码应为 10 位，输入的是 {len(digits)} 位",
            "phone_service_length",
            length=len(digits),
        )
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def _landline_number(digits: str) -> str:
    if digits.startswith(("00", "01")) and not digits.startswith("010"):
        raise _phone_error(
            f"区号 {digits[:3]} 不存在（区号为 010、02X 或 0 加三位数字，如 0591）",
            "phone_area",
            area=digits[:3],
        )
    area_length = _landline_area_length(digits)
    area, subscriber = digits[:area_length], digits[area_length:]
    lengths = _subscriber_lengths(area_length)
    wanted = " 或 ".join(str(n) for n in lengths)
    if not subscriber:
        raise _phone_error(
            f"请在区号 {area} 后输入 {wanted} 位电话号码", "phone_number_length", area=area, length=0
        )
    if len(subscriber) not in lengths:
        raise _phone_error(
            f"区号 {area} 后的电话号码应为 {wanted} 位，输入的是 {len(subscriber)} 位",
            "phone_number_length",
            area=area,
            length=len(subscriber),
        )
    if subscriber[0] in "01":
        raise _phone_error(
            f"区号 {area} 后的电话号码不能以 {subscriber[0]} 开头，请核对区号和号码",
            "phone_number",
            area=area,
        )
    return f"{area}-{subscriber}"


def phone_typed_in_full(value: str) -> bool:
    """Whether a phone number being typed has as many digits as a number of its kind, so that
    judging it now cannot interrupt the clerk mid-number: 11 for a mobile, 10 for 400/800, the
    area code and 8 for a fixed line. A 7-digit fixed line, an extension and anything else are
    judged when the clerk leaves the field."""
    text = _phone_text(value)
    if _EXTENSION_MARK.search(text):
        return False
    digits = _national_digits(text)
    if digits.startswith(_SERVICE_PREFIXES):
        return len(digits) >= _SERVICE_LENGTH
    if digits.startswith("0") and len(digits) >= 3:
        return len(digits) >= _landline_area_length(digits) + 8
    if digits.startswith("86"):
        return len(digits) >= 13
    return len(digits) >= 11


def phone_search_prefixes(text: str) -> tuple[str, ...]:
    """How the stored phone numbers that begin with what the clerk typed begin.

    Typed "+86 138-1234" is stored as "1381234…"; "(0591) 8765" as "0591-8765…"; "400 123" as
    "400-123…". A fixed-line number typed without a break after more than 8 digits could have a
    7- or an 8-digit number before its extension, so both beginnings are returned. Empty when the
    text cannot be the beginning of a phone number.
    """
    main, extension = _phone_text(text), ""
    mark = _EXTENSION_MARK.search(main)
    if mark is not None:
        main, extension = main[: mark.start()], _MOBILE_SEPARATORS.sub("", main[mark.end() :])
    digits = _national_digits(main)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _is_ascii_digits(digits) or not (extension == "" or _is_ascii_digits(extension)):
        return ()
    ext = f"-{extension}" if mark is not None else ""
    if digits.startswith(_SERVICE_PREFIXES):
        groups = [digits[:3], digits[3:6], digits[6:10], digits[10:]]
        return ("-".join(group for group in groups if group) + ext,)
    if not digits.startswith("0") or len(digits) < 3:
        return (digits + ext,)
    area_length = _landline_area_length(digits)
    area, rest = digits[:area_length], digits[area_length:]
    if not rest:
        return (area,)
    if mark is not None or len(rest) <= 8:
        return (f"{area}-{rest}{ext}",)
    return tuple(f"{area}-{rest[:n]}-{rest[n:]}" for n in sorted(_subscriber_lengths(area_length)))
