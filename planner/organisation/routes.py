import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.auth.accounts import (
    LAST_ADMIN,
    create_user,
    deactivate,
    has_users,
    leaves_no_admin,
    new_reset_link_token,
    reactivate,
)
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
    return people_page(form)


def people_page(form: NewUserForm, reset_link: tuple[User, str] | None = None, status: int = 200):
    people = db.session.scalars(
        sa.select(User).order_by(User.deactivated_at.is_not(None), User.name)
    ).all()
    page = render_template(
        "organisation/users.html", form=form, people=people, reset_link=reset_link
    )
    return page, status


def person_to_manage(user_id: int) -> User:
    admin_required()
    return db.get_or_404(User, user_id)


@bp.post("/organisation/users/<id:user_id>/reset-link")
def reset_link(user_id: int):
    """Make a one-time link with which the user sets a new password; shown this once."""
    person = person_to_manage(user_id)
    token = new_reset_link_token(person)
    db.session.commit()
    # Shown in this response only (not kept in a cookie for the next page): the link is as
    # good as a password until it is used or expires.
    url = url_for("auth.reset", token=token, _external=True)
    return people_page(NewUserForm(formdata=None), (person, url))


@bp.post("/organisation/users/<id:user_id>/active")
def set_active(user_id: int):
    """Deactivate a user (they cannot sign in; their sessions end) or reactivate them."""
    person = person_to_manage(user_id)
    if request.form.get("active") == "1":
        reactivate(person)
        message = _("%(name)s can sign in again.", name=person.name)
    elif leaves_no_admin(person):
        flash(str(LAST_ADMIN), "warning")
        return redirect(url_for("organisation.users"))
    else:
        deactivate(person)
        message = _("%(name)s is deactivated and signed out.", name=person.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("organisation.users"))


@bp.post("/organisation/users/<id:user_id>/role")
def set_role(user_id: int):
    """Make a user an administrator, or a coordinator again."""
    person = person_to_manage(user_id)
    if request.form.get("admin") == "1":
        person.is_admin = True
        message = _("%(name)s is now an administrator.", name=person.name)
    elif leaves_no_admin(person):
        flash(str(LAST_ADMIN), "warning")
        return redirect(url_for("organisation.users"))
    else:
        person.is_admin = False
        message = _("%(name)s is now a coordinator.", name=person.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("organisation.users"))


@bp.get("/organisation/logo")
def logo_file():
    """The current logo, for the profile page."""
    org = current_organisation() or abort(404)
    return send_upload(org.logo_file)
