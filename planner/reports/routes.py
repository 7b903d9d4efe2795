import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, pgettext
from flask_babel import gettext as _

from planner.enums import Answer, Satisfaction
from planner.extensions import db
from planner.i18n import organisation_language
from planner.matrix.exports import safe_cell
from planner.models import KeyResult, Partnership, Photo, Report, Thanks, now
from planner.projects.queries import get_project
from planner.publishing.data import report_preview
from planner.publishing.routes import charts_for, site_context
from planner.reports import bp
from planner.reports.forms import (
    FollowUpRecordForm,
    PartnerSectionForm,
    PhotoForm,
    ReportForm,
    ResultForm,
)
from planner.reports.queries import (
    project_partnership,
    report_of,
    thanks_by_partnership,
    thanks_of,
    took_part,
)
from planner.reports.sections import PartnerSections
from planner.uploads import UploadError, save_photo


def ensure_report(project) -> Report:
    report = report_of(project)
    if report is None:
        report = Report(project=project)
        db.session.add(report)
        db.session.flush()
    return report


def partner_rows(project, report) -> list[tuple[Partnership, Thanks | None]]:
    """The partners that took part, each with its thanks in the report (if written)."""
    thanks = thanks_by_partnership(report) if report is not None else {}
    return [(p, thanks.get(p.id)) for p in took_part(project)]


def editor(project, form=None, result_form=None, photo_form=None, status=200):
    report = report_of(project)
    results = photos = []
    if report is not None:
        results = db.session.scalars(report.results.select()).all()
        photos = db.session.scalars(report.photos.select()).all()
    page = render_template(
        "reports/edit.html",
        project=project,
        report=report,
        form=form or ReportForm(obj=report),
        result_form=result_form or ResultForm(),
        photo_form=photo_form or PhotoForm(),
        results=results,
        photos=photos,
        partners=partner_rows(project, report),
        PartnerSections=PartnerSections,
    )
    return page, status


@bp.route("/projects/<slug>/report/", methods=["GET", "POST"])
def edit(slug: str):
    """Write the project's report: summary, story, results, photos and thanks."""
    project = get_project(slug)
    form = ReportForm()
    if form.validate_on_submit():
        report = ensure_report(project)
        report.summary = form.summary.data or ""
        report.narrative = form.narrative.data or ""
        report.updated_at = now()
        db.session.commit()
        flash(_("The report is saved."), "success")
        return redirect(url_for("reports.edit", slug=slug))
    if request.method == "POST":
        return editor(project, form=form)
    return editor(project)


@bp.post("/projects/<slug>/report/results")
def add_result(slug: str):
    """Add a key result: a labelled figure with its unit."""
    project = get_project(slug)
    form = ResultForm()
    if not form.validate_on_submit():
        return editor(project, result_form=form)
    report = ensure_report(project)
    db.session.add(
        KeyResult(
            report_id=report.id,
            label=form.label.data,
            value=form.value.data,
            unit=form.unit.data or "",
        )
    )
    db.session.commit()
    return redirect(url_for("reports.edit", slug=slug) + "#results")


@bp.post("/results/<id:result_id>/delete")
def delete_result(result_id: int):
    """Remove a key result."""
    result = db.get_or_404(KeyResult, result_id)
    slug = db.session.get(Report, result.report_id).project.slug
    db.session.delete(result)
    db.session.commit()
    return redirect(url_for("reports.edit", slug=slug) + "#results")


@bp.post("/projects/<slug>/report/photos")
def add_photo(slug: str):
    """Upload a photo with its description and credit; it is resized for the web."""
    project = get_project(slug)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            name, width, height = save_photo(form.photo.data)
        except UploadError as error:
            form.photo.errors.append(str(error))
        else:
            report = ensure_report(project)
            db.session.add(
                Photo(
                    report_id=report.id,
                    file=name,
                    alt=form.alt.data,
                    credit=form.credit.data or "",
                    width=width,
                    height=height,
                )
            )
            db.session.commit()
            return redirect(url_for("reports.edit", slug=slug) + "#photos")
    return editor(project, photo_form=form)


@bp.post("/photos/<id:photo_id>/delete")
def delete_photo(photo_id: int):
    """Remove a photo from the report."""
    photo = db.get_or_404(Photo, photo_id)
    slug = db.session.get(Report, photo.report_id).project.slug
    db.session.delete(photo)
    db.session.commit()
    return redirect(url_for("reports.edit", slug=slug) + "#photos")


@bp.post("/projects/<slug>/report/partners/<id:pid>")
def save_section(slug: str, pid: int):
    """Save one partner's section and what it agreed may be published."""
    project = get_project(slug)
    partnership = project_partnership(project, pid)
    form = PartnerSectionForm(prefix=f"p{pid}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
        return redirect(url_for("reports.edit", slug=slug) + f"#partner-{pid}")
    report = ensure_report(project)
    thanks = thanks_of(report, pid) or Thanks(report_id=report.id, partnership_id=pid)
    thanks.made_possible = form.made_possible.data or ""
    thanks.thank_you = form.thank_you.data or ""
    db.session.add(thanks)
    for name in ("consent_name", "consent_logo", "consent_quote"):
        setattr(partnership, name, bool(form[name].data))
    partnership.quote = form.quote.data or ""
    report.updated_at = now()
    db.session.commit()
    flash(_("The section for %(name)s is saved.", name=partnership.partner.name), "success")
    return redirect(url_for("reports.edit", slug=slug) + f"#partner-{pid}")


@bp.post("/projects/<slug>/report/publish")
def publish(slug: str):
    """Publish the report: the next freeze puts it on the public site."""
    report = report_of(get_project(slug)) or abort(404)
    report.published_at = report.published_at or now()
    db.session.commit()
    flash(_("The report is published. Run `planner freeze` to update the static site."), "success")
    return redirect(url_for("reports.edit", slug=slug))


@bp.post("/projects/<slug>/report/unpublish")
def unpublish(slug: str):
    """Take the report off the public site (the next freeze removes its pages)."""
    report = report_of(get_project(slug)) or abort(404)
    report.published_at = None
    db.session.commit()
    flash(_("The report is unpublished."), "warning")
    return redirect(url_for("reports.edit", slug=slug))


@bp.get("/projects/<slug>/report/preview")
def preview(slug: str):
    """Show the report exactly as the public site will."""
    report = report_of(get_project(slug)) or abort(404)
    # In the site's language, whichever the coordinator's screens speak: the same words as
    # its partners will read.
    with force_locale(organisation_language()):
        public, context = report_preview(report), site_context()
        return render_template(
            "site/report.html",
            report=public,
            charts=charts_for(public, context["currency"]),
            preview=True,
            **context,
        )


@bp.get("/projects/<slug>/report/follow-up")
def follow_up(slug: str):
    """After the project: who wants our updates, how satisfied partners are, and again?"""
    project = get_project(slug)
    rows = [
        (
            p,
            FollowUpRecordForm(
                prefix=f"f{p.id}",
                formdata=None,
                data={
                    "satisfaction": p.satisfaction.value if p.satisfaction else "",
                    "again_us": p.again_us.value if p.again_us else "",
                    "again_them": p.again_them.value if p.again_them else "",
                    "follow_up_note": p.follow_up_note,
                    "updates_consent": p.partner.updates_consent,
                    "updates_consent_on": p.partner.updates_consent_on,
                    "updates_consent_how": p.partner.updates_consent_how,
                },
            ),
        )
        for p in took_part(project)
    ]
    return render_template(
        "reports/follow_up.html", project=project, report=report_of(project), rows=rows
    )


@bp.post("/projects/<slug>/report/follow-up/<id:pid>")
def save_follow_up(slug: str, pid: int):
    """Record a partner's satisfaction, wish to work again, and consent to updates."""
    project = get_project(slug)
    p = project_partnership(project, pid, with_partner=True)
    form = FollowUpRecordForm(prefix=f"f{pid}")
    if form.validate_on_submit():
        p.satisfaction = Satisfaction(form.satisfaction.data) if form.satisfaction.data else None
        p.again_us = Answer(form.again_us.data) if form.again_us.data else None
        p.again_them = Answer(form.again_them.data) if form.again_them.data else None
        p.follow_up_note = form.follow_up_note.data or ""
        p.partner.updates_consent = bool(form.updates_consent.data)
        p.partner.updates_consent_on = form.updates_consent_on.data
        p.partner.updates_consent_how = form.updates_consent_how.data or ""
        db.session.commit()
        flash(_("Follow-up for %(name)s is saved.", name=p.partner.name), "success")
    else:
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
    return redirect(url_for("reports.follow_up", slug=slug) + f"#follow-{pid}")


@bp.get("/projects/<slug>/report/mailing-list.csv")
def mailing_list(slug: str):
    """The partners who agreed to receive updates, as CSV for a mailing tool."""
    project = get_project(slug)
    out = io.StringIO()
    writer = csv.writer(out)
    # Headers in the reader's language; the sector stays a code a mailing tool can filter on.
    writer.writerow(
        [
            pgettext("mailing list column", "organisation"),
            pgettext("mailing list column", "contact"),
            pgettext("mailing list column", "email"),
            pgettext("mailing list column", "consent_on"),
            pgettext("mailing list column", "consent_how"),
            pgettext("mailing list column", "sector"),
        ]
    )
    for p in took_part(project):
        partner = p.partner
        if partner.updates_consent and partner.email:
            writer.writerow(
                [
                    safe_cell(partner.name),
                    safe_cell(p.partner_contact or partner.contact_person),
                    safe_cell(partner.email),
                    partner.updates_consent_on.isoformat() if partner.updates_consent_on else "",
                    safe_cell(partner.updates_consent_how),
                    partner.sector.value,
                ]
            )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-mailing-list.csv"'},
    )
