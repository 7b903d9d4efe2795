"""Every view needs a signed-in user unless it is marked `@public`."""

from urllib.parse import urlsplit

import flask_babel
import sqlalchemy as sa
from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from planner.extensions import db
from planner.models import User


def public(view):
    """Let anyone, signed in or not, open this view."""
    view.public = True
    return view


def init_app(app: Flask) -> None:
    app.before_request(load_user_and_guard)


def load_user_and_guard():
    user_id = session.get("user_id")
    g.user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    # The page's language depends on who this is: forget one chosen earlier in the same app
    # context (requests that share one, as a test client's do, would otherwise keep it).
    flask_babel.refresh()
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
    session.permanent = True
