"""Partner lists in and out: import from CSV or XLSX in two steps (upload, then review the
columns and every row), export the registry, a template, and consenting contacts as vCard.

The uploaded rows wait in the instance folder under a random token kept in the session,
never in the page, and are removed once imported or cancelled.
"""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.file import FileField
from sqlalchemy.exc import SQLAlchemyError
from wtforms import TextAreaField

from planner.enums import Sector
from planner.forms import Form
from planner.partners import bp, imports
from planner.partners import exports as out
from planner.partners.columns import COLUMNS
from planner.partners.registry import enum_or_none

SESSION_KEY = "partner_import"


class UploadForm(Form):
    file = FileField(_l("A CSV or XLSX file"))
    pasted = TextAreaField(_l("Or paste rows from a spreadsheet, header first"))


@bp.route("/import/", methods=["GET", "POST"])
def import_upload():
    """Upload a spreadsheet of partners (or paste its rows) to import."""
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload and upload.filename:
                data = upload.read(imports.MAX_BYTES + 1)
                upload.close()  # a large upload waits in a temporary file: let it go now
                rows = imports.read_file(data, upload.filename)
                name = upload.filename
            elif form.pasted.data and form.pasted.data.strip():
                rows = imports.read_pasted(form.pasted.data)
                name = ""
            else:
                raise imports.BadFile(_("Choose a file, or paste the rows."))
        except imports.BadFile as error:
            (form.file if upload and upload.filename else form.pasted).errors.append(str(error))
        else:
            imports.forget(session.get(SESSION_KEY, ""))
            session[SESSION_KEY] = imports.store(rows, name)
            return redirect(url_for("partners.import_review"))
    status = 422 if form.errors else 200
    return render_template(
        "partners/import.html", form=form, limit=imports.MAX_BYTES, max_rows=imports.MAX_ROWS
    ), status


def current_upload() -> tuple[str, dict | None]:
    token = session.get(SESSION_KEY, "")
    return token, imports.load(token)


def checked(upload: dict) -> imports.Check:
    return imports.check(
        upload["rows"], upload["mapping"], enum_or_none(Sector, upload.get("sector"))
    )


@bp.get("/import/review")
def import_review():
    """Show the file's columns as fields and every row with its errors and duplicates."""
    _token, upload = current_upload()
    if upload is None:
        flash(_("Upload the file again: the previous upload has expired."), "warning")
        return redirect(url_for("partners.import_upload"))
    return render_template(
        "partners/import_review.html",
        upload=upload,
        result=checked(upload),
        columns=COLUMNS,
        by_key={c.key: c for c in COLUMNS},
    )


@bp.post("/import/columns")
def import_columns():
    """Change which field each of the file's columns fills."""
    token, upload = current_upload()
    if upload is None:
        return redirect(url_for("partners.import_upload"))
    keys = {c.key for c in COLUMNS}
    chosen = [request.form.get(f"column-{i}", "") for i in range(len(upload["rows"][0]))]
    upload["mapping"] = [key if key in keys else "" for key in chosen]
    sector = enum_or_none(Sector, request.form.get("sector"))
    upload["sector"] = sector.value if sector else ""
    imports.save(token, upload)
    return redirect(url_for("partners.import_review"))


@bp.post("/import/run")
def import_run():
    """Import every checked row in one transaction, or none."""
    token, upload = current_upload()
    if upload is None:
        flash(_("Upload the file again: the previous upload has expired."), "warning")
        return redirect(url_for("partners.import_upload"))
    result = checked(upload)
    every = request.form.get("duplicates", "each")
    update = {
        row.number
        for row in result.duplicates
        if every == "update"
        or (every == "each" and request.form.get(f"row-{row.number}") == "update")
    }
    try:
        outcome = imports.apply(result, update, request.form.get("leave_out") == "1")
    except imports.BadFile as error:
        flash(str(error), "danger")
        return redirect(url_for("partners.import_review") + "#rows")
    except SQLAlchemyError:
        flash(_("Nothing was imported: the registry could not be saved. Try again."), "danger")
        return redirect(url_for("partners.import_review"))
    imports.forget(token)
    session.pop(SESSION_KEY, None)
    said = [ngettext("%(num)d partner added.", "%(num)d partners added.", outcome.added)]
    if outcome.updated:
        said.append(
            ngettext("%(num)d partner updated.", "%(num)d partners updated.", outcome.updated)
        )
    if kept := outcome.skipped + outcome.unchanged:
        said.append(
            ngettext(
                "%(num)d partner already in the registry left as it was.",
                "%(num)d partners already in the registry left as they were.",
                kept,
            )
        )
    flash(" ".join(said), "success")
    return redirect(url_for("partners.index"))


@bp.post("/import/cancel")
def import_cancel():
    """Drop the uploaded file without importing it."""
    imports.forget(session.pop(SESSION_KEY, ""))
    flash(_("The upload is removed; nothing was imported."), "success")
    return redirect(url_for("partners.index"))


@bp.get("/import/template.<any(csv, xlsx):kind>")
def import_template(kind: str):
    """A blank file with the columns the import reads, headers in the reader's language."""
    rows = out.grid([])
    name = f"partners-template.{kind}"
    return out.as_csv(rows, name) if kind == "csv" else out.as_xlsx(rows, name)


@bp.get("/export.<any(csv, xlsx):kind>")
def export(kind: str):
    """The registry (without archived partners) in the columns the import reads."""
    rows = out.grid(out.registry())
    name = f"partners.{kind}"
    return out.as_csv(rows, name) if kind == "csv" else out.as_xlsx(rows, name)


@bp.get("/contacts.vcf")
def export_vcards():
    """The contacts of partners who agreed to hear from us, as vCard."""
    return out.as_vcards(out.consenting(), "partner-contacts.vcf")
