"""Letter e-mails and confirmation online: each e-mail sent with its link (kept as a hash),
and the partner's confirmation (name, title, method, time) or request for changes on the letter.

Revision ID: bd9748afccee
Revises: 08d0e8332802
Create Date: 2026-11-23 22:57:19.383303

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bd9748afccee'
down_revision = '08d0e8332802'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_email',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_email_letter_id_letter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_letter_email_sent_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_letter_email_token_hash'))
    )
    with op.batch_alter_table('letter_email', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_email_letter_id'), ['letter_id'], unique=False)

    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partner_signatory_title', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signed_method', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('change_request', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('change_requested_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_column('change_requested_at')
        batch_op.drop_column('change_request')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('signed_method')
        batch_op.drop_column('partner_signatory_title')

    with op.batch_alter_table('letter_email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_email_letter_id'))

    op.drop_table('letter_email')
