"""The site's own pages: list them in the navigation's order, add, edit with a preview,
move up or down, delete. Any coordinator, like the rest of the site's work."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.conflicts import respond
from planner.extensions import db
from planner.models import SitePage
from planner.publishing.markdown import render_markdown
from planner.publishing.pages import ORDER
from planner.sitepages import bp
from planner.sitepages.forms import SitePageForm


def ordered() -> list[SitePage]:
    return list(db.session.scalars(sa.select(SitePage).order_by(*ORDER)))


@bp.get("/organisation/site-pages/")
def index():
    """List the public site's own pages in the order its navigation shows them."""
    return render_template("sitepages/index.html", pages=ordered())


def editor(form: SitePageForm, page: SitePage | None, preview: bool = False, status: int = 200):
    shown = render_markdown(form.body.data or "") if preview else None
    body = render_template("sitepages/edit.html", form=form, page=page, preview=shown)
    return respond((body, status), form)


@bp.route("/organisation/site-pages/new", methods=["GET", "POST"])
def new():
    """Write a new page of the public site, with a preview before saving."""
    form = SitePageForm()
    if request.method == "POST" and "preview" in request.form:
        form.validate()
        return editor(form, None, preview=True)
    if form.validate_on_submit():
        last = db.session.scalar(sa.select(sa.func.max(SitePage.position))) or 0
        page = SitePage(
            slug=form.address(), title=form.title.data, body=form.body.data or "", position=last + 1
        )
        db.session.add(page)
        db.session.commit()
        flash(_("The page “%(title)s” is added to the site.", title=page.title), "success")
        return redirect(url_for("sitepages.index"))
    return editor(form, None)


@bp.route("/organisation/site-pages/<id:page_id>/", methods=["GET", "POST"])
def edit(page_id: int):
    """Change a page of the public site, with a preview before saving."""
    page = db.get_or_404(SitePage, page_id)
    form = SitePageForm(obj=page, page_id=page.id)
    if request.method == "POST" and "preview" in request.form:
        form.validate()  # shows errors, and a stale revision, before the save
        return editor(form, page, preview=True, status=409 if form.conflict else 200)
    if form.validate_on_submit():
        page.title, page.slug, page.body = form.title.data, form.address(), form.body.data or ""
        db.session.commit()  # a save racing this one: StaleDataError, answered with 409
        flash(_("The page “%(title)s” is saved.", title=page.title), "success")
        return redirect(url_for("sitepages.index"))
    return editor(form, page, status=409 if form.conflict else 200)


@bp.post("/organisation/site-pages/<id:page_id>/move")
def move(page_id: int):
    """Move a page one place up or down in the site's navigation."""
    pages = ordered()
    at = next((n for n, p in enumerate(pages) if p.id == page_id), None)
    if at is None:
        abort(404)
    to = at - 1 if request.form.get("direction") == "up" else at + 1
    if 0 <= to < len(pages):
        pages[at], pages[to] = pages[to], pages[at]
        for position, page in enumerate(pages, start=1):
            if page.position != position:
                page.position = position
        db.session.commit()
    return redirect(url_for("sitepages.index") + f"#page-{page_id}")


@bp.post("/organisation/site-pages/<id:page_id>/delete")
def delete(page_id: int):
    """Remove a page from the public site (from its next publication)."""
    page = db.get_or_404(SitePage, page_id)
    title = page.title
    db.session.delete(page)
    db.session.commit()
    flash(_("The page “%(title)s” is removed from the site.", title=title), "success")
    return redirect(url_for("sitepages.index"))
