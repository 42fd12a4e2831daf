"""tickets: who issued them (for cancel) and a lookup by day and number

Revision ID: 0003_ticket_issuer
Revises: 0002_sync
Create Date: 2026-11-22 19:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_ticket_issuer"
down_revision: str | None = "0002_sync"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("issued_by", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("issued_window_no", sa.String(length=16), nullable=True))
    op.create_index("ix_tickets_number", "tickets", ["hall_id", "service_day", "number_seq"])


def downgrade() -> None:
    op.drop_index("ix_tickets_number", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("issued_window_no")
        batch.drop_column("issued_by")
