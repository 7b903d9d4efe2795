import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from planner.conflicts import RevisionField
from planner.extensions import db
from planner.forms import Form, long_text, short
from planner.models import SitePage
from planner.projects.slugs import slugify
from planner.publishing.pages import NAME, RESERVED


class SitePageForm(Form):
    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Give the page a title, such as “About us”.")), short()],
    )
    slug = StringField(
        _l("Address"),
        description=_l(
            "The end of the page’s address: lowercase Latin letters, digits and hyphens, "
            "such as how-we-work. Left empty, it is made from the title."
        ),
        validators=[short(60)],
    )
    body = TextAreaField(
        _l("Text"),
        description=_l(
            "Markdown: a blank line between paragraphs, ## for a heading, *italics*, "
            "**bold**, [a link](https://example.org), - for a list item. HTML is shown as text."
        ),
        validators=[long_text()],
    )
    # The page's revision when the form was shown: a change made since is not overwritten.
    revision = RevisionField()

    def __init__(self, *args, page_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id = page_id

    def address(self) -> str:
        """The page's address: the one typed, or one made from the title."""
        return (self.slug.data or "").strip().lower() or slugify(self.title.data or "")

    def validate_slug(self, field) -> None:
        slug = self.address()
        if not slug:
            if self.title.data:
                message = _("The title has no Latin letters or digits: type an address.")
                raise ValidationError(message)
            return
        if not NAME.match(slug):
            raise ValidationError(
                _("Use only lowercase Latin letters, digits and single hyphens, such as about-us.")
            )
        if slug in RESERVED:
            raise ValidationError(
                _("The site uses “%(address)s” for itself: choose another address.", address=slug)
            )
        other = db.session.scalar(
            sa.select(SitePage.id).where(SitePage.slug == slug, SitePage.id != (self.page_id or 0))
        )
        if other is not None:
            raise ValidationError(_("Another page has the address “%(address)s”.", address=slug))
