"""Finding a case another window took in (a pulled copy, docs/sync.md "Privacy of shared cases")
by what the applicant shows: the receipt printed at that window masks the ID number as
110105********002X, while the copy here holds only the last four characters."""

from __future__ import annotations

from pathlib import Path

from hallclient.domain.catalog import Catalog
from hallclient.domain.masking import mask_id_number
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake import cases
from hallclient.intake.models import CaseDraft, CaseFilter
from hallclient.store import Store, open_store
from hallclient.sync.apply import apply_changes
from hallclient.sync.transport import Change
from tests.intake.builders import (
    PERSON_ID,
    as_the_feed_shares_it,
    at,
    checks,
    person,
    resident_id,
    save_draft,
)

NOW = at(2024, 10, 8, 9, 30)
OTHER_ID = resident_id("44030419900307123")


def _take_in(store: Store, catalog: Catalog, calendar: WorkCalendar, id_number: str, window: str) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code, applicant=person(id_number=id_number), checks=checks(item.materials)
    )
    return save_draft(
        store, draft, catalog=catalog, calendar=calendar, now=NOW, clerk="lisi", window_no=window
    ).id


def _found(store: Store, calendar: WorkCalendar, text: str) -> set[str]:
    with store.session(readonly=True) as session:
        rows = cases.list_cases(
            session=session, filter=CaseFilter(text=text), today=NOW.date(), calendar=calendar
        )
    return {row.id for row in rows}


def test_the_masked_number_on_another_windows_receipt_finds_the_copy(
    tmp_path: Path, catalog: Catalog, calendar: WorkCalendar
) -> None:
    origin, here = open_store(tmp_path / "w05.db"), open_store(tmp_path / "w07.db")
    try:
        shared = _take_in(origin, catalog, calendar, PERSON_ID, "05")
        with here.session() as session:
            feed = as_the_feed_shares_it(origin, shared, updated_at=NOW)
            apply_changes(session, [Change(seq=1, kind="case", key=shared, digest="d1", body=feed)], at=NOW)
        own = _take_in(here, catalog, calendar, OTHER_ID, "07")

        receipt = mask_id_number(PERSON_ID)  # 110105********002X, as printed at window 05
        assert _found(here, calendar, receipt) == {shared}
        assert _found(here, calendar, PERSON_ID[-4:]) == {shared}
        # This window's own cases still need the area code to match as well as the last four.
        assert _found(here, calendar, mask_id_number(OTHER_ID)) == {own}
        assert _found(here, calendar, "110105********" + OTHER_ID[-4:]) == set()
    finally:
        origin.close()
        here.close()


def test_a_masked_mobile_number_does_not_find_a_copy_by_its_id_numbers_last_four(
    tmp_path: Path, catalog: Catalog, calendar: WorkCalendar
) -> None:
    """138****5677 is a phone as a receipt prints it. Read as a masked ID number it would match any
    copy whose ID ends in 5677: a copy holds no area code to tell them apart, and a receipt prints
    a full one (six digits), so a shorter beginning does not match copies by their last four."""
    origin, here = open_store(tmp_path / "w05.db"), open_store(tmp_path / "w07.db")
    id_number = resident_id("11010519800101567")  # ends in 5677
    try:
        shared = _take_in(origin, catalog, calendar, id_number, "05")
        with here.session() as session:
            feed = as_the_feed_shares_it(origin, shared, updated_at=NOW)
            apply_changes(session, [Change(seq=1, kind="case", key=shared, digest="d1", body=feed)], at=NOW)

        assert _found(here, calendar, "138****" + id_number[-4:]) == set()
        assert _found(here, calendar, mask_id_number(id_number)) == {shared}
        assert _found(here, calendar, "**************" + id_number[-4:]) == {shared}
    finally:
        origin.close()
        here.close()
