"""The iCalendar feed of ask-by dates, due dates, grant deadlines and the owner's next steps."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from icalendar import Calendar, Event

from planner.enums import Direction
from planner.models import GrantCall

DOMAIN = "partnership-planner"


def all_day(uid: str, day: date, summary: str, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def item_title(row: sa.Row) -> dict[str, str]:
    return {"partner": row.partner_name, "what": row.description, "project": row.project_title}


def feed(
    org_name: str,
    asks: list[sa.Row],
    items: list[sa.Row],
    calls: list[GrantCall],
    steps: list[sa.Row] = (),
) -> bytes:
    """Build the calendar: one all-day event for every date the planner shows."""
    cal = Calendar()
    cal.add("prodid", "-//Partnership Planner//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("%(organisation)s: partnerships", organisation=org_name))
    for ask in asks:
        summary = _("Ask %(partner)s: %(what)s (%(project)s)", **item_title(ask))
        cal.add_component(all_day(f"ask-{ask.id}", ask.ask_by, summary))
    for item in items:
        if item.direction is Direction.GIVES:
            summary = _("Due from %(partner)s: %(what)s (%(project)s)", **item_title(item))
        else:
            summary = _("Due to %(partner)s: %(what)s (%(project)s)", **item_title(item))
        cal.add_component(all_day(f"due-{item.id}", item.due_date, summary, item.status.label))
    for call in calls:
        funder = f" ({call.funder})" if call.funder else ""
        cal.add_component(
            all_day(
                f"grant-{call.id}",
                call.deadline,
                _("Grant deadline: %(call)s%(funder)s", call=call.name, funder=funder),
            )
        )
        if call.decision_date:
            cal.add_component(
                all_day(
                    f"decision-{call.id}",
                    call.decision_date,
                    _("Grant decision: %(call)s%(funder)s", call=call.name, funder=funder),
                )
            )
    for step in steps:
        summary = _(
            "Next step with %(partner)s: %(what)s (%(project)s)",
            partner=step.partner_name,
            what=step.next_step,
            project=step.project_title,
        )
        cal.add_component(all_day(f"step-{step.id}", step.next_due_on, summary))
    return cal.to_ical()
