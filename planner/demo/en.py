"""The demo organisation in English: Warm Home Foundation, St Petersburg, working in euros.

Its Russian names (name, address, place, projects' titles and territories) go into the
letters written in Russian.
"""

from planner.demo import GETS, GIVES, Demo, N, U, Y
from planner.enums import (
    AskAnswer,
    Category,
    ContactKind,
    Health,
    ItemStatus,
    Language,
    LegalForm,
    Reach,
    Sector,
    Stage,
    Status,
    Subtype,
    Support,
    Trust,
)

C, S = Category, ItemStatus

ORGANISATION = dict(
    name="Warm Home Foundation",
    address="12 Sredny Prospekt, office 4\n199004 St Petersburg",
    place="St Petersburg",
    name_translated="Благотворительный фонд «Тёплый дом»",
    address_translated="Средний пр. В. О., д. 12, офис 4\n199004, Санкт-Петербург",
    place_translated="Санкт-Петербург",
    website="https://warmhome.example",
    email="hello@warmhome.example",
    signatory_name="Natalia Kovaleva",
    signatory_title="Director",
    language=Language.EN,
    currency="EUR",
    intro=(
        "Warm Home Foundation helps older people in St Petersburg stay warm, fed and in "
        "touch through the winter. Local businesses, libraries, volunteers and the city "
        "work with us: these reports show what we achieved together."
    ),
)

# name, sector, subtype, legal form, trust, contact person, email, phone
# fmt: off
PARTNERS = [
    ("Open Doors Association", Sector.NGO, Subtype.ASSOCIATION, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Maria Ivanova", "maria@opendoors.example", "+7 812 555 01 01"),
    ("Family Circle Charity", Sector.NGO, Subtype.CHARITY, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Oleg Petrov", "oleg@familycircle.example", "+7 812 555 01 02"),
    ("Northern Bakery", Sector.BUSINESS, Subtype.SMALL_BUSINESS, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Anna Smirnova", "anna@northernbakery.example", "+7 812 555 02 01"),
    ("Baltic Logistics Group", Sector.BUSINESS, Subtype.LARGE_COMPANY, LegalForm.LEGAL_ENTITY, Trust.NEW, "Pavel Orlov", "csr@balticlogistics.example", "+7 812 555 02 02"),
    ("District Youth Policy Department", Sector.GOVERNMENT, Subtype.LOCAL, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Irina Volkova", "youth@district.example", "+7 812 555 03 01"),
    ("Central City Library No. 3", Sector.GOVERNMENT, Subtype.STATE_INSTITUTION, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Elena Sokolova", "library3@city.example", ""),
    ("Neva Radio", Sector.MEDIA, Subtype.RADIO, LegalForm.LEGAL_ENTITY, Trust.NEW, "Dmitry Kuznetsov", "news@nevaradio.example", "+7 812 555 04 01"),
    ("Quarter News Online", Sector.MEDIA, Subtype.ONLINE, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Sofia Lebedeva", "editor@quarternews.example", ""),
    ("Silver Hands (55+)", Sector.VOLUNTEERS, Subtype.SILVER, LegalForm.INFORMAL_GROUP, Trust.TRIED, "Galina Morozova", "silverhands@mail.example", "+7 921 555 05 01"),
    ("Free Taxi Drivers", Sector.VOLUNTEERS, Subtype.DRIVERS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Sergei Fedorov", "", "+7 921 555 05 02"),
    ("Green Yard Eco-volunteers", Sector.VOLUNTEERS, Subtype.ECO, LegalForm.INFORMAL_GROUP, Trust.VERIFIED, "Nikita Popov", "greenyard@mail.example", ""),
    ("Parents of Vasilyevsky Island", Sector.VOLUNTEERS, Subtype.PARENTS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Olga Vasilieva", "parents.vo@mail.example", ""),
    ("Мама-блогеры Петербурга", Sector.VOLUNTEERS, Subtype.BLOGGERS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Екатерина Новикова", "mamablog@mail.example", ""),
]
# fmt: on

PROJECTS = [
    dict(
        slug="warm-winter",
        title="Warm Winter for Lonely Elders",
        summary="Volunteers visit, bring hot meals and fix small things at home for 120 elderly "
        "people living alone in the district through the winter.",
        goal="No lonely elder in the district spends the winter without a weekly visit.",
        target_group="People over 70 living alone in the district.",
        territory="Vasileostrovsky district, St Petersburg",
        title_translated="Тёплая зима для одиноких пожилых",
        territory_translated="Василеостровский район, Санкт-Петербург",
        stage=Stage.DELIVERY,
        months=(-3, 3),
    ),
    dict(
        slug="reading-yard",
        title="Reading Yard: summer library in the courtyards",
        summary="A mobile library and reading club for children in the courtyards of old blocks.",
        goal="300 children read and meet every week during the summer holidays.",
        target_group="Children aged 6–12 and their parents.",
        territory="Central district, St Petersburg",
        title_translated="Читающий двор: летняя библиотека во дворах",
        territory_translated="Центральный район, Санкт-Петербург",
        stage=Stage.AGREEMENTS,
        months=(2, 5),
    ),
    dict(
        slug="clean-shore",
        title="Clean Shore weekend",
        summary="A clean-up of the Gulf shore with families, schools and local companies.",
        goal="Clean 5 km of shore and start a yearly tradition.",
        target_group="Families and school classes of the district.",
        territory="Gulf of Finland shore, Vasileostrovsky district",
        title_translated="Субботник «Чистый берег»",
        territory_translated="Берег Финского залива, Василеостровский район",
        by_colleague=True,
        stage=Stage.PARTNER_SEARCH,
        months=(4, 4),
    ),
]

# project slug, partner name, status, support kinds, (need, fit, motivation)
# fmt: off
PARTNERSHIPS = [
    ("warm-winter", "Open Doors Association", Status.ACTIVE, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    ("warm-winter", "Northern Bakery", Status.COMMITTED, {Support.MATERIAL}, (Y, Y, Y)),
    ("warm-winter", "Silver Hands (55+)", Status.ACTIVE, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    ("warm-winter", "Free Taxi Drivers", Status.AGREED, {Support.MATERIAL}, (Y, Y, U)),
    ("warm-winter", "Neva Radio", Status.NEGOTIATING, {Support.INFORMATIONAL}, (U, Y, U)),
    ("warm-winter", "Baltic Logistics Group", Status.DECLINED, {Support.FINANCIAL}, (Y, U, N)),
    ("reading-yard", "Central City Library No. 3", Status.AGREED, {Support.MATERIAL, Support.ORGANISATIONAL}, (Y, Y, Y)),
    ("reading-yard", "Parents of Vasilyevsky Island", Status.CONTACTED, {Support.ORGANISATIONAL}, (Y, U, U)),
    ("reading-yard", "Мама-блогеры Петербурга", Status.CANDIDATE, {Support.INFORMATIONAL, Support.REPUTATIONAL}, (U, U, U)),
    ("reading-yard", "Family Circle Charity", Status.NEGOTIATING, {Support.ORGANISATIONAL}, (Y, Y, U)),
    ("reading-yard", "Quarter News Online", Status.COMPLETED, {Support.INFORMATIONAL}, (Y, Y, Y)),
    ("clean-shore", "Green Yard Eco-volunteers", Status.CONTACTED, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    ("clean-shore", "District Youth Policy Department", Status.CANDIDATE, {Support.FINANCIAL, Support.ORGANISATIONAL}, (Y, U, U)),
    ("clean-shore", "Baltic Logistics Group", Status.CANDIDATE, {Support.MATERIAL}, (Y, U, U)),
    ("clean-shore", "Open Doors Association", Status.DROPPED, {Support.ORGANISATIONAL}, (U, Y, N)),
]
# fmt: on

NOTES = {
    "need": "They bring what we cannot do ourselves.",
    "fit": "Easy to work with: quick answers, clear agreements.",
    "motivation": "Their motive is known and fits what they get from us.",
    "unclear": "Not clear yet why they would stay.",
}

# key: name, funder, deadline and decision in days from today
GRANT_CALLS = {
    "district": ("District social initiatives grant 2027", "District Administration", 20, 65),
    "closed": ("City youth summer programme", "City Youth Committee", -90, -30),
}

# project, need key, category, description, quantity, unit, needed in days
# fmt: off
NEEDS = [
    ("warm-winter", "meals", C.GOODS, "Bread for the weekly hot meals", 480, "loaves", 10),
    ("warm-winter", "rides", C.TRANSPORT, "Rides to clinics for elders who cannot walk", 40, "rides", 9),
    ("warm-winter", "clothes", C.GOODS, "Warm clothes and blankets", 200, "items", 30),
    ("reading-yard", "books", C.EQUIPMENT, "Children's books for the mobile library", 500, "books", 60),
    ("clean-shore", "truck", C.TRANSPORT, "A truck to take the rubbish away", 1, "truck", 120),
]
# fmt: on

# project, partner, direction, category, description, quantity, unit, value or (hours, rate),
# status, due in days from today (None: no date), need key, grant call
# fmt: off
ITEMS = [
    ("warm-winter", "Northern Bakery", GIVES, C.GOODS, "Fresh bread every Friday", 480, "loaves", 1920, S.PROMISED, 10, "meals", None),
    ("warm-winter", "Northern Bakery", GETS, C.RECOGNITION, "Logo on the volunteers' aprons and posters", None, "", None, S.PLANNED, 30, None, None),
    ("warm-winter", "Northern Bakery", GETS, C.RESULTS_REPORT, "A report on the meals served", None, "", None, S.PLANNED, 120, None, None),
    ("warm-winter", "Open Doors Association", GIVES, C.METHODOLOGY, "Their home-visiting guide and a training for our volunteers", None, "", 600, S.DELIVERED, -40, None, None),
    ("warm-winter", "Open Doors Association", GIVES, C.VOLUNTEER_TIME, "Experienced visitors", 120, "hours", (120, 15), S.DELIVERED, -10, None, None),
    ("warm-winter", "Open Doors Association", GETS, C.NETWORKING, "A seat in the district elderly-care network", None, "", None, S.DELIVERED, -20, None, None),
    ("warm-winter", "Silver Hands (55+)", GIVES, C.VOLUNTEER_TIME, "Weekly visits to 40 elders", 300, "hours", (300, 12), S.PARTLY_DELIVERED, 20, None, None),
    ("warm-winter", "Silver Hands (55+)", GETS, C.RECOGNITION, "Thanks at the volunteers' evening", None, "", None, S.PROMISED, 45, None, None),
    ("warm-winter", "Silver Hands (55+)", GETS, C.COMMUNITY_ACCESS, "Tea afternoons with the elders", None, "", None, S.DELIVERED, -5, None, None),
    ("warm-winter", "Free Taxi Drivers", GIVES, C.TRANSPORT, "Two rides a week to clinics", 24, "rides", None, S.PLANNED, 9, "rides", None),
    ("warm-winter", "Free Taxi Drivers", GETS, C.RECOGNITION, "Their names on the project page", None, "", None, S.PLANNED, 60, None, None),
    ("warm-winter", "Neva Radio", GIVES, C.PUBLICATIONS, "Three radio stories about the visits", 3, "stories", 900, S.PLANNED, 5, None, None),
    ("warm-winter", "Neva Radio", GIVES, C.EVENT_REPORTS, "A live report from the volunteers' evening", 1, "report", None, S.PLANNED, 45, None, None),
    ("warm-winter", "Baltic Logistics Group", GIVES, C.MONEY, "Sponsorship of the meals", None, "", 5000, S.NOT_DELIVERED, -30, None, None),
    ("warm-winter", "Northern Bakery", GIVES, C.MONEY, "Milk and tea for the meals", None, "", 1000, S.PROMISED, 15, None, None),
    ("warm-winter", "Open Doors Association", GIVES, C.MONEY, "Travel cards for the visitors", None, "", 600, S.DELIVERED, -20, None, None),
    ("reading-yard", "Central City Library No. 3", GIVES, C.EQUIPMENT, "Children's books on loan", 350, "books", 3500, S.DELIVERED, -15, "books", None),
    ("reading-yard", "Central City Library No. 3", GIVES, C.PREMISES, "Reading room on Saturdays", 12, "Saturdays", None, S.PROMISED, 40, None, None),
    ("reading-yard", "Central City Library No. 3", GETS, C.COMMUNITY_ACCESS, "New young readers signing up", 100, "readers", None, S.PLANNED, 150, None, None),
    ("reading-yard", "Family Circle Charity", GIVES, C.METHODOLOGY, "Their reading-club method", None, "", 400, S.PLANNED, 3, None, None),
    ("reading-yard", "Family Circle Charity", GETS, C.LEARNING, "Joint training for both teams", None, "", None, S.PLANNED, 70, None, None),
    ("reading-yard", "Parents of Vasilyevsky Island", GIVES, C.VOLUNTEER_TIME, "Parents on duty in the courtyards", 200, "hours", (200, 10), S.PLANNED, 45, None, None),
    ("reading-yard", "Parents of Vasilyevsky Island", GIVES, C.CIRCLE, "Inviting the neighbours' families through their chat", None, "", None, S.PLANNED, 40, None, None),
    ("reading-yard", "Quarter News Online", GIVES, C.PUBLICATIONS, "Announcement and a photo story", 2, "articles", 700, S.DELIVERED, -60, None, None),
    ("reading-yard", "Quarter News Online", GETS, C.RESULTS_REPORT, "Figures for their follow-up", None, "", None, S.DELIVERED, -30, None, None),
    ("clean-shore", "District Youth Policy Department", GIVES, C.MONEY, "Grant for gloves, bags and snacks", None, "", 2500, S.PLANNED, 110, None, "district"),
    ("clean-shore", "Baltic Logistics Group", GIVES, C.TRANSPORT, "A truck and a driver for the day", 1, "truck", 800, S.PLANNED, 120, "truck", None),
    ("clean-shore", "Baltic Logistics Group", GETS, C.STAFF_ENGAGEMENT, "A team-building day for their staff", None, "", None, S.PLANNED, 120, None, None),
    ("clean-shore", "Green Yard Eco-volunteers", GIVES, C.VOLUNTEER_TIME, "Team leaders on the shore", 60, "hours", None, S.PROMISED, 120, None, None),
    ("clean-shore", "Green Yard Eco-volunteers", GETS, C.MISSION_FIT, "A cleaner shore, their cause", None, "", None, S.PLANNED, 120, None, None),
]
# fmt: on

# A project's budget: project, line, amount, the money items that pay for it (partner, what).
# fmt: off
BUDGET = [
    ("warm-winter", "Food for the weekly hot meals", 6000, [("Baltic Logistics Group", "Sponsorship of the meals"), ("Northern Bakery", "Milk and tea for the meals")]),
    ("warm-winter", "Volunteers' travel", 1500, [("Open Doors Association", "Travel cards for the visitors")]),
    ("warm-winter", "Warm clothes and blankets", 2500, []),
    ("warm-winter", "Coordinator's hours", 4000, []),
    ("summer-festival", "Illustrators' workshop fees", 3000, []),
]
# fmt: on

# project, partner, [(colour, note, days ago)]
HEALTH = [
    (
        "warm-winter",
        "Open Doors Association",
        [(Health.GREEN, "Visits on schedule.", 30), (Health.GREEN, "Training went well.", 7)],
    ),
    (
        "warm-winter",
        "Silver Hands (55+)",
        [
            (Health.GREEN, "Good start.", 40),
            (Health.AMBER, "Fewer visitors since the frost; they want more thanks in public.", 6),
        ],
    ),
    ("warm-winter", "Northern Bakery", [(Health.GREEN, "Bread arrives every Friday.", 3)]),
]


# project, partner, language, stage: draft, sent, signed, amended (signed, then a sent amendment)
LETTERS = [
    ("warm-winter", "Northern Bakery", Language.EN, "signed"),
    ("warm-winter", "Open Doors Association", Language.EN, "amended"),
    ("warm-winter", "Free Taxi Drivers", Language.RU, "sent"),
    ("reading-yard", "Central City Library No. 3", Language.RU, "draft"),
    ("warm-winter", "Silver Hands (55+)", Language.RU, "signed"),
    ("warm-winter", "Neva Radio", Language.EN, "draft"),
]

FESTIVAL = {
    "slug": "summer-festival",
    "title": "Summer Reading Festival 2026",
    "summary": "Three days of reading, a book swap and workshops for 420 children in the "
    "courtyards of Vasilyevsky Island.",
    "goal": "Bring children and their parents back to books for the summer.",
    "target_group": "Children aged 6–12 and their parents.",
    "territory": "Vasilyevsky Island, St Petersburg",
    "title_translated": "Летний фестиваль чтения 2026",
    "territory_translated": "Васильевский остров, Санкт-Петербург",
    "stage": Stage.CLOSED,
}

FESTIVAL_STORY = """\
## Three days in the courtyards

For three days in June, the courtyards around the library turned into a reading
town: a **book swap**, reading corners in the shade, workshops with illustrators,
and a stage for children who wanted to read aloud.

- 420 children came, many of them twice;
- 950 books changed hands at the swap;
- parents on duty kept every corner safe and friendly.

![The book-swap stalls in the courtyard](photo-1)

We could not have done it alone. Here is what our partners made possible.
"""

# partner, consent (name, logo, quote), quote, made possible, thank-you, items
FESTIVAL_PARTNERS = [
    (
        "Central City Library No. 3",
        (True, False, True),
        "The festival brought us 130 new young readers in one weekend.",
        "The hall, the courtyard and the book swap: the heart of the festival.",
        "Thank you for opening your doors and your shelves to the whole island.",
        [
            (
                GIVES,
                C.PREMISES,
                "Hall and courtyard for three festival days",
                3,
                "days",
                None,
                False,
            ),
            (GIVES, C.EQUIPMENT, "600 books for the book swap", 600, "books", 1200, False),
            (GETS, C.RECOGNITION, "Name and thanks on every poster", None, "", None, False),
            (
                GETS,
                C.COMMUNITY_ACCESS,
                "130 new young readers signed up",
                130,
                "readers",
                None,
                False,
            ),
        ],
    ),
    (
        "Northern Bakery",
        (True, True, False),
        "",
        "Every child got a fresh pastry after the morning readings.",
        "Thank you for the pastries that made the mornings a feast.",
        [
            # The bakery asked us not to publish what the pastries cost: an internal value.
            (GIVES, C.GOODS, "Pastries for 420 children", 420, "pastries", 900, True),
            (GETS, C.RECOGNITION, "Logo on the festival's map", None, "", None, False),
        ],
    ),
    (
        "Neva Radio",
        (False, False, False),
        "",
        "Two live broadcasts brought families from all over the district.",
        "",
        [
            (
                GIVES,
                C.PUBLICATIONS,
                "Two live broadcasts from the festival",
                2,
                "broadcasts",
                1500,
                False,
            ),
            (
                GETS,
                C.RESULTS_REPORT,
                "Figures and photos for their autumn story",
                None,
                "",
                None,
                False,
            ),
        ],
    ),
    (
        "Parents of Vasilyevsky Island",
        (True, False, False),
        "",
        "Parents on duty in every corner, from setting up to sweeping up.",
        "Thank you for the 80 hours you gave to other people's children too.",
        [
            (GIVES, C.VOLUNTEER_TIME, "Parents on duty", 80, "hours", (80, 10), False),
            (GETS, C.COMMUNITY_ACCESS, "A place to meet other families", None, "", None, False),
        ],
    ),
]

FESTIVAL_RESULTS = [
    ("Children took part", 420, "children"),
    ("Festival days", 3, "days"),
    ("Books swapped", 950, "books"),
    ("Hours given by volunteer parents", 80, "hours"),
]


DEMO = Demo(
    organisation=ORGANISATION,
    admin="Natalia Kovaleva",
    colleague=("Ivan Belov", "ivan@warmhome.example"),
    users_language=None,
    partners=PARTNERS,
    private_note="Private: met {contact} at the district volunteer fair.",
    projects=PROJECTS,
    partnerships=PARTNERSHIPS,
    notes=NOTES,
    grant_calls=GRANT_CALLS,
    needs=NEEDS,
    items=ITEMS,
    budget=BUDGET,
    health=HEALTH,
    letters=LETTERS,
    amendment="This amendment adds the volunteers' hours agreed in the autumn.",
    letter_answers=[
        ("warm-winter", "Silver Hands (55+)", "confirmed", "Chair of the board"),
        (
            "warm-winter",
            "Free Taxi Drivers",
            "changes",
            "Could the rides start at 9 rather than 8? Our drivers finish the night shift at 8.",
        ),
        ("warm-winter", "Open Doors Association", "waiting", ""),
    ],
    festival=FESTIVAL,
    festival_story=FESTIVAL_STORY,
    festival_partners=FESTIVAL_PARTNERS,
    festival_results=FESTIVAL_RESULTS,
    photo=("Drawing of the book-swap stalls in the courtyard on a sunny day", "Demo illustration"),
    logo_partner="Northern Bakery",
    updates_consent=[("Central City Library No. 3", "signed form"), ("Northern Bakery", "email")],
    partner_reports=[
        (
            "Central City Library No. 3",
            "P.S. Our director would love to show you the festival's photo album over tea "
            "in September.",
            12,
        ),
        ("Northern Bakery", "Every child still talks about the cinnamon buns.", None),
    ],
    asks=[
        (
            "warm-winter",
            "Northern Bakery",
            "Fresh bread every Friday",
            25,
            AskAnswer.YES,
            "Agreed on the phone with the manager; she wants the number of meals by Wednesday.",
        ),
        ("clean-shore", "Baltic Logistics Group", "A truck and a driver for the day", 4, None, ""),
    ],
    partner_reach={
        "Neva Radio": dict(
            reach_level=Reach.REGIONAL,
            audience="Listeners in St Petersburg and the Leningrad region, mostly over 45",
            audience_size=180000,
        ),
        "Quarter News Online": dict(
            reach_level=Reach.LOCAL,
            audience="Residents of Vasilyevsky Island",
            audience_size=12000,
        ),
        "Мама-блогеры Петербурга": dict(
            reach_level=Reach.REGIONAL,
            audience="Mothers of young children across the city",
            audience_size=25000,
        ),
        "Parents of Vasilyevsky Island": dict(
            reach_level=Reach.LOCAL,
            audience="Parents of young children, a neighbourhood chat",
            audience_size=800,
            capacity="Two or three parents on duty on weekday afternoons; more in the holidays.",
        ),
        "Free Taxi Drivers": dict(capacity="Six drivers with their own cars, mornings only."),
    },
    contact_forms={
        "Northern Bakery": "female",
        "Baltic Logistics Group": "male",
        "Central City Library No. 3": "female",
    },
    contacts=[
        (
            "warm-winter",
            "Northern Bakery",
            ContactKind.CALL,
            2,
            "Called the manager about the Friday bread in December.",
            "The bread continues; she wants the number of meals by Wednesday.",
            "Send the bakery the number of meals for next week",
            0,
        ),
        (
            "warm-winter",
            "Free Taxi Drivers",
            ContactKind.EMAIL,
            6,
            "Answered their request to start the rides at 9 rather than 8.",
            "",
            "Call the dispatcher to agree the new start time",
            -2,
        ),
        (
            "warm-winter",
            "Neva Radio",
            ContactKind.LETTER,
            10,
            "Sent the letter about the winter campaign and the volunteers' stories.",
            "Received by the editor.",
            "",
            None,
        ),
        (
            "warm-winter",
            "Neva Radio",
            ContactKind.CALL,
            3,
            "Called the editor after the letter.",
            "They would like to meet and hear the elders' stories.",
            "Meet the editor at the studio",
            4,
        ),
        (
            "reading-yard",
            "Family Circle Charity",
            ContactKind.MEETING,
            5,
            "Met the director about a joint reading corner for families.",
            "Interested; they want to see a budget.",
            "Send a budget for the reading corner",
            12,
        ),
        (
            None,
            "Central City Library No. 3",
            ContactKind.VISIT,
            80,
            "Brought the festival photos and our thanks to the library.",
            "They would gladly host the festival again.",
            "",
            None,
        ),
    ],
    work_again=["Northern Bakery", "Parents of Vasilyevsky Island"],
)
