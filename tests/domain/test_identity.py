from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from hallclient.domain.errors import ValidationError
from hallclient.domain.identity import (
    CREDIT_ALPHABET,
    REGISTRATION_DEPARTMENTS,
    normalize_id_text,
    phone_search_prefixes,
    phone_typed_in_full,
    upgrade_legacy_id,
    validate_contact_phone,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)

TODAY = date(2025, 6, 1)

# Independent implementations of the two check characters, written from the standards' text
# (GB 11643 / ISO 7064 MOD 11-2: weight 2^(17-i) mod 11; GB 32100: the published weight table).
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
ID_CHECK = "10X98765432"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_check(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def uscc_check(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def error_of(call: object, *args: object, **kwargs: object) -> ValidationError:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        (" 11010519491231002x ", "11010519491231002X"),
        ("110105 1949 1231 002X", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("\u3000110105\u300019491231002ｘ\t", "11010519491231002X"),
        ("91350100m000100y43", "91350100M000100Y43"),
        ("", ""),
    ],
)
def test_normalize_id_text(typed: str, normal: str) -> None:
    assert normalize_id_text(typed) == normal


# --- 公民身份号码 ---------------------------------------------------------------------------------


def test_independent_check_matches_published_vectors() -> None:
    # The example numbers printed in GB 11643-1999 and in python-stdnum's documentation.
    for number in ("11010519491231002X", "440524188001010014", "360426199101010071"):
        assert id_check(number[:17]) == number[17]


def test_standard_example_number() -> None:
    resident = validate_resident_id("11010519491231002X", today=TODAY)
    assert resident.number == "11010519491231002X"
    assert resident.area_code == "110105"
    assert resident.birth_date == date(1949, 12, 31)
    assert resident.sex == "F"
    assert resident.masked == "110105********002X"
    assert "19491231" not in repr(resident)
    assert "19491231" not in str(resident)


def test_male_from_odd_order_code() -> None:
    resident = validate_resident_id("360426199101010071", today=TODAY)
    assert resident.sex == "M"
    assert resident.birth_date == date(1991, 1, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",
        " 11010519491231002X ",
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "\u300011010519491231002X\u3000",
    ],
)
def test_sloppy_typing_is_accepted(typed: str) -> None:
    assert validate_resident_id(typed, today=TODAY).number == "11010519491231002X"


def test_standard_example_born_1880_is_refused_as_too_early() -> None:
    # GB 11643's second example is a person born in 1880; nobody that old comes to the counter.
    error = error_of(validate_resident_id, "440524188001010014", today=TODAY)
    assert error.code == "id_birth_date"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "id_empty"),
        ("   ", "id_empty"),
        ("1101051949123100", "id_length"),
        ("11010519491231002X1", "id_length"),
        ("11010519491231002Y", "id_chars"),
        ("1101051949123100X2", "id_chars"),
        ("11010519491231002-", "id_chars"),
        ("11010519491231002٣", "id_chars"),
        ("110105194912310025", "id_checksum"),
        ("110105194912310021", "id_checksum"),
    ],
)
def test_bad_input(typed: str, code: str) -> None:
    error = error_of(validate_resident_id, typed, today=TODAY)
    assert error.code == code
    assert error.field == "id_number"
    assert error.message


def test_checksum_message_names_both_characters() -> None:
    error = error_of(validate_resident_id, "110105194912310025", today=TODAY)
    assert error.params["expected"] == "X"
    assert error.params["actual"] == "5"
    assert "应为 X" in error.message
    assert "输入的是 5" in error.message


def with_check(first17: str) -> str:
    return first17 + id_check(first17)


@pytest.mark.parametrize(
    "birth",
    ["19900230", "19900231", "19901301", "19900001", "19900100", "19010229", "21000229"],
)
def test_impossible_birth_dates(birth: str) -> None:
    error = error_of(validate_resident_id, with_check(f"110105{birth}123"), today=TODAY)
    assert error.code == "id_birth_date"
    assert birth in error.message


def test_leap_day_birth_date_is_real() -> None:
    assert validate_resident_id(with_check("11010520000229123"), today=TODAY).birth_date == date(2000, 2, 29)


def test_future_birth_date() -> None:
    number = with_check("11010520250602123")
    assert error_of(validate_resident_id, number, today=TODAY).code == "id_birth_date"
    assert validate_resident_id(number, today=date(2025, 6, 2)).birth_date == date(2025, 6, 2)


def test_birth_year_1899_is_refused_1900_accepted() -> None:
    assert (
        error_of(validate_resident_id, with_check("11010518991231123"), today=TODAY).code == "id_birth_date"
    )
    assert validate_resident_id(with_check("11010519000101123"), today=TODAY).birth_date.year == 1900


@pytest.mark.parametrize(
    "area",
    ["000000", "101010", "160101", "240101", "380101", "470101", "550101", "660101", "720101", "840101"],
)
def test_area_codes_outside_the_provinces(area: str) -> None:
    error = error_of(validate_resident_id, with_check(f"{area}19900101123"), today=TODAY)
    assert error.code == "id_area"
    assert error.params["area_code"] == area


def test_province_level_area_code_is_refused_except_hk_macao_taiwan_permits() -> None:
    assert error_of(validate_resident_id, with_check("11000019900101123"), today=TODAY).code == "id_area"
    for area in ("810000", "820000", "830000"):
        assert validate_resident_id(with_check(f"{area}19900101123"), today=TODAY).area_code == area


def test_foreign_permanent_residence_number_is_explained() -> None:
    error = error_of(validate_resident_id, with_check("93311019900101123"), today=TODAY)
    assert error.code == "id_area"
    assert "外国人永久居留" in error.message


def test_legacy_15_digit_number_is_refused_with_the_upgrade_as_suggestion() -> None:
    error = error_of(validate_resident_id, "110105491231002", today=TODAY)
    assert error.code == "id_legacy_15"
    assert error.params["suggestion"] == "11010519491231002X"
    assert "18 位" in error.message
    assert "19491231" not in error.message


@pytest.mark.parametrize(
    "typed",
    [
        "110105491332002",  # 13th month, 32nd day
        "000105491231002",  # no province 00
        "110000491231002",  # a whole province
    ],
)
def test_legacy_15_digit_number_that_cannot_be_upgraded_suggests_nothing(typed: str) -> None:
    # Still refused as a 15-digit number, but "可能为 …" must not offer a number that is itself
    # invalid: the clerk would copy it into the form.
    error = error_of(validate_resident_id, typed, today=TODAY)
    assert error.code == "id_legacy_15"
    assert "suggestion" not in error.params
    assert "可能为" not in error.message


def test_upgrade_legacy_id() -> None:
    assert upgrade_legacy_id("110105491231002") == "11010519491231002X"
    assert upgrade_legacy_id("３６０４２６９１０１０１００７") == "360426199101010071"
    assert error_of(upgrade_legacy_id, "11010549123100").code == "id_legacy_15_invalid"


REAL_COUNTIES = ["110105", "310115", "440305", "330106", "510107", "650102", "230102", "810000"]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(REAL_COUNTIES))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    order = draw(st.integers(min_value=0, max_value=999))
    return with_check(f"{area}{birth:%Y%m%d}{order:03d}")


@given(resident_ids())
def test_generated_numbers_are_valid(number: str) -> None:
    resident = validate_resident_id(number, today=TODAY)
    assert resident.number == number
    assert resident.birth_date.strftime("%Y%m%d") == number[6:14]
    assert resident.sex == ("M" if int(number[16]) % 2 else "F")


@given(resident_ids(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_is_caught(number: str, position: int, replacement: str) -> None:
    if number[position] == replacement:
        replacement = "7" if replacement != "7" else "3"
    changed = number[:position] + replacement + number[position + 1 :]
    error_of(validate_resident_id, changed, today=TODAY)


@given(resident_ids(), st.integers(min_value=0, max_value=15))
def test_adjacent_transpositions_are_caught(number: str, position: int) -> None:
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    error_of(validate_resident_id, swapped, today=TODAY)


# --- 统一社会信用代码 ------------------------------------------------------------------------------

PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    "91110000600037341L",
    "914403001922038216",
    "9144030071526726XG",
    "91330100716105852F",
    "91110108551385082Q",
    "91440300708461136T",
    "12100000400000624D",  # a central-level 事业单位: division 100000
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes(code: str) -> None:
    assert uscc_check(code[:17]) == code[17]
    credit = validate_credit_code(code)
    assert credit.code == code
    assert credit.subject_code == code[8:17]


def test_credit_code_parts() -> None:
    credit = validate_credit_code("91350100M000100Y43")
    assert credit.department == "9"
    assert credit.organisation_type == "1"
    assert credit.division_code == "350100"
    assert credit.department_name == "市场监管（工商）"
    assert credit.masked == "9135**********0Y43"


def letter_department_codes() -> list[str]:
    bodies = ["N2330782MF0123456", "N1110105MF1234567", "Y1440300MC2345678", "A1110000MB0012345"]
    return [body + uscc_check(body) for body in bodies]


@pytest.mark.parametrize("code", letter_department_codes())
def test_letter_departments_are_valid_though_stdnum_refuses_them(code: str) -> None:
    assert not uscc.is_valid(code)
    assert validate_credit_code(code).department == code[0]


@pytest.mark.parametrize(
    "typed",
    [
        "91350100m000100y43",
        " 9135 0100 M000 100Y 43 ",
        "９１３５０１００Ｍ０００１００Ｙ４３",
        "91350100-M000100Y4-3",
    ],
)
def test_credit_code_sloppy_typing(typed: str) -> None:
    assert validate_credit_code(typed).code == "91350100M000100Y43"


def credit_with_check(body: str) -> str:
    return body + uscc_check(body)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "credit_empty"),
        ("91350100M000100Y4", "credit_length"),
        ("91350100M000100Y433", "credit_length"),
        ("91350100M000100I43", "credit_chars"),
        ("91350100O000100Y43", "credit_chars"),
        ("91350100M000100Z43", "credit_chars"),
        ("S1350100M000100Y43", "credit_chars"),
        ("91350100V000100Y43", "credit_chars"),
        ("91350100M000100Y4*", "credit_chars"),
        ("91350100M000100Y44", "credit_checksum"),
        ("91350100M000100Y4A", "credit_checksum"),
        (credit_with_check("B1350100M000100Y4"), "credit_department"),
        (credit_with_check("94350100M000100Y4"), "credit_type"),
        (credit_with_check("Y2350100M000100Y4"), "credit_type"),
        (credit_with_check("N4350100M000100Y4"), "credit_type"),
        (credit_with_check("91A50100M000100Y4"), "credit_division"),
        (credit_with_check("91990100M000100Y4"), "credit_division"),
    ],
)
def test_bad_credit_codes(typed: str, code: str) -> None:
    error = error_of(validate_credit_code, typed)
    assert error.code == code
    assert error.field == "credit_code"


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    department = draw(st.sampled_from(sorted(REGISTRATION_DEPARTMENTS)))
    kind = draw(st.sampled_from(sorted(REGISTRATION_DEPARTMENTS[department][1])))
    division = draw(st.sampled_from(["110105", "350100", "440300", "100000", "330782"]))
    subject = draw(st.text(alphabet=CREDIT_ALPHABET, min_size=9, max_size=9))
    return credit_with_check(department + kind + division + subject)


@given(credit_codes())
def test_generated_credit_codes_are_valid(code: str) -> None:
    assert validate_credit_code(code).code == code


@given(credit_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(CREDIT_ALPHABET))
def test_any_single_changed_credit_character_is_caught(code: str, position: int, replacement: str) -> None:
    if code[position] == replacement:
        return
    error_of(validate_credit_code, code[:position] + replacement + code[position + 1 :])


# --- mobile numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "8613812345678",
        "0086 13812345678",
        "(+86) 138-1234-5678",
        "１３８１２３４５６７８",
        "＋８６\u3000１３８－１２３４－５６７８",
        "\u202a138 1234 5678\u202c",  # pasted from an address book with direction marks
    ],
)
def test_mobile_accepted(typed: str) -> None:
    assert validate_mobile(typed) == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobile_prefixes(prefix: str) -> None:
    assert validate_mobile(prefix + "012345678") == prefix + "012345678"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "mobile_empty"),
        (" - ", "mobile_empty"),
        ("1381234567", "mobile_length"),
        ("138123456789", "mobile_length"),
        ("010-12345678", "mobile_prefix"),
        ("0755-876543", "mobile_length"),
        ("12812345678", "mobile_prefix"),
        ("23812345678", "mobile_prefix"),
        ("8612812345678", "mobile_prefix"),
        ("1381234567a", "mobile_chars"),
        ("+1 13812345678", "mobile_chars"),
    ],
)
def test_mobile_rejected(typed: str, code: str) -> None:
    error = error_of(validate_mobile, typed)
    assert error.code == code
    assert error.field == "mobile"


# --- An organisation's 联系电话 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0591-87654321", "0591-87654321"),
        ("(0591)87654321", "0591-87654321"),
        ("（0591）8765 4321", "0591-87654321"),
        ("059187654321", "0591-87654321"),
        ("0591 8765 4321", "0591-87654321"),
        ("0591-8765-4321", "0591-87654321"),  # one number written in groups, not an extension
        ("０５９１－８７６５４３２１", "0591-87654321"),
        ("+86 591 8765 4321", "0591-87654321"),
        ("0086-591-87654321", "0591-87654321"),
        ("+86 10 6234 5678", "010-62345678"),  # 10 after +86 is Beijing, not a mobile
        ("0591-8765432", "0591-8765432"),  # 7-digit numbers outside the large cities
        ("010-62345678", "010-62345678"),
        ("02162345678", "021-62345678"),  # 02X is a three-digit area code, without any break
        ("0755 2345 6789", "0755-23456789"),
        ("0591-8765 4321 转 801", "0591-87654321-801"),
        ("0591-87654321分机801", "0591-87654321-801"),
        ("0591 87654321 ext. 12", "0591-87654321-12"),
        ("0591-87654321 X801", "0591-87654321-801"),
        ("0591-87654321-801", "0591-87654321-801"),
        ("0591-8765432-801", "0591-8765432-801"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 820 8820", "800-820-8820"),
        ("400-123-4567 转 2", "400-123-4567-2"),
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("\u200e0591-87654321", "0591-87654321"),
    ],
)
def test_contact_phone_accepted(typed: str, stored: str) -> None:
    assert validate_contact_phone(typed) == stored


@given(
    area=st.sampled_from(["010", "020", "021", "029", "0591", "0755", "0898", "0311"]),
    number=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
    extension=st.one_of(st.none(), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)
def test_every_stored_landline_reads_back_as_itself(area: str, number: str, extension: str | None) -> None:
    if len(area) == 3 and len(number) == 7:
        number += "0"  # the cities with three-digit area codes have 8-digit numbers only
    stored = f"{area}-{number}" + (f"-{extension}" if extension else "")
    assert validate_contact_phone(stored) == stored
    assert len(stored) <= 20  # cases.applicant_phone is VARCHAR(20)
    typed = f"({area}) {number[:4]} {number[4:]}" + (f" 转 {extension}" if extension else "")
    assert validate_contact_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("", "phone_empty", "请输入联系电话"),
        ("87654321", "phone_area_missing", "缺少区号"),
        ("010-6234567", "phone_number_length", "区号 010 后的电话号码应为 8 位，输入的是 7 位"),
        ("0591-876543", "phone_number_length", "区号 0591 后的电话号码应为 7 或 8 位，输入的是 6 位"),
        ("0591-876543210", "phone_number_length", "输入的是 9 位"),
        ("0591-", "phone_number_length", "请在区号 0591 后输入"),
        ("0123-4567890", "phone_area", "区号 012 不存在"),
        ("0591-07654321", "phone_number", "不能以 0 开头"),
        ("400-123-456", "phone_service_length", "400 号码应为 10 位，输入的是 9 位"),
        ("0591-87654321 转", "phone_extension", "请在“转”后输入分机号"),
        ("0591-87654321 转 1234567", "phone_extension", "分机号应为 1–6 位数字"),
        ("0591-87654321 转 8a", "phone_extension", "分机号应为 1–6 位数字"),
        ("13812345678 转 1", "phone_extension", "手机号码不能带分机号"),
        ("0591-8765432l", "phone_chars", "不能含有字符 l"),
        ("1381234567", "mobile_length", "手机号码应为 11 位"),
        ("5123", "phone_kind", "带区号的固定电话"),
    ],
)
def test_contact_phone_rejected_with_the_part_at_fault(typed: str, code: str, words: str) -> None:
    error = error_of(validate_contact_phone, typed)
    assert (error.code, error.field) == (code, "phone")
    assert words in error.message


@pytest.mark.parametrize(
    ("typed", "prefixes"),
    [
        ("138-1234", ("1381234",)),
        ("+86 138 1234 5678", ("13812345678",)),
        ("86 138 1234 5678", ("13812345678",)),
        ("(0591) 8765", ("0591-8765",)),
        ("0591 8765 4321", ("0591-87654321",)),
        ("0591", ("0591",)),
        ("0591-87654321 转 8", ("0591-87654321-8",)),
        # Without a break, the extension may follow a 7- or an 8-digit number.
        ("059187654321801", ("0591-8765432-1801", "0591-87654321-801")),
        ("010627", ("010-627",)),
        ("400 123 4", ("400-123-4",)),
        ("张三", ()),
        ("110105********1234", ()),
    ],
)
def test_phone_search_text_is_normalised_like_the_stored_numbers(
    typed: str, prefixes: tuple[str, ...]
) -> None:
    assert phone_search_prefixes(typed) == prefixes


@given(
    area=st.sampled_from(["010", "021", "0591", "0755"]),
    number=st.from_regex(r"[2-9][0-9]{7}", fullmatch=True),
    cut=st.integers(min_value=1, max_value=12),
)
def test_the_beginning_of_a_typed_landline_begins_the_stored_one(area: str, number: str, cut: int) -> None:
    stored = validate_contact_phone(f"{area}{number}")
    typed = f"({area}) {number[:4]} {number[4:]}"[: cut + 2]
    assert any(stored.startswith(prefix) for prefix in phone_search_prefixes(typed))


@pytest.mark.parametrize(
    ("typed", "complete"),
    [
        ("138 1234 567", False),
        ("138-1234-5678", True),
        ("+86 138 1234 5", False),
        ("0591-8765432", False),  # could still be an 8-digit number
        ("0591-87654321", True),
        ("010-6234567", False),
        ("010-62345678", True),
        ("400-123-456", False),
        ("400-123-4567", True),
        ("0591-87654321 转 8", False),
    ],
)
def test_a_phone_is_judged_as_typed_only_once_it_has_all_its_digits(typed: str, complete: bool) -> None:
    assert phone_typed_in_full(typed) is complete
