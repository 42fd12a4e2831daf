"""Masking of personal data for screens others can see, lists and printed documents (DESIGN §5).

Each helper first writes the value the way the validators do (half-width, no spaces, upper case)
so that odd typing can never shift characters out of the masked part.
"""

from __future__ import annotations

import re
import unicodedata

_RESIDENT_ID_LENGTH = 18
_LEGACY_ID_LENGTH = 15
_AREA_CODE_LENGTH = 6


def _compact(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def mask_id_number(value: str) -> str:
    """110105199001011234 → 110105********1234: area code and last four stay, the birth date goes.

    Works on any length so that a partly typed or legacy number never leaks in full: a 15-digit
    legacy number keeps its area code (110105*********), and any other length keeps only the
    first two characters (the province).
    """
    text = _compact(value)
    if len(text) >= _RESIDENT_ID_LENGTH:
        return text[:_AREA_CODE_LENGTH] + "*" * (len(text) - 10) + text[-4:]
    if len(text) == _LEGACY_ID_LENGTH:
        # Could be a legacy number or 15 typed characters of a current one, whose 13th and 14th
        # are the day of birth: only the area code stays.
        return text[:_AREA_CODE_LENGTH] + "*" * (_LEGACY_ID_LENGTH - _AREA_CODE_LENGTH)
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 2)


def mask_name(value: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜; Latin names keep their first letter per word."""
    text = value.strip()
    if not text:
        return ""
    if text.isascii():
        return " ".join(word[0] + "*" * (len(word) - 1) for word in text.split())
    if len(text) == 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


# The stored forms of fixed-line and 400/800 numbers (``identity.validate_contact_phone``); an
# already masked one ("0591-****4321", as another counter receives it) keeps its form.
_LANDLINE = re.compile(r"(0\d{2,3})-([\d*]{7,8})(?:-([\d*]+))?")
_SERVICE_NUMBER = re.compile(r"([48]00)-([\d*]{3})-(\d{4})(?:-([\d*]+))?")


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; other numbers keep only their last four digits.

    A fixed-line number keeps its area code as well, which says no more than the city, and an
    extension is hidden with the rest: 0591-87654321-801 → 0591-****4321-***; a 400/800 number
    shows as 400-***-4567.
    """
    text = _compact(value)
    landline = _LANDLINE.fullmatch(text)
    if landline is not None:
        area, number, extension = landline.groups()
        return area + "-" + _last_four(number) + ("-" + "*" * len(extension) if extension else "")
    service = _SERVICE_NUMBER.fullmatch(text)
    if service is not None:
        prefix, middle, last, extension = service.groups()
        return f"{prefix}-{'*' * len(middle)}-{last}" + ("-" + "*" * len(extension) if extension else "")
    text = text.replace("-", "")
    if len(text) <= 4:
        return "*" * len(text)
    if len(text) < 11:
        return _last_four(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def _last_four(digits: str) -> str:
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_credit_code(value: str) -> str:
    """Organisation codes are public record, but lists still show less: 9135**********0Y43."""
    text = _compact(value)
    if len(text) <= 8:
        return text
    return text[:4] + "*" * (len(text) - 8) + text[-4:]
