"""The coordinator's "Public site" page: what a publication would change, the Publish
button, its progress and the history of publications (planner/publishing/publish.py)."""

import json

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from planner.extensions import db
from planner.htmx import is_htmx
from planner.models import Publication
from planner.publishing import publish

bp = Blueprint("publications", __name__, url_prefix="/publishing")


@bp.get("/")
def index():
    """Show what publishing now would change, the publication under way and the history."""
    under_way = publish.running()
    changes = None if under_way else publish.preview(current_app._get_current_object())
    past = publish.history()
    latest = past[0] if past and under_way is None else None
    return render_template(
        "publications/index.html",
        changes=changes,
        latest=latest,
        last=publish.last_published(),
        history=past,
        publish_dir=publish.publish_dir(),
        has_zip=publish.has_zip,
        **(progress_context(under_way) if under_way else {"under_way": None}),
    )


@bp.post("/")
def start():
    """Start a publication in the background and come straight back to the page."""
    try:
        publish.start(g.user.id, expected=expected_files())
    except publish.Busy:
        flash(_("A publication is already running: its progress is below."), "warning")
    return redirect(url_for("publications.index"), 303)


@bp.get("/<id:number>/progress")
def progress(number: int):
    """How far the publication is (htmx polls this every second); done: reload the page."""
    publication = db.get_or_404(Publication, number)
    if publication.status == publish.Status.RUNNING and publish.running() is None:
        db.session.refresh(publication)  # its process died: `running` marked it failed
    if not is_htmx() or publication.status != publish.Status.RUNNING:
        if is_htmx():
            response = make_response("", 204)
            response.headers["HX-Refresh"] = "true"
            return response
        return redirect(url_for("publications.index"), 303)
    response = make_response(
        render_template("publications/_progress.html", **progress_context(publication))
    )
    response.vary.add("HX-Request")
    return response


@bp.get("/<id:number>/site.zip")
def download(number: int):
    """The whole site of a publication as a ZIP."""
    publication = db.get_or_404(Publication, number)
    if not publish.has_zip(publication):
        abort(404)
    return send_file(
        publish.zip_path(publication),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"site-{publication.started_at:%Y-%m-%d}-{publication.id}.zip",
    )


def progress_context(publication: Publication) -> dict:
    done, total = publish.progress(publication)
    return {
        "under_way": publication,
        "done": done,
        "total": total,
        "elapsed": publish.elapsed(publication),
    }


def expected_files() -> int:
    """Files the last preview found: the total the progress counts towards."""
    try:
        preview = json.loads((publish.folder() / "preview.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return len(preview)


def published_message() -> Markup:
    """What a coordinator reads after publishing a report: where the site is published."""
    link = Markup('<a href="{}">{}</a>').format(url_for("publications.index"), _("Public site"))
    # The sentence is ours and the link is escaped above: the whole may be markup.
    return Markup(  # noqa: S704
        _(
            "The report is published. To put it on the public site, publish the site on the"
            " %(link)s page.",
            link=link,
        )
    )
