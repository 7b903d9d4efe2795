"""The `planner` command: creating users from the shell, and each command's help."""

import re

import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.enums import Language, LetterStatus, Sector
from planner.extensions import db
from planner.models import (
    Commitment,
    GrantCall,
    HealthCheck,
    Letter,
    Need,
    Organisation,
    Partner,
    Project,
    Report,
    User,
)
from tests import factories

PASSWORD = "a long enough password"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def users() -> list[User]:
    db.session.expire_all()
    return db.session.scalars(sa.select(User).order_by(User.id)).all()


def test_user_create_makes_an_admin_from_stdin(runner, client):
    """`user create EMAIL --admin --password-stdin` creates an admin who can sign in."""
    result = runner.invoke(
        args=["user", "create", "Boss@Example.org", "--admin", "--password-stdin", "--name", "Bo"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created boss@example.org as an admin."
    [user] = users()
    assert (user.email, user.name, user.is_admin) == ("boss@example.org", "Bo", True)
    assert user.password_hash != PASSWORD
    factories.organisation()
    response = client.post("/login", data={"email": "boss@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert page.select_one("header .who").get_text(strip=True) == "Bo"


def test_user_create_without_admin_makes_a_coordinator(runner):
    """Without --admin the new user is a coordinator named after the email."""
    result = runner.invoke(
        args=["user", "create", "cora@example.org", "--password-stdin"], input=PASSWORD + "\r\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created cora@example.org as a coordinator."
    [user] = users()
    assert (user.name, user.is_admin) == ("cora@example.org", False)
    assert user.check_password(PASSWORD)


def test_user_create_prompts_for_the_password_twice(runner):
    """Without --password-stdin the password is prompted for and confirmed."""
    result = runner.invoke(
        args=["user", "create", "pat@example.org"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert users()[0].check_password(PASSWORD)


def test_too_short_password_fails_clearly(runner):
    """A password under ten characters is refused with a clear message, creating nothing."""
    result = runner.invoke(
        args=["user", "create", "short@example.org", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1
    assert "Error: Use at least 10 characters." in result.output
    assert users() == []


def test_empty_stdin_fails_clearly(runner):
    """An empty standard input is a too-short password, not a user without one."""
    result = runner.invoke(args=["user", "create", "empty@example.org", "--password-stdin"])
    assert result.exit_code == 1
    assert "at least 10 characters" in result.output
    assert users() == []


def test_duplicate_email_fails_clearly(runner):
    """An email that already has an account is refused, whatever its case."""
    factories.user(email="taken@example.org")
    result = runner.invoke(
        args=["user", "create", "TAKEN@example.org", "--admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 1
    assert "Error: There is already an account for taken@example.org." in result.output
    [user] = users()
    assert not user.is_admin


def test_user_create_has_help(runner):
    """`user create --help` explains the email argument and every option."""
    result = runner.invoke(args=["user", "create", "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "EMAIL" in result.output
    for option in ("--admin", "--password-stdin", "--name"):
        assert option in result.output


def test_user_group_has_help(runner):
    """`user --help` lists the create command."""
    result = runner.invoke(args=["user", "--help"])
    assert result.exit_code == 0
    assert "create" in result.output


def test_demo_has_help(runner):
    """`demo --help` says what the demo does."""
    result = runner.invoke(args=["demo", "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "demo" in result.output.lower()


def test_demo_refuses_a_database_with_users(runner):
    """The demo only loads into an empty database, and says so."""
    factories.user()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "Error: The database already has users" in result.output
    assert len(users()) == 1


def test_demo_help_describes_the_language_option(runner):
    """`demo --help` names --language, its choices and its default."""
    result = runner.invoke(args=["demo", "--help"])
    assert result.exit_code == 0
    assert "--language [en|ru]" in result.output
    assert "default: en" in result.output


def test_demo_loads_in_english_by_default(runner):
    """`planner demo` loads the English organisation, with its Russian names for Russian
    letters."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Sign in as demo@example.org with the password demo-partnerships" in result.output
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.name, org.language, org.currency) == ("Warm Home Foundation", Language.EN, "EUR")
    assert (org.place, org.place_translated) == ("St Petersburg", "Санкт-Петербург")
    assert org.name_translated == "Благотворительный фонд «Тёплый дом»"
    assert "Санкт-Петербург" in org.address_translated
    projects = db.session.scalars(sa.select(Project)).all()
    assert all(CYRILLIC.search(p.title_translated) for p in projects)
    assert {letter.language for letter in db.session.scalars(sa.select(Letter))} == {
        Language.EN,
        Language.RU,
    }


def test_demo_loads_in_russian(runner):
    """`planner demo --language ru` loads a Russian NGO in roubles: Russian names and texts
    everywhere, letters in Russian, and its English names for English letters."""
    result = runner.invoke(args=["demo", "--language", "ru"])
    assert result.exit_code == 0, result.output
    assert "Loaded the demo organisation (ru): 4 projects, 13 partners" in result.output
    org = db.session.scalars(sa.select(Organisation)).one()
    assert (org.language, org.currency, org.place) == (Language.RU, "RUB", "Санкт-Петербург")
    assert org.name == "Благотворительный фонд «Тёплый дом»"
    assert org.signatory_name == "Наталья Ковалёва"
    assert (org.name_translated, org.place_translated) == ("Warm Home Foundation", "St Petersburg")
    partners = db.session.scalars(sa.select(Partner)).all()
    assert {"Лента", "Объединённые пекарни", "Администрация Василеостровского района"} <= {
        p.name for p in partners
    }
    assert {p.sector for p in partners} == set(Sector)
    assert all(CYRILLIC.search(p.name) for p in partners)
    projects = db.session.scalars(sa.select(Project)).all()
    assert all(
        CYRILLIC.search(p.title) and not CYRILLIC.search(p.title_translated) for p in projects
    )
    texts = [
        *db.session.scalars(sa.select(Commitment.description)),
        *db.session.scalars(sa.select(Need.description)),
        *db.session.scalars(sa.select(HealthCheck.note)),
        *db.session.scalars(sa.select(GrantCall.name)),
        *db.session.scalars(sa.select(Report.narrative)),
    ]
    assert texts and all(CYRILLIC.search(text) for text in texts)
    letters = db.session.scalars(sa.select(Letter)).all()
    assert {letter.language for letter in letters} == {Language.RU}
    assert {letter.status for letter in letters} == set(LetterStatus) - {LetterStatus.DECLINED}
    assert {user.language for user in users()} == {Language.RU}


def test_demo_refuses_an_unknown_language(runner):
    """`demo --language de` is refused before anything is loaded."""
    result = runner.invoke(args=["demo", "--language", "de"])
    assert result.exit_code == 2
    assert "Invalid value for '--language'" in result.output
    assert users() == []
