import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, pgettext
from flask_babel import gettext as _

from planner.conflicts import note_saved, respond
from planner.enums import Answer, Satisfaction
from planner.extensions import db
from planner.i18n import organisation_language
from planner.models import KeyResult, Partnership, Photo, Report, Thanks, now
from planner.projects.queries import get_project
from planner.publishing.data import report_preview
from planner.publishing.publications import published_message
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
    remove_photo,
    remove_result,
    report_of,
    thanks_by_partnership,
    took_part,
)
from planner.reports.rules import missing_for_publishing
from planner.reports.sections import PartnerSections
from planner.spreadsheets import safe_cell
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


def editor(
    project,
    form=None,
    result_form=None,
    photo_form=None,
    sections=None,
    section_errors=(),
):
    """The editor page: one form for the whole report, as stored or as typed when refused."""
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
        result_form=result_form or ResultForm(meta={"csrf": False}),
        photo_form=photo_form or PhotoForm(meta={"csrf": False}),
        results=results,
        photos=photos,
        partners=partner_rows(project, report),
        typed=sections or {},
        section_errors=section_errors,
        missing=missing_for_publishing(report),
        PartnerSections=PartnerSections,
    )
    return page


def typed_sections(project) -> dict[int, tuple[Partnership, PartnerSectionForm]]:
    """The partner sections the form sent: each partner that took part whose fields came."""
    return {
        p.id: (p, PartnerSectionForm(prefix=f"p{p.id}", meta={"csrf": False}))
        for p in took_part(project)
        if f"p{p.id}-made_possible" in request.form
    }


def note_saved_sections(report: Report, sections) -> None:
    """Beside each partner's section as typed, what someone else saved in it meanwhile."""
    thanks = thanks_by_partnership(report)
    for pid, (partnership, section) in sections.items():
        note_saved(section, partnership)
        note_saved(section, thanks.get(pid) or Thanks(made_possible="", thank_you=""))


def chosen(value: str | None) -> int | None:
    """The id a Remove button sent, if it was one."""
    return int(value) if value and value.isdigit() else None


@bp.route("/projects/<slug>/report/", methods=["GET", "POST"])
def edit(slug: str):
    """Write the project's report: summary, story, results, photos and thanks, saved together.

    The whole editor is one form, so whichever of its buttons is pressed (Save, Add the
    result, Add the photo, Remove), everything typed anywhere in it is saved with it and
    nothing is lost. A refused save shows the page again as typed, with nothing stored.
    """
    project = get_project(slug)
    if request.method == "GET":
        return editor(project)
    form = ReportForm(record=report_of(project))
    action = request.form.get("action", "")
    result_form = ResultForm(meta={"csrf": False})
    photo_form = PhotoForm(meta={"csrf": False})
    sections = typed_sections(project)
    wants_result = action == "add-result" or bool(
        request.form.get("label", "").strip() or request.form.get("value", "").strip()
    )
    wants_photo = action == "add-photo" or bool(
        request.files.get("photo") or request.form.get("alt", "").strip()
    )
    valid = form.validate_on_submit()
    valid &= result_form.validate() if wants_result else True
    valid &= photo_form.validate() if wants_photo else True
    section_errors = [
        (p, field, error)
        for p, section in sections.values()
        if not section.validate()
        for field in section
        for error in field.errors
    ]
    photo = None
    if valid and not section_errors and wants_photo:
        try:
            photo = save_photo(photo_form.photo.data)
        except UploadError as error:
            photo_form.photo.errors.append(str(error))
            valid = False
    if form.conflict:
        note_saved_sections(form.record, sections)
    if not valid or section_errors:
        page = editor(project, form, result_form, photo_form, sections, section_errors)
        return respond(page, form)

    report = ensure_report(project)
    # What the form sent is saved; a field it did not send is left as it was.
    if "summary" in request.form:
        report.summary = form.summary.data or ""
    if "narrative" in request.form:
        report.narrative = form.narrative.data or ""
    thanks = thanks_by_partnership(report)
    for pid, (partnership, section) in sections.items():
        texts = {"made_possible": section.made_possible.data, "thank_you": section.thank_you.data}
        row = thanks.get(pid)
        # A section left empty keeps no row: a row alone would list the partner publicly.
        if any(texts.values()):
            row = row or Thanks(report_id=report.id, partnership_id=pid)
            row.made_possible, row.thank_you = texts["made_possible"], texts["thank_you"]
            db.session.add(row)
        elif row is not None:
            db.session.delete(row)
        for name in ("consent_name", "consent_logo", "consent_quote"):
            setattr(partnership, name, bool(section[name].data))
        partnership.quote = section.quote.data or ""
    anchor = ""
    if wants_result:
        db.session.add(
            KeyResult(
                report_id=report.id,
                label=result_form.label.data,
                value=result_form.value.data,
                unit=result_form.unit.data or "",
            )
        )
        anchor = "#results"
    if photo is not None:
        name, width, height = photo
        db.session.add(
            Photo(
                report_id=report.id,
                file=name,
                alt=photo_form.alt.data,
                credit=photo_form.credit.data or "",
                width=width,
                height=height,
            )
        )
        anchor = "#photos"
    if (result_id := chosen(request.form.get("remove_result"))) is not None:
        remove_result(report, result_id)
        anchor = "#results"
    if (photo_id := chosen(request.form.get("remove_photo"))) is not None:
        remove_photo(report, photo_id)
        anchor = "#photos"
    report.updated_at = now()
    # "Save and publish": what was typed is saved either way; published only when ready.
    publishing = action == "publish" and report.published_at is None
    missing = missing_for_publishing(report) if publishing else []
    if publishing and not missing:
        report.published_at = now()
    db.session.commit()
    if publishing and not missing:
        flash(_("The report is saved and published."), "success")
    else:
        flash(_("The report is saved."), "success")
        for reason in missing:
            flash(reason, "warning")
    return redirect(url_for("reports.edit", slug=slug) + anchor)


@bp.post("/projects/<slug>/report/publish")
def publish(slug: str):
    """Publish the report: the next freeze puts it on the public site."""
    report = report_of(get_project(slug)) or abort(404)
    if missing := missing_for_publishing(report):
        for reason in missing:
            flash(reason, "warning")
        return redirect(url_for("reports.edit", slug=slug))
    report.published_at = report.published_at or now()
    db.session.commit()
    flash(published_message(), "success")
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


def follow_up_data(p: Partnership) -> dict:
    """A partner's follow-up as recorded, by the names of the row's fields."""
    return {
        "satisfaction": p.satisfaction.value if p.satisfaction else "",
        "again_us": p.again_us.value if p.again_us else "",
        "again_them": p.again_them.value if p.again_them else "",
        "follow_up_note": p.follow_up_note,
        "updates_consent": p.partner.updates_consent,
        "updates_consent_on": p.partner.updates_consent_on,
        "updates_consent_how": p.partner.updates_consent_how,
        "revision": p.revision,
    }


def stored_follow_up(p: Partnership) -> FollowUpRecordForm:
    """A partner's follow-up row as recorded."""
    data = follow_up_data(p)
    return FollowUpRecordForm(
        prefix=f"f{p.id}", formdata=None, meta={"csrf": False}, data=data, record=p, saved=data
    )


def typed_follow_up(p: Partnership) -> FollowUpRecordForm:
    """A partner's follow-up row as sent, checked against the revision it was opened at."""
    return FollowUpRecordForm(
        prefix=f"f{p.id}", meta={"csrf": False}, record=p, saved=follow_up_data(p)
    )


def record_follow_up(p: Partnership, form: FollowUpRecordForm) -> None:
    p.satisfaction = Satisfaction(form.satisfaction.data) if form.satisfaction.data else None
    p.again_us = Answer(form.again_us.data) if form.again_us.data else None
    p.again_them = Answer(form.again_them.data) if form.again_them.data else None
    p.follow_up_note = form.follow_up_note.data or ""
    p.partner.updates_consent = bool(form.updates_consent.data)
    p.partner.updates_consent_on = form.updates_consent_on.data
    p.partner.updates_consent_how = form.updates_consent_how.data or ""


@bp.route("/projects/<slug>/report/follow-up", methods=["GET", "POST"])
def follow_up(slug: str):
    """After the project: who wants our updates, how satisfied partners are, and again?

    One table of every partner that took part, saved with one button; a refused save
    shows every row as typed, stores nothing, and marks the fields to correct.
    """
    project = get_project(slug)
    partnerships = took_part(project)
    if request.method == "POST":
        typed = {
            p.id: typed_follow_up(p)
            for p in partnerships
            if f"f{p.id}-satisfaction" in request.form
        }
        valid = [form.validate() for form in typed.values()]  # every row, for every error
        if all(valid):
            for p in partnerships:
                if p.id in typed:
                    record_follow_up(p, typed[p.id])
            db.session.commit()
            flash(_("The follow-up is saved."), "success")
            return redirect(url_for("reports.follow_up", slug=slug))
        rows = [(p, typed.get(p.id) or stored_follow_up(p)) for p in partnerships]
        refused = sum(bool(form.errors) for form in typed.values())
    else:
        rows = [(p, stored_follow_up(p)) for p in partnerships]
        refused = 0
    page = render_template(
        "reports/follow_up.html",
        project=project,
        report=report_of(project),
        rows=rows,
        refused=refused,
        conflict=any(form.conflict for _p, form in rows),
    )
    return respond(page, *(form for _p, form in rows))


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
