"""Drafts, unpublished records, amounts and internal notes never reach an anonymous visitor."""

import pytest

from partners.models import Agreement

from ..factories import AgreementFactory, MandateFactory, PartnerFactory
from .conftest import public_urls

pytestmark = pytest.mark.django_db

SECRETS = [
    "HIDDEN-UNIT",
    "HIDDEN-PARTNER",
    "HIDDEN-DRAFT",
    "HIDDEN-NOTE",
    "HIDDEN-PRIVATE",
    "HIDDEN-ONLY-PARTNERS",
    "987654",
    "987 654",
    "987,654",
]


@pytest.fixture
def secrets(portal):
    unit, partner = portal["unit"], portal["partner"]
    unit.internal_notes = "HIDDEN-NOTE on the unit"
    unit.save()
    partner.internal_notes = "HIDDEN-NOTE on the partner"
    partner.save()
    agreement = portal["agreement"]
    agreement.amount_eur = 987654
    agreement.internal_notes = "HIDDEN-NOTE on the agreement"
    agreement.save()
    hidden_unit = MandateFactory(unit__code="U7777", unit__name="HIDDEN-UNIT lab", unit__is_published=False).unit
    hidden_partner = PartnerFactory(name="HIDDEN-PARTNER foundation", slug="hidden-partner", is_published=False)
    for status in (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATING):
        draft = AgreementFactory(title=f"HIDDEN-DRAFT {status}", status=status, partners=[partner], signed_on=None)
        draft.units.add(unit)
    private = AgreementFactory(title="HIDDEN-PRIVATE deal", is_public=False, partners=[partner])
    private.units.add(unit)
    # Unpublished records linked to published ones must not leak through the link.
    agreement.partners.add(hidden_partner)
    agreement.units.add(hidden_unit)
    hidden_partner.parent = None
    partner.parent = hidden_partner
    partner.save()
    PartnerFactory(name="HIDDEN-CHILD member", parent=partner, is_published=False)
    PartnerFactory(name="HIDDEN-ABROAD institute", country="JP", is_published=False)
    # A public agreement of the unit whose only partner is unpublished: its title names it.
    AgreementFactory(title="HIDDEN-ONLY-PARTNERS with a hidden body", partners=[hidden_partner]).units.add(unit)
    return {"unit": hidden_unit, "partner": hidden_partner}


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.text


def test_no_public_page_shows_a_secret(client, secrets, portal):
    searches = [f"/{lang}/{page}/?q=HIDDEN" for lang in ("fr", "en") for page in ("units", "partners", "sites")]
    exports = [f"/{lang}/{page}/export.csv?q=HIDDEN" for lang in ("fr", "en") for page in ("units", "partners")]
    for url in public_urls(portal) + searches + exports:
        text = body(client.get(url))
        for secret in SECRETS:
            assert secret not in text, (url, secret)


def test_unpublished_records_have_no_page(client, secrets):
    assert client.get(f"/en/units/{secrets['unit'].code_slug}/").status_code == 404
    assert client.get(f"/en/partners/{secrets['partner'].slug}/").status_code == 404


def test_counts_ignore_unpublished_records(client, secrets):
    home = client.get("/en/")
    assert home.context["figures"].units == 1
    assert client.get("/en/units/").context["paginator"].count == 1
    assert client.get("/en/partners/").context["paginator"].count == 1
    site = client.get(f"/en/sites/{secrets['unit'].site.slug}/")
    assert site.context["unit_count"] == 0
    counts = {site.slug: site.unit_count for site in client.get("/en/sites/").context["object_list"]}
    assert counts[secrets["unit"].site.slug] == 0
