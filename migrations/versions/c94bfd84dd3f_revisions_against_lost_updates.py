"""Revisions against lost updates: every record a person edits counts its saves, and a save
made from an older revision is refused instead of overwriting someone else's.

Revision ID: c94bfd84dd3f
Revises: c624f6179017
Create Date: 2026-11-23 23:59:45.303451

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c94bfd84dd3f"
down_revision = "c624f6179017"
branch_labels = None
depends_on = None

TABLES = (
    "commitment",
    "grant_call",
    "key_result",
    "need",
    "organisation",
    "partner",
    "partnership",
    "photo",
    "project",
    "report",
    "thanks",
)


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("revision", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("revision")
