from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.masking import mask_credit_code, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110105199001011234", "110105********1234"),
        ("11010519491231002x", "110105********002X"),
        (" 110105 19491231 002X ", "110105********002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
        ("110105491231002", "110105*********"),
        ("", ""),
        ("1101", "****"),
        ("1101051949", "11********"),
        ("11010519491231", "11************"),
        ("1101051949123100", "11**************"),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=18),
    st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3),
)
def test_no_prefix_of_an_id_number_shows_its_birth_date(birth: date, typed: int, spaces: list[str]) -> None:
    # Every partly typed form of the number, with stray spaces, hides month and day of birth.
    number = f"330106{birth:%Y%m%d}0012"
    partial = number[:typed]
    if spaces:
        partial = spaces[0] + partial[: typed // 2] + "".join(spaces[1:]) + partial[typed // 2 :]
    masked = mask_id_number(partial)
    assert len(masked) == typed
    assert set(masked[6:14]) <= {"*"}


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳娜娜", "欧**娜"),
        ("阿依古丽·买买提", "阿******提"),
        ("\u3000李四 ", "李*"),
        ("王", "王"),
        ("", ""),
        ("   ", ""),
        ("John Smith", "J*** S****"),
    ],
)
def test_mask_name(value: str, masked: str) -> None:
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("+86 138 1234 5678", "+86*******5678"),
        ("010-62345678", "010-****5678"),
        ("0591-87654321", "0591-****4321"),
        ("0591-8765432", "0591-***5432"),
        ("0591-87654321-801", "0591-****4321-***"),
        ("0591-****4321", "0591-****4321"),  # already masked, as another counter receives it
        ("400-123-4567", "400-***-4567"),
        ("400-123-4567-12", "400-***-4567-**"),
        ("87654321", "****4321"),
        ("8765432", "***5432"),
        ("5678", "****"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@given(st.text(alphabet="0123456789", min_size=5, max_size=14))
def test_a_phone_number_is_never_shown_in_full(digits: str) -> None:
    masked = mask_phone(digits)
    assert len(masked) == len(digits)
    assert masked.count("*") >= min(4, len(digits) - 4)
    assert masked != digits


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("91350100M000100Y43", "9135**********0Y43"),
        ("91350100m000100y43", "9135**********0Y43"),
        (" 9135 0100 M000 100Y 43", "9135**********0Y43"),
        ("12345678", "12345678"),
    ],
)
def test_mask_credit_code(value: str, masked: str) -> None:
    assert mask_credit_code(value) == masked


@given(
    area=st.sampled_from(["010", "021", "0591", "0755"]),
    number=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
    extension=st.one_of(st.none(), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)
def test_a_stored_landline_shows_only_its_area_code_and_last_four(
    area: str, number: str, extension: str | None
) -> None:
    stored = f"{area}-{number}" + (f"-{extension}" if extension else "")
    masked = mask_phone(stored)
    assert masked.startswith(f"{area}-") and masked.count("-") == stored.count("-")
    assert [ch for ch in masked if ch.isdigit()] == list(area + number[-4:])
    assert len(masked) == len(stored)
