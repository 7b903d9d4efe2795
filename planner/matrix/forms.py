from decimal import Decimal

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from planner.enums import CATEGORIES, Category, Direction, ItemStatus
from planner.forms import Amount, EnumSelectField, Form, long_text, short
from planner.matrix.rules import MAX_VALUE


class CommitmentForm(Form):
    category = EnumSelectField("Category", enum=Category)
    description = TextAreaField(
        "What", validators=[InputRequired("Say what is given or got."), long_text()]
    )
    quantity = Amount("Quantity")
    unit = StringField("Unit", validators=[Optional(), short(40)])
    hours = Amount("Hours", maximum=Decimal("9999999"))
    hourly_rate = Amount("Hourly rate", maximum=Decimal("999999999"))
    value = Amount("Value")
    due_date = DateField("Due", validators=[Optional()])
    responsible = StringField("Who is responsible", validators=[Optional(), short()])
    status = EnumSelectField("Status", enum=ItemStatus, default=ItemStatus.PLANNED)
    need_id = SelectField("Covers the need", coerce=int, choices={0: "— none —"})
    grant_call_id = SelectField("Through the grant call", coerce=int, choices={0: "— none —"})

    def __init__(self, direction: Direction, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction = direction
        # Not every item's form shows these, and `obj`'s None wins over `data`: none is 0.
        for link in (self.need_id, self.grant_call_id):
            if link.data is None and not link.raw_data:
                link.data = 0
        self.category.set_members(CATEGORIES[direction])

    def validate_hours(self, field):
        # An empty rate stops its own checks (Optional), so hours alone are caught here.
        if self.hourly_rate.data is None and not self.hourly_rate.process_errors:
            raise ValidationError("Give both the hours and the hourly rate, or neither.")

    def validate_hourly_rate(self, field):
        if (self.hours.data is None) != (field.data is None):
            raise ValidationError("Give both the hours and the hourly rate, or neither.")
        if field.data is not None and self.hours.data * field.data > MAX_VALUE:
            raise ValidationError("Hours × rate is larger than any value this can hold.")


class NeedForm(Form):
    category = EnumSelectField("Category", enum=Category, members=CATEGORIES[Direction.GIVES])
    description = TextAreaField("What the project needs", validators=[InputRequired(), long_text()])
    quantity = Amount("Quantity")
    unit = StringField("Unit", validators=[Optional(), short(40)])
    needed_by = DateField("Needed by", validators=[Optional()])
