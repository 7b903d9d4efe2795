import re
import secrets
from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from planner.asks import bp
from planner.asks.forms import GrantCallForm, LeadTimesForm
from planner.asks.queries import AskList, ask_page, calendar_dates, capped_asks, grant_calls
from planner.asks.rules import LeadTimes
from planner.auth.guard import admin_required, public
from planner.conflicts import respond
from planner.extensions import db
from planner.i18n import LANGUAGES, LOCALES, organisation_language
from planner.models import GrantCall, Organisation, User
from planner.organisation.profile import current_organisation

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
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
    g.user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    flash(_("Your new calendar address is ready; the old one no longer works."), "success")
    return redirect(url_for("asks.index") + "#calendar")


@bp.post("/calendar/token/revoke")
def revoke_token():
    """Stop the calendar feed: calendar apps get nothing from the old address."""
    g.user.calendar_token = None
    db.session.commit()
    flash(_("Your calendar address is revoked."), "success")
    return redirect(url_for("asks.index") + "#calendar")


@bp.get("/calendar/<token>.ics")
@public
def calendar(token: str):
    """Serve the iCalendar feed to whoever holds a live token."""
    if not TOKEN.fullmatch(token):
        abort(404)
    owner = db.session.scalar(sa.select(User).where(User.calendar_token == token))
    if owner is None:
        abort(404)
    from planner.asks.calendar import feed  # icalendar is loaded for feeds only, not at start

    org = current_organisation()
    asks, dues = calendar_dates()
    # A calendar app's request says nothing of its owner's language: the feed speaks the
    # account's, else the organisation's.
    language = owner.language if owner.language in LANGUAGES else organisation_language()
    with force_locale(LOCALES.get(language, language)):
        body = feed(org.name if org else "Partnership Planner", asks, dues, grant_calls())
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Cache-Control": "private, max-age=900",
            "Content-Disposition": "inline; filename=partnerships.ics",
        },
    )
