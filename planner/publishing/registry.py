"""The registry-wide redactor, built once per change of the data and kept between requests.

Building it reads every partner and compiles a pattern of thousands of names and contact
details: too slow for every public page. It is kept under the change stamp
(planner/stamps.py), which any write moves in its own transaction; every process (every
gunicorn worker) reads the stamp once per request, so a write made in one process reaches
the pages served by all of them.
"""

from __future__ import annotations

import sqlalchemy as sa

from planner.enums import Sector
from planner.extensions import db
from planner.models import Partner, Partnership
from planner.publishing.public import PRIVATE, Redactor, nameless
from planner.stamps import StampedCache


def registry_redactor() -> Redactor:
    """Every partner's contact details, and the names of partners that never agreed to be
    named, wherever they are typed: a story may mention a partner of another project."""
    return registry_cache.get()


def build_registry_redactor() -> Redactor:
    consenting = set(
        db.session.scalars(
            sa.select(Partnership.partner_id).where(Partnership.consent_name.is_(True))
        )
    )
    private = str(PRIVATE)
    hidden = {sector: nameless(sector) for sector in Sector}
    replacements: dict[str, str] = {}
    rows = db.session.execute(
        sa.select(
            Partner.id,
            Partner.name,
            Partner.sector,
            Partner.email,
            Partner.phone,
            Partner.contact_person,
            Partner.address,
        )
    )
    for pid, name, sector, email, phone, contact, address in rows:
        if pid not in consenting:
            replacements[name] = hidden[sector]
        for detail in (email, phone, contact, *(address or "").splitlines()):
            if detail and detail.strip():
                replacements[detail.strip()] = private
    for contact in db.session.scalars(sa.select(Partnership.partner_contact).distinct()):
        if contact:
            replacements[contact] = private
    return Redactor(replacements)


# Rebuilt only after a write: reading every partner and compiling the pattern is too slow
# for every public page. It writes what hides a name in the site's language, the
# organisation's (a coordinator's preview speaks it too), which only a write changes.
registry_cache = StampedCache(build_registry_redactor)
