"""The report editor's partner sections, rendered once with holes and filled per partner.

A large project thanks about fifty partners, each in a form of six fields; rendering
each through WTForms and the field macro took most of the editor's time. The
template's `partner_section` macro renders one section from a form whose fields are
holes, once per combination of ticked consent boxes, and each partner fills it.
"""

from __future__ import annotations

from markupsafe import Markup

from planner.forms import clean_text
from planner.links import HOLE, MarkupPatterns, hole
from planner.models import Partnership, Thanks
from planner.reports.forms import PartnerSectionForm

TEXTS = ("made_possible", "thank_you", "quote")
CONSENTS = ("consent_name", "consent_logo", "consent_quote")


class PartnerSections:
    """Each partner's section of the report editor, from the template's `partner_section`."""

    def __init__(self, partner_section):
        self.partner_section = partner_section
        # The field prefix is the id's hole, so ids, names and the form's own ids are filled.
        form = PartnerSectionForm(
            prefix=f"p{HOLE}",
            formdata=None,
            data={name: hole(name) for name in TEXTS},
            meta={"csrf": False},
        )
        self.sections = MarkupPatterns(
            lambda **values: partner_section(form, **values), optional=CONSENTS
        )

    def __call__(
        self, p: Partnership, thanks: Thanks | None, typed: PartnerSectionForm | None = None
    ) -> Markup:
        """One partner's section: as stored, or as typed when the save was refused."""
        if typed is not None:
            texts = {name: typed[name].data for name in TEXTS}
            consents = {name: True if typed[name].data else None for name in CONSENTS}
            if any(getattr(typed[name], "saved_now", None) for name in TEXTS):
                # Someone else saved it meanwhile: the typed form itself, with what is saved
                # now beside its fields (rare, so rendered in full).
                return self.partner_section(typed, **self.values(p), **consents)
            return self.fill(p, texts, consents)
        texts = {
            "made_possible": thanks.made_possible if thanks else "",
            "thank_you": thanks.thank_you if thanks else "",
            "quote": p.quote,
        }
        # A box left unticked is left out (none): its pattern has no `checked`.
        return self.fill(p, texts, {name: True if getattr(p, name) else None for name in CONSENTS})

    @staticmethod
    def values(p: Partnership) -> dict:
        return {
            "id": p.id,
            "name": p.partner.name,
            "sector": p.partner.sector.label,
            "status": p.status.label,
        }

    def fill(self, p: Partnership, texts: dict, consents: dict) -> Markup:
        return self.sections(
            **self.values(p),
            # As the form shows them: cleaned of control characters and outer spaces.
            **{name: clean_text(value or "") for name, value in texts.items()},
            **consents,
        )
