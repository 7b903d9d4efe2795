"""The field's advice as data: what each sector typically gives and wants in return, and
how early to ask it (../shared/DOMAIN.md, "Who can be a partner" and "lead time").

Shown where the coordinator decides: the add-item form suggests a sector's usual
categories, and a need nobody covers names the sectors that usually could. Plain data,
read without a request; the words go through gettext when they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.enums import Category, Direction, Sector


@dataclass(frozen=True)
class Give:
    """A category a sector typically gives, in the field's words where they say more."""

    category: Category
    words: LazyString | None = None

    @property
    def text(self) -> str:
        return str(self.words) if self.words is not None else self.category.label.lower()


@dataclass(frozen=True)
class SectorAdvice:
    gives: tuple[Give, ...]
    gets: tuple[Category, ...]
    # When to ask, where the sector's pace matters; None where the usual week ahead will do.
    lead_time: LazyString | None = None

    def suggested(self, direction: Direction) -> tuple[Category, ...]:
        if direction is Direction.GIVES:
            return tuple(dict.fromkeys(give.category for give in self.gives))
        return self.gets


ADVICE: dict[Sector, SectorAdvice] = {
    Sector.NGO: SectorAdvice(
        gives=(
            Give(Category.METHODOLOGY, _l("methodology, their experience")),
            Give(Category.PRO_BONO, _l("qualified specialists")),
            Give(Category.PREMISES, _l("premises they own")),
            Give(Category.EQUIPMENT, _l("equipment they own")),
            Give(Category.GOODS, _l("material resources")),
            Give(Category.VOLUNTEER_TIME, _l("their volunteers")),
        ),
        gets=(
            Category.MISSION_FIT,
            Category.COMMUNITY_ACCESS,
            Category.LEARNING,
            Category.NETWORKING,
        ),
    ),
    Sector.BUSINESS: SectorAdvice(
        gives=(
            Give(Category.MONEY),
            Give(Category.GOODS),
            Give(Category.SERVICES),
            Give(Category.EQUIPMENT),
            Give(Category.TRANSPORT),
            Give(Category.PREMISES),
            Give(Category.PRO_BONO, _l("pro-bono professional work")),
            Give(Category.VOLUNTEER_TIME, _l("corporate volunteer teams")),
        ),
        gets=(
            Category.RECOGNITION,
            Category.MEDIA_MENTION,
            Category.STAFF_ENGAGEMENT,
            Category.RESULTS_REPORT,
            Category.TAX_BENEFIT,
        ),
        lead_time=_l(
            "Business sets its budget once a year: ask for money before its budget month; "
            "goods and services about a month ahead."
        ),
    ),
    Sector.GOVERNMENT: SectorAdvice(
        gives=(
            Give(Category.INFO_SUPPORT),
            Give(Category.PREMISES),
            Give(Category.TRANSPORT, _l("a bus")),
            Give(Category.EQUIPMENT),
            Give(Category.VOLUNTEER_TIME, _l("volunteers")),
            Give(Category.MONEY, _l("state programmes and grant competitions")),
        ),
        gets=(
            Category.RESULTS_REPORT,
            Category.MISSION_FIT,
            Category.COMMUNITY_ACCESS,
            Category.RECOGNITION,
        ),
        lead_time=_l(
            "Government announces grant competitions at fixed times of the year: "
            "check the grant calls before you plan money from it."
        ),
    ),
    Sector.MEDIA: SectorAdvice(
        gives=(
            Give(Category.PUBLICATIONS, _l("a series of publications")),
            Give(Category.EVENT_REPORTS, _l("reports from events, press tours")),
            Give(Category.VOLUNTEER_TIME, _l("corporate volunteers")),
        ),
        gets=(
            Category.COMMUNITY_ACCESS,
            Category.RECOGNITION,
            Category.MISSION_FIT,
        ),
        lead_time=_l(
            "Media: send the press release 2–3 days ahead; announce an event at least a "
            "week ahead, then remind."
        ),
    ),
    Sector.VOLUNTEERS: SectorAdvice(
        gives=(
            Give(Category.VOLUNTEER_TIME, _l("their time")),
            Give(Category.CIRCLE, _l("involving their circle")),
            Give(Category.GOODS, _l("collecting among their circle")),
            Give(Category.PRO_BONO, _l("their skills")),
        ),
        gets=(
            Category.MISSION_FIT,
            Category.COMMUNITY_ACCESS,
            Category.LEARNING,
            Category.RECOGNITION,
        ),
        lead_time=_l("Volunteers: give the date at least a week ahead, then remind."),
    ),
}


def suggestions(sector: Sector, direction: Direction) -> tuple[Category, ...]:
    """The categories a partner of this sector typically gives (or wants), in the table's order."""
    return ADVICE[sector].suggested(direction)


def lead_time_hint(sector: Sector) -> LazyString | None:
    return ADVICE[sector].lead_time


def who_could_cover(category: Category) -> list[tuple[Sector, str]]:
    """The sectors that typically give a category, each with the field's words for it."""
    return [
        (sector, give.text)
        for sector, advice in ADVICE.items()
        for give in advice.gives
        if give.category is category
    ]
