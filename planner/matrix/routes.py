from datetime import date
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from wtforms.fields import SelectChoice

from planner.conflicts import cell_stale, conflict_page, respond
from planner.enums import CATEGORIES, Direction, ItemStatus
from planner.extensions import db
from planner.htmx import is_htmx, render
from planner.matrix import bp
from planner.matrix.advice import lead_time_hint, suggestions, who_could_cover
from planner.matrix.data import load_matrix
from planner.matrix.exports import matrix_csv, matrix_xlsx
from planner.matrix.forms import NONE, CommitmentForm, NeedForm
from planner.matrix.links import matrix_links
from planner.matrix.rules import Filters, compute_value, view
from planner.models import BudgetLine, Commitment, GrantCall, Need, Partnership, Project
from planner.partnerships.queries import get_partnership
from planner.projects.queries import get_project
from planner.stamps import FragmentCache


def matrix_context(project: Project, filters: Filters) -> dict:
    matrix = load_matrix(project)
    return {
        "project": project,
        "matrix": matrix,
        "view": view(matrix, filters),
        "filters": filters,
        **item_macros(),
        **matrix_links(),
        "Direction": Direction,
        "ItemStatus": ItemStatus,
        "CATEGORIES": CATEGORIES,
        "who_could_cover": who_could_cover,
    }


def item_macros() -> dict:
    """The macros `Rows` renders once with holes (planner/matrix/links.py)."""
    return {
        f"{name}_macro": get_template_attribute("matrix/_parts.html", name)
        for name in ("row", "item", "status_buttons", "money_parts")
    }


def current_filters() -> Filters:
    """The filters of the page a change is made from, as htmx names it."""
    current = request.headers.get("HX-Current-URL") if is_htmx() else None
    if not current:
        return Filters()
    query = parse_qs(urlsplit(current).query)
    return Filters.of({name: values[0] for name, values in query.items()})


# A project's matrix is read far more often than it changes: kept rendered for the day until
# the next write (planner/stamps.py), one copy per combination of filters.
rendered = FragmentCache()


def show_matrix(project: Project, filters: Filters):
    """The matrix page, or its fragment for htmx (swapped over the whole matrix)."""
    matrix = rendered.get(
        (project.id, date.today(), filters),
        lambda: render_template("matrix/_matrix.html", **matrix_context(project, filters)),
    )
    if is_htmx():
        response = make_response(matrix)
    else:
        response = make_response(
            render_template("matrix/page.html", project=project, matrix=matrix, filters=filters)
        )
    response.vary.add("HX-Request")
    return response


def show_change(
    partnership: Partnership, item: Commitment | None = None, conflict: str | None = None
):
    """After a change from the page: the partner's row (or the item), and out of band the
    totals, warnings and needs that follow from it; with `conflict`, why a change was not
    made (answered with 409)."""
    project = partnership.project
    filters = current_filters()
    context = matrix_context(project, filters)
    found = [
        one
        for _sector, lines in context["view"].groups
        for one in lines
        if one.row.partnership.id == partnership.id
    ]
    shown = None
    if item is not None:
        shown = next((i for i in found[0].row.items if i.id == item.id), None) if found else None
    response = make_response(
        render_template(
            "matrix/_changed.html",
            line=found[0] if found else None,
            changed_item=shown,
            conflict=conflict,
            **context,
        ),
        409 if conflict else 200,
    )
    response.vary.add("HX-Request")
    if item is None:
        response.headers["HX-Retarget"] = f"#row-{partnership.id}"
        response.headers["HX-Reswap"] = "outerHTML"
    return response


def back_to_matrix(project: Project, partnership_id: int | None = None):
    """Back to the matrix as it was shown (its filters), at the row changed."""
    page_url = url_for("matrix.page", slug=project.slug)
    back = request.form.get("back", "")
    # Only the matrix page itself: the field must not send anybody elsewhere.
    target = back if back.startswith(page_url) and "#" not in back else page_url
    return redirect(target + (f"#row-{partnership_id}" if partnership_id else ""))


@bp.get("/projects/<slug>/matrix/")
def page(slug: str):
    """Show the contribution-and-benefit matrix of a project, filtered as asked."""
    return show_matrix(get_project(slug), Filters.of(request.args))


@bp.get("/projects/<slug>/matrix/grid/")
def grid(slug: str):
    """Show the matrix as the full grid by category, laid out for landscape printing."""
    project = get_project(slug)
    return render_template(
        "matrix/grid.html",
        project=project,
        matrix=load_matrix(project),
        Direction=Direction,
        CATEGORIES=CATEGORIES,
    )


@bp.get("/partnerships/<id:pid>/matrix-row")
def row(pid: int):
    """Show one partner's row of the matrix again (a form closed without saving); opened
    as a page, the whole matrix it sits in."""
    partnership = get_partnership(pid)
    if not is_htmx():
        return show_matrix(partnership.project, Filters.of(request.args))
    return show_change(partnership)


@bp.get("/projects/<slug>/matrix.csv")
def csv_export(slug: str):
    """Download the matrix as CSV."""
    project = get_project(slug)
    return matrix_csv(project, load_matrix(project))


@bp.get("/projects/<slug>/matrix.xlsx")
def xlsx_export(slug: str):
    """Download the matrix as an Excel workbook."""
    project = get_project(slug)
    return matrix_xlsx(project, load_matrix(project))


def form_choices(form: CommitmentForm, partnership: Partnership) -> None:
    needs = db.session.execute(
        sa.select(Need.id, Need.description)
        .where(Need.project_id == partnership.project_id)
        .order_by(Need.id)
    )
    calls = db.session.execute(
        sa.select(GrantCall.id, GrantCall.name).order_by(GrantCall.deadline.desc())
    )
    form.need_id.choices = [
        SelectChoice(0, NONE),
        *(SelectChoice(i, shorten(d)) for i, d in needs),
    ]
    form.grant_call_id.choices = [SelectChoice(0, NONE), *(SelectChoice(i, n) for i, n in calls)]
    lines = db.session.execute(
        sa.select(BudgetLine.id, BudgetLine.name)
        .where(BudgetLine.project_id == partnership.project_id)
        .order_by(BudgetLine.position, BudgetLine.id)
    )
    form.budget_line_id.choices = [
        SelectChoice(0, NONE),
        *(SelectChoice(i, shorten(n)) for i, n in lines),
    ]


def shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def save_item(form: CommitmentForm, item: Commitment) -> None:
    for name in ("description", "quantity", "hours", "hourly_rate", "due_date"):
        setattr(item, name, form[name].data)
    item.unit = form.unit.data or ""
    item.responsible = form.responsible.data or ""
    item.category = form.category.data
    item.status = form.status.data
    item.internal = form.internal.data
    item.value = compute_value(form.value.data, form.hours.data, form.hourly_rate.data)
    gives = form.direction is Direction.GIVES
    item.need_id = (form.need_id.data or None) if gives else None
    item.grant_call_id = (form.grant_call_id.data or None) if gives else None
    item.budget_line_id = (form.budget_line_id.data or None) if gives else None
    db.session.add(item)
    db.session.commit()


def item_form_response(form, partnership, item=None):
    sector = partnership.partner.sector
    gives = form.direction is Direction.GIVES
    page = render(
        "matrix/item_page.html",
        "matrix/_item_form_li.html",
        form=form,
        partnership=partnership,
        item=item,
        # The field's advice where the item is chosen: only when adding, not when correcting one.
        suggested=() if item else suggestions(sector, form.direction),
        lead_hint=lead_time_hint(sector) if gives and not item else None,
    )
    return respond(page, form)


@bp.route("/partnerships/<id:pid>/items/new", methods=["GET", "POST"])
def new_item(pid: int):
    """Add what a partner gives or gets, in a form that opens in its row."""
    partnership = get_partnership(pid)
    try:
        direction = Direction(request.values.get("direction", "gives"))
    except ValueError:
        abort(404)
    # The sector's most usual category first (the field's advice), unless one was picked.
    usual = suggestions(partnership.partner.sector, direction)
    picked = request.args.get("category") or (usual[0].value if usual else None)
    form = CommitmentForm(direction, data={"category": picked})
    form_choices(form, partnership)
    if form.validate_on_submit():
        save_item(form, Commitment(partnership=partnership, direction=direction))
        if is_htmx():
            return show_change(partnership)
        flash(_("The commitment is added."), "success")
        return back_to_matrix(partnership.project, partnership.id)
    return item_form_response(form, partnership)


def get_item(item_id: int) -> Commitment:
    return db.first_or_404(
        sa.select(Commitment)
        .where(Commitment.id == item_id)
        .options(joinedload(Commitment.partnership).joinedload(Partnership.project))
    )


@bp.route("/items/<id:item_id>/edit", methods=["GET", "POST"])
def edit_item(item_id: int):
    """Change a commitment in place."""
    item = get_item(item_id)
    data = {
        "need_id": item.need_id or 0,
        "grant_call_id": item.grant_call_id or 0,
        "budget_line_id": item.budget_line_id or 0,
    }
    form = CommitmentForm(item.direction, obj=item, data=data)
    form_choices(form, item.partnership)
    if form.validate_on_submit():
        save_item(form, item)
        if is_htmx():
            return show_change(item.partnership)
        flash(_("The commitment is saved."), "success")
        return back_to_matrix(item.partnership.project, item.partnership_id)
    return item_form_response(form, item.partnership, item)


@bp.post("/items/<id:item_id>/delete")
def delete_item(item_id: int):
    """Remove a commitment from the matrix."""
    item = get_item(item_id)
    partnership = item.partnership
    db.session.delete(item)
    db.session.commit()
    if is_htmx():
        return show_change(partnership)
    flash(_("The commitment is removed."), "success")
    return back_to_matrix(partnership.project, partnership.id)


@bp.post("/items/<id:item_id>/status")
def item_status(item_id: int):
    """Move a commitment to its next status in one click: promised, delivered, partly, not."""
    item = get_item(item_id)
    try:
        status = ItemStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    if cell_stale(item, "status"):
        return status_conflict(item)
    item.status = status
    db.session.commit()
    if is_htmx():
        return show_change(item.partnership, item)
    flash(
        _("Status of “%(what)s”: %(status)s.", what=shorten(item.description), status=status.label),
        "success",
    )
    return back_to_matrix(item.partnership.project, item.partnership_id)


def status_conflict(item: Commitment):
    """Refuse a status pressed on a commitment someone else has changed since: say what it
    is now, in the item's place (htmx) or on a page of its own."""
    message = _(
        "Someone else changed “%(what)s” while you were looking: its status is now "
        "“%(status)s”. Nothing was changed; choose again if you still want to.",
        what=shorten(item.description),
        status=item.status.label,
    )
    if is_htmx():
        return show_change(item.partnership, item, conflict=message)
    back = url_for("matrix.page", slug=item.partnership.project.slug)
    return conflict_page(message, f"{back}#row-{item.partnership_id}")


def save_need(form: NeedForm, need: Need) -> None:
    need.category = form.category.data
    need.description = form.description.data
    need.quantity = form.quantity.data
    need.unit = form.unit.data or ""
    need.needed_by = form.needed_by.data
    db.session.add(need)
    db.session.commit()


@bp.route("/projects/<slug>/needs/new", methods=["GET", "POST"])
def new_need(slug: str):
    """Record something the project cannot do without."""
    project = get_project(slug)
    form = NeedForm()
    if form.validate_on_submit():
        save_need(form, Need(project=project))
        flash(_("The need is recorded."), "success")
        return redirect(url_for("matrix.page", slug=slug) + "#needs")
    return render_template("matrix/need_form.html", form=form, project=project, need=None)


@bp.route("/needs/<id:need_id>/edit", methods=["GET", "POST"])
def edit_need(need_id: int):
    """Change a need."""
    need = db.get_or_404(Need, need_id)
    form = NeedForm(obj=need)
    if form.validate_on_submit():
        save_need(form, need)
        flash(_("The need is saved."), "success")
        return redirect(url_for("matrix.page", slug=need.project.slug) + "#needs")
    return respond(
        render_template("matrix/need_form.html", form=form, project=need.project, need=need), form
    )


@bp.post("/needs/<id:need_id>/delete")
def delete_need(need_id: int):
    """Remove a need; the commitments that covered it stay."""
    need = db.get_or_404(Need, need_id)
    slug = need.project.slug
    db.session.delete(need)
    db.session.commit()
    flash(_("The need is removed."), "success")
    return redirect(url_for("matrix.page", slug=slug) + "#needs")
