from collections import defaultdict
from types import SimpleNamespace

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from planner.conflicts import respond
from planner.contacts.queries import partner_history
from planner.enums import CATEGORIES, Direction, Language, Sector, Subtype
from planner.extensions import db
from planner.htmx import render
from planner.i18n import organisation_language
from planner.logos import LogoForm, replace_logo
from planner.models import Commitment, Partner, Partnership, now
from planner.partners import bp
from planner.partners.forms import PartnerForm
from planner.partners.registry import Filters, enum_or_none
from planner.partnerships.forms import ProjectChoiceForm
from planner.partnerships.queries import projects_open_to
from planner.uploads import send_upload


def partnership_counts(partner_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Partnership.partner_id, sa.func.count())
        .where(Partnership.partner_id.in_(partner_ids))
        .group_by(Partnership.partner_id)
    )
    return dict(rows.all())


def save_partner(form: PartnerForm, partner: Partner) -> None:
    form.populate_obj(partner)
    partner.budget_month = form.budget_month.data or None
    db.session.add(partner)
    db.session.commit()


@bp.get("/")
def index():
    """List and filter the partner registry; htmx gets only the results."""
    filters = Filters.from_args(request.args)
    # A huge ?page= would overflow the database's OFFSET; no registry has a million pages.
    number = min(max(request.args.get("page", 1, type=int), 1), 1_000_000)
    page = db.paginate(
        filters.select(),
        page=number,
        per_page=current_app.config["PARTNERS_PER_PAGE"],
        error_out=False,
    )
    counts = partnership_counts([p.id for p in page.items])
    return render(
        "partners/index.html",
        "partners/_results.html",
        page=page,
        counts=counts,
        filters=filters,
        given=CATEGORIES[Direction.GIVES],
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Add a partner to the registry."""
    form = PartnerForm(data={"sector": request.args.get("sector", Sector.NGO.value)})
    if form.validate_on_submit():
        partner = Partner()
        save_partner(form, partner)
        flash(_("%(name)s is in the registry.", name=partner.name), "success")
        return redirect(url_for("partners.detail", pid=partner.id))
    return render_template("partners/form.html", form=form, partner=None)


# The kind selects that follow a sector select: their id, and the prefix of their form.
KIND_FIELDS = {"subtype": "", "new-subtype": "new-"}


@bp.get("/kinds")
def kinds():
    """The kind select holding only the kinds of the chosen sector (htmx swaps it in)."""
    field = request.args.get("field", "subtype")
    if field not in KIND_FIELDS:
        abort(404)
    sector = enum_or_none(Sector, request.args.get(KIND_FIELDS[field] + "sector"))
    chosen = enum_or_none(Subtype, request.args.get(field))
    select = get_template_attribute("partners/_kind.html", "kind_select")
    hints = get_template_attribute("partners/_kind.html", "kind_hints")
    response = make_response(
        select(
            SimpleNamespace(id=field, name=field, data=chosen),
            sector=sector,
            attrs={"aria-describedby": f"{field}-kinds"},
        )
        + hints(field, sector, oob=True)
    )
    response.vary.add("HX-Request")
    return response


def get_partner(pid: int) -> Partner:
    return db.get_or_404(Partner, pid)


@bp.get("/<id:pid>/")
def detail(pid: int):
    """Show a partner with all its partnerships across projects."""
    partner = get_partner(pid)
    partnerships = db.session.scalars(
        partner.partnerships.select()
        .options(joinedload(Partnership.project))
        .order_by(Partnership.created_at.desc())
    ).all()
    items = db.session.scalars(
        sa.select(Commitment)
        .join(Partnership)
        .where(Partnership.partner_id == partner.id)
        .order_by(Commitment.direction, Commitment.due_date.nulls_last(), Commitment.id)
    ).all()
    by_partnership = defaultdict(list)
    for item in items:
        by_partnership[item.partnership_id].append(item)
    return render_template(
        "partners/detail.html",
        partner=partner,
        partnerships=partnerships,
        items=by_partnership,
        logo_form=LogoForm(),
        project_form=ProjectChoiceForm(),
        projects=[] if partner.archived_at else projects_open_to(partner),
        letter_language=partner.language or Language(organisation_language()),
        contacts=partner_history(pid, 1),
    )


@bp.route("/<id:pid>/edit", methods=["GET", "POST"])
def edit(pid: int):
    """Change a partner's details."""
    partner = get_partner(pid)
    form = PartnerForm(obj=partner, data={"budget_month": partner.budget_month or 0})
    if form.validate_on_submit():
        save_partner(form, partner)
        flash(_("%(name)s is saved.", name=partner.name), "success")
        return redirect(url_for("partners.detail", pid=partner.id))
    return respond(render_template("partners/form.html", form=form, partner=partner), form)


@bp.route("/<id:pid>/delete", methods=["GET", "POST"])
def delete(pid: int):
    """Delete a partner without partnerships; archive one that has them."""
    partner = get_partner(pid)
    count = partnership_counts([partner.id]).get(partner.id, 0)
    if request.method == "GET":
        return render_template("partners/delete.html", partner=partner, count=count)
    if count:
        partner.archived_at = now()
        flash(
            ngettext(
                "%(name)s has %(num)d partnership, so it was archived, not deleted: "
                "its history stays and you can restore it.",
                "%(name)s has %(num)d partnerships, so it was archived, not deleted: "
                "its history stays and you can restore it.",
                count,
                name=partner.name,
            ),
            "warning",
        )
    else:
        db.session.delete(partner)
        flash(_("%(name)s is deleted from the registry.", name=partner.name), "success")
    db.session.commit()
    return redirect(url_for("partners.index"))


@bp.post("/<id:pid>/restore")
def restore(pid: int):
    """Bring an archived partner back into the registry."""
    partner = get_partner(pid)
    if partner.archived_at is None:
        abort(409)
    partner.archived_at = None
    db.session.commit()
    flash(_("%(name)s is back in the registry.", name=partner.name), "success")
    return redirect(url_for("partners.detail", pid=pid))


@bp.post("/<id:pid>/logo")
def logo(pid: int):
    """Upload the partner's logo, shown on the public site only with its consent."""
    partner = get_partner(pid)
    if replace_logo(partner, LogoForm()):
        db.session.commit()
        flash(_("The logo is saved."), "success")
    return redirect(url_for("partners.detail", pid=pid) + "#logo")


@bp.get("/<id:pid>/logo")
def logo_file(pid: int):
    """The partner's logo."""
    return send_upload(get_partner(pid).logo_file)
