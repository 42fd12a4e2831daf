"""tickets: vacuumed and analysed after a fixed number of changes, not a share of the table

Every call, start and finish rewrites a ticket row, and because ``state`` is indexed none of these
updates can stay on its page (no HOT update): a busy hall leaves thousands of dead row versions
and index entries an hour among today's tickets. PostgreSQL's default waits for dead rows worth
20 % of the table — with a year of tickets kept, hundreds of thousands — before it vacuums, and
meanwhile every "call next" and every people-ahead count steps over them; its planner statistics
age the same way. With a fixed threshold the table is vacuumed and analysed about as often on the
first day as after ten years. (bench/queue_load.py on a database left unvacuumed: p99 150–700 ms
at 300 window actions/s, against 40–100 ms vacuumed and analysed.) SQLite updates rows in place:
nothing to do there.

Revision ID: 0006_ticket_autovacuum
Revises: 0005_refuse_function
Create Date: 2026-11-23 02:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_ticket_autovacuum"
down_revision: str | None = "0005_refuse_function"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = {
    "autovacuum_vacuum_scale_factor": "0",
    "autovacuum_vacuum_threshold": "2000",
    "autovacuum_analyze_scale_factor": "0",
    "autovacuum_analyze_threshold": "5000",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE tickets SET ({', '.join(f'{k} = {v}' for k, v in SETTINGS.items())})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE tickets RESET ({', '.join(SETTINGS)})")
