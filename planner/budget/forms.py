from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired

from planner.conflicts import RevisionField
from planner.forms import Amount, Form, short


class BudgetLineForm(Form):
    name = StringField(
        _l("Budget line"),
        validators=[InputRequired(_l("Name the budget line, such as “Rent” or “Food”.")), short()],
    )
    amount = Amount(_l("Amount"))
    # The line's revision when the form was shown: a change made since is not overwritten.
    revision = RevisionField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Amount lets an empty box through (it is optional elsewhere); a budget line needs one.
        if self.amount.data is None and not self.amount.errors:
            self.amount.errors.append(_("Enter the line's amount, such as 1500 or 1500.50."))
            valid = False
        return valid
