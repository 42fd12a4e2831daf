from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallclient.domain.casenumber import CaseNumber, format_case_no, parse_case_no
from hallclient.domain.errors import ValidationError


def test_format_matches_the_documented_example() -> None:
    assert (
        format_case_no(hall_code="DEMO", day=date(2026, 11, 22), window=5, sequence=7)
        == "DEMO-261122-05-0007"
    )
    assert (
        format_case_no(hall_code="QD01", day=date(2026, 1, 2), window=105, sequence=9999)
        == "QD01-260102-105-9999"
    )


def test_parse_returns_the_parts() -> None:
    number = parse_case_no("DEMO-261122-05-0007")
    assert number == CaseNumber("DEMO", date(2026, 11, 22), 5, 7)
    assert str(number) == "DEMO-261122-05-0007"


@pytest.mark.parametrize(
    "typed",
    [" demo-261122-05-0007 ", "ＤＥＭＯ－２６１１２２－０５－０００７", "DEMO–261122–05–0007"],
)
def test_parse_normalises_what_people_type(typed: str) -> None:
    assert str(parse_case_no(typed)) == "DEMO-261122-05-0007"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "DEMO261122050007",
        "DEMO-261122-5-0007",  # window must be padded
        "DEMO-261122-005-0007",  # ... but not over-padded
        "DEMO-261122-05-007",
        "DEMO-261122-05-00007",
        "DEMO-261322-05-0007",  # month 13
        "DEMO-260230-05-0007",  # 30 February
        "DEMO-261122-00-0007",
        "DEMO-261122-05-0000",
        "1DEMO-261122-05-0007",
        "DE MO-261122-05-0007",
        "DEMO-261122-05-0007-1",
    ],
)
def test_parse_rejects_bad_numbers_with_a_clear_message(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_case_no(bad)
    assert info.value.field == "case_no"
    assert "受理编号" in info.value.message


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hall_code": "demo"}, "hall_code"),
        ({"hall_code": "DE-MO"}, "hall_code"),
        ({"window": 0}, "window"),
        ({"window": 1000}, "window"),
        ({"sequence": 0}, "sequence"),
        ({"sequence": 10000}, "sequence"),
        ({"day": date(1999, 12, 31)}, "case_no"),
    ],
)
def test_format_rejects_out_of_range_parts(kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "hall_code": "DEMO",
        "day": date(2026, 11, 22),
        "window": 5,
        "sequence": 7,
    }
    arguments.update(kwargs)
    with pytest.raises(ValidationError) as info:
        format_case_no(**arguments)  # type: ignore[arg-type]
    assert info.value.field == field


@given(
    hall=st.from_regex(r"\A[A-Z][A-Z0-9]{1,11}\Z"),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    window=st.integers(1, 999),
    sequence=st.integers(1, 9999),
)
def test_round_trip_and_uniqueness(hall: str, day: date, window: int, sequence: int) -> None:
    text = format_case_no(hall_code=hall, day=day, window=window, sequence=sequence)
    assert parse_case_no(text) == CaseNumber(hall, day, window, sequence)


def test_different_parts_never_give_the_same_number() -> None:
    day = date(2026, 11, 22)
    numbers = {
        format_case_no(hall_code="DEMO", day=day, window=w, sequence=s)
        for w in (1, 10, 99, 100, 105)
        for s in (1, 10)
    }
    assert len(numbers) == 10
