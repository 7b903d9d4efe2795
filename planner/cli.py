"""The `planner` command: Flask's CLI for this app, plus the project's own commands."""

import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup, FlaskGroup

from planner.enums import Language
from planner.extensions import db

user_cli = AppGroup("user", help="Manage the people who sign in.")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="The person's name (defaults to the email).")
@click.option("--admin", is_flag=True, help="Let this user manage the organisation and users.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of prompting.",
)
def create_user_command(email: str, name: str, admin: bool, password_stdin: bool) -> None:
    """Create a user who signs in with EMAIL; the password is prompted for."""
    from planner.auth.accounts import MIN_PASSWORD, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"Password (at least {MIN_PASSWORD} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    try:
        user = create_user(email, name, password, admin=admin)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    role = "an admin" if admin else "a coordinator"
    click.echo(f"Created {user.email} as {role}.")


@user_cli.command("password")
@click.argument("email")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of prompting.",
)
def password_command(email: str, password_stdin: bool) -> None:
    """Give the user with EMAIL a new password (and reactivate them): a way back in for an
    organisation's only admin. Every session they had ends."""
    import sqlalchemy as sa

    from planner.auth.accounts import MIN_PASSWORD, change_password, normalise_email, reactivate
    from planner.auth.passwords import password_problem
    from planner.models import User

    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"There is no account for {normalise_email(email)}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"New password (at least {MIN_PASSWORD} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    problem = password_problem(password, email=user.email, name=user.name)
    if problem is not None:
        raise click.ClickException(str(problem))
    change_password(user, password)
    reactivate(user)
    db.session.commit()
    click.echo(f"{user.email} has a new password and can sign in.")


@click.command("demo")
@click.option(
    "--language",
    type=click.Choice([language.value for language in Language]),
    default=Language.EN.value,
    show_default=True,
    help="The demo's language: its organisation, partners, projects, letters and report "
    "written in it, and the organisation working in it (ru: a Russian NGO, in roubles; "
    "its people see the interface in Russian).",
)
def demo_command(language: str) -> None:
    """Load the demo organisation into an empty database and print how to sign in."""
    from planner.demo import DEMO_EMAIL, DEMO_PASSWORD, demo_for, load_demo
    from planner.models import User

    if db.session.scalar(sa.select(User.id).limit(1)) is not None:
        raise click.ClickException(
            "The database already has users; the demo only loads into an empty one."
        )
    try:
        demo_for(Language(language))
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    summary = load_demo(language=Language(language))
    click.echo(summary)
    click.echo(f"Sign in as {DEMO_EMAIL} with the password {DEMO_PASSWORD}")


@click.command("welcome")
@click.option(
    "--url", default="http://127.0.0.1:5000/", show_default=True, help="Where the app runs."
)
def welcome_command(url: str) -> None:
    """Say where the app starts and, while no organisation is set up, how to begin."""
    from planner.models import Organisation

    click.echo(f"\n  Partnership Planner is starting at {url}")
    if db.session.scalar(sa.select(Organisation.id).limit(1)) is None:
        click.echo("  First start? Open that address to set up your organisation,")
        click.echo(
            "  or stop the server (Ctrl+C) and run 'make demo' to explore a demo organisation."
        )
    click.echo()


@click.command("freeze")
@click.argument("destination", default="build/site", type=click.Path(file_okay=False))
def freeze_command(destination: str) -> None:
    """Write the public site (published reports only) as static files into DESTINATION.

    Only files whose content changed are written (the others keep their bytes and
    modification time, so rsync and CDNs see just the change); files of reports no
    longer published are removed. The result opens from disk and works on any static
    host, under any sub-path.
    """
    from pathlib import Path

    from flask import current_app

    from planner.publishing.freeze import freeze_site

    frozen = freeze_site(current_app._get_current_object(), Path(destination))
    click.echo(
        f"Froze {len(frozen)} files into {destination}/ — open {destination}/index.html\n"
        f"{len(frozen.written)} written, {len(frozen.untouched)} unchanged (left as they were),"
        f" {len(frozen.removed)} removed"
        + (
            f"; report pages rendered on {frozen.processes} processes."
            if frozen.processes > 1
            else "."
        )
    )


@click.command("publish")
@click.option("--publication", type=int, help="Run this publication (the app's Publish button).")
def publish_command(publication: int | None) -> None:
    """Publish the public site as the app's Publish button does, and record it in its history.

    Freezes into a new folder, keeps a ZIP of the site in the instance folder and, when
    PLANNER_PUBLISH_DIR is set, swaps the new site in there at once (PLANNER_PUBLISH_DIR/current
    is a symlink to the site being served). One publication runs at a time.
    """
    from flask import current_app

    from planner.extensions import db
    from planner.models import Publication
    from planner.publishing.publish import Busy, Status, claim, run

    if publication is None:
        try:
            found = claim(user_id=None)
        except Busy as busy:
            raise click.ClickException(
                f"Publication {busy.running.id} is running; try again when it is done."
            ) from None
    else:
        found = db.session.get(Publication, publication)
        if found is None or found.status != Status.RUNNING:
            raise click.ClickException(f"No running publication {publication}.")
    done = run(current_app._get_current_object(), found)
    if done.status != Status.DONE:
        raise click.ClickException(f"The publication failed:\n{done.error}")
    click.echo(
        f"Published {done.files} files: {done.pages_added} added, {done.pages_updated} updated,"
        f" {done.pages_removed} removed."
    )


def register_commands(app: Flask) -> None:
    from planner.backup.commands import backup_command, restore_command

    app.cli.add_command(user_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(welcome_command)
    app.cli.add_command(freeze_command)
    app.cli.add_command(publish_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def make_app(*args, **kwargs) -> Flask:
    from planner import create_app
    from planner.extensions import init_migrations

    app = create_app()
    init_migrations(app)
    return app


main = FlaskGroup(
    create_app=make_app,
    help="Partnership Planner: run the app and manage its data (Flask's CLI for this app).",
)
