"""A large, realistic organisation for benchmarks: load it into an empty database.

At scale 1.0 the organisation has 200 projects, 2,000 partners across every sector and
subtype, about 2,000 partnerships, 10,000 commitments in both directions, a report per
project (half of them published, with key results, a photo, a Markdown story that names
partners and thanks), letters at every stage in English and Russian, health checks,
needs, grant calls and each partnership's dated status history. It is uneven, as real
data is: one large project has about 100 partnerships and 500 commitments, most projects
5–15 partnerships; project stages and partnership statuses cover every value; dates run
from six months before today to six months after. A scale of 0.1 makes a tenth of
everything but the large project, which keeps its size at every scale (as far as the
registry allows): its board and matrix then measure what the organisation's size costs
them, not what a bigger project shows.

The rows go in with SQLAlchemy core inserts (executemany), so that a scale-1.0 load takes
seconds; letters are drafted and sent by the app's own code (planner.letters.compose), so
their snapshots are real; each commitment's stored `ask_by` comes from
planner.asks.rules with the organisation's lead times. The same seed (and day) gives the
same data.

From the repository's root:

    .venv/bin/python benchmarks/dataset.py --scale 0.1

fills the database named by DATABASE_URL (or the instance's SQLite, as `planner run`
uses), after bringing its schema up to date, and prints an admin's sign-in and the counts.

In code: `load(scale, seed)` fills the migrated, empty database of the current app context;
`build_app(scale, workdir)` returns an app on a SQLite file under `workdir`, loaded at that
scale (copied from build/bench/ when an identical build is cached there).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import os
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ADMIN_EMAIL = "admin@bench.example"
ADMIN_PASSWORD = "bench-partnerships"  # noqa: S105 (public by design: printed at the end)
COORDINATORS = (("olga@bench.example", "Olga Antonova"), ("ivan@bench.example", "Ivan Belov"))
CACHE = ROOT / "build" / "bench"
# The large project's address: benchmarks measure its pages.
LARGE_SLUG = "city-winter"

# Sizes at scale 1.0.
PROJECTS = 200
PARTNERS = 2000
COMMITMENTS = 10000
LARGE_PARTNERSHIPS = 100
LARGE_COMMITMENTS = 500
LETTERS = 300
GRANT_CALLS = 20

ADJECTIVES = (
    "Northern", "Green", "Warm", "Bright", "Open", "Silver", "Baltic", "Neva", "Quiet",
    "Golden", "River", "Old Town", "New", "Kind", "Blue", "Harbour", "Island", "Central",
    "Sunny", "Forest", "Stone", "Maple", "Birch", "Pine", "Lighthouse", "Meadow", "Northgate",
)  # fmt: skip
NOUNS = (
    "Hands", "Doors", "Circle", "Yard", "Bridge", "Harbour", "Table", "Garden", "Path",
    "Home", "Lantern", "Wheel", "Kitchen", "Library", "Field", "Shore", "Hearth", "Compass",
    "Anchor", "Orchard", "Market", "Tower", "Square", "Window", "Ladder", "Well", "Star",
)  # fmt: skip
KINDS = {
    "charity": "Charity", "association": "Association", "foundation": "Foundation",
    "network": "Network", "sole_trader": "Workshop", "small_business": "Bakery",
    "large_company": "Group", "international": "Holding", "national": "Ministry Office",
    "regional": "Regional Committee", "local": "District Department",
    "state_institution": "City Library", "print": "Gazette", "radio": "Radio", "tv": "TV",
    "online": "News Online", "eco": "Eco-volunteers", "drivers": "Drivers",
    "silver": "Silver Volunteers", "parents": "Parents", "bloggers": "Bloggers",
    "other_group": "Neighbours",
}  # fmt: skip
RUSSIAN = ("Тёплый дом", "Добрые руки", "Северный мост", "Зелёный двор", "Светлый путь")
FIRST = ("Maria", "Oleg", "Anna", "Pavel", "Irina", "Elena", "Dmitry", "Sofia", "Galina",
         "Sergei", "Nikita", "Olga", "Ekaterina", "Andrei", "Natalia", "Viktor")  # fmt: skip
LAST = ("Ivanova", "Petrov", "Smirnova", "Orlov", "Volkova", "Sokolova", "Kuznetsov",
        "Lebedeva", "Morozova", "Fedorov", "Popov", "Vasilieva", "Novikova", "Pavlov")  # fmt: skip
THEMES = (
    ("Warm Winter", "hot meals and weekly visits for elders living alone"),
    ("Reading Yard", "a mobile library and reading club in the courtyards"),
    ("Clean Shore", "a clean-up of the shore with families and schools"),
    ("First Job", "mentoring and first jobs for young people leaving care"),
    ("Open Kitchen", "a community kitchen and cooking lessons"),
    ("Safe Road", "rides to clinics for people who cannot walk"),
    ("Green Roofs", "gardens on the roofs of schools"),
    ("Digital Grandparents", "computer lessons for people over 60"),
    ("Summer Stage", "a summer theatre for teenagers"),
    ("Warm Coats", "collecting and sorting warm clothes"),
)
UNITS = {
    "goods": "items", "equipment": "pieces", "transport": "rides", "premises": "days",
    "publications": "articles", "volunteer_time": "hours", "pro_bono": "hours",
    "services": "sessions",
}  # fmt: skip
STORY = """\
## What happened

For {weeks} weeks, volunteers and partners ran **{title}** in {territory}. {named} made
the kitchen run; {unnamed} (call {contact} on {phone}, {email}) paid for the blankets.
{third} helped on the last weekend.

- {people} people took part;
- {events} events were held;
- every partner got a report on what its help achieved.

Thanks to [everyone who helped](https://example.org/thanks).
"""


def sized(base: int, scale: float, least: int) -> int:
    return max(least, round(base * scale))


def load(scale: float = 1.0, seed: int = 1, today: date | None = None) -> dict:
    """Fill the migrated, empty database of the current app context; return the row counts."""
    from planner.extensions import db

    rng = random.Random(seed)
    today = today or date.today()
    builder = Builder(rng, scale, today)
    counts = builder.build()
    db.session.commit()
    advance_sequences()
    return counts


class Builder:
    """Makes the rows of each table as dicts (with explicit ids) and inserts them in bulk."""

    def __init__(self, rng: random.Random, scale: float, today: date):
        self.rng = rng
        self.scale = scale
        self.today = today
        self.counts: dict[str, int] = {}

    def insert(self, model, rows: list[dict]) -> None:
        import sqlalchemy as sa

        from planner.extensions import db

        for start in range(0, len(rows), 5000):
            db.session.execute(sa.insert(model), rows[start : start + 5000])
        self.counts[model.__tablename__] = self.counts.get(model.__tablename__, 0) + len(rows)

    def day(self, low: int = -182, high: int = 182) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def build(self) -> dict:
        from planner.models import Organisation

        self.insert(
            Organisation,
            [
                {
                    "id": 1,
                    "name": "Northern Lights Network of Social Projects",
                    "address": "12 Sredny Prospekt, office 4\n199004 St Petersburg",
                    "website": "https://northernlights.example",
                    "email": "hello@northernlights.example",
                    "signatory_name": "Natalia Kovaleva",
                    "signatory_title": "Director",
                    "currency": "EUR",
                }
            ],
        )
        self.users()
        self.partners()
        self.grant_calls()
        self.projects()
        self.partnerships()
        self.history()
        self.needs()
        self.commitments()
        self.health_checks()
        self.reports()
        self.letters()
        return {
            "projects": self.counts["project"],
            "partners": self.counts["partner"],
            "partnerships": self.counts["partnership"],
            "commitments": self.counts["commitment"],
            "reports": self.counts["report"],
            "published reports": sum(1 for r in self.report_rows if r["published_at"]),
            "letters": self.counts.get("letter", 0),
            "health checks": self.counts.get("health_check", 0),
            "needs": self.counts.get("need", 0),
            "grant calls": self.counts["grant_call"],
            "status changes": self.counts["status_change"],
            "large project": self.large_slug,
            "large project partnerships": len(self.by_project[1]),
            "large project commitments": self.large_items,
        }

    def users(self) -> None:
        from planner.auth.accounts import create_user
        from planner.extensions import db

        admin = create_user(ADMIN_EMAIL, "Natalia Kovaleva", ADMIN_PASSWORD, admin=True)
        others = [create_user(email, name, ADMIN_PASSWORD) for email, name in COORDINATORS]
        db.session.flush()
        self.user_ids = [admin.id] + [u.id for u in others]

    def partners(self) -> None:
        from planner.enums import SUBTYPES, LegalForm, Sector, Trust
        from planner.models import Partner, search_key

        rng = self.rng
        n = sized(PARTNERS, self.scale, 20)
        # Uneven, as a registry is: many volunteers' groups and businesses, fewer ministries.
        weights = {Sector.NGO: 25, Sector.BUSINESS: 30, Sector.GOVERNMENT: 10, Sector.MEDIA: 10,
                   Sector.VOLUNTEERS: 25}  # fmt: skip
        sectors = list(Sector)  # every sector and subtype appears at least once
        pairs = [(s, t) for s in sectors for t in SUBTYPES[s]]
        names: set[str] = set()
        rows = []
        for i in range(n):
            if i < len(pairs):
                sector, subtype = pairs[i]
            else:
                sector = rng.choices(sectors, [weights[s] for s in sectors])[0]
                subtype = rng.choice(SUBTYPES[sector])
            name = self.partner_name(subtype.value, names)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            slug = "".join(c for c in name.lower() if c.isascii() and c.isalnum())[:20] or "org"
            consents = rng.random() < 0.15
            rows.append(
                {
                    "id": i + 1,
                    "name": name,
                    "sector": sector,
                    "subtype": subtype,
                    "legal_form": LegalForm.INFORMAL_GROUP
                    if sector is Sector.VOLUNTEERS
                    else LegalForm.LEGAL_ENTITY,
                    "contact_person": f"{first} {last}",
                    "search_text": search_key(name, f"{first} {last}"),
                    "email": f"{first.lower()}.{last.lower()}@{slug}{i + 1}.example",
                    "phone": f"+7 812 555 {i + 1:02d} {rng.randint(10, 99)}",
                    "website": f"https://{slug}{i + 1}.example" if rng.random() < 0.6 else "",
                    "address": f"{rng.randint(1, 200)} {rng.choice(NOUNS)} Street\n"
                    f"19{rng.randint(1000, 9999)} St Petersburg",
                    "notes": f"Private: met {first} {last} at the "
                    f"{rng.choice(['volunteer fair', 'district forum', 'CSR breakfast'])}; "
                    f"prefers {rng.choice(['calls', 'email', 'messages'])}.",
                    "trust": rng.choice(list(Trust)),
                    "budget_month": rng.randint(1, 12)
                    if sector is Sector.BUSINESS and rng.random() < 0.5
                    else None,
                    "updates_consent": consents,
                    "updates_consent_on": self.day(-182, 0) if consents else None,
                    "updates_consent_how": rng.choice(["email", "signed form"]) if consents else "",
                    "archived_at": datetime.combine(self.day(-182, -1), clock(12))
                    if rng.random() < 0.02
                    else None,
                }
            )
        self.insert(Partner, rows)
        self.partner_rows = rows

    def partner_name(self, subtype: str, taken: set[str]) -> str:
        rng = self.rng
        if rng.random() < 0.03:
            base = f"{rng.choice(RUSSIAN)} ({KINDS[subtype]})"
        else:
            base = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {KINDS[subtype]}"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base} No. {n}"
        taken.add(name)
        return name

    def grant_calls(self) -> None:
        from planner.models import GrantCall

        rows = []
        for i in range(sized(GRANT_CALLS, self.scale, 2)):
            deadline = self.day(-150, 170)
            rows.append(
                {
                    "id": i + 1,
                    "name": f"{self.rng.choice(THEMES)[0]} grant {deadline.year} (round {i + 1})",
                    "funder": self.rng.choice(
                        ["District Administration", "City Youth Committee", "Regional Fund"]
                    ),
                    "deadline": deadline,
                    "decision_date": deadline + timedelta(days=45),
                    "url": f"https://grants.example/calls/{i + 1}",
                }
            )
        self.insert(GrantCall, rows)
        self.call_rows = rows

    def projects(self) -> None:
        from planner.enums import Stage
        from planner.models import Project

        rng = self.rng
        rows = []
        stages = list(Stage)
        for i in range(sized(PROJECTS, self.scale, 2)):
            theme, what = THEMES[i % len(THEMES)]
            # The large project (the first) is being delivered now, with every kind of row.
            stage = Stage.DELIVERY if i == 0 else stages[i % len(stages)]
            start = self.day(-182, 90)
            end = min(start + timedelta(days=rng.randint(30, 180)), self.today + timedelta(182))
            title = theme if i < len(THEMES) else f"{theme}: district {i // len(THEMES)}"
            if i == 0:
                title = "City-wide Winter Support Network"
            rows.append(
                {
                    "id": i + 1,
                    "title": title,
                    "slug": LARGE_SLUG if i == 0 else f"{theme.lower().replace(' ', '-')}-{i}",
                    "summary": f"Volunteers and partners bring {what} to the district.",
                    "goal": f"Make {what} part of everyday life in the district.",
                    "target_group": rng.choice(
                        ["Elders living alone.", "Children aged 6–12.", "Families.", "Teenagers."]
                    ),
                    "territory": f"District {i % 12 + 1}, St Petersburg",
                    "start_date": start,
                    "end_date": end,
                    "stage": stage,
                    "coordinator_id": self.user_ids[i % len(self.user_ids)],
                    "archived_at": datetime.combine(self.today, clock(9))
                    if i > 0 and stage is Stage.CLOSED and i % 3 == 0
                    else None,
                }
            )
        self.insert(Project, rows)
        self.project_rows = rows
        self.large_slug = rows[0]["slug"]

    def partnerships(self) -> None:
        from planner.enums import Answer, Satisfaction, Stage, Status, Support
        from planner.models import Partnership

        rng = self.rng
        partner_ids = [p["id"] for p in self.partner_rows]
        live_partners = [p["id"] for p in self.partner_rows if p["archived_at"] is None]
        # Which statuses a project's partnerships are in, by the project's stage.
        early = [Status.CANDIDATE, Status.CONTACTED]
        by_stage = {
            Stage.IDEA: early,
            Stage.PLANNING: [*early, Status.CANDIDATE],
            Stage.PARTNER_SEARCH: [*early, Status.NEGOTIATING, Status.DECLINED],
            Stage.AGREEMENTS: [Status.NEGOTIATING, Status.AGREED, Status.COMMITTED,
                               Status.CONTACTED, Status.DECLINED],
            Stage.DELIVERY: [Status.COMMITTED, Status.ACTIVE, Status.ACTIVE, Status.AGREED,
                             Status.NEGOTIATING, Status.DROPPED],
            Stage.REPORTING: [Status.ACTIVE, Status.COMPLETED, Status.COMPLETED, Status.DROPPED],
            Stage.FOLLOW_UP: [Status.COMPLETED, Status.COMPLETED, Status.DECLINED],
            Stage.CLOSED: [Status.COMPLETED, Status.COMPLETED, Status.COMPLETED, Status.DROPPED],
        }  # fmt: skip
        answers = list(Answer)
        rows = []
        self.by_project: dict[int, list[dict]] = {}
        for project in self.project_rows:
            if project["id"] == 1:
                size = LARGE_PARTNERSHIPS
            else:
                size = rng.randint(5, 15) if rng.random() < 0.85 else rng.randint(1, 30)
            pool = live_partners if len(live_partners) >= size else partner_ids
            chosen = rng.sample(pool, min(size, len(pool)))
            choices = by_stage[project["stage"]]
            for k, partner_id in enumerate(chosen):
                # Every status appears in the large project, whatever its stage.
                status = (
                    list(Status)[k % len(Status)] if project["id"] == 1 else rng.choice(choices)
                )
                bound = status in (Status.AGREED, Status.COMMITTED, Status.ACTIVE, Status.COMPLETED)
                named = rng.random() < 0.8
                quoted = named and rng.random() < 0.3
                row = {
                    "id": len(rows) + 1,
                    "project_id": project["id"],
                    "partner_id": partner_id,
                    "support": set(rng.sample(list(Support), rng.randint(1, 2))),
                    "status": status,
                    "need": Answer.YES if bound else rng.choice(answers),
                    "need_note": "They bring what we cannot do ourselves." if bound else "",
                    "fit": Answer.YES if bound else rng.choice(answers),
                    "fit_note": "Quick answers, clear agreements." if rng.random() < 0.5 else "",
                    "motivation": Answer.YES if bound else rng.choice(answers),
                    "motivation_note": "Private: their motive is staff engagement.",
                    "responsible_id": project["coordinator_id"],
                    "partner_contact": self.partner_rows[partner_id - 1]["contact_person"],
                    "consent_name": named,
                    "consent_logo": named and rng.random() < 0.3,
                    "consent_quote": quoted,
                    "quote": "We were glad to help, and we will again." if quoted else "",
                    "satisfaction": None,
                    "follow_up_note": "",
                }
                if status is Status.COMPLETED and rng.random() < 0.6:
                    row["satisfaction"] = rng.choice(list(Satisfaction))
                    row["again_us"] = row["again_them"] = rng.choice(answers)
                    row["follow_up_note"] = "Private: would do it again next winter."
                rows.append(row)
                self.by_project.setdefault(project["id"], []).append(row)
        for row in rows:
            row.setdefault("again_us", None)
            row.setdefault("again_them", None)
        self.insert(Partnership, rows)
        self.partnership_rows = rows

    def history(self) -> None:
        """Each partnership's dated path to its status, a week or two per step."""
        from planner.enums import Status
        from planner.models import StatusChange
        from planner.partnerships.rules import PATH

        rows = []
        for p in self.partnership_rows:
            status = p["status"]
            if status in PATH:
                steps = list(PATH[: PATH.index(status) + 1])
            else:
                steps = [Status.CANDIDATE, Status.CONTACTED, status]
            when = datetime.combine(self.day(-182, -7 * len(steps)), clock(10))
            old = None
            for step in steps:
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "partnership_id": p["id"],
                        "old_status": old,
                        "new_status": step,
                        "changed_at": when,
                        "user_id": p["responsible_id"],
                    }
                )
                old, when = step, when + timedelta(days=self.rng.randint(3, 14))
        self.insert(StatusChange, rows)

    def needs(self) -> None:
        from planner.enums import Category
        from planner.models import Need

        kinds = [Category.MONEY, Category.GOODS, Category.TRANSPORT, Category.PREMISES,
                 Category.EQUIPMENT, Category.VOLUNTEER_TIME]  # fmt: skip
        rows = []
        for project in self.project_rows:
            count = 8 if project["id"] == 1 else self.rng.randint(0, 4)
            for _ in range(count):
                category = self.rng.choice(kinds)
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "project_id": project["id"],
                        "category": category,
                        "description": f"{category.label} for the project's busiest weeks",
                        "quantity": Decimal(self.rng.randint(1, 50) * 10),
                        "unit": UNITS.get(category.value, ""),
                        "needed_by": self.clamped(project),
                    }
                )
        self.insert(Need, rows)
        self.needs_by_project: dict[tuple[int, object], list[int]] = {}
        for row in rows:
            self.needs_by_project.setdefault((row["project_id"], row["category"]), []).append(
                row["id"]
            )

    def clamped(self, project: dict) -> date:
        """A day within the project's dates, as most due dates are."""
        span = (project["end_date"] - project["start_date"]).days
        return project["start_date"] + timedelta(days=self.rng.randint(0, max(span, 0)))

    def commitments(self) -> None:
        from planner.asks.rules import LeadTimes, ask_by
        from planner.enums import CATEGORIES, Category, Direction, Sector, Status
        from planner.matrix.rules import compute_value
        from planner.models import Commitment
        from planner.organisation.profile import current_organisation

        rng = self.rng
        lead = LeadTimes.of(current_organisation())
        total = sized(COMMITMENTS, self.scale, 20)
        large = self.by_project[1]
        self.large_items = min(LARGE_COMMITMENTS, total // 2)
        others = [p for p in self.partnership_rows if p["project_id"] != 1]
        # Partnerships further along have more lines in their matrix.
        weight = {Status.CANDIDATE: 1, Status.CONTACTED: 2, Status.NEGOTIATING: 4,
                  Status.AGREED: 6, Status.COMMITTED: 6, Status.ACTIVE: 7, Status.COMPLETED: 6,
                  Status.DECLINED: 1, Status.DROPPED: 2}  # fmt: skip
        owners = [large[i % len(large)] for i in range(self.large_items)]
        if others:
            owners += rng.choices(
                others, [weight[p["status"]] for p in others], k=total - self.large_items
            )
        projects = {p["id"]: p for p in self.project_rows}
        calls = self.call_rows
        rows = []
        for n, p in enumerate(owners):
            partner = self.partner_rows[p["partner_id"] - 1]
            project = projects[p["project_id"]]
            direction = Direction.GETS if rng.random() < 0.4 else Direction.GIVES
            if direction is Direction.GIVES and partner["sector"] is Sector.BUSINESS:
                category = rng.choice([Category.MONEY, Category.GOODS, Category.PRO_BONO,
                                       *CATEGORIES[direction]])  # fmt: skip
            else:
                category = rng.choice(CATEGORIES[direction])
            due = None if rng.random() < 0.08 else self.clamped(project)
            status = self.item_status(p["status"], due)
            quantity = hours = rate = value = None
            unit = UNITS.get(category.value, "")
            if category in (Category.VOLUNTEER_TIME, Category.PRO_BONO):
                hours = Decimal(rng.randint(4, 300))
                rate = Decimal(rng.choice([8, 10, 12, 15, 40, 60]))
                quantity = hours
            elif category is Category.MONEY:
                value = Decimal(rng.randint(5, 500) * 100)
            elif unit:
                quantity = Decimal(rng.randint(1, 400))
                value = Decimal(rng.randint(1, 300) * 10) if rng.random() < 0.7 else None
            grant_call_id = None
            if (
                direction is Direction.GIVES
                and category is Category.MONEY
                and partner["sector"] is Sector.GOVERNMENT
                and rng.random() < 0.7
            ):
                grant_call_id = rng.choice(calls)["id"]
            need_ids = self.needs_by_project.get((project["id"], category), [])
            grant = calls[grant_call_id - 1]["deadline"] if grant_call_id else None
            rows.append(
                {
                    "id": n + 1,
                    "partnership_id": p["id"],
                    "direction": direction,
                    "category": category,
                    "description": f"{category.label}: {rng.choice(DETAILS)}",
                    "quantity": quantity,
                    "unit": unit,
                    "hours": hours,
                    "hourly_rate": rate,
                    "value": compute_value(value, hours, rate),
                    "due_date": due,
                    # As planner/asks/stored.py keeps it: from the rules, whatever the status.
                    "ask_by": ask_by(
                        due,
                        partner["sector"],
                        lead,
                        budget_month=partner["budget_month"],
                        grant_deadline=grant,
                    ),
                    "responsible": p["partner_contact"],
                    "status": status,
                    "internal": rng.random() < 0.08,
                    "need_id": rng.choice(need_ids)
                    if need_ids and direction is Direction.GIVES
                    else None,
                    "grant_call_id": grant_call_id,
                }
            )
        self.insert(Commitment, rows)

    def item_status(self, status, due: date | None):
        from planner.enums import ItemStatus, Status

        rng = self.rng
        if status in (Status.CANDIDATE, Status.CONTACTED, Status.NEGOTIATING):
            return ItemStatus.PLANNED
        if status in (Status.DECLINED, Status.DROPPED):
            return rng.choice([ItemStatus.PLANNED, ItemStatus.NOT_DELIVERED])
        if due is not None and due < self.today:
            return rng.choices(
                [ItemStatus.DELIVERED, ItemStatus.PARTLY_DELIVERED, ItemStatus.NOT_DELIVERED,
                 ItemStatus.PROMISED, ItemStatus.PLANNED],
                [12, 3, 1, 2, 2],
            )[0]  # fmt: skip
        return rng.choices([ItemStatus.PROMISED, ItemStatus.PLANNED], [3, 2])[0]

    def health_checks(self) -> None:
        from planner.enums import Health, Status
        from planner.models import HealthCheck

        notes = {Health.GREEN: "On track.", Health.AMBER: "Fewer volunteers than promised.",
                 Health.RED: "Private: they have not answered for a month."}  # fmt: skip
        rows = []
        for p in self.partnership_rows:
            if p["status"] not in (Status.COMMITTED, Status.ACTIVE, Status.COMPLETED):
                continue
            for _ in range(self.rng.randint(0, 3)):
                colour = self.rng.choices(list(Health), [6, 3, 1])[0]
                rows.append(
                    {
                        "id": len(rows) + 1,
                        "partnership_id": p["id"],
                        "colour": colour,
                        "note": notes[colour],
                        "checked_on": self.day(-120, 0),
                        "user_id": p["responsible_id"],
                    }
                )
        self.insert(HealthCheck, rows)

    def reports(self) -> None:
        """A report per project; half published (the large project's among them)."""
        from planner.enums import Status
        from planner.models import KeyResult, Photo, Report, Thanks

        rng = self.rng
        bound = (Status.AGREED, Status.COMMITTED, Status.ACTIVE, Status.COMPLETED)
        rows, results, photos, thanks = [], [], [], []
        photo = self.photo_file()
        for project in self.project_rows:
            i = project["id"]
            partnerships = self.by_project.get(i, [])
            named = [p for p in partnerships if p["consent_name"]] or partnerships
            unnamed = [p for p in partnerships if not p["consent_name"]] or partnerships
            first = self.partner_rows[named[0]["partner_id"] - 1] if named else None
            hidden = self.partner_rows[unnamed[0]["partner_id"] - 1] if unnamed else None
            third = self.partner_rows[named[-1]["partner_id"] - 1] if named else None
            published = i % 2 == 1
            stamp = datetime.combine(self.day(-150, 0), clock(12))
            rows.append(
                {
                    "id": i,
                    "project_id": i,
                    "summary": f"{project['title']} reached {rng.randint(30, 900)} people.",
                    "narrative": STORY.format(
                        weeks=rng.randint(3, 20),
                        title=project["title"],
                        territory=project["territory"],
                        named=first["name"] if first else "A partner",
                        unnamed=hidden["name"] if hidden else "A sponsor",
                        third=third["name"] if third else "A neighbour",
                        contact=hidden["contact_person"] if hidden else "the office",
                        phone=hidden["phone"] if hidden else "",
                        email=hidden["email"] if hidden else "",
                        people=rng.randint(30, 900),
                        events=rng.randint(2, 40),
                    ),
                    "published_at": stamp if published else None,
                    "updated_at": stamp,
                }
            )
            for label, unit in rng.sample(
                [("People took part", "people"), ("Events held", "events"),
                 ("Volunteer hours", "hours"), ("Warm meals served", "meals"),
                 ("Books handed out", "books")], rng.randint(2, 5),
            ):  # fmt: skip
                results.append(
                    {"report_id": i, "label": label, "value": Decimal(rng.randint(3, 2000)),
                     "unit": unit}
                )  # fmt: skip
            if published and photo:
                name, width, height = photo
                photos.append(
                    {
                        "report_id": i,
                        "file": name,
                        "alt": f"Volunteers of {project['title']} at work",
                        "credit": "Benchmark",
                        "width": width,
                        "height": height,
                    }
                )
            for p in partnerships:
                if p["status"] in bound:
                    thanks.append(
                        {
                            "report_id": i,
                            "partnership_id": p["id"],
                            "made_possible": "Warm meals for sixty elders, every winter day.",
                            "thank_you": "Thank you for every loaf and every blanket.",
                        }
                    )
        for n, row in enumerate(results):
            row["id"] = n + 1
        self.insert(Report, rows)
        self.insert(KeyResult, results)
        self.insert(Photo, [dict(row, id=n + 1) for n, row in enumerate(photos)])
        self.insert(Thanks, [dict(row, id=n + 1) for n, row in enumerate(thanks)])
        self.report_rows = rows

    def photo_file(self) -> tuple[str, int, int] | None:
        """One real photo, stored through the app's upload code, shared by the reports."""
        from PIL import Image
        from werkzeug.datastructures import FileStorage

        from planner.uploads import save_photo

        picture = io.BytesIO()
        Image.new("RGB", (1200, 800), (180, 120, 60)).save(picture, "JPEG")
        picture.seek(0)
        return save_photo(FileStorage(picture, filename="photo.jpg"))

    def letters(self) -> None:
        """Letters at every stage, in both languages, drafted and sent by the app's code."""
        import sqlalchemy as sa
        from sqlalchemy.orm import selectinload

        from planner.enums import Language, LetterStatus, Status
        from planner.extensions import db
        from planner.letters.compose import draft, send
        from planner.models import Partnership
        from planner.organisation.profile import current_organisation

        org = current_organisation()
        wanted = (Status.NEGOTIATING, Status.AGREED, Status.COMMITTED, Status.ACTIVE,
                  Status.COMPLETED, Status.DECLINED)  # fmt: skip
        candidates = [p["id"] for p in self.partnership_rows if p["status"] in wanted]
        # The large project's letters first: its pages are the ones measured.
        chosen = sorted(candidates[: sized(LETTERS, self.scale, 5)])
        partnerships = db.session.scalars(
            sa.select(Partnership)
            .where(Partnership.id.in_(chosen))
            .options(
                selectinload(Partnership.partner),
                selectinload(Partnership.project),
                selectinload(Partnership.responsible),
            )
            .order_by(Partnership.id)
        ).all()
        stages = ("draft", "sent", "signed", "declined", "amended")
        for n, partnership in enumerate(partnerships):
            language = Language.RU if n % 3 == 2 else Language.EN
            stage = stages[n % len(stages)]
            if partnership.status is Status.NEGOTIATING:
                stage = "draft"
            elif partnership.status is Status.DECLINED:
                stage = "declined"
            written = self.today - timedelta(days=self.rng.randint(20, 120))
            letter = draft(partnership, language, org, written)
            if stage == "draft":
                continue
            send(letter, org, written + timedelta(days=3))
            if stage == "declined":
                letter.status = LetterStatus.DECLINED
                letter.declined_on = written + timedelta(days=10)
            if stage in ("signed", "amended"):
                letter.status = LetterStatus.SIGNED
                letter.signed_on = written + timedelta(days=9)
                letter.partner_signatory = partnership.partner_contact
            if stage == "amended":
                amendment = draft(partnership, language, org, written + timedelta(days=15),
                                  amends=letter)  # fmt: skip
                amendment.opening += " This amendment adds the volunteers' hours agreed later."
                send(amendment, org, written + timedelta(days=16))
        db.session.flush()
        self.counts["letter"] = db.session.scalar(sa.select(sa.func.count()).select_from(
            sa.table("letter")))  # fmt: skip


DETAILS = (
    "fresh bread every Friday", "a van and a driver on Saturdays", "the hall for the workshops",
    "two radio stories", "warm blankets for the winter", "a training for our volunteers",
    "logo on the posters", "a report on the results", "a day of team volunteering",
    "books for the mobile library", "legal advice on the lease", "printing of 500 leaflets",
    "a seat in the district network", "tea afternoons with the elders", "a grant for gloves",
)  # fmt: skip


def advance_sequences() -> None:
    """Rows were inserted with explicit ids: move PostgreSQL's sequences past them."""
    import sqlalchemy as sa

    from planner.extensions import db

    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not isinstance(column.type, sa.Integer):
            continue
        top = db.session.scalar(sa.select(sa.func.max(column))) or 0
        db.session.execute(
            sa.text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :next, false)"),
            {"table": table.name, "next": top + 1},
        )
    db.session.commit()


def cache_key(scale: float, seed: int, today: date) -> str:
    """What a built file depends on: this script, the migrations, the scale, seed and day."""
    digest = hashlib.sha256(f"{scale}:{seed}:{today.isoformat()}".encode())
    for path in [
        Path(__file__).resolve(),
        *sorted((ROOT / "migrations" / "versions").glob("*.py")),
    ]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_app(scale: float, workdir: Path, seed: int = 1):
    """An app on a SQLite database under `workdir`, loaded at `scale` (cached in build/bench/).

    The instance folder (uploads) is `workdir/instance`; the database `workdir/dataset.sqlite`;
    `app.config["DATASET"]` holds the counts that `load` returned.
    """
    workdir = Path(workdir)
    instance = workdir / "instance"
    database = workdir / "dataset.sqlite"
    os.environ["PLANNER_INSTANCE_PATH"] = str(instance)
    from planner import create_app
    from planner.extensions import db

    cached = CACHE / f"dataset-{scale:g}-{cache_key(scale, seed, date.today())}.sqlite"
    uploads, counts = cached.with_suffix(".uploads"), cached.with_suffix(".json")
    if database.exists():
        database.unlink()
    if cached.exists() and uploads.is_dir() and counts.exists():
        shutil.copyfile(cached, database)
        shutil.copytree(uploads, instance / "uploads", dirs_exist_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
    if database.exists():
        app.config["DATASET"] = json.loads(counts.read_text())
        return app
    from flask_migrate import upgrade

    from planner.extensions import init_migrations

    init_migrations(app)
    with app.app_context():
        with quiet_alembic():
            upgrade()
        app.config["DATASET"] = load(scale, seed)
        db.session.remove()
        db.engine.dispose()
    CACHE.mkdir(parents=True, exist_ok=True)
    # Builds of this scale from older code or another day are of no further use.
    for stale in CACHE.glob(f"dataset-{scale:g}-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.suffix in (".sqlite", ".json"):
            stale.unlink(missing_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.part")
    shutil.copyfile(database, partial)
    shutil.copytree(instance / "uploads", uploads, dirs_exist_ok=True)
    counts.write_text(json.dumps(app.config["DATASET"], indent=1))
    partial.replace(cached)
    return app


class quiet_alembic:
    """Silence Alembic's per-migration log lines while the schema is built."""

    def __enter__(self):
        logging.disable(logging.INFO)

    def __exit__(self, *exc):
        logging.disable(logging.NOTSET)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Fills the database named by DATABASE_URL (or the instance's SQLite, as "
        "create_app() uses), bringing its schema up to date first; the database must hold "
        "no organisation yet. At scale 1.0: 200 projects, 2,000 partners, 10,000 commitments, "
        "200 reports (half published), ~300 letters, one project of 100 partnerships and 500 "
        "commitments; scale 0.1 makes a tenth of everything. Dates run from six months before "
        "today to six months after; the same seed on the same day gives the same data. Prints "
        f"the counts and the sign-in at the end ({ADMIN_EMAIL}, password {ADMIN_PASSWORD}, "
        "an admin).",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size, 1.0 = full (default 1.0)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from planner import create_app
    from planner.extensions import db, init_migrations
    from planner.models import Organisation

    app = create_app()
    init_migrations(app)
    with app.app_context():
        with quiet_alembic():
            upgrade()
        if db.session.scalar(sa.select(sa.func.count(Organisation.id))):
            raise SystemExit(
                f"{db.engine.url.render_as_string()}: this database already holds an "
                "organisation; load the data set into an empty one."
            )
        started = time.perf_counter()
        counts = load(args.scale, args.seed)
        elapsed = time.perf_counter() - started
        print(f"Loaded a large organisation at scale {args.scale:g} in {elapsed:.1f} s "
              f"into {db.engine.url.render_as_string()}:")  # fmt: skip
        for name, value in counts.items():
            print(f"  {name}: {value}")
        print(f"Sign in as {ADMIN_EMAIL} with the password {ADMIN_PASSWORD} (an admin);")
        print(f"coordinators {', '.join(e for e, _ in COORDINATORS)} share that password.")


if __name__ == "__main__":
    main()
