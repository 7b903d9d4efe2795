import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, session, url_for

from planner.auth import bp
from planner.auth.accounts import create_user, normalise_email
from planner.auth.forms import LoginForm, SetupForm
from planner.auth.guard import public, safe_next, sign_in
from planner.extensions import db
from planner.models import Organisation, User
from planner.organisation.profile import save_profile


def has_users() -> bool:
    return db.session.scalar(sa.select(User.id).limit(1)) is not None


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
        flash("Your organisation is set up. Start with a project.", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/setup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password."""
    if not has_users():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            sa.select(User).where(User.email == normalise_email(form.email.data))
        )
        if user is not None and user.check_password(form.password.data):
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    session.clear()
    g.user = None
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))
