"""The demo organisation: a realistic workspace that shows every capability.

One story, told in each interface language: `en.py` and `ru.py` hold the data (the same
organisation, projects, partners at every status, matrix, letters and published report,
written as an organisation working in that language would write them); this module
loads either into an empty database.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage

from planner.auth.accounts import create_user
from planner.enums import (
    Answer,
    Direction,
    ItemStatus,
    Language,
    LetterStatus,
    Status,
    Support,
)
from planner.extensions import db
from planner.letters.compose import draft, send
from planner.matrix.rules import compute_value
from planner.models import (
    BudgetLine,
    Commitment,
    Contact,
    GrantCall,
    HealthCheck,
    KeyResult,
    Letter,
    LetterEmail,
    Need,
    Organisation,
    Partner,
    PartnerReport,
    Partnership,
    Photo,
    Project,
    Report,
    StatusChange,
    Thanks,
    now,
)
from planner.partner_reports.rules import SentHow
from planner.partnerships.rules import PATH
from planner.uploads import save_photo

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-partnerships"  # noqa: S105 (public by design: printed by `planner demo`)

Y, N, U = Answer.YES, Answer.NO, Answer.UNSURE
GIVES, GETS = Direction.GIVES, Direction.GETS


@dataclass(frozen=True)
class Demo:
    """One language's telling of the demo: every table the loader reads.

    Partners are referred to by name and projects by slug across the tables; rows are
    described where they are written (en.py).
    """

    organisation: dict
    admin: str
    colleague: tuple[str, str]
    # The interface language of the demo's accounts (None: each browser's).
    users_language: Language | None
    partners: list[tuple]
    private_note: str
    projects: list[dict]
    partnerships: list[tuple]
    notes: dict[str, str]
    grant_calls: dict[str, tuple]
    needs: list[tuple]
    items: list[tuple]
    health: list[tuple]
    letters: list[tuple]
    amendment: str
    festival: dict
    festival_story: str
    festival_partners: list[tuple]
    festival_results: list[tuple]
    photo: tuple[str, str]
    logo_partner: str
    updates_consent: list[tuple[str, str]]
    # Letters e-mailed from the app and what the partner answered through the link: project
    # slug, partner name, answer ("confirmed": text is the signatory's position; "changes":
    # text is the partner's comment; "waiting": no answer yet), text. The newest version of
    # the partnership's letter is the one e-mailed.
    letter_answers: list[tuple[str, str, str, str]] = field(default_factory=list)
    # How letters greet a partner's contact (planner/letters/compose.py greeting), by partner.
    contact_forms: dict[str, str] = field(default_factory=dict)
    # Asks made: project slug, partner name, the item's description, asked how many days
    # ago (by the admin), the answer (None: waiting for it), the note on the answer.
    asks: list[tuple] = field(default_factory=list)
    # A project's budget: project slug, line name, amount, and the money items that pay for
    # it as (partner name, the item's description).
    budget: list[tuple] = field(default_factory=list)

    # The finished project's partner reports (planner/partner_reports): partner name, the
    # coordinator's personal note, and how many days ago it was e-mailed (None: not sent).
    partner_reports: list[tuple[str, str, int | None]] = field(default_factory=list)

    # The contact log (planner/contacts): project slug (None: the finished festival), partner
    # name, kind, how many days ago, summary, outcome, next step, its due date in days from
    # today (None: no step). Every step is the admin's, so the dashboard shows them.
    contacts: list[tuple] = field(default_factory=list)
    # The festival's partners who said they would work with us again.
    work_again: list[str] = field(default_factory=list)
    # Reach and capacity by partner name: Partner's reach_level, audience, audience_size, capacity.
    partner_reach: dict[str, dict] = field(default_factory=dict)


def demo_for(language: Language) -> Demo:
    """The demo told in `language`; a language added to the interface has none until its
    tables are written (a copy of en.py, translated)."""
    # Imported here: en.py and ru.py build their tables with this module's Demo.
    from planner.demo import en, ru

    demos = {Language.EN: en.DEMO, Language.RU: ru.DEMO}
    if language not in demos:
        raise ValueError(f"There is no demo in {language.value} yet.")
    return demos[language]


def month_shift(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def load_demo(today: date | None = None, language: Language = Language.EN) -> str:
    """Fill an empty database with the demo organisation in `language`; return a summary."""
    demo = demo_for(language)
    today = today or date.today()
    org = Organisation(**demo.organisation)
    db.session.add(org)
    admin = create_user(DEMO_EMAIL, demo.admin, DEMO_PASSWORD, admin=True)
    colleague = create_user(demo.colleague[1], demo.colleague[0], DEMO_PASSWORD)
    admin.language = colleague.language = demo.users_language
    partners = {}
    for name, sector, subtype, form, trust, contact, email, phone in demo.partners:
        partners[name] = Partner(
            name=name,
            sector=sector,
            subtype=subtype,
            legal_form=form,
            trust=trust,
            contact_person=contact,
            email=email,
            phone=phone,
            notes=demo.private_note.format(contact=contact),
            **demo.partner_reach.get(name, {}),
        )
    projects = {}
    for spec in demo.projects:
        fields = dict(spec)
        start, end = fields.pop("months")
        coordinator = colleague if fields.pop("by_colleague", False) else admin
        projects[fields["slug"]] = Project(
            **fields,
            start_date=month_shift(today, start),
            end_date=month_shift(today, end + 1) - timedelta(days=1),
            coordinator=coordinator,
        )
    db.session.add_all([*partners.values(), *projects.values()])
    db.session.flush()
    for slug, name, status, support, (need, fit, motivation) in demo.partnerships:
        partnership = Partnership(
            project=projects[slug],
            partner=partners[name],
            support=support,
            status=status,
            need=need,
            fit=fit,
            motivation=motivation,
            need_note=demo.notes["need"] if need is Y else "",
            fit_note=demo.notes["fit"] if fit is Y else "",
            motivation_note=demo.notes["motivation"] if motivation is Y else demo.notes["unclear"],
            responsible=projects[slug].coordinator,
            partner_contact=partners[name].contact_person,
            contact_form=demo.contact_forms.get(name, ""),
        )
        db.session.add(partnership)
        add_history(partnership, status, projects[slug].coordinator)
    db.session.flush()
    add_matrix(demo, today, projects)
    db.session.flush()
    add_asks(demo, today, admin)
    add_letters(demo, today, org)
    db.session.flush()
    add_letter_answers(demo, today)
    add_festival(demo, today, admin, partners)
    db.session.flush()
    add_budget(demo)
    add_contacts(demo, today, admin)
    db.session.commit()
    return (
        f"Loaded the demo organisation ({language.value}): {len(demo.projects) + 1} projects, "
        f"{len(demo.partners)} partners, "
        f"{len(demo.partnerships) + len(demo.festival_partners)} partnerships, "
        "a published report."
    )


def add_history(partnership: Partnership, status: Status, user) -> None:
    """Record a believable dated path up to `status`, a week per step."""
    steps = (
        list(PATH[: PATH.index(status) + 1])
        if status in PATH
        else [Status.CANDIDATE, Status.CONTACTED, status]
    )
    start = now() - timedelta(days=7 * len(steps))
    old = None
    for i, step in enumerate(steps):
        partnership.history.add(
            StatusChange(
                old_status=old, new_status=step, user=user, changed_at=start + timedelta(days=7 * i)
            )
        )
        old = step


def commitment(partnership, direction, category, description, quantity, unit, value, **fields):
    """A commitment from a data row: `value` is an amount, or (hours, hourly rate) for time."""
    hours, rate = (Decimal(v) for v in value) if isinstance(value, tuple) else (None, None)
    amount = None if value is None or hours is not None else Decimal(value)
    return Commitment(
        partnership=partnership,
        direction=direction,
        category=category,
        description=description,
        unit=unit,
        quantity=None if quantity is None else Decimal(quantity),
        hours=hours,
        hourly_rate=rate,
        value=compute_value(amount, hours, rate),
        **fields,
    )


def add_matrix(demo: Demo, today: date, projects: dict) -> None:
    """Needs, commitments in both directions, grant calls and health checks."""
    calls = {
        key: GrantCall(
            name=name,
            funder=funder,
            deadline=today + timedelta(days=deadline),
            decision_date=today + timedelta(days=decision),
        )
        for key, (name, funder, deadline, decision) in demo.grant_calls.items()
    }
    needs = {
        key: Need(
            project=projects[slug],
            category=category,
            description=description,
            quantity=Decimal(quantity),
            unit=unit,
            needed_by=today + timedelta(days=days),
        )
        for slug, key, category, description, quantity, unit, days in demo.needs
    }
    partnerships = {
        (p.project.slug, p.partner.name): p
        for p in db.session.scalars(sa.select(Partnership)).all()
    }
    for (
        slug,
        name,
        direction,
        category,
        description,
        quantity,
        unit,
        value,
        status,
        due,
        need,
        call,
    ) in demo.items:
        db.session.add(
            commitment(
                partnerships[slug, name],
                direction,
                category,
                description,
                quantity,
                unit,
                value,
                status=status,
                due_date=None if due is None else today + timedelta(days=due),
                responsible=partnerships[slug, name].partner_contact,
                need=needs.get(need),
                grant_call=calls.get(call),
            )
        )
    for slug, name, checks in demo.health:
        for colour, note, days_ago in checks:
            db.session.add(
                HealthCheck(
                    partnership=partnerships[slug, name],
                    colour=colour,
                    note=note,
                    checked_on=today - timedelta(days=days_ago),
                    user=partnerships[slug, name].responsible,
                )
            )
    db.session.add_all([*calls.values(), *needs.values()])


def add_asks(demo: Demo, today: date, admin) -> None:
    """Record the asks already made: one answered, one waiting for its answer."""
    for slug, name, description, days_ago, answer, note in demo.asks:
        item = db.session.scalars(
            sa.select(Commitment)
            .join(Partnership)
            .join(Project)
            .join(Partner)
            .where(
                Project.slug == slug, Partner.name == name, Commitment.description == description
            )
        ).one()
        item.asked_on = today - timedelta(days=days_ago)
        item.asked_by_id = admin.id
        if answer is not None:
            item.answer, item.answer_note = answer, note
            item.answered_on = item.asked_on + timedelta(days=2)


def add_budget(demo: Demo) -> None:
    """Budget lines, and the money items that name them."""
    projects = dict(db.session.execute(sa.select(Project.slug, Project.id)).all())
    for position, (slug, name, amount, items) in enumerate(demo.budget, start=1):
        line = BudgetLine(
            project_id=projects[slug], name=name, amount=Decimal(amount), position=position
        )
        db.session.add(line)
        db.session.flush()
        for partner, description in items:
            item = db.session.scalars(
                sa.select(Commitment)
                .join(Partnership)
                .join(Partner)
                .where(
                    Partnership.project_id == projects[slug],
                    Partner.name == partner,
                    Commitment.description == description,
                )
            ).one()
            item.budget_line_id = line.id


def add_letters(demo: Demo, today: date, org: Organisation) -> None:
    """Letters at every stage, reachable from the partnership pages."""
    partnerships = {
        (p.project.slug, p.partner.name): p for p in db.session.scalars(sa.select(Partnership))
    }
    for slug, name, language, stage in demo.letters:
        partnership = partnerships[slug, name]
        letter = draft(partnership, language, org, today - timedelta(days=30))
        if stage == "draft":
            continue
        send(letter, org, today - timedelta(days=21))
        if stage in ("signed", "amended"):
            letter.status = LetterStatus.SIGNED
            letter.signed_on = today - timedelta(days=14)
            letter.partner_signatory = partnership.partner_contact
        if stage == "amended":
            amendment = draft(partnership, language, org, today - timedelta(days=5), amends=letter)
            amendment.opening += " " + demo.amendment
            send(amendment, org, today - timedelta(days=4))


def add_letter_answers(demo: Demo, today: date) -> None:
    """E-mails of sent letters, with a link nobody knows (only its hash is kept), and the
    partners' answers: a confirmation online, a request for changes, none yet."""
    import secrets

    from planner.letters.mail import ONLINE, token_hash

    for slug, name, answer, answer_text in demo.letter_answers:
        letter = db.session.scalars(
            sa.select(Letter)
            .join(Partnership)
            .join(Partner)
            .join(Project)
            .where(Project.slug == slug, Partner.name == name, Letter.sent_on.is_not(None))
            .order_by(Letter.version.desc())
        ).first()
        sent_at = datetime.combine(letter.sent_on, time(10, 0))
        db.session.add(
            LetterEmail(
                letter=letter,
                recipient=letter.partnership.partner.email or "partner@example.org",
                sent_at=sent_at,
                sent_by=letter.partnership.responsible,
                token_hash=token_hash(secrets.token_urlsafe(32)),
                expires_at=sent_at + timedelta(days=30),
            )
        )
        answered = datetime.combine(today - timedelta(days=2), time(11, 30))
        if answer == "confirmed":
            letter.status = LetterStatus.SIGNED
            letter.signed_on = answered.date()
            letter.partner_signatory = letter.partnership.partner_contact
            letter.partner_signatory_title = answer_text
            letter.signed_method = ONLINE
            letter.confirmed_at = answered
        elif answer == "changes":
            letter.change_request = answer_text
            letter.change_requested_at = answered


def add_partner_reports(demo: Demo, today: date, admin, festival: dict) -> None:
    """Each festival partner's private report: a personal note, and one already e-mailed."""
    for name, note, days_ago in demo.partner_reports:
        partnership = festival[name]
        record = PartnerReport(partnership_id=partnership.id, note=note)
        if days_ago is not None:
            record.sent_on = today - timedelta(days=days_ago)
            record.method = SentHow.EMAIL.value
            record.recipient = partnership.partner.email
            record.sent_by = admin
        db.session.add(record)


def add_contacts(demo: Demo, today: date, admin) -> None:
    """The log of the last weeks: next steps due today, this week and overdue, and a
    consenting partner nobody has called since the festival (gone quiet)."""
    rows = db.session.execute(
        sa.select(Project.slug, Partner.name, Partnership).join(Project).join(Partner)
    ).all()
    partnerships = {(slug, name): p for slug, name, p in rows}
    festival = demo.festival["slug"]
    for slug, name, kind, days_ago, summary, outcome, step, due in demo.contacts:
        partnership = partnerships[slug or festival, name]
        db.session.add(
            Contact(
                partnership=partnership,
                kind=kind,
                contacted_on=today - timedelta(days=days_ago),
                user_id=admin.id,
                with_whom=partnership.partner_contact,
                summary=summary,
                outcome=outcome,
                next_step=step,
                next_due_on=None if due is None else today + timedelta(days=due),
                next_owner_id=None if due is None else admin.id,
            )
        )
    for name in demo.work_again:
        partnership = partnerships[festival, name]
        partnership.again_us = partnership.again_them = Y


def demo_picture(width: int, height: int, colours: tuple[str, str]) -> bytes:
    """A simple drawn picture, so that the demo needs no photo from anywhere."""
    image = Image.new("RGB", (width, height), colours[0])
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.72, height * 0.1, width * 0.9, height * 0.38), fill="#f4c542")
    draw.rectangle((0, height * 0.7, width, height), fill=colours[1])
    for i in range(6):
        x = width * (0.1 + i * 0.1)
        draw.rectangle(
            (x, height * 0.45, x + width * 0.06, height * 0.7), fill=("#a33", "#36a")[i % 2]
        )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def stored_picture(width: int, height: int, colours: tuple[str, str]) -> tuple[str, int, int]:
    upload = FileStorage(io.BytesIO(demo_picture(width, height, colours)), "picture.png")
    return save_photo(upload)


def add_festival(demo: Demo, today: date, admin, partners: dict) -> None:
    """A finished project with a published report: some partners named, one not."""
    project = Project(
        **demo.festival,
        start_date=month_shift(today, -6),
        end_date=month_shift(today, -5) - timedelta(days=1),
        coordinator=admin,
    )
    report = Report(
        project=project,
        summary=demo.festival["summary"],
        narrative=demo.festival_story,
        published_at=now() - timedelta(days=20),
    )
    db.session.add_all([project, report])
    db.session.flush()
    for label, value, unit in demo.festival_results:
        db.session.add(KeyResult(report_id=report.id, label=label, value=Decimal(value), unit=unit))
    name, width, height = stored_picture(1200, 800, ("#bfe3f5", "#7cbf6b"))
    alt, credit = demo.photo
    db.session.add(
        Photo(report_id=report.id, file=name, width=width, height=height, alt=alt, credit=credit)
    )
    partners[demo.logo_partner].logo_file = stored_picture(300, 120, ("#fff3e0", "#c47a2c"))[0]
    festival: dict[str, Partnership] = {}
    for name, (
        named,
        logo,
        quoted,
    ), quote, made_possible, thank_you, items in demo.festival_partners:
        partnership = festival[name] = Partnership(
            project=project,
            partner=partners[name],
            status=Status.COMPLETED,
            need=Y,
            fit=Y,
            motivation=Y,
            support={Support.MATERIAL},
            consent_name=named,
            consent_logo=logo,
            consent_quote=quoted,
            quote=quote,
            responsible=admin,
            partner_contact=partners[name].contact_person,
        )
        db.session.add(partnership)
        add_history(partnership, Status.COMPLETED, admin)
        db.session.flush()
        for direction, category, description, quantity, unit, value, internal in items:
            db.session.add(
                commitment(
                    partnership,
                    direction,
                    category,
                    description,
                    quantity,
                    unit,
                    value,
                    status=ItemStatus.DELIVERED,
                    internal=internal,
                    due_date=project.start_date,
                )
            )
        db.session.add(
            Thanks(
                report_id=report.id,
                partnership_id=partnership.id,
                made_possible=made_possible,
                thank_you=thank_you,
            )
        )
    add_partner_reports(demo, today, admin, festival)
    for name, how in demo.updates_consent:
        partners[name].updates_consent = True
        partners[name].updates_consent_on = today - timedelta(days=25)
        partners[name].updates_consent_how = how
