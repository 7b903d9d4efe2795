"""Accounts and sessions: a session version per user (moved to end every session),
deactivation, one-time password links (kept as a hash), failed sign-ins for throttling, and
calendar tokens kept as their SHA-256 (existing ones hashed in place, so subscribed
addresses keep working).

Revision ID: 5ced2ea4c9a3
Revises: bd9748afccee
Create Date: 2026-11-24 00:01:26.177951

"""
import hashlib

from alembic import op
import sqlalchemy as sa

users = sa.table("user", sa.column("id", sa.Integer), sa.column("calendar_token", sa.String))


# revision identifiers, used by Alembic.
revision = '5ced2ea4c9a3'
down_revision = 'bd9748afccee'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_email'), ['email'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('deactivated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reset_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reset_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_reset_token_hash'), ['reset_token_hash'])

    # A token is at most 64 URL-safe characters and its hash is 64 hex digits: the column
    # keeps its size; the feed looks a token up by its hash from now on.
    connection = op.get_bind()
    tokens = connection.execute(
        sa.select(users.c.id, users.c.calendar_token).where(users.c.calendar_token.is_not(None))
    ).all()
    for user_id, token in tokens:
        digest = hashlib.sha256(token.encode()).hexdigest()
        connection.execute(
            users.update().where(users.c.id == user_id).values(calendar_token=digest)
        )


def downgrade():
    # A hash cannot be turned back into its token: the feeds' addresses stop working.
    op.execute(users.update().values(calendar_token=None))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_reset_token_hash'), type_='unique')
        batch_op.drop_column('reset_expires_at')
        batch_op.drop_column('reset_token_hash')
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('session_version')

    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_email'))
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_address'))

    op.drop_table('login_failure')
