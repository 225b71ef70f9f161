"""Drafts, unpublished records, amounts and internal notes never reach an anonymous visitor."""

import re

import pytest

from partners.models import Agreement, Partner

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, category
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
    for stage in (Agreement.Stage.DRAFT, Agreement.Stage.NEGOTIATING):
        draft = AgreementFactory(title=f"HIDDEN-DRAFT {stage}", stage=stage, partners=[partner], signed_on=None)
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
    assert home.context["figures"].units.count == 1
    assert client.get("/en/units/").context["paginator"].count == 1
    assert client.get("/en/partners/").context["paginator"].count == 1
    site = client.get(f"/en/sites/{secrets['unit'].site.slug}/")
    assert site.context["unit_count"] == 0
    counts = {site.slug: site.unit_count for site in client.get("/en/sites/").context["object_list"]}
    assert counts[secrets["unit"].site.slug] == 0


def test_a_partner_page_never_names_an_unpublished_unit_of_its_agreements(client, portal):
    hidden = MandateFactory(unit__code="U7777", unit__is_published=False).unit
    portal["agreement"].units.add(hidden)
    for language in ("fr", "en"):
        text = client.get(f"/{language}/partners/{portal['partner'].slug}/").text
        assert 'href="/' + language + '/units/U1234/"' in text  # the published unit is listed
        assert "7777" not in text
    assert client.get("/en/units/", {"q": "7777"}).context["paginator"].count == 0
    export = b"".join(client.get("/en/units/export.csv", {"q": "U7777"}).streaming_content).decode()
    assert "7777" not in export


def test_the_country_filter_offers_only_countries_of_published_partners(client):
    PartnerFactory(name="Berlin institute", country="DE")
    PartnerFactory(name="Tokyo institute", country="JP", is_published=False)
    for language, germany, japan in (("en", "Germany", "Japan"), ("fr", "Allemagne", "Japon")):
        text = client.get(f"/{language}/partners/").text
        assert 'value="DE"' in text and germany in text
        assert 'value="JP"' not in text and japan not in text


def test_a_partner_page_counts_only_its_public_agreements(client):
    partner = PartnerFactory(slug="cnrs")
    AgreementFactory.create_batch(51, partners=[partner])
    for stage in (Agreement.Stage.DRAFT, Agreement.Stage.NEGOTIATING):
        AgreementFactory.create_batch(2, partners=[partner], stage=stage, signed_on=None)
    AgreementFactory.create_batch(2, partners=[partner], is_public=False)
    response = client.get("/en/partners/cnrs/")
    assert response.context["partner"].public_agreement_count == 51
    assert "The 50 most recent of its 51 public agreements." in response.text


def test_amounts_appear_in_no_spelling_of_any_language(client, portal):
    agreement = portal["agreement"]
    agreement.amount_eur = 987654
    agreement.save()
    spelt = re.compile(r"987[\s\u00a0\u202f.,']?654")
    for url in public_urls(portal):
        response = client.get(url)
        text = b"".join(response.streaming_content).decode() if response.streaming else response.text
        assert not spelt.search(text), url


def test_the_home_page_counts_only_published_partners(client):
    PartnerFactory.create_batch(3)
    PartnerFactory(is_published=False)
    PartnerFactory(category=category("foundations-charities"), kind=Partner.Kind.FOUNDATION, is_published=False)
    figures = client.get("/en/").context["figures"]
    assert figures.partners.count == 3
    assert {bar.category.slug: bar.count for bar in figures.bars if bar.count} == {"higher-education": 3}
