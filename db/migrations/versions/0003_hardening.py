"""Hardening: an unbounded search column, the names typed with each resume, counters.

- `leads.search_text` becomes TEXT: case folding can grow a 100-character name past the
  old VARCHAR(460) on PostgreSQL ("ﬃ" folds to "ffi"), which refused that applicant.
- `resumes.submitted_first_name` / `submitted_last_name`: what was typed with a resume
  sent under an address that already had a pending lead (nobody verifies addresses).
- `app_counters`: running totals shared by every process (honeypot catches).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch_op:
        batch_op.alter_column("search_text", existing_type=sa.String(length=460), type_=sa.Text())
    with op.batch_alter_table("resumes") as batch_op:
        batch_op.add_column(sa.Column("submitted_first_name", sa.String(100), nullable=True))
        batch_op.add_column(sa.Column("submitted_last_name", sa.String(100), nullable=True))
    op.create_table(
        "app_counters",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("app_counters")
    with op.batch_alter_table("resumes") as batch_op:
        batch_op.drop_column("submitted_last_name")
        batch_op.drop_column("submitted_first_name")
    with op.batch_alter_table("leads") as batch_op:
        batch_op.alter_column("search_text", existing_type=sa.Text(), type_=sa.String(length=460))
