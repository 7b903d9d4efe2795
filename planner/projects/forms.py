from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, Regexp

from planner.conflicts import RevisionField
from planner.enums import Language, Stage
from planner.forms import DateOrder, Form, long_text, short
from planner.organisation.profile import other_language
from planner.projects.slugs import SLUG

# Labels of the title and territory in the organisation's other language, whichever it is.
TITLE_IN = {Language.EN: _l("Title in English"), Language.RU: _l("Title in Russian")}
TERRITORY_IN = {Language.EN: _l("Territory in English"), Language.RU: _l("Territory in Russian")}
TRANSLATED = _l("Letters written in that language use it; left empty, they use the one above.")


def in_other_language(labels: dict) -> LazyString:
    return LazyString(lambda: str(labels[other_language()]))


class ProjectForm(Form):
    revision = RevisionField()
    title = StringField(_l("Title"), validators=[InputRequired(), short()])
    title_translated = StringField(
        in_other_language(TITLE_IN), description=TRANSLATED, validators=[Optional(), short()]
    )
    slug = StringField(
        _l("Short name for addresses"),
        description=_l(
            "Lowercase letters, digits and hyphens. Left empty, it is made from the title."
        ),
        validators=[
            Optional(),
            short(60),
            Regexp(SLUG, message=_l("Use lowercase letters, digits and single hyphens only.")),
        ],
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), long_text()])
    goal = TextAreaField(_l("Goal"), validators=[Optional(), long_text()])
    target_group = TextAreaField(_l("Target group"), validators=[Optional(), long_text()])
    territory = StringField(_l("Territory"), validators=[Optional(), short()])
    territory_translated = StringField(
        in_other_language(TERRITORY_IN), description=TRANSLATED, validators=[Optional(), short()]
    )
    start_date = DateField(_l("Starts"), validators=[Optional()])
    end_date = DateField(
        _l("Ends"),
        validators=[
            Optional(),
            DateOrder("start_date", _l("The project cannot end before it starts.")),
        ],
    )
    stage = SelectField(_l("Stage"), choices=Stage.choices(), default=Stage.IDEA.value)
    coordinator_id = SelectField(_l("Coordinator"), coerce=int, choices=[])
