"""The catalog and calendar intake uses: cached server copies, else the shipped defaults."""

from __future__ import annotations

import datetime as dt

from hallclient.domain.catalog import catalog_to_dict, load_sample_catalog
from hallclient.domain.workdays import WorkCalendar
from hallclient.intake.references import load_intake_references
from hallclient.store import Store, repo

AT = dt.datetime(2024, 10, 8, tzinfo=dt.UTC)


def test_before_the_first_sync_the_sample_catalog_and_statutory_calendar_are_used(store: Store) -> None:
    with store.session(readonly=True) as session:
        refs = load_intake_references(session=session)
    assert not refs.catalog_from_server and refs.calendar_overrides == 0
    assert refs.catalog.find_item("SCJG-006") is not None
    assert refs.calendar.add_workdays(dt.date(2024, 9, 30), 1) == dt.date(2024, 10, 8)


def test_cached_server_catalog_and_calendar_overrides_win(store: Store) -> None:
    document = catalog_to_dict(load_sample_catalog())
    document["catalog_version"] = "server-7"
    with store.session() as session:
        repo.save_cached_document(session, kind="catalog", version="7", body=document, fetched_at=AT)
        repo.save_cached_document(
            session,
            kind="calendar",
            version="3",
            body={"holidays": ["2024-10-08"], "workdays": ["2024-10-13"]},
            fetched_at=AT,
        )
    with store.session(readonly=True) as session:
        refs = load_intake_references(session=session)
    assert refs.catalog_from_server and refs.catalog.catalog_version == "server-7"
    assert refs.calendar_overrides == 2
    assert refs.calendar.add_workdays(dt.date(2024, 9, 30), 1) == dt.date(2024, 10, 9)
    assert refs.calendar.is_workday(dt.date(2024, 10, 13))


def test_a_broken_cached_catalog_falls_back_to_the_sample(store: Store) -> None:
    with store.session() as session:
        repo.save_cached_document(
            session, kind="catalog", version="8", body={"format": "something else"}, fetched_at=AT
        )
        repo.save_cached_document(
            session, kind="calendar", version="4", body={"holidays": ["not a date"]}, fetched_at=AT
        )
    with store.session(readonly=True) as session:
        refs = load_intake_references(session=session)
    assert not refs.catalog_from_server and refs.catalog.find_item("SCJG-006") is not None
    assert refs.calendar_overrides == 0


def test_a_year_the_hall_gave_whole_has_exact_deadlines_and_its_own_holidays(store: Store) -> None:
    # The year after the last the program ships: its schedule comes from the hall's server.
    year = WorkCalendar.default().known_until.year + 1  # type: ignore[union-attr]
    new_year, festival = dt.date(year, 1, 1), [dt.date(year, 2, 10) + dt.timedelta(days=i) for i in range(7)]
    body = {"holidays": [d.isoformat() for d in [new_year, *festival]], "workdays": [], "years": [year]}

    def references(calendar_body: dict[str, object], version: str) -> WorkCalendar:
        with store.session() as session:
            repo.save_cached_document(
                session, kind="calendar", version=version, body=calendar_body, fetched_at=AT
            )
        with store.session(readonly=True) as session:
            return load_intake_references(session=session).calendar

    given_whole = references(body, "1")
    assert not given_whole.is_estimated(festival[0])
    assert not given_whole.is_workday(festival[0])
    assert given_whole.add_workdays(festival[0] - dt.timedelta(days=1), 1) == festival[-1] + dt.timedelta(
        days=1
    )
    # The same dates without the year named only add to a guess: deadlines there stay 预计.
    partial = references({**body, "years": []}, "2")
    assert partial.is_estimated(festival[0]) and not partial.is_workday(festival[0])
