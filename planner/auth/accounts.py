"""Creating and managing accounts, shared by the setup page, the admin screen, the account
page and the CLI."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from planner.auth.passwords import MIN_PASSWORD, password_problem
from planner.extensions import db
from planner.models import User, now

__all__ = ["MIN_PASSWORD"]

RESET_LINK_LIFETIME = timedelta(hours=24)


def has_users() -> bool:
    """Whether anyone can sign in yet: before the first account, the app asks to be set up."""
    return db.session.scalar(sa.select(User.id).limit(1)) is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(email: str, *, besides: User | None = None) -> bool:
    query = sa.select(User.id).where(User.email == normalise_email(email))
    if besides is not None:
        query = query.where(User.id != besides.id)
    return db.session.scalar(query) is not None


def create_user(email: str, name: str, password: str, *, admin: bool = False) -> User:
    """Add a user with a hashed password; the caller commits."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise ValueError(str(problem))
    if email_taken(email):
        raise ValueError(f"There is already an account for {normalise_email(email)}.")
    user = User(email=normalise_email(email), name=name or email, is_admin=admin)
    user.set_password(password)
    db.session.add(user)
    return user


def change_password(user: User, password: str) -> None:
    """Give the user a new password: every session they had ends, any reset link is spent."""
    user.set_password(password)
    user.reset_token_hash = None
    user.reset_expires_at = None
    user.end_sessions()


def token_hash(token: str) -> str:
    """What is stored of a secret token (calendar address, reset link): its SHA-256. The
    tokens are long random strings, so a plain hash is enough to make a stolen database
    useless for opening them."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_reset_link_token(user: User) -> str:
    """Make a one-time password reset token for the user (the previous one stops working)."""
    token = secrets.token_urlsafe(32)
    user.reset_token_hash = token_hash(token)
    user.reset_expires_at = now() + RESET_LINK_LIFETIME
    return token


def user_for_reset(token: str) -> User | None:
    """The active user a live reset token belongs to."""
    if not 20 <= len(token) <= 100:
        return None
    user = db.session.scalar(sa.select(User).where(User.reset_token_hash == token_hash(token)))
    if user is None or not user.is_active or user.reset_expires_at is None:
        return None
    return user if user.reset_expires_at > now() else None


def active_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.is_admin, User.deactivated_at.is_(None))
    )


def leaves_no_admin(user: User) -> bool:
    """Whether taking this user's admin role or access away would leave no active admin."""
    return user.is_admin and user.is_active and active_admins() <= 1


def deactivate(user: User) -> None:
    user.deactivated_at = now()
    user.calendar_token = None  # their feed stops with them
    user.reset_token_hash = None
    user.end_sessions()


def reactivate(user: User) -> None:
    user.deactivated_at = None


LAST_ADMIN = _l("You are the only active administrator. Make someone else an administrator first.")
