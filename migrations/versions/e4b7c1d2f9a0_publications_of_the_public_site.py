"""Publications of the public site from the app: history, one at a time, manifests

Revision ID: e4b7c1d2f9a0
Revises: 3b8e2d41c7a5
Create Date: 2026-11-24 01:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b7c1d2f9a0'
down_revision = '3b8e2d41c7a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('running', sa.Boolean(), nullable=True),
        sa.Column('stage', sa.String(length=10), server_default='', nullable=False),
        sa.Column('pid', sa.Integer(), nullable=True),
        sa.Column('host', sa.String(length=255), server_default='', nullable=False),
        sa.Column('expected', sa.Integer(), server_default='0', nullable=False),
        sa.Column('files', sa.Integer(), server_default='0', nullable=False),
        sa.Column('pages_added', sa.Integer(), server_default='0', nullable=False),
        sa.Column('pages_updated', sa.Integer(), server_default='0', nullable=False),
        sa.Column('pages_removed', sa.Integer(), server_default='0', nullable=False),
        sa.Column('error', sa.Text(), server_default='', nullable=False),
        sa.Column('manifest', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_publication_user_id_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publication')),
        sa.UniqueConstraint('running', name=op.f('uq_publication_running')),
    )


def downgrade():
    op.drop_table('publication')
