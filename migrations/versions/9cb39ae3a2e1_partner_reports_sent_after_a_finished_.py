"""Partner reports: each partner's private letter after a finished project, and when it was sent

Revision ID: 9cb39ae3a2e1
Revises: 1f718fbcaa4c
Create Date: 2026-11-24 00:33:13.586108

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9cb39ae3a2e1'
down_revision = '1f718fbcaa4c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=10), server_default='', nullable=False),
    sa.Column('recipient', sa.String(length=254), server_default='', nullable=False),
    sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partner_report_partnership_id_partnership'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_partner_report_sent_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_report')),
    sa.UniqueConstraint('partnership_id', name=op.f('uq_partner_report_partnership_id'))
    )


def downgrade():
    op.drop_table('partner_report')
