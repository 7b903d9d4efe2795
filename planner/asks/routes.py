import re
import secrets
from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from planner.asks import bp
from planner.asks.forms import AnswerForm, GrantCallForm, LeadTimesForm
from planner.asks.queries import (
    AskList,
    ask_page,
    calendar_dates,
    capped_asks,
    grant_calls,
    one_ask,
)
from planner.asks.rules import LeadTimes
from planner.auth.accounts import token_hash
from planner.auth.guard import admin_required, public, safe_next
from planner.conflicts import respond
from planner.contacts.queries import open_steps
from planner.enums import AskAnswer, Direction, ItemStatus
from planner.extensions import db
from planner.formats import format_date
from planner.htmx import is_htmx
from planner.i18n import LANGUAGES, LOCALES, organisation_language
from planner.models import Commitment, GrantCall, Organisation, User
from planner.organisation.profile import current_organisation

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
NEW_TOKEN = "new_calendar_token"  # noqa: S105 (the session key, not a token)
# How many asks each list on /asks/ shows before its "show all" link.
CAP = 20


@bp.get("/")
def index():
    """Show what to ask for and when, grant calls, and the calendar subscription."""
    org = current_organisation()
    lead = LeadTimes.of(org)
    return render_template(
        "asks/index.html",
        asks=capped_asks(date.today(), CAP),
        AskList=AskList,
        today=date.today(),
        lead=lead,
        calls=grant_calls(),
        form=LeadTimesForm(obj=org) if org else LeadTimesForm(),
        # A new calendar token is shown on the first page after it is made, never again.
        new_token=session.pop(NEW_TOKEN, None),
    )


@bp.get("/list/<kind>/")
def listing(kind: str):
    """List every ask of one kind (overdue, this week, open), a page at a time."""
    try:
        kind = AskList(kind)
    except ValueError:
        abort(404)
    page = ask_page(kind, date.today(), request.args.get("page", 1, type=int))
    return render_template("asks/listing.html", kind=kind, AskList=AskList, page=page)


@bp.post("/lead-times")
def lead_times():
    """Change how long ahead each sector must be asked."""
    admin_required()
    org = current_organisation() or Organisation(name="")
    form = LeadTimesForm(record=org)
    if form.validate_on_submit():
        form.populate_obj(org)
        db.session.add(org)
        db.session.commit()
        flash(_("Lead times are saved; every ask-by date follows them."), "success")
        return redirect(url_for("asks.index"))
    return respond(render_template("asks/lead_times.html", form=form), form)


@bp.app_template_global()
def ask_answers():
    """The answers a partner can give, for the quick answer form of every ask."""
    return AskAnswer.choices()


@bp.app_template_global()
def current_path() -> str:
    """Where a quick action comes back to without JavaScript."""
    return request.full_path.rstrip("?")


def gives_item(item_id: int) -> Commitment:
    item = db.get_or_404(Commitment, item_id)
    if item.direction is not Direction.GIVES:
        abort(404)
    return item


@bp.get("/items/<id:item_id>/")
def ask(item_id: int):
    """One ask: when, what to do if late, who asked and what the partner answered."""
    gives_item(item_id)
    return render_template(
        "asks/ask.html", ask=one_ask(item_id, date.today()), form=AnswerForm(formdata=None)
    )


def after_action(item_id: int, message: str, done: bool):
    """The line in its new state for htmx (a short note if it left the list), else back."""
    if is_htmx():
        return render_template(
            "asks/_ask_line.html",
            ask=one_ask(item_id, date.today()),
            next=safe_next(request.form.get("next")),
            errors=None,
            done=message if done else None,
        )
    flash(message, "success")
    back = request.form.get("next")
    return redirect(safe_next(back) if back else url_for("asks.ask", item_id=item_id))


@bp.post("/items/<id:item_id>/asked")
def asked(item_id: int):
    """Record that the partner was asked today, by whoever is signed in."""
    item = gives_item(item_id)
    # A new round of asking: an earlier "later" is now being acted on.
    item.asked_on, item.asked_by_id = date.today(), g.user.id
    item.answer, item.answer_note, item.answered_on = None, "", None
    db.session.commit()
    return after_action(item_id, _("Marked as asked; record the answer when it comes."), done=False)


@bp.post("/items/<id:item_id>/answer")
def answer(item_id: int):
    """Record the partner's answer: yes promises the item, no ends the ask, later moves it."""
    item = gives_item(item_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        errors = [e for f in (form.answer, form.note, form.again) for e in f.errors]
        if is_htmx():
            return render_template(
                "asks/_ask_line.html",
                ask=one_ask(item_id, date.today()),
                next=safe_next(request.form.get("next")),
                errors=errors,
                done=None,
            )
        return render_template("asks/ask.html", ask=one_ask(item_id, date.today()), form=form)
    said = AskAnswer(form.answer.data)
    today = date.today()
    item.asked_on = item.asked_on or today
    item.asked_by_id = item.asked_by_id or g.user.id
    item.answer, item.answer_note, item.answered_on = said, form.note.data or "", today
    if said is AskAnswer.YES:
        item.status = ItemStatus.PROMISED
        message = _("“%(what)s”: the answer is yes, so it is now promised.", what=item.description)
    elif said is AskAnswer.NO:
        message = _("“%(what)s”: the answer is no; it has left the asks.", what=item.description)
    else:
        item.ask_again_on = form.again.data
        message = _(
            "“%(what)s”: ask again on %(date)s.",
            what=item.description,
            date=format_date(form.again.data),
        )
    db.session.commit()
    return after_action(item_id, message, done=said is not AskAnswer.LATER)


def save_call(form: GrantCallForm, call: GrantCall):
    if not form.validate_on_submit():
        return None
    form.populate_obj(call)
    call.funder = call.funder or ""
    call.url = call.url or ""
    db.session.add(call)
    db.session.commit()
    flash(_("The grant call “%(name)s” is saved.", name=call.name), "success")
    return redirect(url_for("asks.index") + "#grant-calls")


@bp.route("/grant-calls/new", methods=["GET", "POST"])
def new_call():
    """Enter a grant competition that government money comes through."""
    form = GrantCallForm()
    return save_call(form, GrantCall()) or render_template(
        "asks/grant_call.html", form=form, call=None
    )


@bp.route("/grant-calls/<id:call_id>/edit", methods=["GET", "POST"])
def edit_call(call_id: int):
    """Change a grant call's dates."""
    call = db.get_or_404(GrantCall, call_id)
    form = GrantCallForm(obj=call)
    return save_call(form, call) or respond(
        render_template("asks/grant_call.html", form=form, call=call), form
    )


@bp.post("/grant-calls/<id:call_id>/delete")
def delete_call(call_id: int):
    """Remove a grant call; commitments tied to it keep their own dates."""
    call = db.get_or_404(GrantCall, call_id)
    db.session.delete(call)
    db.session.commit()
    flash(_("The grant call “%(name)s” is removed.", name=call.name), "success")
    return redirect(url_for("asks.index") + "#grant-calls")


@bp.post("/calendar/token")
def new_token():
    """Make a new private calendar address (the old one stops working)."""
    token = secrets.token_urlsafe(32)
    g.user.calendar_token = token_hash(token)
    db.session.commit()
    session[NEW_TOKEN] = token
    flash(_("Your new calendar address is ready; the old one no longer works."), "success")
    return redirect(url_for("asks.index") + "#calendar")


@bp.post("/calendar/token/revoke")
def revoke_token():
    """Stop the calendar feed: calendar apps get nothing from the old address."""
    g.user.calendar_token = None
    db.session.commit()
    session.pop(NEW_TOKEN, None)
    flash(_("Your calendar address is revoked."), "success")
    return redirect(url_for("asks.index") + "#calendar")


@bp.get("/calendar/<token>.ics")
@public
def calendar(token: str):
    """Serve the iCalendar feed to whoever holds a live token."""
    if not TOKEN.fullmatch(token):
        abort(404)
    owner = db.session.scalar(sa.select(User).where(User.calendar_token == token_hash(token)))
    if owner is None or not owner.is_active:
        abort(404)
    from planner.asks.calendar import feed  # icalendar is loaded for feeds only, not at start

    org = current_organisation()
    asks, dues = calendar_dates()
    # A calendar app's request says nothing of its owner's language: the feed speaks the
    # account's, else the organisation's.
    language = owner.language if owner.language in LANGUAGES else organisation_language()
    with force_locale(LOCALES.get(language, language)):
        body = feed(
            org.name if org else "Partnership Planner",
            asks,
            dues,
            grant_calls(),
            steps=open_steps(owner.id),
        )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Cache-Control": "private, max-age=900",
            "Content-Disposition": "inline; filename=partnerships.ics",
        },
    )
