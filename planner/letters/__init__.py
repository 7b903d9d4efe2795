"""Commitment letters: the partnership's mutual obligations, printed for signature."""

from flask import Blueprint

bp = Blueprint("letters", __name__)


@bp.record_once
def init_mail(state) -> None:
    from planner.letters.mail import mail

    mail.init_app(state.app)


from planner.letters import online, routes  # noqa: E402,F401
