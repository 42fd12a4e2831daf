"""rectifications: the progress of each 差评's rectification

Revision ID: 0004_rectifications
Revises: 0003_ticket_issuer
Create Date: 2026-11-22 19:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_rectifications"
down_revision: str | None = "0003_ticket_issuer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rectifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_started_on", sa.Date(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_rectifications_hall_id_halls")),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["ratings.id"], name=op.f("fk_rectifications_rating_id_ratings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
        sa.UniqueConstraint("hall_id", "rating_id", name=op.f("uq_rectifications_hall_id_rating_id")),
    )


def downgrade() -> None:
    op.drop_table("rectifications")
