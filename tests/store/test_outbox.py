"""The outbox: same transaction as the domain write, canonical payloads, ordering and settling."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from hallclient.domain.errors import NotFoundError, ValidationError
from hallclient.store import Store, outbox
from hallclient.store.models import MUTATION_STATUSES, OutboxMutation, Rating, Setting
from hallclient.store.repo import record_rating, set_setting
from hallclient.store.types import stable_json


def test_payload_json_is_canonical(now: dt.datetime) -> None:
    one = stable_json({"b": 1, "a": {"z": now, "y": dt.date(2024, 10, 9)}, "c": ("x", "y")})
    two = stable_json({"c": ["x", "y"], "a": {"y": dt.date(2024, 10, 9), "z": now}, "b": 1})
    assert one == two
    assert one == '{"a":{"y":"2024-10-09","z":"2024-10-08T01:30:00+00:00"},"b":1,"c":["x","y"]}'
    assert stable_json({"name": "张三", "n": Decimal("1.50"), "id": uuid.UUID(int=1)}) == (
        '{"id":"00000000-0000-0000-0000-000000000001","n":"1.50","name":"张三"}'
    )


@pytest.mark.parametrize(
    "payload",
    [{"at": dt.datetime(2024, 10, 8, 9, 30)}, {"x": object()}, {"x": float("nan")}],
    ids=["naive-datetime", "object", "nan"],
)
def test_payloads_that_are_not_json_are_refused_and_nothing_is_written(
    store: Store, payload: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as caught, store.session() as session:
        set_setting(session, "k", "v")
        outbox.enqueue(session, name="thing.add", version=1, payload=payload)
    assert caught.value.code == "not_json"
    with store.session(readonly=True) as session:
        assert session.get(Setting, "k") is None
        assert outbox.pending_count(session) == 0


@pytest.mark.parametrize(
    ("name", "version"), [("", 1), ("Rating.Record", 1), ("rating.", 1), ("a b", 1), ("x.y", 0)]
)
def test_bad_names_and_versions_are_refused(store: Store, name: str, version: int) -> None:
    with pytest.raises(ValidationError), store.session() as session:
        outbox.enqueue(session, name=name, version=version, payload={})


def test_enqueue_is_part_of_the_callers_transaction(store: Store, now: dt.datetime) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        record_rating(
            session, request_id="r1", window_no="07", clerk_username="z", channel="c", level=2, rated_at=now
        )
        assert outbox.pending_count(session) == 1  # visible inside the transaction…
        raise RuntimeError("crash after the domain write")
    with store.session(readonly=True) as session:  # …and gone with it
        assert session.scalar(select(func.count()).select_from(Rating)) == 0
        assert outbox.pending_count(session) == 0


def test_pending_batch_is_in_id_order_and_records_are_frozen(store: Store) -> None:
    with store.session() as session:
        ids = [outbox.enqueue(session, name="n.add", version=1, payload={"i": i}) for i in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    with store.session(readonly=True) as session:
        batch = outbox.pending_batch(session, limit=3)
        rest = outbox.pending_batch(session, limit=10, after_mutation_id=batch[-1].mutation_id)
    assert [m.mutation_id for m in batch] == ids[:3]
    assert [m.mutation_id for m in rest] == ids[3:]
    first = batch[0]
    assert first.payload == {"i": 0} and first.payload_json == '{"i":0}'
    assert first.qualified_name == "n.add@1" and first.status == "pending" and first.attempts == 0
    with pytest.raises(AttributeError):
        first.status = "applied"  # type: ignore[misc]


def test_settling_mutations(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        a, b, c, d = (outbox.enqueue(session, name="n.add", version=1, payload={"i": i}) for i in range(4))
    with store.session() as session:
        taken = outbox.take_for_sending(session, limit=2)
        assert [m.mutation_id for m in taken] == [a, b]
        outbox.record_failure(session, [a, b], error="timeout")
        outbox.mark_applied(session, a, server_reply={"status": "applied"}, at=now)
        outbox.mark_rejected(session, b, reason="事项已停用", server_reply={"status": "rejected"})
        outbox.mark_conflict(session, c, reason="办件已被其他窗口修改")
    with store.session(readonly=True) as session:
        assert outbox.pending_count(session) == 1
        assert outbox.count_by_status(session) == {"pending": 1, "applied": 1, "conflict": 1, "rejected": 1}
        assert [m.mutation_id for m in outbox.pending_batch(session, limit=10)] == [d]
        applied = outbox.get_mutation(session, a)
        rejected = outbox.get_mutation(session, b)
        visible = outbox.list_mutations(session, statuses=("rejected", "conflict"))
    assert applied.attempts == 1 and applied.last_error is None and applied.settled_at == now
    assert rejected.last_error == "事项已停用" and rejected.server_reply == {"status": "rejected"}
    assert [m.mutation_id for m in visible] == [c, b]
    with pytest.raises(NotFoundError), store.session() as session:
        outbox.mark_applied(session, 999)


def test_requeue_after_a_server_restore(store: Store) -> None:
    with store.session() as session:
        ids = [outbox.enqueue(session, name="n.add", version=1, payload={"i": i}) for i in range(4)]
        for mutation_id in ids[:3]:
            outbox.mark_applied(session, mutation_id)
        outbox.mark_rejected(session, ids[0], reason="no")
    with store.session() as session:
        # The restored server has applied up to ids[0]; ids[1] and ids[2] must go again.
        assert outbox.requeue_after(session, mutation_id=ids[0]) == 2
    with store.session(readonly=True) as session:
        assert [m.mutation_id for m in outbox.pending_batch(session, limit=10)] == ids[1:]


def test_mutation_ids_are_never_reused(store: Store) -> None:
    with store.session() as session:
        first = outbox.enqueue(session, name="n.add", version=1, payload={})
        second = outbox.enqueue(session, name="n.add", version=1, payload={})
    with store.session() as session:
        session.execute(delete(OutboxMutation).where(OutboxMutation.mutation_id == second))
    with store.session() as session:
        third = outbox.enqueue(session, name="n.add", version=1, payload={})
        assert outbox.last_mutation_id(session) == third
    assert first < second < third


def test_stored_payload_text_is_what_was_canonicalised(store: Store, now: dt.datetime) -> None:
    with store.session() as session:
        mutation_id = outbox.enqueue(
            session, name="n.add", version=2, payload={"z": 1, "at": now, "名": "张三"}
        )
    with store.session(readonly=True) as session:
        record = outbox.get_mutation(session, mutation_id)
    assert record.payload_json == '{"at":"2024-10-08T01:30:00+00:00","z":1,"名":"张三"}'
    assert json.loads(record.payload_json) == record.payload


def test_prune_applied_forgets_old_applied_mutations_and_nothing_else(store: Store, now: dt.datetime) -> None:
    old, recent = now - dt.timedelta(days=120), now - dt.timedelta(days=10)
    with store.session() as session:
        ids = [outbox.enqueue(session, name="audit.add", version=1, payload={"i": i}) for i in range(12)]
        for mutation_id in ids[:8]:
            outbox.mark_applied(session, mutation_id, at=old)
        outbox.mark_rejected(session, ids[8], reason="refused", at=old)
        outbox.mark_conflict(session, ids[9], reason="edited elsewhere", at=old)
        outbox.mark_applied(session, ids[10], at=recent)
        # ids[11] stays pending
    cutoff = now - dt.timedelta(days=outbox.APPLIED_KEEP_DAYS)
    with store.session() as session:
        assert outbox.prune_applied(session, settled_before=cutoff, limit=5) == 5  # oldest first
        assert outbox.oldest_mutation_id(session) == ids[5]
        assert outbox.prune_applied(session, settled_before=cutoff, limit=5) == 3
        assert outbox.prune_applied(session, settled_before=cutoff, limit=5) == 0
    with store.session(readonly=True) as session:
        kept = {m.mutation_id: m.status for m in outbox.list_mutations(session, statuses=MUTATION_STATUSES)}
    assert kept == {ids[8]: "rejected", ids[9]: "conflict", ids[10]: "applied", ids[11]: "pending"}
    with store.session() as session:
        # Ids are never given out again, even though the oldest rows are gone.
        assert outbox.enqueue(session, name="audit.add", version=1, payload={"i": 12}) == ids[-1] + 1


def test_prune_applied_keeps_the_newest_applied_mutation(store: Store, now: dt.datetime) -> None:
    """The sync engine tells a restored server by comparing its last mutation id with ours."""
    with store.session() as session:
        ids = [outbox.enqueue(session, name="audit.add", version=1, payload={"i": i}) for i in range(3)]
        for mutation_id in ids:
            outbox.mark_applied(session, mutation_id, at=now - dt.timedelta(days=365))
    with store.session() as session:
        assert outbox.prune_applied(session, settled_before=now) == 2
        assert outbox.prune_applied(session, settled_before=now) == 0
    with store.session(readonly=True) as session:
        assert outbox.count_by_status(session)["applied"] == 1
        assert outbox.oldest_mutation_id(session) == ids[-1]
