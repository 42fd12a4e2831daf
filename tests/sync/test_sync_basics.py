"""Push and pull against a real server: every kind of mutation, the feed, status, protocol."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import pytest
import requests

from hallclient.domain.errors import SyncError
from hallclient.server.sync import protocol as server_protocol
from hallclient.store import Store, outbox, repo
from hallclient.sync import Backoff
from hallclient.sync import protocol as client_protocol
from hallclient.sync.engine import retry_mutation
from tests.serverproc import ServerProcess
from tests.sync.conftest import CST, make_engine, outbox_counts, server_count, write_work

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST)


def test_client_and_server_speak_the_same_protocol() -> None:
    assert client_protocol.PROTOCOL == server_protocol.PROTOCOL
    assert client_protocol.PROTOCOL_HEADER == server_protocol.PROTOCOL_HEADER
    assert client_protocol.PROTOCOL >= server_protocol.MIN_CLIENT_PROTOCOL


def test_everything_the_store_writes_is_applied_once_and_reference_documents_arrive(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("a")
    write_work(store, ratings=3, audits=4, prefix="basic")
    with store.session() as session:
        ticket = repo.add_manual_ticket(
            session, number="ｚ９０１", window_no="01", clerk_username="clerk01", at=AT
        )
        repo.save_printed_document(
            session,
            case_id=None,
            doc_type="ticket",
            pdf=b"%PDF-1.4 test",
            clerk_username="clerk01",
            printed_at=AT,
        )
    engine = make_engine(store, server.base_url, clerk_token)
    report = engine.sync_once()

    assert (report.pushed, report.applied, report.conflicts, report.rejected) == (9, 9, 0, 0)
    assert report.pending == 0 and report.pulled >= 4
    assert outbox_counts(store) == {"pending": 0, "applied": 9, "conflict": 0, "rejected": 0}
    client_id = store.client_id()
    db = server.database_url
    assert server_count(db, "sync_mutations", "client_id = :c", c=client_id) == 9
    assert server_count(db, "ratings", "request_id LIKE :p", p=f"basic-{client_id[:8]}-%") == 3
    assert server_count(db, "sync_records", "client_id = :c AND kind = 'audit'", c=client_id) == 4
    assert server_count(db, "sync_records", "client_id = :c AND kind = 'printed_document'", c=client_id) == 1
    # Z901 was never issued by the queue: recorded as served on paper only, nothing to close.
    assert server_count(db, "sync_manual_tickets", "id = :i AND status = 'manual_only'", i=ticket.id) == 1
    with store.session(readonly=True) as session:
        assert all(r.synced for r in [repo.get_rating(session, request_id=f"basic-{client_id[:8]}-r0")] if r)
        assert repo.list_manual_tickets(session, since=AT)[0].status == "reconciled"
        catalog = repo.load_cached_document(session, "catalog")
        reasons = repo.load_cached_document(session, "reasons")
        windows = repo.load_cached_document(session, "window_config")
        calendar = repo.load_cached_document(session, "calendar")
    assert catalog is not None and len(catalog.body["items"]) > 50
    assert reasons is not None and {r["code"] for r in reasons.body["bad_rating"]} >= {"attitude", "other"}
    assert windows is not None and [w["no"] for w in windows.body["windows"]][:2] == ["01", "02"]
    assert calendar is not None and set(calendar.body) == {"holidays", "workdays", "years"}

    again = engine.sync_once()  # nothing new: nothing sent, nothing pulled but what others wrote
    assert again.pushed == 0
    assert server_count(db, "sync_mutations", "client_id = :c", c=client_id) == 9


def test_a_calendar_change_by_the_admin_reaches_the_counter(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    from tests.serverproc import login

    store = make_store("cal")
    engine = make_engine(store, server.base_url, clerk_token)
    engine.sync_once()
    admin = login(server.base_url, "admin")
    day = f"2031-0{random.randint(1, 9)}-1{random.randint(0, 9)}"
    assert admin.session.put(
        server.base_url + "/api/v1/calendar", json={"holidays": [day], "workdays": []}
    ).ok
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        engine.sync_once()
        with store.session(readonly=True) as session:
            calendar = repo.load_cached_document(session, "calendar")
        if calendar is not None and day in calendar.body["holidays"]:
            break
        time.sleep(0.5)
    assert calendar is not None and calendar.body["holidays"] == [day]


def test_unknown_mutation_is_rejected_with_a_reason_and_stays_visible(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("unknown")
    with store.session() as session:
        outbox.enqueue(session, name="rating.record", version=9, payload={"request_id": "x"})
        outbox.enqueue(
            session, name="audit.add", version=1, payload={"id": "no-time", "who": "a", "what": "b"}
        )
    write_work(store, audits=1, prefix="after-unknown")
    engine = make_engine(store, server.base_url, clerk_token)
    report = engine.sync_once()
    assert (report.applied, report.rejected) == (1, 2)
    status = engine.status()
    assert status.rejected == 2 and status.pending == 0 and status.online is True
    reasons = {p.code: p for p in status.problems}
    assert "rating.record@9" in reasons["unknown_mutation"].reason
    assert reasons["unknown_mutation"].advice == "retry"
    assert reasons["validation"].advice == "manager"  # the server named the missing field
    assert "subject" in reasons["validation"].reason

    new_id = retry_mutation(store, reasons["unknown_mutation"].mutation_id)
    assert engine.sync_once().rejected == 1  # still unknown to this server, and visible again
    with store.session(readonly=True) as session:
        assert outbox.get_mutation(session, new_id).status == "rejected"
        assert "已重新提交" in (
            outbox.get_mutation(session, reasons["unknown_mutation"].mutation_id).last_error or ""
        )


def test_an_outdated_client_is_told_to_update_and_its_outbox_is_untouched(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("old")
    write_work(store, audits=3, prefix="old")
    engine = make_engine(store, server.base_url, clerk_token, protocol=0)
    with pytest.raises(SyncError) as caught:
        engine.sync_once()
    assert caught.value.code == "client_outdated" and "升级" in caught.value.message
    assert engine.outdated and engine.status().outdated
    with pytest.raises(SyncError):  # stops pushing: not even a request
        engine.push_once()
    assert outbox_counts(store)["pending"] == 3
    assert server_count(server.database_url, "sync_mutations", "client_id = :c", c=store.client_id()) == 0
    raw = requests.get(
        server.base_url + "/api/v1/sync/pull", headers={"Authorization": f"Bearer {clerk_token}"}
    )
    assert raw.status_code == 426 and raw.json()["error"]["code"] == "client_outdated"
    # The same store with an up-to-date program syncs everything.
    assert make_engine(store, server.base_url, clerk_token).sync_once().applied == 3


def test_gap_in_mutation_ids_is_answered_with_the_expected_id(
    server: ServerProcess, clerk_token: str
) -> None:
    headers = {"Authorization": f"Bearer {clerk_token}", "X-Hall-Sync-Protocol": "1"}
    client_id = f"gap-{random.getrandbits(40):x}"

    def push(ids: list[int], **extra: object) -> dict[str, object]:
        mutations = [
            {
                "mutation_id": i,
                "name": "audit.add",
                "version": 1,
                "payload": {
                    "id": f"{client_id}-{i}",
                    "who": "a",
                    "what": "b",
                    "subject": "s",
                    "at": AT.isoformat(),
                },
            }
            for i in ids
        ]
        response = requests.post(
            server.base_url + "/api/v1/sync/push",
            json={"client_id": client_id, "mutations": mutations, **extra},
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    assert push([1, 2, 3])["last_mutation_id"] == 3
    answer = push([6, 7])
    assert answer["expected_mutation_id"] == 4 and answer["results"] == [] and answer["last_mutation_id"] == 3
    answer = push([4, 5, 6, 7])
    assert answer["expected_mutation_id"] is None and answer["last_mutation_id"] == 7
    # A client that checked it has nothing below 10 may say so; the server then moves on.
    answer = push([10], gap_acknowledged=True)
    assert answer["last_mutation_id"] == 10
    assert server_count(server.database_url, "sync_records", "client_id = :c", c=client_id) == 8


def test_bad_batches_are_refused_whole_with_a_clear_message(server: ServerProcess, clerk_token: str) -> None:
    headers = {"Authorization": f"Bearer {clerk_token}", "X-Hall-Sync-Protocol": "1"}
    m = {"mutation_id": 2, "name": "audit.add", "version": 1, "payload": {}}
    response = requests.post(
        server.base_url + "/api/v1/sync/push",
        json={"client_id": "bad-batch", "mutations": [m, {**m, "mutation_id": 1}]},
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "validation"
    response = requests.post(server.base_url + "/api/v1/sync/push", json={"client_id": "x", "mutations": []})
    assert response.status_code in (401, 426)


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    backoff = Backoff(base_s=1, max_s=60, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(12)]
    caps = [min(60, 2**i) for i in range(12)]
    assert all(cap / 2 <= d <= cap for d, cap in zip(delays, caps, strict=True))
    assert len({round(d, 6) for d in delays}) == len(delays)  # jittered, not a fixed ladder
    backoff.reset()
    assert backoff.next_delay() <= 1


def test_a_record_sent_again_under_a_new_mutation_id_is_stored_once(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("twice")
    payload = {"id": "twice-audit-1", "who": "a", "what": "b", "subject": "s", "at": AT}
    with store.session() as session:
        first = outbox.enqueue(session, name="audit.add", version=1, payload=payload)
        outbox.enqueue(session, name="audit.add", version=1, payload=payload)  # the same record twice
    engine = make_engine(store, server.base_url, clerk_token)
    assert engine.sync_once().applied == 2
    with store.session() as session:
        outbox.mark_rejected(session, first, reason="clerk retry")
    retry_mutation(store, first)
    assert engine.sync_once().applied == 1
    assert server_count(server.database_url, "sync_records", "record_id = 'twice-audit-1'") == 1


def test_a_mutation_the_server_cannot_read_is_isolated_and_the_rest_goes_through(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store]
) -> None:
    store = make_store("unreadable")
    write_work(store, audits=2, prefix="unreadable-before")
    with store.session() as session:  # a version number beyond what the protocol allows
        bad = outbox.enqueue(session, name="audit.add", version=20_000, payload={"id": "x"})
    write_work(store, audits=3, prefix="unreadable-after")
    engine = make_engine(store, server.base_url, clerk_token)
    report = engine.sync_once()
    assert (report.applied, report.rejected, report.pending) == (5, 1, 0)
    with store.session(readonly=True) as session:
        refused = outbox.get_mutation(session, bad)
    assert refused.status == "rejected" and refused.server_reply is not None and refused.server_reply["local"]
    assert server_count(server.database_url, "sync_records", "client_id = :c", c=store.client_id()) == 5
    again = engine.sync_once()  # the locally refused one does not look like a restored server
    assert not again.server_restored and again.pulled == 0
