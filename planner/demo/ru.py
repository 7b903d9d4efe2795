"""The demo organisation in Russian: благотворительный фонд «Тёплый дом», Санкт-Петербург, в рублях.

The same story as en.py (read the rows' descriptions there), as a Russian NGO writes it;
its English names go into letters written in English.
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
    name="Благотворительный фонд «Тёплый дом»",
    address="Средний пр. В. О., д. 12, офис 4\n199004, Санкт-Петербург",
    place="Санкт-Петербург",
    name_translated="Warm Home Foundation",
    address_translated="12 Sredny Prospekt, office 4\n199004 St Petersburg",
    place_translated="St Petersburg",
    website="https://teplydom.example",
    email="hello@teplydom.example",
    signatory_name="Наталья Ковалёва",
    signatory_title="Директор",
    language=Language.RU,
    currency="RUB",
    intro=(
        "Фонд «Тёплый дом» помогает пожилым людям в Санкт-Петербурге пережить зиму в тепле, "
        "сытости и общении. С нами работают местные компании, библиотеки, волонтёры и город: "
        "в этих отчётах — то, чего мы добились вместе."
    ),
)

OPEN_DOORS = "Ассоциация «Открытые двери»"
FAMILY = "Семейный круг"
BAKERIES = "Объединённые пекарни"
LENTA = "Лента"
DISTRICT = "Администрация Василеостровского района"
LIBRARY = "Центральная городская библиотека № 3"
RADIO = "Радио «Нева»"
NEWSPAPER = "Василеостровский вестник"
SILVER = "Серебряные руки (55+)"
TAXI = "Доброе такси"
GREEN = "Экоотряд «Зелёный двор»"
PARENTS = "Родители Васильевского острова"
BLOGGERS = "Мама-блогеры Петербурга"

# fmt: off
PARTNERS = [
    (OPEN_DOORS, Sector.NGO, Subtype.ASSOCIATION, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Мария Иванова", "maria@opendoors.example", "+7 812 555-01-01"),
    (FAMILY, Sector.NGO, Subtype.CHARITY, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Олег Петров", "oleg@semkrug.example", "+7 812 555-01-02"),
    (BAKERIES, Sector.BUSINESS, Subtype.SMALL_BUSINESS, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Анна Сергеевна Смирнова", "anna@pekarni.example", "+7 812 555-02-01"),
    (LENTA, Sector.BUSINESS, Subtype.LARGE_COMPANY, LegalForm.LEGAL_ENTITY, Trust.NEW, "Павел Андреевич Орлов", "csr@lenta.example", "+7 812 555-02-02"),
    (DISTRICT, Sector.GOVERNMENT, Subtype.LOCAL, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Ирина Волкова", "molodezh@vo-district.example", "+7 812 555-03-01"),
    (LIBRARY, Sector.GOVERNMENT, Subtype.STATE_INSTITUTION, LegalForm.LEGAL_ENTITY, Trust.VERIFIED, "Елена Викторовна Соколова", "library3@city.example", ""),
    (RADIO, Sector.MEDIA, Subtype.RADIO, LegalForm.LEGAL_ENTITY, Trust.NEW, "Дмитрий Кузнецов", "news@radioneva.example", "+7 812 555-04-01"),
    (NEWSPAPER, Sector.MEDIA, Subtype.PRINT, LegalForm.LEGAL_ENTITY, Trust.TRIED, "Софья Лебедева", "redakciya@vovestnik.example", ""),
    (SILVER, Sector.VOLUNTEERS, Subtype.SILVER, LegalForm.INFORMAL_GROUP, Trust.TRIED, "Галина Морозова", "silverhands@mail.example", "+7 921 555-05-01"),
    (TAXI, Sector.VOLUNTEERS, Subtype.DRIVERS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Сергей Фёдоров", "", "+7 921 555-05-02"),
    (GREEN, Sector.VOLUNTEERS, Subtype.ECO, LegalForm.INFORMAL_GROUP, Trust.VERIFIED, "Никита Попов", "greenyard@mail.example", ""),
    (PARENTS, Sector.VOLUNTEERS, Subtype.PARENTS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Ольга Васильева", "parents.vo@mail.example", ""),
    (BLOGGERS, Sector.VOLUNTEERS, Subtype.BLOGGERS, LegalForm.INFORMAL_GROUP, Trust.NEW, "Екатерина Новикова", "mamablog@mail.example", ""),
]
# fmt: on

WINTER, YARD, SHORE = "teplaya-zima", "chitayushchii-dvor", "chistyi-bereg"

PROJECTS = [
    dict(
        slug=WINTER,
        title="Тёплая зима для одиноких пожилых",
        summary="Всю зиму добровольцы навещают 120 одиноких пожилых людей района: приносят "
        "горячие обеды и помогают с мелким ремонтом по дому.",
        goal="Ни один одинокий пожилой человек в районе не остаётся зимой без еженедельного "
        "визита.",
        target_group="Люди старше 70 лет, которые живут одни.",
        territory="Василеостровский район, Санкт-Петербург",
        title_translated="Warm Winter for Lonely Elders",
        territory_translated="Vasileostrovsky district, St Petersburg",
        stage=Stage.DELIVERY,
        months=(-3, 3),
    ),
    dict(
        slug=YARD,
        title="Читающий двор: летняя библиотека во дворах",
        summary="Передвижная библиотека и читательский клуб для детей во дворах старого фонда.",
        goal="300 детей каждую неделю летних каникул читают и встречаются во дворе.",
        target_group="Дети 6–12 лет и их родители.",
        territory="Центральный район, Санкт-Петербург",
        title_translated="Reading Yard: summer library in the courtyards",
        territory_translated="Central district, St Petersburg",
        stage=Stage.AGREEMENTS,
        months=(2, 5),
    ),
    dict(
        slug=SHORE,
        title="Субботник «Чистый берег»",
        summary="Уборка берега Финского залива вместе с семьями, школами и местными компаниями.",
        goal="Очистить 5 км берега и сделать субботник ежегодной традицией.",
        target_group="Семьи и школьные классы района.",
        territory="Берег Финского залива, Василеостровский район",
        title_translated="Clean Shore weekend",
        territory_translated="Gulf of Finland shore, Vasileostrovsky district",
        stage=Stage.PARTNER_SEARCH,
        months=(4, 4),
        by_colleague=True,
    ),
]

# fmt: off
PARTNERSHIPS = [
    (WINTER, OPEN_DOORS, Status.ACTIVE, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    (WINTER, BAKERIES, Status.COMMITTED, {Support.MATERIAL}, (Y, Y, Y)),
    (WINTER, SILVER, Status.ACTIVE, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    (WINTER, TAXI, Status.AGREED, {Support.MATERIAL}, (Y, Y, U)),
    (WINTER, RADIO, Status.NEGOTIATING, {Support.INFORMATIONAL}, (U, Y, U)),
    (WINTER, LENTA, Status.DECLINED, {Support.FINANCIAL}, (Y, U, N)),
    (YARD, LIBRARY, Status.AGREED, {Support.MATERIAL, Support.ORGANISATIONAL}, (Y, Y, Y)),
    (YARD, PARENTS, Status.CONTACTED, {Support.ORGANISATIONAL}, (Y, U, U)),
    (YARD, BLOGGERS, Status.CANDIDATE, {Support.INFORMATIONAL, Support.REPUTATIONAL}, (U, U, U)),
    (YARD, FAMILY, Status.NEGOTIATING, {Support.ORGANISATIONAL}, (Y, Y, U)),
    (YARD, NEWSPAPER, Status.COMPLETED, {Support.INFORMATIONAL}, (Y, Y, Y)),
    (SHORE, GREEN, Status.CONTACTED, {Support.ORGANISATIONAL}, (Y, Y, Y)),
    (SHORE, DISTRICT, Status.CANDIDATE, {Support.FINANCIAL, Support.ORGANISATIONAL}, (Y, U, U)),
    (SHORE, LENTA, Status.CANDIDATE, {Support.MATERIAL}, (Y, U, U)),
    (SHORE, OPEN_DOORS, Status.DROPPED, {Support.ORGANISATIONAL}, (U, Y, N)),
]
# fmt: on

NOTES = {
    "need": "Дают то, чего мы не можем сделать сами.",
    "fit": "С ними легко работать: быстро отвечают, договорённости понятные.",
    "motivation": "Их мотив понятен и совпадает с тем, что они получают от нас.",
    "unclear": "Пока непонятно, что удержит их в проекте.",
}

GRANT_CALLS = {
    "district": ("Конкурс социальных инициатив Василеостровского района — 2027", DISTRICT, 20, 65),
    "closed": (
        "Городская летняя программа для молодёжи",
        "Комитет по молодёжной политике Санкт-Петербурга",
        -90,
        -30,
    ),
}

# Units are written as the quantity beside them reads: 480 буханок, 3 сюжета, 120 ч.
# fmt: off
NEEDS = [
    (WINTER, "meals", C.GOODS, "Хлеб для еженедельных горячих обедов", 480, "буханок", 10),
    (WINTER, "rides", C.TRANSPORT, "Поездки в поликлинику для тех, кто не может ходить сам", 40, "поездок", 9),
    (WINTER, "clothes", C.GOODS, "Тёплая одежда и пледы", 200, "вещей", 30),
    (YARD, "books", C.EQUIPMENT, "Детские книги для передвижной библиотеки", 500, "экз.", 60),
    (SHORE, "truck", C.TRANSPORT, "Грузовик, чтобы вывезти мусор", 1, "грузовик", 120),
]

ITEMS = [
    (WINTER, BAKERIES, GIVES, C.GOODS, "Свежий хлеб каждую пятницу", 480, "буханок", 48000, S.PROMISED, 10, "meals", None),
    (WINTER, BAKERIES, GETS, C.RECOGNITION, "Логотип на фартуках волонтёров и на афишах", None, "", None, S.PLANNED, 30, None, None),
    (WINTER, BAKERIES, GETS, C.RESULTS_REPORT, "Отчёт о том, сколько обедов выдано", None, "", None, S.PLANNED, 120, None, None),
    (WINTER, OPEN_DOORS, GIVES, C.METHODOLOGY, "Методичка по визитам на дом и обучение наших волонтёров", None, "", 60000, S.DELIVERED, -40, None, None),
    (WINTER, OPEN_DOORS, GIVES, C.VOLUNTEER_TIME, "Опытные волонтёры для визитов", 120, "ч", (120, 400), S.DELIVERED, -10, None, None),
    (WINTER, OPEN_DOORS, GETS, C.NETWORKING, "Место в районной сети помощи пожилым", None, "", None, S.DELIVERED, -20, None, None),
    (WINTER, SILVER, GIVES, C.VOLUNTEER_TIME, "Еженедельные визиты к 40 подопечным", 300, "ч", (300, 350), S.PARTLY_DELIVERED, 20, None, None),
    (WINTER, SILVER, GETS, C.RECOGNITION, "Благодарность на вечере волонтёров", None, "", None, S.PROMISED, 45, None, None),
    (WINTER, SILVER, GETS, C.COMMUNITY_ACCESS, "Чаепития с подопечными", None, "", None, S.DELIVERED, -5, None, None),
    (WINTER, TAXI, GIVES, C.TRANSPORT, "Две поездки в неделю в поликлинику", 26, "поездок", None, S.PLANNED, 9, "rides", None),
    (WINTER, TAXI, GETS, C.RECOGNITION, "Имена водителей на странице проекта", None, "", None, S.PLANNED, 60, None, None),
    (WINTER, RADIO, GIVES, C.PUBLICATIONS, "Три радиосюжета о визитах", 3, "сюжета", 90000, S.PLANNED, 5, None, None),
    (WINTER, RADIO, GIVES, C.EVENT_REPORTS, "Репортаж с вечера волонтёров", 1, "репортаж", None, S.PLANNED, 45, None, None),
    (WINTER, LENTA, GIVES, C.MONEY, "Спонсорская помощь на горячие обеды", None, "", 500000, S.NOT_DELIVERED, -30, None, None),
    (WINTER, BAKERIES, GIVES, C.MONEY, "Молоко и чай к обедам", None, "", 100000, S.PROMISED, 15, None, None),
    (WINTER, OPEN_DOORS, GIVES, C.MONEY, "Проездные для волонтёров", None, "", 60000, S.DELIVERED, -20, None, None),
    (YARD, LIBRARY, GIVES, C.EQUIPMENT, "Детские книги во временное пользование", 350, "экз.", 350000, S.DELIVERED, -15, "books", None),
    (YARD, LIBRARY, GIVES, C.PREMISES, "Читальный зал по субботам", 12, "суббот", None, S.PROMISED, 40, None, None),
    (YARD, LIBRARY, GETS, C.COMMUNITY_ACCESS, "Новые юные читатели библиотеки", 100, "читателей", None, S.PLANNED, 150, None, None),
    (YARD, FAMILY, GIVES, C.METHODOLOGY, "Их методика читательского клуба", None, "", 40000, S.PLANNED, 3, None, None),
    (YARD, FAMILY, GETS, C.LEARNING, "Совместное обучение двух команд", None, "", None, S.PLANNED, 70, None, None),
    (YARD, PARENTS, GIVES, C.VOLUNTEER_TIME, "Дежурства родителей во дворах", 200, "ч", (200, 300), S.PLANNED, 45, None, None),
    (YARD, PARENTS, GIVES, C.CIRCLE, "Приглашение соседских семей через свой чат", None, "", None, S.PLANNED, 40, None, None),
    (YARD, NEWSPAPER, GIVES, C.PUBLICATIONS, "Анонс и фоторепортаж", 2, "публикации", 70000, S.DELIVERED, -60, None, None),
    (YARD, NEWSPAPER, GETS, C.RESULTS_REPORT, "Цифры для их итогового материала", None, "", None, S.DELIVERED, -30, None, None),
    (SHORE, DISTRICT, GIVES, C.MONEY, "Субсидия на перчатки, мешки и перекус", None, "", 250000, S.PLANNED, 110, None, "district"),
    (SHORE, LENTA, GIVES, C.TRANSPORT, "Грузовик с водителем на день", 1, "грузовик", 80000, S.PLANNED, 120, "truck", None),
    (SHORE, LENTA, GETS, C.STAFF_ENGAGEMENT, "Корпоративный волонтёрский день для сотрудников", None, "", None, S.PLANNED, 120, None, None),
    (SHORE, GREEN, GIVES, C.VOLUNTEER_TIME, "Бригадиры на берегу", 60, "ч", None, S.PROMISED, 120, None, None),
    (SHORE, GREEN, GETS, C.MISSION_FIT, "Чистый берег — их главное дело", None, "", None, S.PLANNED, 120, None, None),
]
# fmt: on

HEALTH = [
    (
        WINTER,
        OPEN_DOORS,
        [
            (Health.GREEN, "Визиты идут по графику.", 30),
            (Health.GREEN, "Обучение прошло хорошо.", 7),
        ],
    ),
    (
        WINTER,
        SILVER,
        [
            (Health.GREEN, "Хорошее начало.", 40),
            (
                Health.AMBER,
                "С морозами волонтёров стало меньше; им хочется больше благодарности на людях.",
                6,
            ),
        ],
    ),
    (WINTER, BAKERIES, [(Health.GREEN, "Хлеб привозят каждую пятницу.", 3)]),
]

LETTERS = [
    (WINTER, BAKERIES, Language.RU, "signed"),
    (WINTER, OPEN_DOORS, Language.RU, "amended"),
    (WINTER, TAXI, Language.RU, "sent"),
    (YARD, LIBRARY, Language.RU, "draft"),
    (WINTER, SILVER, Language.RU, "signed"),
    (WINTER, RADIO, Language.RU, "draft"),
]

FESTIVAL = {
    "slug": "letnii-festival-chteniya",
    "title": "Летний фестиваль чтения 2026",
    "summary": "Три дня чтения, буккроссинга и мастер-классов для 420 детей во дворах "
    "Васильевского острова.",
    "goal": "Вернуть детей и родителей к книгам на лето.",
    "target_group": "Дети 6–12 лет и их родители.",
    "territory": "Васильевский остров, Санкт-Петербург",
    "title_translated": "Summer Reading Festival 2026",
    "territory_translated": "Vasilyevsky Island, St Petersburg",
    "stage": Stage.CLOSED,
}

FESTIVAL_STORY = """\
## Три дня во дворах

Три июньских дня дворы вокруг библиотеки были читающим городком: **буккроссинг**,
уголки для чтения в тени, мастер-классы с иллюстраторами и сцена для детей, которым
хотелось почитать вслух.

- пришли 420 детей, многие — не один раз;
- 950 книг нашли новых читателей на буккроссинге;
- родители-дежурные следили, чтобы в каждом уголке было спокойно и дружелюбно.

![Буккроссинг во дворе](photo-1)

Одни мы бы не справились. Вот что стало возможным благодаря нашим партнёрам.
"""

# fmt: off
FESTIVAL_PARTNERS = [
    (
        LIBRARY,
        (True, False, True),
        "За один фестивальный уикенд к нам записались 130 новых юных читателей.",
        "Зал, двор и буккроссинг — сердце фестиваля.",
        "Спасибо, что открыли свои двери и книжные полки для всего острова.",
        [
            (GIVES, C.PREMISES, "Зал и двор на три дня фестиваля", 3, "дня", None, False),
            (GIVES, C.EQUIPMENT, "600 книг для буккроссинга", 600, "экз.", 120000, False),
            (GETS, C.RECOGNITION, "Название и благодарность на каждой афише", None, "", None, False),
            (GETS, C.COMMUNITY_ACCESS, "Новые юные читатели библиотеки", 130, "читателей", None, False),
        ],
    ),
    (
        BAKERIES,
        (True, True, False),
        "",
        "Каждый ребёнок получал свежую булочку после утреннего чтения.",
        "Спасибо за булочки, с которыми каждое утро было праздником.",
        [
            # The bakeries asked us not to publish what the buns cost: an internal value.
            (GIVES, C.GOODS, "Булочки для 420 детей", 420, "булочек", 90000, True),
            (GETS, C.RECOGNITION, "Логотип на карте фестиваля", None, "", None, False),
        ],
    ),
    (
        RADIO,
        (False, False, False),
        "",
        "Два прямых эфира собрали семьи со всего района.",
        "",
        [
            (GIVES, C.PUBLICATIONS, "Два прямых эфира с фестиваля", 2, "эфира", 150000, False),
            (GETS, C.RESULTS_REPORT, "Цифры и фотографии для их осеннего сюжета", None, "", None, False),
        ],
    ),
    (
        PARENTS,
        (True, False, False),
        "",
        "Родители дежурили в каждом уголке — от подготовки до уборки.",
        "Спасибо за 80 часов, которые вы подарили и чужим детям тоже.",
        [
            (GIVES, C.VOLUNTEER_TIME, "Дежурства родителей", 80, "ч", (80, 300), False),
            (GETS, C.COMMUNITY_ACCESS, "Знакомство с другими семьями района", None, "", None, False),
        ],
    ),
]
# fmt: on

FESTIVAL_RESULTS = [
    ("Участники фестиваля", 420, "детей"),
    ("Дни фестиваля", 3, "дня"),
    ("Книги, обменянные на буккроссинге", 950, "книг"),
    ("Дежурства родителей-волонтёров", 80, "ч"),
]


# Бюджет проекта: проект, статья, сумма, деньги партнёров на неё (партнёр, что).
# fmt: off
BUDGET = [
    (WINTER, "Продукты для горячих обедов", 600000, [(LENTA, "Спонсорская помощь на горячие обеды"), (BAKERIES, "Молоко и чай к обедам")]),
    (WINTER, "Проезд волонтёров", 150000, [(OPEN_DOORS, "Проездные для волонтёров")]),
    (WINTER, "Тёплые вещи и пледы", 250000, []),
    (WINTER, "Работа координатора", 400000, []),
    ("letnii-festival-chteniya", "Гонорары иллюстраторов за мастер-классы", 300000, []),
]
# fmt: on

DEMO = Demo(
    organisation=ORGANISATION,
    admin="Наталья Ковалёва",
    colleague=("Иван Белов", "ivan@teplydom.example"),
    # Who loads the Russian demo wants to see it in Russian, whatever their browser says;
    # the language switch in the header still changes it.
    users_language=Language.RU,
    partners=PARTNERS,
    private_note="Не для публикации: {contact} — знакомство на районной ярмарке волонтёров.",
    projects=PROJECTS,
    partnerships=PARTNERSHIPS,
    notes=NOTES,
    grant_calls=GRANT_CALLS,
    needs=NEEDS,
    items=ITEMS,
    budget=BUDGET,
    health=HEALTH,
    letters=LETTERS,
    amendment="Дополнение добавляет часы волонтёров, о которых мы договорились осенью.",
    letter_answers=[
        (WINTER, SILVER, "confirmed", "Председатель правления"),
        (
            WINTER,
            TAXI,
            "changes",
            "Можно начинать поездки в 9, а не в 8? Наши водители заканчивают ночную смену в 8.",
        ),
        (WINTER, OPEN_DOORS, "waiting", ""),
    ],
    festival=FESTIVAL,
    festival_story=FESTIVAL_STORY,
    festival_partners=FESTIVAL_PARTNERS,
    festival_results=FESTIVAL_RESULTS,
    photo=("Рисунок: столы буккроссинга во дворе в солнечный день", "Иллюстрация для демо"),
    logo_partner=BAKERIES,
    updates_consent=[(LIBRARY, "подписанная форма"), (BAKERIES, "по электронной почте")],
    partner_reports=[
        (
            LIBRARY,
            "P.S. Наш директор будет рада показать вам фотоальбом фестиваля за чаем в сентябре.",
            12,
        ),
        (BAKERIES, "Дети до сих пор вспоминают булочки с корицей.", None),
    ],
    asks=[
        (
            WINTER,
            BAKERIES,
            "Свежий хлеб каждую пятницу",
            25,
            AskAnswer.YES,
            "Договорились по телефону с управляющей; число обедов она просит сообщать к среде.",
        ),
        (SHORE, LENTA, "Грузовик с водителем на день", 4, None, ""),
    ],
    partner_reach={
        RADIO: dict(
            reach_level=Reach.REGIONAL,
            audience="Слушатели Петербурга и Ленинградской области, в основном старше 45",
            audience_size=180000,
        ),
        NEWSPAPER: dict(
            reach_level=Reach.LOCAL,
            audience="Жители Васильевского острова",
            audience_size=12000,
        ),
        BLOGGERS: dict(
            reach_level=Reach.REGIONAL,
            audience="Мамы маленьких детей со всего города",
            audience_size=25000,
        ),
        PARENTS: dict(
            reach_level=Reach.LOCAL,
            audience="Родители малышей, соседский чат",
            audience_size=800,
            capacity="Два-три родителя дежурят в будни после обеда; в каникулы — больше.",
        ),
        TAXI: dict(capacity="Шесть водителей на своих машинах, только по утрам."),
    },
    contact_forms={BAKERIES: "female", LENTA: "male", LIBRARY: "female"},
    contacts=[
        (
            WINTER,
            BAKERIES,
            ContactKind.CALL,
            2,
            "Позвонили управляющей насчёт хлеба по пятницам в декабре.",
            "Хлеб будет и дальше; число обедов она просит сообщать к среде.",
            "Сообщить пекарне число обедов на следующую неделю",
            0,
        ),
        (
            WINTER,
            TAXI,
            ContactKind.EMAIL,
            6,
            "Ответили на просьбу начинать поездки в 9, а не в 8.",
            "",
            "Позвонить диспетчеру и согласовать новое время",
            -2,
        ),
        (
            WINTER,
            RADIO,
            ContactKind.LETTER,
            10,
            "Отправили письмо о зимней акции и историях волонтёров.",
            "Редактор письмо получил.",
            "",
            None,
        ),
        (
            WINTER,
            RADIO,
            ContactKind.CALL,
            3,
            "Позвонили редактору после письма.",
            "Хотят встретиться и послушать истории пожилых людей.",
            "Встретиться с редактором в студии",
            4,
        ),
        (
            YARD,
            FAMILY,
            ContactKind.MEETING,
            5,
            "Встретились с директором: общий читальный уголок для семей.",
            "Интересно; просят смету.",
            "Отправить смету читального уголка",
            12,
        ),
        (
            None,
            LIBRARY,
            ContactKind.VISIT,
            80,
            "Привезли в библиотеку фотографии с фестиваля и нашу благодарность.",
            "Охотно примут фестиваль снова.",
            "",
            None,
        ),
    ],
    work_again=[BAKERIES, PARENTS],
)
