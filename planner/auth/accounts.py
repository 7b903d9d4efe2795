"""Creating accounts, shared by the setup page, the admin screen and the CLI."""

import sqlalchemy as sa

from planner.extensions import db
from planner.models import User

MIN_PASSWORD = 10


def has_users() -> bool:
    """Whether anyone can sign in yet: before the first account, the app asks to be set up."""
    return db.session.scalar(sa.select(User.id).limit(1)) is not None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(sa.select(User.id).where(User.email == normalise_email(email)))
        is not None
    )


def create_user(email: str, name: str, password: str, *, admin: bool = False) -> User:
    """Add a user with a hashed password; the caller commits."""
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"The password needs at least {MIN_PASSWORD} characters.")
    if email_taken(email):
        raise ValueError(f"There is already an account for {normalise_email(email)}.")
    user = User(email=normalise_email(email), name=name or email, is_admin=admin)
    user.set_password(password)
    db.session.add(user)
    return user
