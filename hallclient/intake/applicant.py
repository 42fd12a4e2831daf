"""Applicant checks for intake: the same rules the form applies as the clerk types and the save
applies again before anything is written.

Field names (``ValidationError.field``) are those of the form: ``applicant.name``,
``applicant.id_number``, ``applicant.phone``, ``applicant.credit_code``, ``applicant.legal_rep``,
``agent.name``, ``agent.id_number``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from hallclient.domain.errors import ValidationError
from hallclient.domain.identity import (
    validate_contact_phone,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)
from hallclient.intake.models import ApplicantDraft, ApplicantKind, ValidApplicant

MAX_NAME_CHARS = 100
MAX_ORG_NAME_CHARS = 200


def _text(value: str) -> str:
    # Invisible format characters (direction marks, zero-width spaces, soft hyphens, a BOM) come
    # with text pasted from e-mail or address books. The clerk can neither see nor delete them,
    # so they are dropped rather than refused.
    visible = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split())


# The separator in 少数民族 and transliterated names is U+00B7 on the ID card (GB 18030 A1A4).
# Input methods and fonts offer look-alikes: a bullet, the katakana middle dot (and its half-width
# form, which NFKC turns into it), the hyphenation point, the bullet and dot operators.
_NAME_DOTS = re.compile(r"\s*[\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2e31]\s*")
# A full stop ("." or "。", as the "." key gives it in a Chinese input method) only between two
# Chinese characters: in a Latin name ("John F. Smith") it is an abbreviation.
_HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_NAME_FULL_STOP = re.compile(rf"(?<=[{_HAN}])\s*[.。]\s*(?=[{_HAN}])")


def normalize_person_name(value: str) -> str:
    """A person's name as the ID card writes it: one U+00B7 between the parts, whatever dot was
    typed; the rest as :func:`_text` leaves it."""
    text = _NAME_DOTS.sub("\u00b7", _text(value))
    return _NAME_FULL_STOP.sub("\u00b7", text)


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The domain validator's error, re-addressed to one field of the form."""
    field = f"{prefix}.{error.field}" if error.field else prefix
    params = {k: v for k, v in error.params.items() if k != "field"}
    return ValidationError(error.message, code=error.code, field=field, **params)


def check_name(value: str, *, field: str, what: str, limit: int = MAX_NAME_CHARS, person: bool = True) -> str:
    """The name as it is stored; ``person`` names get the ID card's separator (see above), an
    organisation's name is kept as registered."""
    name = normalize_person_name(value) if person else _text(value)
    if not name:
        raise ValidationError(f"请输入{what}", code="name_empty", field=field)
    if len(name) > limit:
        raise ValidationError(
            f"{what}最多{limit}个字，输入的是{len(name)}个字", code="name_too_long", field=field, limit=limit
        )
    for char in name:
        problem = _name_char_problem(char)
        if problem is not None:
            code, message = problem
            raise ValidationError(f"{what}{message}", code=code, field=field, char=f"U+{ord(char):04X}")
    return name


# Code points this Python's Unicode tables do not know yet ("Cn") may be real characters of a
# newer Unicode. CJK extensions H (15.0) and I (15.1), added largely for personal and place names,
# lie in the ideographic planes 2 and 3, so a name typed with them is taken as written.
_IDEOGRAPHIC_PLANES = range(0x20000, 0x40000)


def _name_char_problem(char: str) -> tuple[str, str] | None:
    """(code, message) for a character a name cannot hold, or None."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "name_chars", "含有不可见的控制字符，请删除后重新输入"
    if category == "Co":
        return (
            "name_private_use",
            f"含有私用区自造字（U+{ord(char):04X}），其他电脑无法显示和打印；"
            "请用标准汉字录入（生僻字可用支持 GB 18030-2022 的输入法）",
        )
    if category == "Cs" or (category == "Cn" and ord(char) not in _IDEOGRAPHIC_PLANES):
        return "name_chars", f"含有无法识别的字符（U+{ord(char):04X}），请删除后重新输入"
    return None


def check_id_number(value: str, *, prefix: str, today: dt.date) -> str:
    try:
        return validate_resident_id(value, today=today).number
    except ValidationError as error:
        raise _prefixed(error, prefix) from None


def check_credit_code(value: str) -> str:
    try:
        return validate_credit_code(value).code
    except ValidationError as error:
        raise _prefixed(error, "applicant") from None


def check_phone(value: str, *, kind: ApplicantKind) -> str:
    """A person's 手机号码 must be a mobile (the number texts are sent to); an organisation's
    联系电话 may also be a fixed line or a 400/800 number (see ``validate_contact_phone``)."""
    validate = validate_mobile if kind is ApplicantKind.PERSON else validate_contact_phone
    try:
        return validate(value)
    except ValidationError as error:
        # The validators name their own field ("mobile", "phone"); the form has one, whatever kind.
        params = {k: v for k, v in error.params.items() if k != "field"}
        raise ValidationError(error.message, code=error.code, field="applicant.phone", **params) from None


def applicant_errors(draft: ApplicantDraft, *, today: dt.date) -> dict[str, ValidationError]:
    """Every problem of the applicant at once, by form field (empty when all is well)."""
    errors: dict[str, ValidationError] = {}

    def run(check: Callable[[], object]) -> None:
        try:
            check()
        except ValidationError as error:
            errors.setdefault(error.field or "applicant", error)

    if draft.kind is ApplicantKind.PERSON:
        run(lambda: check_name(draft.name, field="applicant.name", what="申请人姓名"))
        run(lambda: check_id_number(draft.id_number, prefix="applicant", today=today))
        run(lambda: check_phone(draft.phone, kind=draft.kind))
    else:
        run(
            lambda: check_name(
                draft.name, field="applicant.name", what="单位名称", limit=MAX_ORG_NAME_CHARS, person=False
            )
        )
        run(lambda: check_credit_code(draft.credit_code))
        run(lambda: check_name(draft.legal_rep, field="applicant.legal_rep", what="法定代表人姓名"))
        if _text(draft.phone):
            run(lambda: check_phone(draft.phone, kind=draft.kind))
    if draft.agent is not None:
        agent = draft.agent
        run(lambda: check_name(agent.name, field="agent.name", what="代办人姓名"))
        run(lambda: check_id_number(agent.id_number, prefix="agent", today=today))
        if draft.kind is ApplicantKind.PERSON and not errors.keys() & {
            "applicant.id_number",
            "agent.id_number",
        }:
            run(lambda: _check_agent_is_someone_else(draft.id_number, agent.id_number, today=today))
    return errors


def _check_agent_is_someone_else(applicant_id: str, agent_id: str, *, today: dt.date) -> None:
    # 代办 means another person acts for the applicant: the record would name the applicant as
    # their own agent, and the agent's papers (委托书) would be asked for and filed for nobody.
    if (
        validate_resident_id(applicant_id, today=today).number
        == validate_resident_id(agent_id, today=today).number
    ):
        raise ValidationError(
            "代办人与申请人的身份证号码相同。申请人本人办理的，请取消“代办”；代办的，请填写代办人本人的证件号码。",
            code="agent_is_applicant",
            field="agent.id_number",
        )


def validate_applicant(draft: ApplicantDraft, *, today: dt.date) -> ValidApplicant:
    """The validated applicant, or the first problem in form order as a ValidationError."""
    errors = applicant_errors(draft, today=today)
    if errors:
        raise next(iter(errors.values()))
    person = draft.kind is ApplicantKind.PERSON
    agent = draft.agent
    return ValidApplicant(
        kind=draft.kind,
        name=normalize_person_name(draft.name) if person else _text(draft.name),
        id_number=validate_resident_id(draft.id_number, today=today).number if person else None,
        phone=check_phone(draft.phone, kind=draft.kind) if _text(draft.phone) else None,
        credit_code=None if person else validate_credit_code(draft.credit_code).code,
        legal_rep=None if person else normalize_person_name(draft.legal_rep),
        agent_name=normalize_person_name(agent.name) if agent else None,
        agent_id_number=validate_resident_id(agent.id_number, today=today).number if agent else None,
    )
