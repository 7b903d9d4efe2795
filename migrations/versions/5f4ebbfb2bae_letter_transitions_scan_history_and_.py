"""Letters as transitions: who sent a letter and who made its last step (for the 409 page a
second person sees), one amendment per letter version (unique amends_id), every signed copy
kept (letter_scan, with the current one copied in), and one batch PDF per user at a time
(letter_batch).

Revision ID: 5f4ebbfb2bae
Revises: 5ced2ea4c9a3
Create Date: 2026-11-23 23:59:26.566262

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f4ebbfb2bae'
down_revision = '5ced2ea4c9a3'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    # Two amendments of one letter (made by two requests at once before this revision) cannot
    # be merged by a migration: name them, so that a person decides which one stays.
    twice = bind.execute(
        sa.text(
            "SELECT amends_id FROM letter WHERE amends_id IS NOT NULL "
            "GROUP BY amends_id HAVING COUNT(*) > 1"
        )
    ).scalars().all()
    if twice:
        raise RuntimeError(
            "These letters have more than one amendment; delete the extra drafts first: "
            + ", ".join(str(letter_id) for letter_id in twice)
        )
    op.create_table('letter_batch',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_letter_batch_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_letter_batch'))
    )
    op.create_table('letter_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('file', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['letter_id'], ['letter.id'], name=op.f('fk_letter_scan_letter_id_letter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_letter_scan_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_scan'))
    )
    with op.batch_alter_table('letter_scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_scan_letter_id'), ['letter_id'], unique=False)

    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sent_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('status_changed_by_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_letter_amends_id'), ['amends_id'])
        batch_op.create_foreign_key(batch_op.f('fk_letter_sent_by_id_user'), 'user', ['sent_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_letter_created_by_id_user'), 'user', ['created_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_letter_status_changed_by_id_user'), 'user', ['status_changed_by_id'], ['id'], ondelete='SET NULL')

    # Each current signed copy becomes the first of its letter's history; when it was attached
    # and by whom was never recorded.
    op.execute(
        "INSERT INTO letter_scan (letter_id, file, name, uploaded_at) "
        "SELECT id, scan_file, scan_name, created_at FROM letter WHERE scan_file IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letter_status_changed_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_letter_created_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_letter_sent_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_letter_amends_id'), type_='unique')
        batch_op.drop_column('status_changed_by_id')
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('sent_by_id')
        batch_op.drop_column('created_by_id')

    with op.batch_alter_table('letter_scan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_scan_letter_id'))

    op.drop_table('letter_scan')
    op.drop_table('letter_batch')
