"""The stored ask-by date follows every edit it depends on, through the pages people use."""

from datetime import date

import sqlalchemy as sa
from bs4 import BeautifulSoup

from planner.asks.stored import refresh_all
from planner.enums import Category, Direction, ItemStatus, Sector, Status
from planner.extensions import db
from planner.models import Commitment, Organisation
from tests import factories

DUE = date(2027, 3, 1)


def stored(item: Commitment) -> date | None:
    """The date as the database holds it, not as the session remembers it."""
    return db.session.scalar(sa.select(Commitment.ask_by).where(Commitment.id == item.id))


def item_of(sector: Sector, due=DUE, **fields) -> Commitment:
    partner = factories.partner(sector=sector, budget_month=fields.pop("budget_month", None))
    p = factories.partnership(partner=partner, status=Status.ACTIVE)
    return factories.commitment(p, due_date=due, **fields)


def test_every_commitment_gets_its_date_whatever_its_status_or_direction(app):
    """Delivered items and benefits store a date too: lists filter status and direction."""
    delivered = item_of(Sector.NGO, status=ItemStatus.DELIVERED)
    benefit = factories.commitment(
        delivered.partnership, Direction.GETS, Category.RECOGNITION, due_date=DUE
    )
    undated = item_of(Sector.MEDIA, due=None)
    assert stored(delivered) == date(2027, 2, 15)
    assert stored(benefit) == date(2027, 2, 15)
    assert stored(undated) is None


def test_ask_by_follows_the_due_date_edited_in_the_matrix(client, auth):
    """Changing a commitment's due date in the matrix moves its ask-by date."""
    item = item_of(Sector.MEDIA)
    data = {
        "category": "money",
        "description": "Cash",
        "status": "planned",
        "due_date": "2027-05-10",
    }
    response = client.post(f"/items/{item.id}/edit", data={**data, "direction": "gives"})
    assert response.status_code == 302
    assert stored(item) == date(2027, 5, 7)


def test_ask_by_follows_the_partners_sector_and_budget_month(client, auth):
    """Editing the partner's sector, then its budget month, moves the dates of its commitments."""
    item = item_of(Sector.NGO)
    partner = item.partnership.partner
    form = {
        "name": partner.name,
        "sector": "business",
        "subtype": "",
        "legal_form": "legal_entity",
        "trust": "new",
        "budget_month": "0",
    }
    assert client.post(f"/partners/{partner.id}/edit", data=form).status_code == 302
    assert stored(item) == date(2026, 9, 30)
    form["budget_month"] = "3"
    assert client.post(f"/partners/{partner.id}/edit", data=form).status_code == 302
    assert stored(item) == date(2026, 2, 28)


def test_ask_by_follows_the_grant_calls_deadline_and_removal(client, auth):
    """A government item tied to a call follows the call's new deadline, and its removal."""
    call = factories.grant_call(deadline=date(2026, 11, 2))
    item = item_of(Sector.GOVERNMENT, grant_call=call)
    assert stored(item) == date(2026, 11, 2)
    data = {"name": call.name, "deadline": "2026-12-01"}
    assert client.post(f"/asks/grant-calls/{call.id}/edit", data=data).status_code == 302
    assert stored(item) == date(2026, 12, 1)
    assert client.post(f"/asks/grant-calls/{call.id}/delete").status_code == 302
    assert stored(item) == date(2026, 12, 31)


def test_ask_by_follows_the_lead_times(client, auth):
    """New lead times move every stored date, across sectors."""
    media = item_of(Sector.MEDIA)
    bakery = item_of(Sector.BUSINESS)
    data = {
        "lead_days_media": "10",
        "lead_days_volunteers": "7",
        "lead_days_ngo": "14",
        "lead_days_government": "60",
        "budget_month": "1",
        "lead_days_business": "30",
    }
    assert client.post("/asks/lead-times", data=data).status_code == 302
    assert stored(media) == date(2027, 2, 19)
    assert stored(bakery) == date(2026, 12, 31)


def test_the_first_organisation_settings_apply_to_existing_dates(app):
    """Dates made with the defaults follow the organisation's settings once it is created."""
    item = item_of(Sector.NGO)
    assert stored(item) == date(2027, 2, 15)
    factories.organisation(lead_days_ngo=30)
    assert stored(item) == date(2027, 1, 30)


def test_refresh_all_mends_dates_written_around_the_orm(app):
    """A bulk load that bypasses the ORM gets its dates from one refresh."""
    item = item_of(Sector.VOLUNTEERS)
    db.session.execute(sa.update(Commitment).values(ask_by=None))
    db.session.commit()
    assert stored(item) is None
    refresh_all(db.session)
    db.session.commit()
    assert stored(item) == date(2027, 2, 22)


def test_asks_page_shows_the_moved_date(client, auth):
    """After an edit the /asks/ page lists the ask at its new date."""
    item = item_of(Sector.MEDIA, description="Radio spot")
    org = db.session.scalar(sa.select(Organisation))
    org.lead_days_media = 1
    db.session.commit()
    page = BeautifulSoup(client.get("/asks/").text, "html.parser")
    [when] = [t["datetime"] for t in page.select("section[aria-labelledby=all-h] time")]
    assert when == "2027-02-28"
    assert stored(item) == date(2027, 2, 28)
