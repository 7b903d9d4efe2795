"""Every view needs a signed-in user unless it is marked `@public`."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.extensions import db
from planner.models import User


def public(view):
    """Let anyone, signed in or not, open this view."""
    view.public = True
    return view


def init_app(app: Flask) -> None:
    # Behind a reverse proxy, the client's address (which sign-in throttling counts) is in
    # X-Forwarded-For; it is believed only when PROXIES says how many proxies set it.
    if proxies := int(app.config.get("PROXIES") or 0):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)
    app.before_request(load_user_and_guard)


def current_user() -> User | None:
    """The user the signed cookie names, if that cookie is still one of theirs: signing out,
    a new password or deactivation move the account's session version and end it."""
    user_id = session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or session.get("version") != user.session_version:
        session.pop("user_id", None)
        session.pop("version", None)
        return None
    return user


def load_user_and_guard():
    g.user = current_user()
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.endpoint == "static" or getattr(view, "public", False):
        return None
    if g.user is not None:
        return None
    if db.session.scalar(sa.select(User.id).limit(1)) is None:
        return redirect(url_for("organisation.setup"))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def admin_required():
    if not g.user.is_admin:
        abort(403)


def safe_next(target: str | None) -> str:
    """Follow `next` only to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        if (
            target.startswith("/")
            and not target.startswith("//")  # "///host" is another site to a browser
            and not parts.scheme
            and not parts.netloc
            and "\\" not in target
            and target.isprintable()  # browsers drop tabs and newlines: "/\t/host"
        ):
            return target
    return url_for("dashboard.index")


def sign_in(user: User) -> None:
    session.clear()
    session["user_id"] = user.id
    session["version"] = user.session_version
    session.permanent = True
