"""What a case pulled to another counter reveals about its applicant, and checking the applicant
there by the typed ID number. Real server process, real SQLite files (their bytes are scanned)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hallclient.domain.catalog import Catalog, load_sample_catalog
from hallclient.domain.errors import ValidationError
from hallclient.domain.outcome import CheckState
from hallclient.intake.models import AgentDraft, CaseDraft
from hallclient.server.sync import identity as server_identity
from hallclient.store import Store, outbox
from hallclient.store.models import Case, CaseEvent
from hallclient.sync import identity
from tests.intake.builders import AGENT_ID, PERSON_ID, at, checks, person, resident_id
from tests.serverproc import ServerProcess
from tests.sync.conftest import make_engine, take_in

NOW = at(2026, 3, 3, 10, 0)
PHONE = "13812345678"
STRANGER_ID = resident_id("32010219800101001")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_sample_catalog()


def _file_bytes(store: Store) -> bytes:
    """Everything the store has on disk: the database file and its write-ahead log."""
    path = Path(str(store.engine.url.database))
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def _take_in(store: Store, catalog: Catalog, *, window_no: str) -> str:
    item = catalog.item("SCJG-006")
    draft = CaseDraft(
        item_code=item.code,
        applicant=person("王小明", agent=AgentDraft(name="赵六", id_number=AGENT_ID)),
        checks=checks(item.materials, food_safety_rules=CheckState.MISSING),
        applicant_pledges=True,
        pledge_days=3,
    )
    return take_in(store, catalog, draft, window_no=window_no, now=NOW)


def test_a_pulled_case_has_no_full_id_or_phone_and_the_applicant_is_checked_by_typed_id(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    a, b = make_store("origin"), make_store("other-window")
    case_id = _take_in(a, catalog, window_no="31")
    make_engine(a, server.base_url, clerk_token).sync_once()
    make_engine(b, server.base_url, clerk_token).sync_once()

    with b.session(readonly=True) as session:
        copy = session.get(Case, case_id)
        assert copy is not None and copy.applicant_name == "王小明"  # the clerk must address them
        assert copy.applicant_id_number == "*" * 14 + PERSON_ID[-4:]
        assert copy.applicant_id_tail == PERSON_ID[-4:]  # the list search by last four still works
        assert copy.agent_id_number == "*" * 14 + AGENT_ID[-4:]
        assert copy.applicant_phone == "138****5678"
        assert copy.applicant_phone_tail == "5678"  # and so does the one by the phone's last four
        assert identity.needs_identity_check(session, case_id)
    on_disk = _file_bytes(b)
    for secret in (PERSON_ID, AGENT_ID, PHONE, PERSON_ID[:14]):
        assert secret.encode() not in on_disk
    # The window that took the case in keeps the full values.
    with a.session(readonly=True) as session:
        mine = session.get(Case, case_id)
        assert mine is not None and mine.applicant_id_number == PERSON_ID and mine.applicant_phone == PHONE
        assert not identity.needs_identity_check(session, case_id)

    # At B the clerk types the number from the card: the applicant's and the agent's match.
    with b.session() as session:
        ok = identity.verify_identity(
            session=session, case_id=case_id, typed_id_number=PERSON_ID.lower(), clerk="clerk05", now=NOW
        )
        agent = identity.verify_identity(
            session=session, case_id=case_id, typed_id_number=AGENT_ID, clerk="clerk05", now=NOW
        )
        wrong = identity.verify_identity(
            session=session, case_id=case_id, typed_id_number=STRANGER_ID, clerk="clerk05", now=NOW
        )
    assert (ok.matched, ok.who, ok.method) == (True, "applicant", "hash")
    assert (agent.matched, agent.who) == (True, "agent")
    assert not wrong.matched and "未通过" in wrong.message and STRANGER_ID not in wrong.message
    with pytest.raises(ValidationError) as caught, b.session() as session:  # not an ID: nothing written
        identity.verify_identity(
            session=session, case_id=case_id, typed_id_number="11010519491231", clerk="clerk05", now=NOW
        )
    assert caught.value.field == "id_number"
    with b.session(readonly=True) as session:
        checks_made = session.scalars(
            select(CaseEvent.detail).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == identity.EVENT_IDENTITY_CHECKED
            )
        ).all()
        audits = [
            m.payload["detail"]["matched"]
            for m in outbox.pending_batch(session, limit=100)
            if m.name == "audit.add" and m.payload["what"] == "verify_identity"
        ]
    assert [d["matched"] for d in checks_made] == [True, True, False] and audits == [True, True, False]
    # The check itself leaves no full number behind either.
    assert PERSON_ID.encode() not in _file_bytes(b) and STRANGER_ID.encode() not in _file_bytes(b)

    # At A the full number is compared directly.
    with a.session() as session:
        direct = identity.verify_identity(
            session=session, case_id=case_id, typed_id_number=PERSON_ID, clerk="clerk01", now=NOW
        )
    assert direct.matched and direct.method == "full_number"


def test_a_copy_without_shared_hashes_says_so(
    server: ServerProcess, clerk_token: str, make_store: Callable[[str], Store], catalog: Catalog
) -> None:
    a, b = make_store("origin-2"), make_store("other-2")
    case_id = _take_in(a, catalog, window_no="32")
    make_engine(a, server.base_url, clerk_token).sync_once()
    make_engine(b, server.base_url, clerk_token).sync_once()
    with b.session() as session:  # as if an older server had shared the case without hashes
        for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)):
            if event.kind == identity.EVENT_RECEIVED:
                event.detail = {**event.detail, "identity": None}
    with pytest.raises(ValidationError) as caught, b.session() as session:
        identity.verify_identity(
            session=session, case_id=case_id, typed_id_number=PERSON_ID, clerk="clerk05", now=NOW
        )
    assert caught.value.code == "identity_unavailable" and "核实申请人身份" in caught.value.message


def test_client_and_server_hash_the_same_way() -> None:
    salt = "00112233445566778899aabbccddeeff"
    case_id = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    client = identity.identity_hash(PERSON_ID, salt_hex=salt, case_id=case_id)
    assert client == server_identity.identity_hash(PERSON_ID, salt_hex=salt, case_id=case_id)
    assert client != identity.identity_hash(PERSON_ID, salt_hex=salt, case_id=case_id[::-1])
    assert identity.SCHEME == server_identity.SCHEME
    assert identity.tail_mask(PERSON_ID) == server_identity.tail_mask(PERSON_ID)
