"""The Home tab: who opened it (so only their Homes are refreshed), and an index for a
member's own pending leads.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_openers",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("quiet_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refresh_queued", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_leads_owner_state_created", "leads", ["owner_id", "state", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_leads_owner_state_created", table_name="leads")
    op.drop_table("home_openers")
