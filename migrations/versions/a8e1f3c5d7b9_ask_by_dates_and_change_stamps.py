"""Stored ask-by dates on commitments and change stamps for caches

Revision ID: a8e1f3c5d7b9
Revises: fbeea121f91a
Create Date: 2026-11-23 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8e1f3c5d7b9'
down_revision = 'fbeea121f91a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ask_by', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_commitment_ask_by'), ['ask_by'], unique=False)

    op.create_table('change_stamp',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_change_stamp'))
    )


def downgrade():
    op.drop_table('change_stamp')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_ask_by'))
        batch_op.drop_column('ask_by')
