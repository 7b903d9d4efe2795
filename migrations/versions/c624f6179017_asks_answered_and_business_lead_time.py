"""Asks answered (when, by whom, what), the business lead time, ask-by dates recomputed

Revision ID: c624f6179017
Revises: 5f4ebbfb2bae
Create Date: 2026-11-24 00:13:07.315101

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c624f6179017'
down_revision = '5f4ebbfb2bae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('asked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('asked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answer', sa.Enum('yes', 'no', 'later', name='askanswer', native_enum=False, length=24), nullable=True))
        batch_op.add_column(sa.Column('answer_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('answered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ask_again_on', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_commitment_asked_by_id_user'), 'user', ['asked_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_days_business', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('budget_in_kind_large', sa.Boolean(), server_default=sa.false(), nullable=False))

    refill_ask_by()


def refill_ask_by():
    """Recompute every stored ask-by date: the budget month now applies to money only."""
    from planner.asks.rules import LeadTimes, ask_by
    from planner.enums import Category, Sector, Subtype

    bind = op.get_bind()
    meta = sa.MetaData()
    org = sa.Table('organisation', meta, autoload_with=bind)
    commitment = sa.Table('commitment', meta, autoload_with=bind)
    partnership = sa.Table('partnership', meta, autoload_with=bind)
    partner = sa.Table('partner', meta, autoload_with=bind)
    call = sa.Table('grant_call', meta, autoload_with=bind)
    settings = bind.execute(
        sa.select(
            org.c.lead_days_media,
            org.c.lead_days_volunteers,
            org.c.lead_days_ngo,
            org.c.lead_days_government,
            org.c.budget_month,
            org.c.lead_days_business,
            org.c.budget_in_kind_large,
        ).order_by(org.c.id).limit(1)
    ).first()
    lead = LeadTimes(*settings) if settings else LeadTimes()
    rows = bind.execute(
        sa.select(
            commitment.c.id,
            commitment.c.due_date,
            commitment.c.category,
            commitment.c.ask_by,
            partner.c.sector,
            partner.c.subtype,
            partner.c.budget_month,
            call.c.deadline,
        )
        .select_from(commitment)
        .join(partnership, commitment.c.partnership_id == partnership.c.id)
        .join(partner, partnership.c.partner_id == partner.c.id)
        .outerjoin(call, commitment.c.grant_call_id == call.c.id)
    ).all()
    updates = []
    for item_id, due, category, stored, sector, subtype, month, deadline in rows:
        when = ask_by(
            due,
            Sector(sector),
            lead,
            category=Category(category),
            subtype=Subtype(subtype) if subtype else None,
            budget_month=month,
            grant_deadline=deadline,
        )
        if when != stored:
            updates.append({'item_id': item_id, 'new_date': when})
    if updates:
        bind.execute(
            commitment.update()
            .where(commitment.c.id == sa.bindparam('item_id'))
            .values(ask_by=sa.bindparam('new_date')),
            updates,
        )


def downgrade():
    # The dates stay as they are; the older rule recomputes each one when it is next edited.
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('budget_in_kind_large')
        batch_op.drop_column('lead_days_business')

    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_commitment_asked_by_id_user'), type_='foreignkey')
        batch_op.drop_column('ask_again_on')
        batch_op.drop_column('answered_on')
        batch_op.drop_column('answer_note')
        batch_op.drop_column('answer')
        batch_op.drop_column('asked_by_id')
        batch_op.drop_column('asked_on')
