"""sync: clients, processed mutations, change feed, cases, records, manual tickets

Revision ID: 0002_sync
Revises: 0001
Create Date: 2026-11-22 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_sync"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_cases",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=40), nullable=False),
        sa.Column("server_case_no", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("run_client_id", sa.String(length=64), nullable=False),
        sa.Column("run_base_version", sa.Integer(), nullable=False),
        sa.Column("origin_client_id", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_cases_hall_id_halls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_cases")),
        sa.UniqueConstraint("hall_id", "case_no", name=op.f("uq_sync_cases_hall_id_case_no")),
        sa.UniqueConstraint("server_case_no", name=op.f("uq_sync_cases_server_case_no")),
    )
    op.create_table(
        "sync_changes",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_changes_hall_id_halls")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_changes")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("sync_changes", schema=None) as batch_op:
        batch_op.create_index("ix_sync_changes_hall_kind_key", ["hall_id", "kind", "key"], unique=False)
        batch_op.create_index("ix_sync_changes_hall_seq", ["hall_id", "seq"], unique=False)

    op.create_table(
        "sync_clients",
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("last_mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("last_actor", sa.String(length=64), nullable=False),
        sa.Column("protocol", sa.Integer(), nullable=False),
        sa.Column("clock_skew_ms", sa.BigInteger(), nullable=True),
        sa.Column("skipped_mutations", sa.BigInteger(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_clients_hall_id_halls")),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_sync_clients")),
    )
    op.create_table(
        "sync_counters",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_counters_hall_id_halls")),
        sa.PrimaryKeyConstraint("hall_id", "name", name=op.f("pk_sync_counters")),
    )
    op.create_table(
        "sync_manual_tickets",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("window_no", sa.String(length=16), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("clash_ticket_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_manual_tickets_hall_id_halls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_manual_tickets")),
    )
    with op.batch_alter_table("sync_manual_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_sync_manual_tickets_hall_status", ["hall_id", "status"], unique=False)

    op.create_table(
        "sync_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_sync_records_hall_id_halls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_records")),
        sa.UniqueConstraint(
            "hall_id", "kind", "record_id", name=op.f("uq_sync_records_hall_id_kind_record_id")
        ),
    )
    with op.batch_alter_table("sync_records", schema=None) as batch_op:
        batch_op.create_index("ix_sync_records_case_id", ["case_id"], unique=False)

    op.create_table(
        "sync_mutations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("mutation_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["sync_clients.client_id"], name=op.f("fk_sync_mutations_client_id_sync_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_mutations")),
        sa.UniqueConstraint("client_id", "mutation_id", name=op.f("uq_sync_mutations_client_id_mutation_id")),
    )


def downgrade() -> None:
    op.drop_table("sync_mutations")
    with op.batch_alter_table("sync_records", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_records_case_id")

    op.drop_table("sync_records")
    with op.batch_alter_table("sync_manual_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_manual_tickets_hall_status")

    op.drop_table("sync_manual_tickets")
    op.drop_table("sync_counters")
    op.drop_table("sync_clients")
    with op.batch_alter_table("sync_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_changes_hall_seq")
        batch_op.drop_index("ix_sync_changes_hall_kind_key")

    op.drop_table("sync_changes")
    op.drop_table("sync_cases")
