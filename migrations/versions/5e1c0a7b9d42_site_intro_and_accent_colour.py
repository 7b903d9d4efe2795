"""The public site's intro and accent colour on the organisation's profile

Revision ID: 5e1c0a7b9d42
Revises: e4b7c1d2f9a0
Create Date: 2026-11-24 01:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5e1c0a7b9d42"
down_revision = "e4b7c1d2f9a0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intro", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("accent_colour", sa.String(length=7), server_default="#1f5f8b", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("accent_colour")
        batch_op.drop_column("intro")
