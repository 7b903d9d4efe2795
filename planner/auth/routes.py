from math import ceil

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from planner.auth import bp
from planner.auth.accounts import change_password, has_users, normalise_email, user_for_reset
from planner.auth.forms import AccountForm, LoginForm, PasswordChangeForm, ResetPasswordForm
from planner.auth.guard import public, safe_next, sign_in
from planner.auth.throttle import (
    check_without_account,
    forget_failures,
    locked_until,
    record_failure,
)
from planner.extensions import db
from planner.i18n import LANGUAGES, SESSION_LANGUAGE
from planner.models import User, now


def locked_message(until) -> str:
    minutes = max(1, ceil((until - now()).total_seconds() / 60))
    return ngettext(
        "Too many failed sign-ins. Try again in %(num)d minute.",
        "Too many failed sign-ins. Try again in %(num)d minutes.",
        minutes,
    )


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password."""
    if not has_users():
        return redirect(url_for("organisation.setup"))
    form = LoginForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        address = request.remote_addr or ""
        until = locked_until(email, address)
        if until is not None:
            # No password is checked while locked, right or wrong.
            form.password.errors.append(locked_message(until))
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            right = check_without_account(form.password.data)
        else:
            right = user.check_password(form.password.data)
        if right and user.is_active:
            forget_failures(email)
            # A language chosen on the way in is the latest choice: the account keeps it.
            if session.get(SESSION_LANGUAGE) in LANGUAGES:
                user.language = session[SESSION_LANGUAGE]
            db.session.commit()
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
        if right:  # only the password's holder learns that the account is closed
            form.password.errors.append(
                _("This account is deactivated. Ask an administrator to reactivate it.")
            )
        else:
            record_failure(email, address)
            db.session.commit()
            until = locked_until(email, address)
            if until is not None:
                form.password.errors.append(locked_message(until))
            else:
                form.password.errors.append(_("That email and password do not match an account."))
    return render_template("auth/login.html", form=form)


def sign_out_here() -> None:
    chosen = g.user.language if g.user else None
    session.clear()
    g.user = None
    if chosen is not None:  # the sign-in page and its message keep speaking it
        session[SESSION_LANGUAGE] = chosen


@bp.post("/logout")
def logout():
    """Sign out: the cookie this browser had stops working, even if someone copied it."""
    g.user.end_sessions()
    db.session.commit()
    sign_out_here()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
def account():
    """Show and change one's own name, email and language."""
    me = g.user
    form = AccountForm(me, data={"name": me.name, "email": me.email, "language": me.language or ""})
    if form.validate_on_submit():
        me.name = form.name.data.strip()
        me.email = normalise_email(form.email.data)
        me.language = form.language.data or None
        db.session.commit()
        flash(_("Your account is saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=PasswordChangeForm(me))


@bp.post("/account/password")
def password():
    """Change one's own password, with the current one; other sessions end."""
    me = g.user
    form = PasswordChangeForm(me)
    if form.validate_on_submit():
        change_password(me, form.password.data)
        db.session.commit()
        sign_in(me)  # this browser stays signed in with the new session version
        flash(_("Your password is changed. You are signed out everywhere else."), "success")
        return redirect(url_for("auth.account"))
    data = {"name": me.name, "email": me.email, "language": me.language or ""}
    return render_template(
        "auth/account.html",
        form=AccountForm(me, formdata=None, data=data),
        password_form=form,
    ), 400


@bp.post("/account/sign-out-everywhere")
def sign_out_everywhere():
    """End every session of one's account: on this device and on every other."""
    g.user.end_sessions()
    db.session.commit()
    sign_out_here()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset(token: str):
    """Set a new password from a one-time link an administrator made."""
    person = user_for_reset(token)
    if person is None:
        return render_template("auth/reset_gone.html"), 404
    form = ResetPasswordForm(person)
    if form.validate_on_submit():
        change_password(person, form.password.data)
        db.session.commit()
        sign_in(person)
        flash(_("Your new password is set, and you are signed in."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/reset.html", form=form, person=person)


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
