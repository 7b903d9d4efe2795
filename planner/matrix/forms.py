from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from planner.conflicts import RevisionField
from planner.enums import CATEGORIES, Category, Direction, ItemStatus
from planner.forms import Amount, EnumSelectField, Form, long_text, short
from planner.matrix.rules import MAX_VALUE

# The first choice of a link that may be left out.
NONE = _l("— none —")


class CommitmentForm(Form):
    revision = RevisionField()
    category = EnumSelectField(_l("Category"), enum=Category)
    description = TextAreaField(
        _l("What"), validators=[InputRequired(_l("Say what is given or got.")), long_text()]
    )
    quantity = Amount(_l("Quantity"))
    unit = StringField(_l("Unit"), validators=[Optional(), short(40)])
    hours = Amount(_l("Hours"), maximum=Decimal("9999999"))
    hourly_rate = Amount(_l("Hourly rate"), maximum=Decimal("999999999"))
    value = Amount(_l("Value"))
    internal = BooleanField(
        _l("Keep this value private"),
        description=_l("The item may be named on the public site, but never its value."),
    )
    due_date = DateField(_l("Due"), validators=[Optional()])
    responsible = StringField(_l("Who is responsible"), validators=[Optional(), short()])
    status = EnumSelectField(_l("Status"), enum=ItemStatus, default=ItemStatus.PLANNED)
    need_id = SelectField(_l("Covers the need"), coerce=int, choices=[SelectChoice(0, NONE)])
    grant_call_id = SelectField(
        _l("Through the grant call"), coerce=int, choices=[SelectChoice(0, NONE)]
    )
    # The project's budget lines (planner/budget/); checked below, not by the select itself,
    # so that a line of another project is refused in words a person understands.
    budget_line_id = SelectField(
        _l("For the budget line"),
        description=_l("Money only: the line of the project's budget it pays for."),
        coerce=int,
        choices=[SelectChoice(0, NONE)],
        validate_choice=False,
    )

    def __init__(self, direction: Direction, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        # Not every item's form shows these, and `obj`'s None wins over `data`: none is 0.
        for link in (self.need_id, self.grant_call_id, self.budget_line_id):
            if link.data is None and not link.raw_data:
                link.data = 0
        self.category.set_members(CATEGORIES[direction])

    def validate_budget_line_id(self, field):
        if not field.data or self.direction is not Direction.GIVES:
            return
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_("Choose one of this project's budget lines."))
        if self.category.data is not Category.MONEY:
            raise ValidationError(_("Only money is for a budget line: choose “— none —”."))

    def validate_hours(self, field):
        # An empty rate stops its own checks (Optional), so hours alone are caught here.
        if self.hourly_rate.data is None and not self.hourly_rate.process_errors:
            raise ValidationError(_("Give both the hours and the hourly rate, or neither."))

    def validate_hourly_rate(self, field):
        if (self.hours.data is None) != (field.data is None):
            raise ValidationError(_("Give both the hours and the hourly rate, or neither."))
        if field.data is not None and self.hours.data * field.data > MAX_VALUE:
            raise ValidationError(_("Hours × rate is larger than any value this can hold."))


class NeedForm(Form):
    revision = RevisionField()
    category = EnumSelectField(_l("Category"), enum=Category, members=CATEGORIES[Direction.GIVES])
    description = TextAreaField(
        _l("What the project needs"), validators=[InputRequired(), long_text()]
    )
    quantity = Amount(_l("Quantity"))
    unit = StringField(_l("Unit"), validators=[Optional(), short(40)])
    needed_by = DateField(_l("Needed by"), validators=[Optional()])
