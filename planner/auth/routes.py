import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from planner.auth import bp
from planner.auth.accounts import has_users, normalise_email
from planner.auth.forms import LoginForm
from planner.auth.guard import public, safe_next, sign_in
from planner.extensions import db
from planner.i18n import LANGUAGES, SESSION_LANGUAGE
from planner.models import User


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password."""
    if not has_users():
        return redirect(url_for("organisation.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            sa.select(User).where(User.email == normalise_email(form.email.data))
        )
        if user is not None and user.check_password(form.password.data):
            # A language chosen on the way in is the latest choice: the account keeps it.
            if session.get(SESSION_LANGUAGE) in LANGUAGES:
                user.language = session[SESSION_LANGUAGE]
                db.session.commit()
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("That email and password do not match an account."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    chosen = g.user.language
    session.clear()
    g.user = None
    if chosen is not None:  # the sign-in page and this message keep speaking it
        session[SESSION_LANGUAGE] = chosen
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
@public
def language():
    """Speak another language: kept on the account, or for this visit before signing in."""
    chosen = request.form.get("language", "")
    if chosen in LANGUAGES:
        if g.user is not None:
            g.user.language = chosen
            db.session.commit()
        else:
            session[SESSION_LANGUAGE] = chosen
    return redirect(safe_next(request.form.get("next")))
