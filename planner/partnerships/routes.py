from datetime import date

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.conflicts import cell_stale, conflict_page, respond
from planner.contacts.forms import contact_form
from planner.contacts.queries import recent_contacts
from planner.enums import Answer, Health, Sector, Status, Support, Trust
from planner.extensions import db
from planner.forms import clean_text
from planner.htmx import is_htmx, render
from planner.models import HealthCheck, Partner, Partnership, Project
from planner.organisation.profile import current_organisation
from planner.partners.forms import PartnerBasics
from planner.partners.rules import writing_language
from planner.partnerships import bp
from planner.partnerships.board import board_context
from planner.partnerships.forms import (
    NEW,
    PARTNER_ID,
    AttachForm,
    HealthForm,
    PartnershipForm,
    ProjectChoiceForm,
    StatusForm,
    TrustForm,
)
from planner.partnerships.history import change_status
from planner.partnerships.queries import (
    already_in,
    get_partnership,
    health_checks,
    letter_sent,
    open_item_count,
    partnership_items,
    partnership_letters,
    registry_choices,
    registry_state,
    registry_twin,
    status_history,
)
from planner.partnerships.rules import (
    BOUND,
    CRITERIA_LABELS,
    MoveWarning,
    criteria_named,
    criteria_of,
    move_warnings,
    next_status,
    trust_steps,
    unproven_agreement,
)
from planner.projects.queries import coordinator_choices, get_project

CRITERIA = ("need", "fit", "motivation")
# What a person types about a new partner; any of it means they mean to create one.
NEW_PARTNER_TEXT = ("name", "contact_person", "email", "phone")


def fill(partnership: Partnership, form: PartnershipForm) -> None:
    partnership.support = {Support(v) for v in form.support.data or ()}
    for name in CRITERIA:
        setattr(partnership, name, Answer(form[name].data))
        setattr(partnership, f"{name}_note", form[f"{name}_note"].data or "")
    partnership.responsible_id = form.responsible_id.data or None
    partnership.partner_contact = form.partner_contact.data or ""
    partnership.contact_form = form.contact_form.data or ""
    partnership.contact_addressed_as = form.contact_addressed_as.data or ""


def form_data(partnership: Partnership) -> dict:
    data = {name: getattr(partnership, name).value for name in CRITERIA}
    data |= {f"{n}_note": getattr(partnership, f"{n}_note") for n in CRITERIA}
    data["support"] = sorted(s.value for s in partnership.support)
    data["responsible_id"] = partnership.responsible_id or 0
    data["partner_contact"] = partnership.partner_contact
    data["contact_form"] = partnership.contact_form
    data["contact_addressed_as"] = partnership.contact_addressed_as
    data["revision"] = partnership.revision
    return data


@bp.get("/projects/<slug>/")
def board(slug: str):
    """Show a project and its partnerships as a board by status."""
    project = get_project(slug)
    context = board_context(project)
    # Just moved to completed without JavaScript: ask about the partner's trust here.
    done = request.args.get("completed", type=int)
    context["trust_prompt"] = next(
        (
            p
            for p in context["columns"][Status.COMPLETED]
            if p.id == done and trust_steps(p.status, p.partner.trust)
        ),
        None,
    )
    return render_template("partnerships/board.html", **context)


def join(project: Project, partner: Partner, contact: str = "") -> Partnership:
    """Make a partner a candidate of a project; its contact there is the partner's contact
    person unless one was given."""
    partnership = Partnership(project=project, partner=partner)
    partnership.partner_contact = contact or partner.contact_person
    change_status(partnership, Status.CANDIDATE, g.user)
    db.session.add(partnership)
    return partnership


def chosen_partner(project: Project, form: AttachForm, new: PartnerBasics) -> Partner | None:
    """The partner the attach form names, a new one made from its "new partner" part, or None
    with the reason written beside the field at fault."""
    choice = form.partner_id.data
    typed = any(new[name].data for name in NEW_PARTNER_TEXT)
    if isinstance(choice, int):
        partner = db.session.get(Partner, choice)
        if partner is None or partner.archived_at is not None:
            form.partner_id.errors.append(_("Choose a partner from the list."))
        elif already_in(project, partner):
            form.partner_id.errors.append(
                _("%(name)s is already in this project.", name=partner.name)
            )
        elif typed:
            form.partner_id.errors.append(
                _(
                    "You picked %(name)s and also filled in a new partner: pick “A new "
                    "partner” to create it, or clear its fields.",
                    name=partner.name,
                )
            )
        else:
            return partner
        return None
    if choice is None and not typed:
        form.partner_id.errors.append(
            _("Pick a partner from the registry, or fill in a new one below.")
        )
        return None
    if not new.validate():
        return None
    if twin := registry_twin(new.name.data):
        new.name.errors.append(
            _("%(name)s is already in this project.", name=twin.name)
            if already_in(project, twin)
            else _(
                "%(name)s is already in the registry: pick it in the list above.", name=twin.name
            )
        )
        return None
    partner = Partner()
    new.populate_obj(partner)
    db.session.add(partner)
    return partner


@bp.route("/projects/<slug>/partnerships/new", methods=["GET", "POST"])
def attach(slug: str):
    """Add a partner to a project as a candidate: one picked from the registry (searched as
    you type) or a new one created in the same form; htmx gets only the list of choices."""
    project = get_project(slug)
    q = clean_text(request.values.get("q", ""))[:200]
    picked = request.args.get("partner", "")
    form = AttachForm(
        data={
            "responsible_id": g.user.id,
            "partner_id": int(picked) if PARTNER_ID.fullmatch(picked) else None,
        }
    )
    form.responsible_id.choices = coordinator_choices()
    new = PartnerBasics(prefix="new", meta={"csrf": False}, data={"sector": Sector.NGO.value})
    if request.method == "POST":
        partner = None
        if form.validate_on_submit():
            partner = chosen_partner(project, form, new)
        elif form.partner_id.data == NEW or (
            not form.partner_id.data and any(new[name].data for name in NEW_PARTNER_TEXT)
        ):
            new.validate()  # every mistake at once, not one submit per part
        if partner is not None:
            partnership = join(project, partner, form.partner_contact.data or "")
            fill(partnership, form)
            partnership.partner_contact = partnership.partner_contact or partner.contact_person
            db.session.commit()
            flash(
                _("%(name)s is now a candidate partner of this project.", name=partner.name),
                "success",
            )
            if request.form.get("then") == "another":
                return redirect(url_for("partnerships.attach", slug=project.slug))
            return redirect(url_for("partnerships.board", slug=project.slug))
    if request.method == "POST" and not q and new.name.errors and new.name.data:
        q = new.name.data  # a name refused as the registry's twin: show that partner to pick
    chosen = form.partner_id.data if isinstance(form.partner_id.data, int) else None
    partners, more = registry_choices(project, q, chosen)
    registry = None if partners or q else registry_state(project)
    if request.method == "GET" and q and not partners and not is_htmx():
        new.name.data = q  # nothing found: the name searched for is the likely new name
    return render(
        "partnerships/attach.html",
        "partnerships/_choices.html",
        form=form,
        new=new,
        project=project,
        q=q,
        partners=partners,
        more=more,
        registry=registry,
        NEW=NEW,
    )


@bp.post("/partners/<id:pid>/projects")
def add_to_project(pid: int):
    """Add a partner to a project from the partner's page, then open the partnership."""
    partner = db.get_or_404(Partner, pid)
    form = ProjectChoiceForm()
    project = None
    if form.validate_on_submit() and form.project_id.data is not None:
        project = db.session.get(Project, form.project_id.data)
    if project is None or project.archived_at is not None or partner.archived_at is not None:
        flash(_("Choose one of the projects in the list."), "danger")
        return redirect(url_for("partners.detail", pid=pid) + "#add-to-project")
    if already_in(project, partner):
        flash(_("%(name)s is already in this project.", name=partner.name), "warning")
        return redirect(url_for("partners.detail", pid=pid) + "#add-to-project")
    partnership = join(project, partner)
    partnership.responsible_id = g.user.id
    db.session.commit()
    flash(
        _(
            "%(name)s is now a candidate partner of “%(title)s”.",
            name=partner.name,
            title=project.title,
        ),
        "success",
    )
    return redirect(url_for("partnerships.detail", pid=partnership.id))


@bp.get("/partnerships/<id:pid>/")
def detail(pid: int, health_form: HealthForm | None = None):
    """Show a partnership: criteria, commitments, status, health and history."""
    partnership = get_partnership(pid)
    org = current_organisation()
    return render_template(
        "partnerships/detail.html",
        partnership=partnership,
        letters=partnership_letters(pid),
        letter_language=writing_language(partnership.partner, org),
        history=status_history(partnership),
        checks=health_checks(pid),
        contacts=recent_contacts(pid),
        contact_form=contact_form(partnership, "page"),
        items=partnership_items(pid),
        health_form=health_form or HealthForm(data={"checked_on": date.today()}),
        doubts=criteria_named(unproven_agreement(partnership.status, criteria_of(partnership))),
        # Trial before trust: a new partner that saw it through may now be marked tried.
        trust_prompt=(
            trust_steps(partnership.status, partnership.partner.trust)
            if partnership.partner.trust is Trust.NEW or request.args.get("completed")
            else ()
        ),
        status_form=StatusForm(
            data={"status": partnership.status, "revision": partnership.revision}
        ),
        next_status=next_status(partnership.status),
        CRITERIA_LABELS=CRITERIA_LABELS,
    )


@bp.route("/partnerships/<id:pid>/edit", methods=["GET", "POST"])
def edit(pid: int):
    """Change a partnership's support kinds, criteria and responsible people."""
    partnership = get_partnership(pid)
    saved = form_data(partnership)
    form = PartnershipForm(data=saved, record=partnership, saved=saved)
    form.responsible_id.choices = coordinator_choices(keep=partnership.responsible_id)
    if form.validate_on_submit():
        fill(partnership, form)
        db.session.commit()
        flash(_("The partnership is saved."), "success")
        return redirect(url_for("partnerships.detail", pid=pid))
    return respond(
        render_template("partnerships/form.html", form=form, partnership=partnership), form
    )


@bp.post("/partnerships/<id:pid>/status")
def set_status(pid: int):
    """Move a partnership along its path; htmx gets the refreshed board.

    A move the field's rules question (agreed without a sent letter, completed with
    commitments still open) is not made at once: the person is shown why and chooses
    "Move anyway" (the same form, confirmed) or "Cancel".
    """
    partnership = get_partnership(pid)
    form = StatusForm()
    back = request.form.get("back") == "partnership"
    if cell_stale(partnership, "status"):
        return status_conflict(partnership, back)
    # Moved into completed with its partner's trust still to earn: ask (trial before trust).
    prompt = False
    if form.validate_on_submit():
        status = form.status.data
        warnings = [] if request.form.get("confirmed") else status_warnings(partnership, status)
        if warnings:
            confirm = {
                "partnership": partnership,
                "status": status,
                "warnings": warnings,
                "open_items": open_item_count(pid) if MoveWarning.OPEN_ITEMS in warnings else 0,
                "back": back,
            }
            if is_htmx():
                return render(
                    "partnerships/board.html",
                    "partnerships/_board.html",
                    **board_context(partnership.project, confirm=confirm),
                )
            return render_template("partnerships/confirm_status.html", confirm=confirm)
        if change_status(partnership, status, g.user):
            db.session.commit()
            prompt = bool(trust_steps(status, partnership.partner.trust))
            if not is_htmx():
                flash(
                    _(
                        "%(name)s is now “%(status)s”.",
                        name=partnership.partner.name,
                        status=status.label,
                    ),
                    "success",
                )
    elif not is_htmx():
        flash(_("That status is not one a partnership can have."), "danger")
    if is_htmx():
        return render(
            "partnerships/board.html",
            "partnerships/_board.html",
            **board_context(
                partnership.project, moved=pid, trust_prompt=partnership if prompt else None
            ),
        )
    args = {"completed": pid if not back else 1} if prompt else {}
    if back:
        return redirect(url_for("partnerships.detail", pid=pid, **args))
    return redirect(url_for("partnerships.board", slug=partnership.project.slug, **args))


def status_conflict(partnership: Partnership, back: bool):
    """Refuse a move pressed on a partnership someone else has changed since: say what it
    is now, on the refreshed board (htmx) or a page of its own."""
    message = _(
        "Someone else changed %(name)s while you were looking: it is now “%(status)s”. "
        "Nothing was changed; choose again if you still want to.",
        name=partnership.partner.name,
        status=partnership.status.label,
    )
    if is_htmx():
        return respond(
            render(
                "partnerships/board.html",
                "partnerships/_board.html",
                **board_context(partnership.project, conflict=message, moved=partnership.id),
            ),
            conflict=True,
        )
    if back:
        return conflict_page(message, url_for("partnerships.detail", pid=partnership.id))
    return conflict_page(message, url_for("partnerships.board", slug=partnership.project.slug))


def status_warnings(partnership: Partnership, status: Status) -> list[MoveWarning]:
    """The rules' warnings about this move, reading only what they need."""
    # Most moves need no query: only one into agreed-or-beyond or into completed.
    if status not in BOUND or partnership.status is status:
        return []
    sent = partnership.status in BOUND or letter_sent(partnership.id)
    items = open_item_count(partnership.id) if status is Status.COMPLETED else 0
    return move_warnings(partnership.status, status, sent, items)


@bp.route("/partnerships/<id:pid>/delete", methods=["GET", "POST"])
def delete(pid: int):
    """Remove a candidate added by mistake; a worked partnership is dropped instead."""
    partnership = get_partnership(pid)
    removable = partnership.status is Status.CANDIDATE
    if request.method == "GET" or not removable:
        if request.method == "POST":
            flash(
                _(
                    "Only a candidate can be removed. Mark this partnership as dropped "
                    "so its history stays."
                ),
                "warning",
            )
        return render_template(
            "partnerships/delete.html", partnership=partnership, removable=removable
        )
    slug = partnership.project.slug
    db.session.delete(partnership)
    db.session.commit()
    flash(
        _("%(name)s is no longer a candidate for this project.", name=partnership.partner.name),
        "success",
    )
    return redirect(url_for("partnerships.board", slug=slug))


@bp.post("/partnerships/<id:pid>/health")
def check_health(pid: int):
    """Record a quick green / amber / red check of a partnership during delivery."""
    partnership = get_partnership(pid)
    form = HealthForm()
    if not form.validate_on_submit():
        return detail(pid, health_form=form)
    db.session.add(
        HealthCheck(
            partnership=partnership,
            colour=Health(form.colour.data),
            note=form.note.data or "",
            checked_on=form.checked_on.data,
            user=g.user,
        )
    )
    db.session.commit()
    flash(_("The health check is recorded."), "success")
    return redirect(url_for("partnerships.detail", pid=pid) + "#health")


@bp.post("/partnerships/<id:pid>/trust")
def mark_trust(pid: int):
    """Mark the partner of a completed partnership as tried or verified (trial before trust)."""
    partnership = get_partnership(pid)
    form = TrustForm()
    on_board = request.form.get("back") == "board"
    if form.validate_on_submit() and form.trust.data in trust_steps(
        partnership.status, partnership.partner.trust
    ):
        partnership.partner.trust = form.trust.data
        db.session.commit()
        if not is_htmx():
            flash(
                _(
                    "%(name)s is marked “%(trust)s”.",
                    name=partnership.partner.name,
                    trust=form.trust.data.label,
                ),
                "success",
            )
    elif not is_htmx():
        flash(_("This partner cannot be marked so now."), "warning")
    if is_htmx():
        return render(
            "partnerships/board.html",
            "partnerships/_board.html",
            **board_context(partnership.project, moved=pid),
        )
    if on_board:
        return redirect(url_for("partnerships.board", slug=partnership.project.slug))
    return redirect(url_for("partnerships.detail", pid=pid))
