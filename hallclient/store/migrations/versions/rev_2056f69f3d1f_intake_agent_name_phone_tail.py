"""intake: search by agent name and by the phone's last four digits

Revision ID: 2056f69f3d1f
Revises: 7a9dae9eeb11
Create Date: 2026-11-24 09:35:20.788559
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2056f69f3d1f"
down_revision: str | Sequence[str] | None = "7a9dae9eeb11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# store.types.phone_tail as of this revision, in SQL (a migration must not follow later changes
# to the application's code): the last four digits of the number, before any extension
# (0591-87654321-801, 400-123-4567-801 and their masked forms 0591-****4321-***).
_TAIL = (
    "CASE WHEN applicant_phone LIKE '0%-%-%' OR applicant_phone LIKE '_00-%-%-%'"
    " THEN substr(rtrim(rtrim(applicant_phone, '0123456789*'), '-'), -4)"
    " ELSE substr(applicant_phone, -4) END"
)


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_phone_tail", sa.String(length=4), nullable=True))
    # Filled before the index is built: one sort instead of an index update per case.
    op.execute(
        f"UPDATE cases SET applicant_phone_tail = {_TAIL}"
        f" WHERE applicant_phone IS NOT NULL AND {_TAIL} GLOB '[0-9][0-9][0-9][0-9]'"
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_applicant_phone_tail", ["applicant_phone_tail"], unique=False)
        batch_op.create_index("ix_cases_agent_name", ["agent_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_agent_name")
        batch_op.drop_index("ix_cases_applicant_phone_tail")
        batch_op.drop_column("applicant_phone_tail")
