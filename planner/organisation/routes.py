import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.auth.accounts import create_user, has_users
from planner.auth.forms import NewUserForm
from planner.auth.guard import admin_required, public, sign_in
from planner.conflicts import respond
from planner.enums import Language
from planner.extensions import db
from planner.logos import LogoForm, replace_logo
from planner.models import Organisation, User
from planner.organisation import bp
from planner.organisation.forms import OrganisationFields, SetupForm
from planner.organisation.profile import (
    current_organisation,
    other_language,
    profile_data,
    save_profile,
)
from planner.uploads import send_upload

# The heading of the profile's names in the organisation's other language.
IN_LANGUAGE = {Language.EN: _l("In English"), Language.RU: _l("In Russian")}


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup():
    """Create the organisation and its first admin on a new installation."""
    if has_users():
        return redirect(url_for("auth.login"))
    form = SetupForm()
    if form.validate_on_submit():
        save_profile(Organisation(), form)
        user = create_user(form.email.data, form.name.data, form.password.data, admin=True)
        db.session.commit()
        sign_in(user)
        flash(_("Your organisation is set up. Start with a project."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("organisation/setup.html", form=form)


@bp.route("/organisation/", methods=["GET", "POST"])
def profile():
    """Edit the organisation's profile."""
    if request.method == "POST":
        admin_required()
    org = current_organisation() or Organisation()
    saved = profile_data(org) if org.id else None
    form = OrganisationFields(data=saved, record=org if org.id else None, saved=saved)
    if form.validate_on_submit():
        save_profile(org, form)
        db.session.commit()
        flash(_("The organisation's profile is saved."), "success")
        return redirect(url_for("organisation.profile"))
    page = render_template(
        "organisation/profile.html",
        form=form,
        in_other=IN_LANGUAGE[other_language()],
        logo=org.logo_file,
        logo_form=LogoForm(),
    )
    return respond(page, form)


@bp.post("/organisation/logo")
def logo():
    """Upload the logo that heads commitment letters."""
    admin_required()
    org = current_organisation() or abort(404)
    if replace_logo(org, LogoForm()):
        db.session.commit()
        flash(_("The logo is saved; new letters carry it."), "success")
    return redirect(url_for("organisation.profile") + "#logo")


@bp.post("/organisation/logo/delete")
def delete_logo():
    """Remove the logo from the letterhead."""
    admin_required()
    org = current_organisation() or abort(404)
    org.logo_file = None
    db.session.commit()
    flash(_("The logo is removed."), "success")
    return redirect(url_for("organisation.profile") + "#logo")


@bp.route("/organisation/users", methods=["GET", "POST"])
def users():
    """List the coordinators and let an admin add one."""
    if request.method == "POST":
        admin_required()  # before validation, which would tell whether an email has an account
    form = NewUserForm()
    if form.validate_on_submit():
        create_user(form.email.data, form.name.data, form.password.data)
        db.session.commit()
        flash(
            _("%(name)s can now sign in as %(email)s.", name=form.name.data, email=form.email.data),
            "success",
        )
        return redirect(url_for("organisation.users"))
    people = db.session.scalars(sa.select(User).order_by(User.name)).all()
    return render_template("organisation/users.html", form=form, people=people)


@bp.get("/organisation/logo")
def logo_file():
    """The current logo, for the profile page."""
    org = current_organisation() or abort(404)
    return send_upload(org.logo_file)
