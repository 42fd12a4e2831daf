"""initial schema

Revision ID: 3903a57fff81
Revises:
Create Date: 2026-11-22 18:07:46.602463
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3903a57fff81"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("who", sa.String(length=64), nullable=False),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_entries_subject", ["subject"], unique=False)

    op.create_table(
        "cached_documents",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('catalog', 'calendar', 'reasons', 'window_config')",
            name=op.f("ck_cached_documents_kind"),
        ),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_cached_documents")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=40), nullable=False),
        sa.Column("server_case_no", sa.String(length=64), nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        sa.Column("bundle_code", sa.String(length=64), nullable=True),
        sa.Column("applicant_kind", sa.String(length=8), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=18), nullable=True),
        sa.Column("applicant_phone", sa.String(length=20), nullable=True),
        sa.Column("org_credit_code", sa.String(length=18), nullable=True),
        sa.Column("legal_rep", sa.String(length=100), nullable=True),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("agent_id_number", sa.String(length=18), nullable=True),
        sa.Column("ticket_id", sa.String(length=64), nullable=True),
        sa.Column("ticket_number", sa.String(length=16), nullable=True),
        sa.Column("window_no", sa.String(length=16), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("recommended_outcome", sa.String(length=32), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("promised_due", sa.Date(), nullable=True),
        sa.Column("pledge_due", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sync_state", sa.String(length=16), nullable=False),
        sa.CheckConstraint("applicant_kind IN ('person', 'org')", name=op.f("ck_cases_applicant_kind")),
        sa.CheckConstraint(
            "outcome IN ('accept', 'accept_with_deficiency', 'notify_once', 'reject')",
            name=op.f("ck_cases_outcome"),
        ),
        sa.CheckConstraint(
            "recommended_outcome IN ('accept', 'accept_with_deficiency', 'notify_once', 'reject')",
            name=op.f("ck_cases_recommended_outcome"),
        ),
        sa.CheckConstraint(
            "status IN ('accepted', 'awaiting_supplement', 'notified', 'rejected', 'completed', 'withdrawn')",
            name=op.f("ck_cases_status"),
        ),
        sa.CheckConstraint(
            "sync_state IN ('pending', 'synced', 'conflict')", name=op.f("ck_cases_sync_state")
        ),
        sa.CheckConstraint("version >= 0", name=op.f("ck_cases_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_applicant_id_number", ["applicant_id_number"], unique=False)
        batch_op.create_index("ix_cases_applicant_name", ["applicant_name"], unique=False)
        batch_op.create_index("ix_cases_applicant_phone", ["applicant_phone"], unique=False)
        batch_op.create_index("ix_cases_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_cases_org_credit_code", ["org_credit_code"], unique=False)
        batch_op.create_index("ix_cases_server_case_no", ["server_case_no"], unique=False)
        batch_op.create_index("ix_cases_status_created_at", ["status", "created_at"], unique=False)
        batch_op.create_index("ix_cases_status_pledge_due", ["status", "pledge_due"], unique=False)
        batch_op.create_index("ix_cases_status_promised_due", ["status", "promised_due"], unique=False)
        batch_op.create_index("ix_cases_sync_state", ["sync_state"], unique=False)
        batch_op.create_index("ix_cases_ticket_number", ["ticket_number"], unique=False)

    op.create_table(
        "manual_tickets",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("window_no", sa.String(length=16), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'reconciled', 'clash')", name=op.f("ck_manual_tickets_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_tickets")),
    )
    with op.batch_alter_table("manual_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_manual_tickets_at", ["at"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("mutation_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("server_reply", sa.JSON(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'applied', 'conflict', 'rejected')", name=op.f("ck_outbox_status")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_outbox_version")),
        sa.PrimaryKeyConstraint("mutation_id", name=op.f("pk_outbox")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status_mutation_id", ["status", "mutation_id"], unique=False)

    op.create_table(
        "ratings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.String(length=64), nullable=True),
        sa.Column("ticket_number", sa.String(length=16), nullable=True),
        sa.Column("case_no", sa.String(length=40), nullable=True),
        sa.Column("window_no", sa.String(length=16), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("synced", sa.Boolean(), nullable=False),
        sa.CheckConstraint("level IS NULL OR level BETWEEN 1 AND 5", name=op.f("ck_ratings_level")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("request_id", name=op.f("uq_ratings_request_id")),
    )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.create_index("ix_ratings_case_no", ["case_no"], unique=False)
        batch_op.create_index("ix_ratings_rated_at", ["rated_at"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("server_epoch", sa.String(length=64), nullable=True),
        sa.Column("pull_cursor", sa.String(length=64), nullable=True),
        sa.Column("clock_skew_ms", sa.Integer(), nullable=True),
        sa.Column("last_push_at", sa.DateTime(), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_id_at", ["case_id", "at"], unique=False)

    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("material_key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("core", sa.Boolean(), nullable=False),
        sa.Column("deficiency_allowed", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("originals", sa.Integer(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("e_license_no", sa.String(length=100), nullable=True),
        sa.Column("required_originals", sa.Integer(), nullable=False),
        sa.Column("required_copies", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('original', 'copy', 'e_license', 'missing', 'deficient')",
            name=op.f("ck_case_materials_state"),
        ),
        sa.CheckConstraint(
            "originals >= 0 AND copies >= 0 AND required_originals >= 0 AND required_copies >= 0",
            name=op.f("ck_case_materials_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_materials_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_materials")),
        sa.UniqueConstraint("case_id", "material_key", name=op.f("uq_case_materials_case_id_material_key")),
    )
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("commitments", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("fulfilled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'fulfilled', 'overdue')", name=op.f("ck_pledges_status")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_pledges_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
        sa.UniqueConstraint("case_id", name=op.f("uq_pledges_case_id")),
    )
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.create_index("ix_pledges_status_due", ["status", "due"], unique=False)

    op.create_table(
        "printed_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_printed_documents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printed_documents")),
    )
    with op.batch_alter_table("printed_documents", schema=None) as batch_op:
        batch_op.create_index("ix_printed_documents_case_id", ["case_id"], unique=False)

    op.create_table(
        "supplements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("material_keys", sa.JSON(), nullable=False),
        sa.Column("clerk_username", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_supplements_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplements")),
    )
    with op.batch_alter_table("supplements", schema=None) as batch_op:
        batch_op.create_index("ix_supplements_case_id", ["case_id"], unique=False)

    op.create_table(
        "printed_pdfs",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["printed_documents.id"],
            name=op.f("fk_printed_pdfs_document_id_printed_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_printed_pdfs")),
    )


def downgrade() -> None:
    op.drop_table("printed_pdfs")
    with op.batch_alter_table("supplements", schema=None) as batch_op:
        batch_op.drop_index("ix_supplements_case_id")

    op.drop_table("supplements")
    with op.batch_alter_table("printed_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_printed_documents_case_id")

    op.drop_table("printed_documents")
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.drop_index("ix_pledges_status_due")

    op.drop_table("pledges")
    op.drop_table("case_materials")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index("ix_case_events_case_id_at")

    op.drop_table("case_events")
    op.drop_table("sync_state")
    op.drop_table("settings")
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_ratings_rated_at")
        batch_op.drop_index("ix_ratings_case_no")

    op.drop_table("ratings")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_mutation_id")

    op.drop_table("outbox")
    with op.batch_alter_table("manual_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_manual_tickets_at")

    op.drop_table("manual_tickets")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_ticket_number")
        batch_op.drop_index("ix_cases_sync_state")
        batch_op.drop_index("ix_cases_status_promised_due")
        batch_op.drop_index("ix_cases_status_pledge_due")
        batch_op.drop_index("ix_cases_status_created_at")
        batch_op.drop_index("ix_cases_server_case_no")
        batch_op.drop_index("ix_cases_org_credit_code")
        batch_op.drop_index("ix_cases_created_at")
        batch_op.drop_index("ix_cases_applicant_phone")
        batch_op.drop_index("ix_cases_applicant_name")
        batch_op.drop_index("ix_cases_applicant_id_number")

    op.drop_table("cases")
    op.drop_table("cached_documents")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_subject")
        batch_op.drop_index("ix_audit_entries_at")

    op.drop_table("audit_entries")
