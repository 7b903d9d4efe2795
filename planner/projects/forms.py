from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, Regexp

from planner.enums import Stage
from planner.forms import DateOrder, Form, long_text, short
from planner.projects.slugs import SLUG


class ProjectForm(Form):
    title = StringField("Title", validators=[InputRequired(), short()])
    slug = StringField(
        "Short name for addresses",
        description="Lowercase letters, digits and hyphens. Left empty, it is made from the title.",
        validators=[
            Optional(),
            short(60),
            Regexp(SLUG, message="Use lowercase letters, digits and single hyphens only."),
        ],
    )
    summary = TextAreaField("Summary", validators=[Optional(), long_text()])
    goal = TextAreaField("Goal", validators=[Optional(), long_text()])
    target_group = TextAreaField("Target group", validators=[Optional(), long_text()])
    territory = StringField("Territory", validators=[Optional(), short()])
    start_date = DateField("Starts", validators=[Optional()])
    end_date = DateField(
        "Ends",
        validators=[
            Optional(),
            DateOrder("start_date", "The project cannot end before it starts."),
        ],
    )
    stage = SelectField("Stage", choices=Stage.choices(), default=Stage.IDEA.value)
    coordinator_id = SelectField("Coordinator", coerce=int, choices=[])
