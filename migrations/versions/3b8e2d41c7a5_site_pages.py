"""The public site's own pages (about us, how we work), edited in the app

An organisation set up before gets the default pages of its language from content/pages/,
as a new one does (planner/publishing/pages.py).

Revision ID: 3b8e2d41c7a5
Revises: a7d3e51c9b20
Create Date: 2026-11-24 01:20:00.000000

"""
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8e2d41c7a5'
down_revision = 'a7d3e51c9b20'
branch_labels = None
depends_on = None

PAGES = Path(__file__).resolve().parents[2] / 'content' / 'pages'


def upgrade():
    site_page = op.create_table('site_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('revision', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_page')),
    sa.UniqueConstraint('slug', name=op.f('uq_site_page_slug'))
    )
    # The files as they are today, so that a later change of them changes no site already set up.
    connection = op.get_bind()
    language = connection.scalar(sa.text('SELECT language FROM organisation ORDER BY id LIMIT 1'))
    if language is None:
        return  # not set up yet: the set-up inserts them
    folder = PAGES / language.lower()
    if not folder.is_dir():
        folder = PAGES / 'en'
    rows = []
    for position, path in enumerate(sorted(folder.glob('*.md')), start=1):
        text = path.read_text(encoding='utf-8')
        first, _, rest = text.partition('\n')
        if first.startswith('# '):
            title, body = first[2:].strip(), rest
        else:
            title, body = path.stem.replace('-', ' ').capitalize(), text
        rows.append({'slug': path.stem, 'title': title, 'body': body.strip() + '\n',
                     'position': position, 'revision': 1})
    if rows:
        op.bulk_insert(site_page, rows)


def downgrade():
    op.drop_table('site_page')
