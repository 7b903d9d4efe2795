import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.conflicts import cell_stale, conflict_page, respond
from planner.enums import Stage
from planner.extensions import db
from planner.models import Need, Partnership, Project, Report, now
from planner.projects import bp
from planner.projects.forms import ProjectForm
from planner.projects.queries import (
    coordinator_choices,
    get_project,
    partnership_counts,
    project_page,
)
from planner.projects.slugs import slugify


def slug_taken(slug: str, project: Project) -> bool:
    clash = sa.select(Project.id).where(Project.slug == slug, Project.id != (project.id or 0))
    return db.session.scalar(clash) is not None


def free_slug(title: str, project: Project) -> str:
    """Make a slug from the title, numbering it when another project has it."""
    base = slugify(title) or "project"
    slug, n = base, 1
    while slug_taken(slug, project):
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_project(form: ProjectForm, project: Project):
    """Validate and save the form onto `project`; return a redirect, or None to re-show it."""
    form.coordinator_id.choices = coordinator_choices(keep=project.coordinator_id)
    valid = form.validate_on_submit()
    if form.is_submitted() and form.slug.data and slug_taken(form.slug.data, project):
        form.slug.errors.append(
            _("Another project already uses “%(slug)s”. Choose another.", slug=form.slug.data)
        )
        valid = False
    if not valid:
        return None
    form.populate_obj(project)
    project.slug = form.slug.data or free_slug(form.title.data, project)
    project.stage = Stage(form.stage.data)
    project.coordinator_id = form.coordinator_id.data or None
    db.session.add(project)
    db.session.commit()
    flash(_("Project “%(title)s” is saved.", title=project.title), "success")
    return redirect(url_for("partnerships.board", slug=project.slug))


@bp.get("/")
def index():
    """List the projects, a page at a time, with how many partnerships each has."""
    show_archived = request.args.get("archived") == "1"
    page = project_page(show_archived, request.args.get("page", 1, type=int))
    counts = partnership_counts([project.id for project in page.items])
    return render_template(
        "projects/index.html", page=page, counts=counts, show_archived=show_archived
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Start a new project."""
    form = ProjectForm(data={"coordinator_id": g.user.id})
    return save_project(form, Project()) or render_template(
        "projects/form.html", form=form, project=None
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    """Change a project's description, dates or stage."""
    project = get_project(slug)
    form = ProjectForm(obj=project, data={"coordinator_id": project.coordinator_id or 0})
    return save_project(form, project) or respond(
        render_template("projects/form.html", form=form, project=project), form
    )


@bp.route("/<slug>/delete", methods=["GET", "POST"])
def delete(slug: str):
    """Delete a project without partnerships; archive one that has them."""
    project = get_project(slug)
    count = db.session.scalar(
        sa.select(sa.func.count()).where(Partnership.project_id == project.id)
    )
    # A report is history too; the project's needs are its own plan and go with it.
    report = db.session.scalar(sa.select(Report.id).where(Report.project_id == project.id))
    if request.method == "GET":
        return render_template("projects/delete.html", project=project, count=count, report=report)
    if count or report:
        project.archived_at = now()
        if count:
            message = ngettext(
                "“%(title)s” has %(num)d partnership, so it was archived, not deleted: "
                "its history stays and you can restore it.",
                "“%(title)s” has %(num)d partnerships, so it was archived, not deleted: "
                "its history stays and you can restore it.",
                count,
                title=project.title,
            )
        else:
            message = _(
                "“%(title)s” has a report, so it was archived, not deleted: "
                "its history stays and you can restore it.",
                title=project.title,
            )
        flash(message, "warning")
    else:
        db.session.execute(sa.delete(Need).where(Need.project_id == project.id))
        db.session.delete(project)
        flash(_("Project “%(title)s” is deleted.", title=project.title), "success")
    db.session.commit()
    return redirect(url_for("projects.index"))


@bp.post("/<slug>/restore")
def restore(slug: str):
    """Bring an archived project back to the list."""
    project = get_project(slug)
    if project.archived_at is None:
        abort(409)
    project.archived_at = None
    db.session.commit()
    flash(_("“%(title)s” is back among the active projects.", title=project.title), "success")
    return redirect(url_for("partnerships.board", slug=slug))


@bp.post("/<slug>/stage")
def set_stage(slug: str):
    """Accept a suggested stage (or any stage) for the project in one click."""
    project = get_project(slug)
    try:
        stage = Stage(request.form.get("stage", ""))
    except ValueError:
        abort(400)
    if cell_stale(project, "stage"):
        message = _(
            "Someone else changed “%(title)s” while you were looking: its stage is now "
            "“%(stage)s”. Nothing was changed; choose again if you still want to.",
            title=project.title,
            stage=project.stage.label,
        )
        return conflict_page(message, url_for("partnerships.board", slug=slug))
    if project.stage is not stage:
        project.stage = stage
        db.session.commit()
    flash(
        _("“%(title)s” is now at the stage “%(stage)s”.", title=project.title, stage=stage.label),
        "success",
    )
    return redirect(url_for("partnerships.board", slug=slug))
