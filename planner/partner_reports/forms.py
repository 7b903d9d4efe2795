from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional

from planner.conflicts import RevisionField
from planner.forms import Form, long_text, short


class NoteForm(Form):
    note = TextAreaField(
        _l("A personal note to the partner"),
        description=_l("Printed in the report above the signature; only this partner reads it."),
        validators=[Optional(), long_text()],
    )
    # The revision the note was read at: a save over someone else's newer one is refused
    # (planner/conflicts.py).
    revision = RevisionField()


class SentByHandForm(Form):
    sent_on = DateField(_l("Sent on"), validators=[InputRequired(_l("Give the date it was sent."))])


class EmailReportForm(Form):
    recipient = EmailField(
        _l("Partner's e-mail address"),
        validators=[
            InputRequired(_l("Give the partner's e-mail address.")),
            Email(_l("Give an e-mail address such as name@example.org.")),
            short(),
        ],
    )
