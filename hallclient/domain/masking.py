"""Masking of personal data for screens others can see, lists and printed documents (DESIGN §5)."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """110105199001011234 → 110105********1234: area code and last four stay, the birth date goes.

    Works on any length so that a partly typed or legacy number never leaks in full.
    """
    text = value.strip().upper()
    if len(text) <= 4:
        return "*" * len(text)
    if len(text) < 12:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


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


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_credit_code(value: str) -> str:
    """Organisation codes are public record, but lists still show less: 9111**********0X → keep ends."""
    text = value.strip().upper()
    if len(text) <= 8:
        return text
    return text[:4] + "*" * (len(text) - 8) + text[-4:]
