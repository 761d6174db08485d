"""Claims, notes, reminders: a lead's owner and since when, notes, who an event concerns,
the job of each reminder.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lead_notes_lead", "lead_notes", ["lead_id", "created_at"])
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("owner_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("unclaimed_reminder_job", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pending_reminder_job", sa.Integer(), nullable=True))
    with op.batch_alter_table("lead_events") as batch:
        batch.add_column(sa.Column("subject", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("note_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_lead_events_note_id", "lead_notes", ["note_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("lead_events") as batch:
        batch.drop_constraint("fk_lead_events_note_id", type_="foreignkey")
        batch.drop_column("note_id")
        batch.drop_column("subject")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("pending_reminder_job")
        batch.drop_column("unclaimed_reminder_job")
        batch.drop_column("claimed_at")
        batch.drop_column("owner_id")
    op.drop_index("ix_lead_notes_lead", table_name="lead_notes")
    op.drop_table("lead_notes")
