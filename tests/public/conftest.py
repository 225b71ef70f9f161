import datetime as dt
import html
import re

import pytest

from partners.models import Agreement

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, UnitPartnerFactory, category


@pytest.fixture
def portal(db):
    """A small published portal: a unit with a term, its site, a supervising university
    and a public agreement between them."""
    mandate = MandateFactory(unit__code="U1234", unit__name="Laboratoire d'Immunologie", start=dt.date(2025, 1, 1))
    university = PartnerFactory(name="Université de Lyon", slug="universite-de-lyon", acronym="UDL")
    supervision = AgreementFactory(
        reference="SUP-1",
        title="Cotutelle de U1234",
        kind=Agreement.Kind.JOINT_SUPERVISION,
        partners=[university],
    )
    supervision.units.add(mandate.unit)  # the agreement, a document; the relation says who supervises
    UnitPartnerFactory(unit=mandate.unit, partner=university, start=dt.date(2025, 1, 1))
    # A former supervising body, and the site's institution: every section of the pages shows.
    UnitPartnerFactory(unit=mandate.unit, partner=university, start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31))
    mandate.unit.site.institution = university
    mandate.unit.site.save()
    return {"unit": mandate.unit, "site": mandate.unit.site, "partner": university, "agreement": supervision}


def public_urls(portal) -> list[str]:
    """Every public page, with the portal fixture's records."""
    unit, site, partner = portal["unit"], portal["site"], portal["partner"]
    pages = [
        "/",
        "/partners/",
        f"/partners/{partner.slug}/",
        "/partners/export.csv",
        "/units/",
        f"/units/{unit.code_slug}/",
        "/units/export.csv",
        "/sites/",
        f"/sites/{site.slug}/",
        "/sites/export.csv",
        f"/partners/?category={category().slug}",
        "/partners/agreements/?state=in_force",
        "/partners/agreements/export.csv",
    ]
    return [f"/{language}{page}" for language in ("fr", "en") for page in pages]


def hrefs(text: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', text)]


def pages(portal) -> list[str]:
    """The public HTML pages (not the CSV exports) of the portal fixture, both languages."""
    return [url for url in public_urls(portal) if not url.endswith(".csv")]
