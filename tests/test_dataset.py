"""The benchmarks' large data set (benchmarks/dataset.py), loaded at a small scale."""

import json

import pytest
import sqlalchemy as sa

from benchmarks.dataset import ADMIN_EMAIL, ADMIN_PASSWORD, load
from planner.asks.rules import LeadTimes, ask_by
from planner.enums import Language, LetterStatus, Sector, Stage, Status
from planner.extensions import db
from planner.models import Commitment, Letter, Partner, Partnership, Project, Report
from planner.organisation.profile import current_organisation


@pytest.fixture
def loaded(app):
    return load(scale=0.1, seed=3)


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_counts_scale_with_the_data_set(loaded):
    """A tenth of the full size: 20 projects, 200 partners, 1,000 commitments, 20 reports;
    the large project keeps its 100 partnerships and 500 commitments."""
    assert loaded["projects"] == count(Project) == 20
    assert loaded["partners"] == count(Partner) == 200
    assert loaded["commitments"] == count(Commitment) == 1000
    assert loaded["reports"] == count(Report) == 20
    assert count(Report, Report.published_at.is_not(None)) == 10
    large = db.session.scalar(sa.select(Project).where(Project.slug == loaded["large project"]))
    assert count(Partnership, Partnership.project_id == large.id) == 100
    on_large = sa.select(Partnership.id).where(Partnership.project_id == large.id)
    assert count(Commitment, Commitment.partnership_id.in_(on_large)) == 500


def test_every_sector_subtype_status_and_stage_appears(loaded):
    """Every sector and subtype, every partnership status and a spread of stages are present."""
    from planner.enums import SUBTYPES

    pairs = set(db.session.execute(sa.select(Partner.sector, Partner.subtype)).all())
    assert pairs == {(s, t) for s in Sector for t in SUBTYPES[s]}
    statuses = set(db.session.scalars(sa.select(Partnership.status)))
    assert statuses == set(Status)
    assert set(db.session.scalars(sa.select(Project.stage))) == set(Stage)


def test_letters_are_real_and_ask_by_is_filled(loaded):
    """Sent letters carry the app's own snapshot; every stored ask-by date is the rules' date."""
    letters = db.session.scalars(sa.select(Letter)).all()
    assert {letter.status for letter in letters} == set(LetterStatus)
    assert {letter.language for letter in letters} == set(Language)
    assert any(letter.amends_id for letter in letters)
    sent = [letter for letter in letters if letter.snapshot]
    assert sent and all(json.loads(letter.snapshot)["reference"] for letter in sent)
    assert count(Commitment, Commitment.ask_by.is_not(None)) > 0
    lead = LeadTimes.of(current_organisation())
    for item in db.session.scalars(sa.select(Commitment)):
        partner = item.partnership.partner
        deadline = item.grant_call.deadline if item.grant_call else None
        expected = ask_by(
            item.due_date,
            partner.sector,
            lead,
            budget_month=partner.budget_month,
            grant_deadline=deadline,
        )
        assert item.ask_by == expected, item.id


def test_the_admin_signs_in_and_sees_the_dashboard(loaded, client):
    """The printed sign-in works and the dashboard opens on the loaded data."""
    response = client.post("/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert "City-wide Winter Support Network" in page.get_data(as_text=True)


def test_the_same_seed_gives_the_same_data(app):
    """Two loads with one seed make the same registry (after emptying the database)."""
    from tests.conftest import wipe

    load(scale=0.01, seed=5)
    first = db.session.scalars(sa.select(Partner.name).order_by(Partner.id)).all()
    db.session.remove()
    wipe()
    load(scale=0.01, seed=5)
    assert db.session.scalars(sa.select(Partner.name).order_by(Partner.id)).all() == first
