"""calendar_years: the years whose whole holiday schedule a hall's calendar overrides give

The program's statutory calendar (chinese-calendar) covers a new year only once a release ships
it, while the State Council publishes the schedule in the autumn before. A hall enters it as
overrides; naming the year here makes its deadlines exact instead of "预计".

Revision ID: 0009_calendar_years
Revises: 0008_rating_item
Create Date: 2026-11-24 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_calendar_years"
down_revision: str | None = "0008_rating_item"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_calendar_years_hall_id_halls")),
        sa.PrimaryKeyConstraint("hall_id", "year", name=op.f("pk_calendar_years")),
    )


def downgrade() -> None:
    op.drop_table("calendar_years")
