"""A project's budget lines, and the budget line a money commitment pays for

Revision ID: 1f718fbcaa4c
Revises: c94bfd84dd3f
Create Date: 2026-11-24 00:35:09.658622

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1f718fbcaa4c'
down_revision = 'c94bfd84dd3f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_budget_line_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line'))
    )
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_line_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget_line_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_commitment_budget_line_id'), ['budget_line_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_commitment_budget_line_id_budget_line'), 'budget_line', ['budget_line_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_commitment_budget_line_id_budget_line'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_commitment_budget_line_id'))
        batch_op.drop_column('budget_line_id')

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_line_project_id'))

    op.drop_table('budget_line')
