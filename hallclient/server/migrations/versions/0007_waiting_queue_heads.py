"""tickets: partial indexes over the waiting tickets, one entry per waiting ticket

Call-next used to read every waiting ticket the window may call and sort them for the first few;
with a few hundred waiting that was most of a window action's database time, and it grew with
the queue. These indexes hold only waiting tickets (a ticket leaves them when it is called), so
call-next reads the head of each of the window's queues in order, the tickets directed to the
window, and the few that may jump the line (green channel, appointments), whatever the length of
the queues (queue_sql.candidate_query).

Revision ID: 0007_waiting_queue_heads
Revises: 0006_ticket_autovacuum
Create Date: 2026-11-23 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_waiting_queue_heads"
down_revision: str | None = "0006_ticket_autovacuum"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out rather than imported from the models: a migration describes the schema as it was
# at its revision, whatever the models say later.
INDEXES = {
    "ix_tickets_waiting_service": (
        ["hall_id", "service_code", "service_day", "effective_at"],
        "state = 'waiting' AND target_window_no IS NULL",
    ),
    "ix_tickets_waiting_target": (
        ["hall_id", "target_window_no"],
        "state = 'waiting' AND target_window_no IS NOT NULL",
    ),
    "ix_tickets_waiting_priority": (
        ["hall_id"],
        "state = 'waiting' AND (green_channel IS TRUE OR appointment_at IS NOT NULL)",
    ),
}


def upgrade() -> None:
    for name, (columns, where) in INDEXES.items():
        op.create_index(
            name, "tickets", columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where)
        )


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="tickets")
