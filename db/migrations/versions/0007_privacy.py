"""Privacy: when a lead was erased, and the stewardship log of erasures.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "lead_erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lead_erasures_lead_id", "lead_erasures", ["lead_id"])


def downgrade() -> None:
    op.drop_index("ix_lead_erasures_lead_id", table_name="lead_erasures")
    op.drop_table("lead_erasures")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("erased_at")
