"""The case-list queries of the intake screen are answered from indexes, not by scanning cases.

(Timings belong in the intake benchmark; this pins down the query plans those timings rest on.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Select, func, select

from hallclient.store import Store
from hallclient.store.models import Case
from hallclient.store.types import prefix_match

DAY = dt.datetime(2024, 10, 8, tzinfo=dt.UTC)
TODAY = DAY.date()

QUERIES: dict[str, tuple[Select[Any], str]] = {
    "today": (
        select(Case)
        .where(Case.created_at >= DAY, Case.created_at < DAY + dt.timedelta(days=1))
        .order_by(Case.created_at.desc())
        .limit(50),
        "ix_cases_created_at",
    ),
    "newest": (select(Case).order_by(Case.created_at.desc()).limit(50), "ix_cases_created_at"),
    "by_status": (
        select(Case).where(Case.status == "awaiting_supplement").order_by(Case.created_at.desc()).limit(50),
        "ix_cases_status_created_at",
    ),
    "overdue_pledges": (
        select(Case)
        .where(Case.status == "awaiting_supplement", Case.pledge_due < TODAY)
        .order_by(Case.pledge_due)
        .limit(50),
        "ix_cases_status_pledge_due",
    ),
    "deadline_alerts_count": (
        select(func.count())
        .select_from(Case)
        .where(Case.status.in_(["accepted", "awaiting_supplement"]), Case.promised_due <= TODAY),
        "ix_cases_status_promised_due",
    ),
    "name_prefix": (
        select(Case).where(prefix_match(Case.applicant_name, "张")).limit(50),
        "ix_cases_applicant_name",
    ),
    "id_number_prefix": (
        select(Case).where(prefix_match(Case.applicant_id_number, "110105")).limit(50),
        "ix_cases_applicant_id_number",
    ),
    "phone_prefix": (
        select(Case).where(prefix_match(Case.applicant_phone, "138")).limit(50),
        "ix_cases_applicant_phone",
    ),
    "ticket_number": (select(Case).where(Case.ticket_number == "A012"), "ix_cases_ticket_number"),
    "agent_name_prefix": (
        select(Case).where(prefix_match(Case.agent_name, "赵")).limit(50),
        "ix_cases_agent_name",
    ),
    "phone_tail": (
        select(Case).where(Case.applicant_phone_tail == "0012").limit(50),
        "ix_cases_applicant_phone_tail",
    ),
}


def _seed(store: Store) -> None:
    with store.session() as session:
        for n in range(300):
            at = DAY - dt.timedelta(hours=n)
            session.add(
                Case(
                    case_no=f"330102241008{n:04d}",
                    item_code="IT1",
                    applicant_kind="person",
                    applicant_name=["张三", "李四", "王五"][n % 3],
                    applicant_id_number=f"11010519900101{n:04d}",
                    applicant_phone=f"138{n:08d}",
                    applicant_phone_tail=f"{n:04d}",
                    agent_name="赵六" if n % 5 == 0 else None,
                    ticket_number=f"A{n:03d}",
                    window_no="07",
                    clerk_username="z",
                    outcome="accept",
                    recommended_outcome="accept",
                    status=["accepted", "awaiting_supplement", "completed"][n % 3],
                    created_at=at,
                    updated_at=at,
                    promised_due=at.date() + dt.timedelta(days=5),
                    pledge_due=at.date() + dt.timedelta(days=2) if n % 3 == 1 else None,
                )
            )


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_case_list_queries_use_their_index(store: Store, name: str) -> None:
    _seed(store)
    query, index = QUERIES[name]
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert connection.execute(query).all()  # the seeded data answers every query
    assert f"INDEX {index}" in plan, plan
    assert "SCAN cases" not in plan or "SCAN cases USING INDEX" in plan, plan
