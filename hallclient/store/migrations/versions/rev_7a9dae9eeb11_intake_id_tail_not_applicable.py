"""intake: ID-tail search, not-applicable checklist rows

Revision ID: 7a9dae9eeb11
Revises: 3903a57fff81
Create Date: 2026-11-22 18:12:45.502449
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a9dae9eeb11"
down_revision: str | Sequence[str] | None = "3903a57fff81"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATES = "state IN ('original', 'copy', 'e_license', 'missing', 'deficient')"
_NEW_STATES = "state IN ('original', 'copy', 'e_license', 'missing', 'deficient', 'not_applicable')"


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_id_tail", sa.String(length=4), nullable=True))
        batch_op.create_index("ix_cases_applicant_id_tail", ["applicant_id_tail"], unique=False)
    op.execute(
        "UPDATE cases SET applicant_id_tail = substr(applicant_id_number, -4) "
        "WHERE applicant_id_number IS NOT NULL"
    )
    # A conditional material ("委托代理人办理的") whose condition does not hold is 'not_applicable'.
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_case_materials_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_case_materials_state"), sa.text(_NEW_STATES))


def downgrade() -> None:
    op.execute("UPDATE case_materials SET state = 'missing' WHERE state = 'not_applicable'")
    with op.batch_alter_table("case_materials", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_case_materials_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_case_materials_state"), sa.text(_OLD_STATES))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_applicant_id_tail")
        batch_op.drop_column("applicant_id_tail")
