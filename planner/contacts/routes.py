import csv
import io
from datetime import date

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm.exc import StaleDataError

from planner.contacts import bp
from planner.contacts.forms import InviteForm, QuietWeeksForm, contact_form
from planner.contacts.queries import (
    keep_in_touch,
    latest_partnerships,
    one_contact,
    partner_history,
    partners_by_id,
)
from planner.contacts.rules import mailto
from planner.enums import ContactKind
from planner.extensions import db
from planner.formats import format_date
from planner.htmx import is_htmx
from planner.models import Contact, Partner, Partnership, now
from planner.organisation.profile import current_organisation
from planner.partnerships.queries import get_partnership
from planner.spreadsheets import safe_cell

# Where a contact form can be opened from; the answer (and the way back) fits each.
PLACES = ("page", "card", "row")


def back_url(partnership: Partnership, place: str) -> str:
    """The page the form was opened from, at the partnership (never a URL sent by the client)."""
    if place == "card":
        return url_for("partnerships.board", slug=partnership.project.slug) + (
            f"#partnership-{partnership.id}"
        )
    if place == "row":
        return url_for("matrix.page", slug=partnership.project.slug) + f"#row-{partnership.id}"
    return url_for("partnerships.detail", pid=partnership.id) + "#contacts"


def chosen_place() -> str:
    place = request.values.get("place") or request.values.get(f"c{request.view_args['pid']}-place")
    return place if place in PLACES else "page"


@bp.route("/partnerships/<id:pid>/contacts/new", methods=["GET", "POST"])
def new(pid: int):
    """Log a contact with a partner (and the next step it sets) from wherever it is opened."""
    partnership = get_partnership(pid)
    place = chosen_place()
    form = contact_form(partnership, place, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        contact = Contact(
            partnership=partnership,
            kind=form.kind.data,
            contacted_on=form.contacted_on.data,
            user_id=form.user_id.data,
            with_whom=form.with_whom.data or "",
            summary=form.summary.data,
            outcome=form.outcome.data or "",
            next_step=form.next_step.data or "",
            next_due_on=form.next_due_on.data if form.next_step.data else None,
            next_owner_id=form.next_owner_id.data if form.next_step.data else None,
        )
        db.session.add(contact)
        db.session.commit()
        if not is_htmx():
            flash(_("The contact is logged."), "success")
            return redirect(back_url(partnership, place))
        logged = one_contact(contact.id)
        if place == "page":
            fresh = contact_form(partnership, place)
            return fragment("contacts/_logged_page.html", form=fresh, row=logged, p=partnership)
        return fragment("contacts/_logged.html", row=logged, p=partnership, place=place)
    template = "contacts/_form.html" if is_htmx() else "contacts/new.html"
    return fragment(
        template, form=form, p=partnership, place=place, back=back_url(partnership, place)
    )


def fragment(template: str, **context):
    response = Response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response


@bp.post("/contacts/<id:contact_id>/done")
def done(contact_id: int):
    """Mark a next step done; htmx gets the line that says so."""
    contact = db.get_or_404(Contact, contact_id)
    if contact.next_owner_id is None or not contact.next_step:
        abort(404)
    already = contact.next_done_at is not None
    if not already:
        contact.next_done_at = now()
        try:
            db.session.commit()
        except StaleDataError:  # someone marked it (or changed it) a moment before
            db.session.rollback()
            already = True
    if is_htmx():
        return fragment("contacts/_step_done.html", contact=contact, already=already)
    if already:
        flash(_("This step was already marked done."), "info")
    else:
        flash(_("The next step “%(step)s” is done.", step=contact.next_step), "success")
    return redirect(url_for("dashboard.index") + "#next-steps")


@bp.get("/partners/<id:pid>/contacts/")
def history(pid: int):
    """Show a partner's contacts across all its projects, newest first, a page at a time."""
    partner = db.get_or_404(Partner, pid)
    page = partner_history(pid, request.args.get("page", type=int))
    return render_template("contacts/history.html", partner=partner, page=page)


def quiet_weeks() -> int:
    org = current_organisation()
    return org.quiet_weeks if org else 8


@bp.get("/keep-in-touch/")
def keep(
    weeks_form: QuietWeeksForm | None = None,
    invite_form: InviteForm | None = None,
    no_partner: bool = False,
):
    """List partners to keep in touch with: gone quiet, or willing to work with us again."""
    weeks = quiet_weeks()
    return render_template(
        "contacts/keep_in_touch.html",
        listed=keep_in_touch(date.today(), weeks),
        weeks=weeks,
        weeks_form=weeks_form or QuietWeeksForm(data={"weeks": weeks}),
        invite_form=invite_form or InviteForm(),
        chosen={int(v) for v in request.form.getlist("partner") if v.isdigit()},
        no_partner=no_partner,
    )


@bp.post("/keep-in-touch/weeks")
def set_weeks():
    """Change how many weeks without contact make a partner "gone quiet"."""
    form = QuietWeeksForm()
    org = current_organisation()
    if not form.validate_on_submit() or org is None:
        return keep(weeks_form=form)
    org.quiet_weeks = form.weeks.data
    db.session.commit()
    flash(
        ngettext(
            "Saved: partners are listed after %(num)d week without contact.",
            "Saved: partners are listed after %(num)d weeks without contact.",
            form.weeks.data,
        ),
        "success",
    )
    return redirect(url_for("contacts.keep"))


def chosen_partners() -> list:
    ids = [int(v) for v in request.values.getlist("partner") if v.isdigit() and len(v) < 10]
    return partners_by_id(ids)


@bp.post("/keep-in-touch/invite")
def invite():
    """Invite the chosen partners to an event: log an invitation for each, then offer their
    addresses (only those who agreed to hear from us) as CSV and an e-mail in Bcc."""
    form = InviteForm()
    partners = chosen_partners()
    if not form.validate_on_submit() or not partners:
        return keep(invite_form=form, no_partner=not partners)
    latest = latest_partnerships([p.id for p in partners])
    held_on = format_date(form.held_on.data, "long")
    summary = _("Invited to %(event)s on %(date)s.", event=form.event.data, date=held_on)
    for partner in partners:
        if partner.id in latest:
            db.session.add(
                Contact(
                    partnership=latest[partner.id],
                    kind=ContactKind.INVITATION,
                    contacted_on=date.today(),
                    user_id=g.user.id,
                    with_whom=partner.contact_person,
                    summary=summary,
                )
            )
    db.session.commit()
    consenting = [p for p in partners if p.updates_consent and p.email]
    return render_template(
        "contacts/invited.html",
        form=form,
        partners=partners,
        consenting=consenting,
        mailto=mailto([p.email for p in consenting], form.event.data),
        csv_args={"partner": [p.id for p in partners], "event": form.event.data},
    )


@bp.get("/keep-in-touch/invitations.csv")
def invitation_csv():
    """Download the invited partners who agreed to hear from us, with their addresses."""
    partners = [p for p in chosen_partners() if p.updates_consent]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Partner"), _("Contact"), _("Email"), _("Phone")])
    for p in partners:
        writer.writerow([safe_cell(v) for v in (p.name, p.contact_person, p.email, p.phone)])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="invitations.csv"'},
    )
