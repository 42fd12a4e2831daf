"""``case.create@1`` with an id another hall already holds: a conflict that tells nothing about
that hall's case. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from tests.server.conftest import HallFixture, create_hall
from tests.server.pushkit import push_one
from tests.sync.conftest import server_count


def test_a_case_id_of_another_hall_is_a_conflict_without_its_state(
    hall: HallFixture, password_hash: str
) -> None:
    other = create_hall(hall.database_url, hall.base_url, password_hash)
    case_id = str(uuid.uuid4())
    theirs = {"id": case_id, "case_no": "SECRET-001", "status": "accepted", "applicant": {"name": "张三"}}
    assert push_one(other.clerk("01"), "case.create", theirs)["status"] == "applied"

    mine = {"id": case_id, "case_no": "MINE-001", "status": "accepted", "applicant": {"name": "李四"}}
    answer = push_one(hall.clerk("01"), "case.create", mine)
    assert (answer["status"], answer["code"]) == ("conflict", "case_exists")
    assert "server_state" not in answer["data"]
    assert "SECRET" not in str(answer) and "张三" not in str(answer)
    assert server_count(hall.database_url, "sync_cases", "id = :c AND case_no = 'SECRET-001'", c=case_id) == 1
