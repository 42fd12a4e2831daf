"""hallclient_require(): lets a statement refuse, and so roll back, its own transaction

A write's last statement and its COMMIT are sent together (one round trip, no client code
between them while the hall's event counter is locked), so a condition the write depends on —
the sign-in still valid — must abort the transaction from inside that statement.

Revision ID: 0005_refuse_function
Revises: 0004_rectifications
Create Date: 2026-11-23 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005_refuse_function"
down_revision: str | None = "0004_rectifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLSTATE of the refusal; class "HC" is not used by PostgreSQL itself.
REFUSED_SQLSTATE = "HC401"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION hallclient_require(ok boolean, reason text) RETURNS boolean
        LANGUAGE plpgsql AS $$
        BEGIN
            IF ok IS NOT TRUE THEN
                RAISE EXCEPTION USING ERRCODE = '{REFUSED_SQLSTATE}', MESSAGE = reason;
            END IF;
            RETURN true;
        END
        $$
        """
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS hallclient_require(boolean, text)")
