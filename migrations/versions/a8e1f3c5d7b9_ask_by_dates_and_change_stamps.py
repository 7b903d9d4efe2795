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
        batch_op.create_index('ix_commitment_asks', ['direction', 'status', 'ask_by', 'partnership_id'], unique=False)

    fill_ask_by()

    stamps = op.create_table('change_stamp',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_change_stamp'))
    )
    # The one stamp every write moves (planner/stamps.py), there from the start so that two
    # first writes never both try to create it.
    op.bulk_insert(stamps, [{'name': 'data', 'counter': 0}])


def fill_ask_by():
    """Store every existing commitment's ask-by date, by the rules the app applies on save."""
    from planner.asks.rules import LeadTimes, ask_by
    from planner.enums import Sector

    meta = sa.MetaData()
    org = sa.Table('organisation', meta, autoload_with=op.get_bind())
    commitment = sa.Table('commitment', meta, autoload_with=op.get_bind())
    partnership = sa.Table('partnership', meta, autoload_with=op.get_bind())
    partner = sa.Table('partner', meta, autoload_with=op.get_bind())
    call = sa.Table('grant_call', meta, autoload_with=op.get_bind())
    bind = op.get_bind()
    settings = bind.execute(
        sa.select(
            org.c.lead_days_media,
            org.c.lead_days_volunteers,
            org.c.lead_days_ngo,
            org.c.lead_days_government,
            org.c.budget_month,
        ).order_by(org.c.id).limit(1)
    ).first()
    lead = LeadTimes(*settings) if settings else LeadTimes()
    rows = bind.execute(
        sa.select(
            commitment.c.id,
            commitment.c.due_date,
            partner.c.sector,
            partner.c.budget_month,
            call.c.deadline,
        )
        .select_from(commitment)
        .join(partnership, commitment.c.partnership_id == partnership.c.id)
        .join(partner, partnership.c.partner_id == partner.c.id)
        .outerjoin(call, commitment.c.grant_call_id == call.c.id)
    ).all()
    updates = [
        {
            'item_id': item_id,
            'new_date': ask_by(due, Sector(sector), lead, budget_month=month, grant_deadline=deadline),
        }
        for item_id, due, sector, month, deadline in rows
    ]
    if updates:
        bind.execute(
            commitment.update()
            .where(commitment.c.id == sa.bindparam('item_id'))
            .values(ask_by=sa.bindparam('new_date')),
            updates,
        )


def downgrade():
    op.drop_table('change_stamp')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index('ix_commitment_asks')
        batch_op.drop_index(batch_op.f('ix_commitment_ask_by'))
        batch_op.drop_column('ask_by')
