from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallclient.domain.queue import (
    ALLOWED_TRANSITIONS,
    PAUSE_REASON_LABELS,
    CallPolicy,
    PauseReason,
    QueueEntry,
    TicketState,
    WindowState,
    can_transition,
    format_number,
    order_candidates,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def entry(
    id_: int,
    service: str = "A",
    seq: int | None = None,
    minutes: int = 0,
    *,
    green: bool = False,
    appointment_in: int | None = None,
    target: str | None = None,
) -> QueueEntry:
    return QueueEntry(
        id=id_,
        service=service,
        number_seq=seq if seq is not None else id_,
        effective_at=T0 + timedelta(minutes=minutes),
        green_channel=green,
        appointment_at=None if appointment_in is None else T0 + timedelta(minutes=appointment_in),
        target_window=target,
    )


def ids(entries: list[QueueEntry]) -> list[int]:
    return [e.id for e in entries]


def test_main_line_and_side_exits() -> None:
    assert can_transition(TicketState.WAITING, TicketState.CALLED)
    assert can_transition(TicketState.CALLED, TicketState.SERVING)
    assert can_transition(TicketState.SERVING, TicketState.DONE)
    assert can_transition(TicketState.CALLED, TicketState.NO_SHOW)
    assert can_transition(TicketState.SERVING, TicketState.SUSPENDED)
    assert can_transition(TicketState.SUSPENDED, TicketState.WAITING)
    assert can_transition(TicketState.SERVING, TicketState.TRANSFERRED)


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (TicketState.WAITING, TicketState.DONE),  # finish a ticket that was never called
        (TicketState.WAITING, TicketState.SERVING),
        (TicketState.SERVING, TicketState.NO_SHOW),  # the applicant is at the counter
        (TicketState.DONE, TicketState.WAITING),
        (TicketState.SUSPENDED, TicketState.SERVING),  # resume goes back to waiting
        (TicketState.NO_SHOW, TicketState.CALLED),
    ],
)
def test_forbidden_transitions(from_state: TicketState, to_state: TicketState) -> None:
    assert not can_transition(from_state, to_state)


def test_final_states_have_no_exit() -> None:
    finals = {s for s in TicketState if s.is_final}
    assert finals == {TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.TRANSFERRED}
    assert set(ALLOWED_TRANSITIONS) == set(TicketState)


def test_labels_are_chinese_and_complete() -> None:
    assert set(PAUSE_REASON_LABELS) == set(PauseReason)
    assert PauseReason.MEAL.label == "用餐"
    assert all(s.label for s in TicketState)
    assert all(s.label for s in WindowState)


def test_format_number() -> None:
    assert format_number("A", 12) == "A012"
    assert format_number("B", 1000) == "B1000"


def test_green_channel_and_due_appointments_first() -> None:
    entries = [
        entry(1, minutes=0),
        entry(2, minutes=5, green=True),
        entry(3, minutes=1, appointment_in=5),  # due within the 10-minute grace
        entry(4, minutes=2, appointment_in=60),  # not due yet: an ordinary ticket
    ]
    got = order_candidates(entries, window_services=["A"], now=T0, policy=CallPolicy())
    assert ids(got) == [3, 2, 1, 4]


def test_priority_classes_can_be_switched_off() -> None:
    entries = [entry(1, minutes=0), entry(2, minutes=5, green=True), entry(3, minutes=1, appointment_in=0)]
    policy = CallPolicy(green_channel_first=False, due_appointments_first=False)
    assert ids(order_candidates(entries, window_services=["A"], now=T0, policy=policy)) == [1, 3, 2]


def test_window_service_order_before_time() -> None:
    entries = [entry(1, "A", 1, minutes=0), entry(2, "B", 1, minutes=-30), entry(3, "C", 1, minutes=-60)]
    got = order_candidates(entries, window_services=["A", "B"], now=T0, policy=CallPolicy())
    assert ids(got) == [1, 2]  # C is not this window's service
    flat = CallPolicy(service_order_first=False)
    assert ids(order_candidates(entries, window_services=["A", "B"], now=T0, policy=flat)) == [2, 1]


def test_transfer_to_window_is_only_for_that_window_and_comes_first() -> None:
    entries = [entry(1, "A", minutes=0), entry(2, "D", 7, minutes=10, target="05")]
    assert ids(
        order_candidates(entries, window_services=["A"], now=T0, policy=CallPolicy(), window_no="05")
    ) == [
        2,
        1,
    ]
    assert ids(
        order_candidates(entries, window_services=["A", "D"], now=T0, policy=CallPolicy(), window_no="06")
    ) == [1]


def test_number_breaks_ties() -> None:
    entries = [entry(10, "A", 3), entry(11, "A", 2), entry(12, "A", 10)]
    assert ids(order_candidates(entries, window_services=["A"], now=T0, policy=CallPolicy())) == [11, 10, 12]


entries_strategy = st.lists(
    st.builds(
        QueueEntry,
        id=st.integers(min_value=1, max_value=10_000),
        service=st.sampled_from(["A", "B", "C"]),
        number_seq=st.integers(min_value=1, max_value=50),
        effective_at=st.integers(min_value=-120, max_value=120).map(lambda m: T0 + timedelta(minutes=m)),
        green_channel=st.booleans(),
        appointment_at=st.none() | st.integers(-60, 60).map(lambda m: T0 + timedelta(minutes=m)),
        target_window=st.none() | st.sampled_from(["01", "02"]),
    ),
    max_size=30,
    unique_by=lambda e: e.id,
)
policies = st.builds(
    CallPolicy,
    green_channel_first=st.booleans(),
    due_appointments_first=st.booleans(),
    appointment_grace=st.integers(0, 30).map(lambda m: timedelta(minutes=m)),
    service_order_first=st.booleans(),
)
window_services = st.lists(st.sampled_from(["A", "B", "C"]), unique=True, max_size=3)


@settings(max_examples=200, deadline=None)
@given(entries=entries_strategy, services=window_services, policy=policies, data=st.data())
def test_order_is_permutation_invariant_and_complete(
    entries: list[QueueEntry], services: list[str], policy: CallPolicy, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(entries))
    first = order_candidates(entries, window_services=services, now=T0, policy=policy, window_no="01")
    second = order_candidates(shuffled, window_services=services, now=T0, policy=policy, window_no="01")
    assert first == second
    expected = {
        e.id
        for e in entries
        if (e.target_window == "01") or (e.target_window is None and e.service in services)
    }
    assert {e.id for e in first} == expected


@settings(max_examples=200, deadline=None)
@given(entries=entries_strategy, services=window_services, policy=policies)
def test_priority_entries_never_follow_ordinary_ones(
    entries: list[QueueEntry], services: list[str], policy: CallPolicy
) -> None:
    from hallclient.domain.queue import is_priority

    ordered = order_candidates(entries, window_services=services, now=T0, policy=policy, window_no="01")
    flags = [is_priority(e, now=T0, policy=policy) for e in ordered]
    assert flags == sorted(flags, reverse=True)
    # Within one priority class and one service, earlier effective times come first.
    for a, b in itertools.pairwise(ordered):
        same_class = is_priority(a, now=T0, policy=policy) == is_priority(b, now=T0, policy=policy)
        if same_class and a.service == b.service and a.target_window == b.target_window:
            assert a.effective_at <= b.effective_at
