from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from planner.budget import bp
from planner.budget.exports import co_funding_xlsx
from planner.budget.forms import BudgetLineForm
from planner.budget.queries import budget_lines, load_co_funding, next_position
from planner.enums import Sector
from planner.extensions import db
from planner.models import BudgetLine, Project
from planner.projects.queries import get_project


@bp.get("/projects/<slug>/budget/")
def page(slug: str):
    """Show a project's budget lines and the share partners' contributions cover."""
    project = get_project(slug)
    lines, funding = load_co_funding(project)
    return render_template(
        "budget/page.html", project=project, lines=lines, funding=funding, Sector=Sector
    )


@bp.get("/projects/<slug>/budget.xlsx")
def xlsx_export(slug: str):
    """Download the co-financing table a grant application asks for."""
    project = get_project(slug)
    _lines, funding = load_co_funding(project)
    return co_funding_xlsx(project, funding)


def line_form(line: BudgetLine, **kwargs) -> BudgetLineForm:
    return BudgetLineForm(prefix=f"line-{line.id}", obj=line, **kwargs)


def show_lines(project: Project, new_form=None, changed=None, status: int = 200):
    """The budget's editor: a form per line (`changed` keeps its typing and errors)."""
    lines = budget_lines(project)
    forms = []
    for line in lines:
        form = changed if changed is not None and changed.line_id == line.id else line_form(line)
        form.line_id, form.line_name = line.id, line.name
        forms.append(form)
    return (
        render_template(
            "budget/lines.html",
            project=project,
            forms=forms,
            total=sum((line.amount for line in lines), Decimal(0)),
            new_form=new_form or BudgetLineForm(prefix="new", formdata=None),
        ),
        status,
    )


@bp.route("/projects/<slug>/budget/lines/", methods=["GET", "POST"])
def lines(slug: str):
    """Show the budget's lines to change them; add a line."""
    project = get_project(slug)
    form = BudgetLineForm(prefix="new")
    if form.validate_on_submit():
        line = BudgetLine(
            project_id=project.id,
            name=form.name.data,
            amount=form.amount.data,
            position=next_position(project),
        )
        db.session.add(line)
        db.session.commit()
        flash(_("The budget line “%(name)s” is added.", name=line.name), "success")
        return redirect(url_for("budget.lines", slug=slug) + "#add")
    return show_lines(project, new_form=form)


@bp.post("/budget-lines/<id:line_id>/")
def edit_line(line_id: int):
    """Rename a budget line or change its amount."""
    line = db.get_or_404(BudgetLine, line_id)
    project = get_project_of(line)
    form = BudgetLineForm(prefix=f"line-{line.id}", record=line)
    form.line_id = line.id
    if form.validate_on_submit():
        line.name = form.name.data
        line.amount = form.amount.data
        db.session.commit()
        flash(_("The budget line “%(name)s” is saved.", name=line.name), "success")
        return redirect(url_for("budget.lines", slug=project.slug) + f"#line-{line.id}")
    # A stale form (planner/conflicts.py) comes back with 409, what was typed kept.
    return show_lines(project, changed=form, status=409 if form.conflict else 200)


@bp.post("/budget-lines/<id:line_id>/delete")
def delete_line(line_id: int):
    """Remove a budget line; money that named it then covers the budget as a whole."""
    line = db.get_or_404(BudgetLine, line_id)
    project = get_project_of(line)
    name = line.name
    db.session.delete(line)
    db.session.commit()
    flash(_("The budget line “%(name)s” is removed.", name=name), "success")
    return redirect(url_for("budget.lines", slug=project.slug))


def get_project_of(line: BudgetLine) -> Project:
    return db.session.get_one(Project, line.project_id)
