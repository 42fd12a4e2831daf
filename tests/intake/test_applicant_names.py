"""Names as they are written on ID cards: rare characters of the newest CJK extensions are names,
not control characters; what cannot be kept or shown is refused with a message that says why."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from hallclient.domain.catalog import Catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.applicant import applicant_errors, check_name
from hallclient.intake.models import CaseDraft, CaseFilter
from hallclient.store import Store
from tests.intake.builders import at, checks, person, save_draft

NOW = at(2024, 10, 8, 9, 30)
# U+31350 (CJK Extension H, Unicode 15.0) and U+2EBF0 (Extension I, 15.1): real characters that
# an older Unicode table still lists as unassigned.
EXT_H, EXT_I = "\U00031350", "\U0002ebf0"


def _save(store: Store, catalog: Catalog, calendar: WorkCalendar, name: str) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(item_code=item.code, applicant=person(name), checks=checks(item.materials))
    return save_draft(store, draft, catalog=catalog, calendar=calendar, now=NOW).id


@pytest.mark.parametrize("name", [f"王{EXT_H}", f"李{EXT_I}明", f"{EXT_H}{EXT_I}"])
def test_characters_of_the_newest_cjk_extensions_are_kept_as_typed(
    store: Store, catalog: Catalog, calendar: WorkCalendar, name: str
) -> None:
    case_id = _save(store, catalog, calendar, name)
    with store.session() as session:
        detail = cases.get_case_detail(
            session=session, case_id=case_id, viewer="zhangsan", now=NOW, calendar=calendar, reveal_id=True
        )
    assert detail.applicant_name == name
    with store.session(readonly=True) as session:
        found = cases.list_cases(
            session=session, filter=CaseFilter(text=name), today=NOW.date(), calendar=calendar
        )
    assert [row.id for row in found] == [case_id]


def test_a_private_use_character_is_refused_as_such(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    with pytest.raises(ValidationError) as caught:
        _save(store, catalog, calendar, "张\ue000")
    assert caught.value.field == "applicant.name"
    assert caught.value.code == "name_private_use"
    assert "自造字" in caught.value.message and "U+E000" in caught.value.message
    assert "不可见" not in caught.value.message


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("张\x07三", "name_chars", "不可见的控制字符"),
        ("张\ufdd0三", "name_chars", "无法识别的字符（U+FDD0）"),  # a noncharacter, never assigned
    ],
)
def test_control_and_impossible_characters_are_still_refused(name: str, code: str, words: str) -> None:
    assert unicodedata.category(name[1]).startswith("C")
    errors = applicant_errors(person(name), today=dt.date(2024, 10, 8))
    error = errors["applicant.name"]
    assert (error.code, error.field) == (code, "applicant.name")
    assert words in error.message


@pytest.mark.parametrize("pasted", ["\u200b", "\u200e", "\u2066", "\ufeff", "\u00ad"])
def test_invisible_format_characters_pasted_with_a_name_are_dropped(pasted: str) -> None:
    # A zero-width space, a direction mark, an isolate, a BOM, a soft hyphen: the clerk sees
    # "张三" and could not find what to delete.
    assert check_name(f"张{pasted}三", field="applicant.name", what="姓名") == "张三"
    assert "applicant.name" not in applicant_errors(
        person(f"{pasted}张三{pasted}"), today=dt.date(2024, 10, 8)
    )


# The separator of a 少数民族 or transliterated name is U+00B7 on the ID card. Input methods and
# fonts offer look-alikes (a bullet, the katakana middle dot, a full stop typed as "。" or "."):
# kept as typed, the name would differ from the card's on every notice and would not be found by
# someone typing it the usual way.
@pytest.mark.parametrize(
    "typed",
    [
        "阿依古丽·买买提",
        "阿依古丽•买买提",  # U+2022 bullet
        "阿依古丽・买买提",  # U+30FB katakana middle dot
        "阿依古丽･买买提",  # U+FF65 half-width katakana middle dot
        "阿依古丽‧买买提",  # U+2027 hyphenation point
        "阿依古丽∙买买提",  # U+2219 bullet operator
        "阿依古丽⋅买买提",  # U+22C5 dot operator
        "阿依古丽.买买提",
        "阿依古丽。买买提",
        "阿依古丽．买买提",  # full-width full stop
        "阿依古丽 · 买买提",
    ],
)
def test_name_separators_are_written_as_on_the_id_card(typed: str) -> None:
    assert check_name(typed, field="applicant.name", what="姓名") == "阿依古丽·买买提"


def test_a_full_stop_in_a_latin_name_is_left_alone() -> None:
    assert check_name("John F. Smith", field="applicant.name", what="姓名") == "John F. Smith"


def test_a_name_is_found_whichever_separator_was_typed(
    store: Store, catalog: Catalog, calendar: WorkCalendar
) -> None:
    case_id = _save(store, catalog, calendar, "阿依古丽•买买提")
    with store.session() as session:
        detail = cases.get_case_detail(
            session=session, case_id=case_id, viewer="zhangsan", now=NOW, calendar=calendar, reveal_id=True
        )
    assert detail.applicant_name == "阿依古丽·买买提"
    for typed in ("阿依古丽·买买", "阿依古丽・买", "阿依古丽 . 买买提"):
        with store.session(readonly=True) as session:
            found = cases.list_cases(
                session=session, filter=CaseFilter(text=typed), today=NOW.date(), calendar=calendar
            )
        assert [row.id for row in found] == [case_id], typed
