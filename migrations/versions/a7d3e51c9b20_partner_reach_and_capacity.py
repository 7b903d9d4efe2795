"""Partners' reach (level, audience and its size) and capacity: trial before trust

Revision ID: a7d3e51c9b20
Revises: 5df9af2186ae
Create Date: 2026-11-24 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e51c9b20'
down_revision = '5df9af2186ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reach_level', sa.Enum('local', 'regional', 'national', name='reach', native_enum=False, length=24), nullable=True))
        batch_op.add_column(sa.Column('audience', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('audience_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('capacity', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('capacity')
        batch_op.drop_column('audience_size')
        batch_op.drop_column('audience')
        batch_op.drop_column('reach_level')
