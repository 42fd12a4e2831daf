"""ratings: the service item (事项) the rated contact was about

DESIGN §6 links a rating to its service item. Counters sent the item of the case taken in during
the contact, but the server kept only the case number, so a manager could not tell which item a
差评 concerned without finding the case. Ratings recorded before this revision have none.

Revision ID: 0008_rating_item
Revises: 0007_waiting_queue_heads
Create Date: 2026-11-24 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_rating_item"
down_revision: str | None = "0007_waiting_queue_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ratings", sa.Column("item_code", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # batch mode: SQLite drops a column by copying the table
    with op.batch_alter_table("ratings") as batch:
        batch.drop_column("item_code")
