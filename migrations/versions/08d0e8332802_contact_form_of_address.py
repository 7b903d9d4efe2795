"""A partnership contact's form of address, for a letter's greeting

Empty for existing partnerships: their letters greet the contact in the neutral form.

Revision ID: 08d0e8332802
Revises: 1411ceb95e89
Create Date: 2026-11-23 23:06:05.438846

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '08d0e8332802'
down_revision = '1411ceb95e89'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_form', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_addressed_as', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_column('contact_addressed_as')
        batch_op.drop_column('contact_form')
