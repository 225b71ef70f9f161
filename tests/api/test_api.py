"""The open-data API: public records only, every page walkable, fixed query counts, throttled."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Agreement

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = ["categories", "sites", "units", "partners", "agreements"]
SECRETS = ["HIDDEN", "U7777", "987654", "amount", "internal_notes", "draft", "negotiating"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # anonymous request counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def records():
    site = SiteFactory(slug="lyon")
    unit = MandateFactory(unit__code="U1234", unit__site=site, unit__internal_notes="HIDDEN note").unit
    partner = PartnerFactory(name="Université de Lyon", slug="universite-de-lyon", ror_id="02vjkv261")
    agreement = AgreementFactory(reference="PUB-1", partners=[partner], amount_eur=987654)
    agreement.units.add(unit)
    hidden_unit = MandateFactory(unit__code="U7777", unit__name="HIDDEN unit", unit__is_published=False).unit
    hidden_partner = PartnerFactory(name="HIDDEN partner", slug="hidden", is_published=False)
    agreement.partners.add(hidden_partner)
    agreement.units.add(hidden_unit)
    for stage in (Agreement.Stage.DRAFT, Agreement.Stage.NEGOTIATING):
        AgreementFactory(reference=f"HIDDEN-{stage}", stage=stage, signed_on=None, partners=[partner])
    AgreementFactory(reference="HIDDEN-PRIVATE", is_public=False, partners=[partner])
    partner.parent = hidden_partner
    partner.save()
    return {"unit": unit, "partner": partner}


def walk(client, endpoint: str) -> list[dict]:
    """Every row of an endpoint, following `next` from page to page."""
    rows, url = [], f"/api/v1/{endpoint}/?page_size=1"
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not any(secret in response.content.decode() for secret in SECRETS), (url, response.content)
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


def test_every_page_of_every_endpoint_is_public_only(client, records):
    counts = {endpoint: len(walk(client, endpoint)) for endpoint in ENDPOINTS}
    assert counts == {"categories": 10, "sites": 2, "units": 1, "partners": 1, "agreements": 1}
    [agreement] = walk(client, "agreements")
    assert (agreement["partners"], agreement["units"]) == (["universite-de-lyon"], ["U1234"])
    [partner] = walk(client, "partners")
    assert partner["parent"] is None and partner["ror"] == "https://ror.org/02vjkv261"


def test_detail_endpoints_use_stable_identifiers(client, records):
    unit = client.get("/api/v1/units/U1234/").json()
    assert (unit["code"], unit["site"], unit["terms"][0]["number"]) == ("U1234", "lyon", 1)
    assert unit["page"] == "http://testserver/fr/units/U1234/"
    assert client.get("/api/v1/partners/universite-de-lyon/").status_code == 200
    assert client.get("/api/v1/agreements/PUB-1/").status_code == 200
    for hidden in ("/api/v1/units/U7777/", "/api/v1/partners/hidden/", "/api/v1/agreements/HIDDEN-draft/"):
        assert client.get(hidden).status_code == 404


def test_an_agreement_whose_partners_are_all_unpublished_is_hidden_as_on_the_pages(client):
    draft_partner = PartnerFactory(name="Fondation Brouillon", slug="brouillon", is_published=False)
    draft_unit = MandateFactory(unit__code="U7777", unit__is_published=False).unit
    agreement = AgreementFactory(
        reference="PUB-2", title="Accord avec la Fondation Brouillon", partners=[draft_partner]
    )
    agreement.units.add(draft_unit)
    published_unit = MandateFactory(unit__code="U1234").unit
    agreement.units.add(published_unit)  # a published unit does not make it public: its page hides it too
    listed = client.get("/api/v1/agreements/")
    assert listed.json()["count"] == 0
    assert "Brouillon" not in listed.text
    assert client.get("/api/v1/agreements/PUB-2/").status_code == 404
    assert "Brouillon" not in client.get("/en/units/U1234/").text
    assert client.get("/en/").context["figures"].agreements_in_force.count == 0


def test_the_public_filters_work_on_the_api(client, records):
    PartnerFactory(name="Institut Pasteur", slug="pasteur")
    assert [p["slug"] for p in client.get("/api/v1/partners/", {"q": "universite"}).json()["results"]] == [
        "universite-de-lyon"
    ]
    assert client.get("/api/v1/units/", {"q": "u 1234"}).json()["count"] == 1
    assert client.get("/api/v1/units/", {"status": "nonsense"}).status_code == 400


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_queries_do_not_depend_on_page_size(client, records, endpoint, settings):
    # The endpoint's own queries: without Redis, the rate limit adds its cache table's (a read and a write).
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(30):
        unit = MandateFactory(unit__site=SiteFactory()).unit
        AgreementFactory(partners=[PartnerFactory()]).units.add(unit)
    small = queries(client, f"/api/v1/{endpoint}/?page_size=2")
    large = queries(client, f"/api/v1/{endpoint}/?page_size=500")
    assert small == large <= 6


def test_anonymous_clients_beyond_the_rate_get_429_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    statuses = [client.get("/api/v1/categories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/categories/")
    assert int(limited["Retry-After"]) > 0


def test_schema_and_offline_docs(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert {"/api/v1/units/", "/api/v1/partners/{slug}/", "/api/v1/agreements/"} <= set(paths)
    # Filters with fixed values list them, so that clients know what they may send
    # (drf-spectacular leaves them out for callable choices).
    units = {parameter["name"]: parameter for parameter in paths["/api/v1/units/"]["get"]["parameters"]}
    assert "hauts-de-france" in units["region"]["schema"]["items"]["enum"]  # several at once
    assert units["region"]["explode"] and units["region"]["style"] == "form"  # ?region=a&region=b
    assert "expiring" in units["status"]["schema"]["enum"]
    docs = client.get("/api/docs/", HTTP_ACCEPT="text/html")
    assert docs.status_code == 200
    # Every script and stylesheet comes from the sidecar package or the docs' own start-up
    # script (a file, not inline code: the CSP allows no inline script), none from a CDN.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert assets
    assert all(url.startswith(("/static/drf_spectacular_sidecar/", "/api/docs/?script=")) for url in assets), assets
    assert "<script>" not in docs.text


def test_json_ld_describes_partners_and_units(client, records):
    records["partner"].name = "Université </script><script>alert(1)</script>"
    records["partner"].save()
    page = client.get("/en/partners/universite-de-lyon/").text
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "ResearchOrganization"
    assert data["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "ROR", "value": "02vjkv261", "url": "https://ror.org/02vjkv261"}
    ]
    assert data["sameAs"] == ["https://ror.org/02vjkv261"]
    assert "<script>alert(1)" not in page
    unit = json.loads(
        client.get("/en/units/U1234/").text.split('<script type="application/ld+json">')[1].split("</script>")[0]
    )
    assert unit["identifier"][0]["value"] == "U1234"
    assert unit["parentOrganization"][0]["name"] == "Inserm"
