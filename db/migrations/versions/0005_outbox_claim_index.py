"""Outbox claim index: the due jobs of one kind in time order.

A worker claims the oldest due jobs of each kind it can run now; with (status, kind,
next_attempt_at, id) each kind is one ordered index range, so thousands of jobs of a
kind nobody can deliver (Slack not configured) are never read and nothing is sorted.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_claim", "outbox_jobs", ["status", "kind", "next_attempt_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_claim", table_name="outbox_jobs")
