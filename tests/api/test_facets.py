"""The API's lists take several categories, kinds and regions, and count each filter's
choices when asked (?facets=true), as the list pages do."""

import pytest

from partners.models import Partner
from units.models import ResearchUnit, Site

from ..factories import MandateFactory, PartnerFactory, SiteFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    brittany = SiteFactory(region="bretagne", kind=Site.Kind.CLCC)
    normandy = SiteFactory(region="normandie", kind=Site.Kind.CHU)
    MandateFactory(unit__site=brittany, unit__code="U1")
    MandateFactory(unit__site=normandy, unit__code="U2", unit__structure_type=ResearchUnit.StructureType.TEAM)
    MandateFactory(unit__site=SiteFactory(region="corse"), unit__code="U3")
    MandateFactory(unit__site=brittany, unit__code="U4", unit__is_published=False)
    PartnerFactory(slug="a", region="bretagne", kind=Partner.Kind.AGENCY, category=category("health-agencies"))
    PartnerFactory(slug="b", region="normandie")
    PartnerFactory(slug="c", region="bretagne", is_published=False)


def test_several_values_of_a_filter_give_the_records_of_any_of_them(client, records):
    units = client.get("/api/v1/units/?region=bretagne&region=normandie").json()
    assert sorted(unit["code"] for unit in units["results"]) == ["U1", "U2"]
    assert "facets" not in units  # only when asked
    partners = client.get("/api/v1/partners/", {"category": ["health-agencies", "higher-education"]}).json()
    assert sorted(partner["slug"] for partner in partners["results"]) == ["a", "b"]
    sites = client.get("/api/v1/sites/", {"kind": ["clcc", "chu"], "region": "bretagne"}).json()
    assert sites["count"] == 1


def test_facets_count_each_choice_with_the_other_filters_and_published_records_only(client, records):
    answer = client.get("/api/v1/units/", {"region": "bretagne", "structure_type": "research_unit", "facets": "true"})
    facets = answer.json()["facets"]
    # Regions counted with the structure type applied, not the region; the unpublished U4 nowhere.
    assert facets["region"] == {"bretagne": 1, "corse": 1}
    assert facets["structure_type"] == {"research_unit": 1}  # in Brittany
    assert facets["site_kind"] == {"clcc": 1}
    partners = client.get("/api/v1/partners/?facets=1").json()["facets"]
    assert partners["region"] == {"bretagne": 1, "normandie": 1}
    assert partners["category"] == {"health-agencies": 1, "higher-education": 1}
    assert partners["country"] == {"FR": 2}


def test_the_api_counts_what_the_list_page_counts(client, records):
    page = client.get("/en/units/", {"site_kind": ["chu", "clcc"]}).context["filter_panel"]
    shown = {item.field.name: {c.value: c.count for c in item.choices if c.count} for item in page if item.is_facet}
    assert client.get("/api/v1/units/?site_kind=chu&site_kind=clcc&facets=true").json()["facets"] == shown


@pytest.mark.parametrize("query", ["region=nowhere", "region=bretagne&region=%00", "category=x&facets=true"])
def test_choices_not_understood_answer_400_naming_the_filter(client, records, query):
    path = "/api/v1/partners/" if query.startswith("category") else "/api/v1/units/"
    answer = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400
    assert set(answer.json()) == {query.split("=")[0]}


def test_the_schema_documents_several_values_and_the_facets(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/partners/"]["get"]["parameters"]}
    assert parameters["category"]["schema"] == {"type": "array", "items": {"type": "string"}}  # slugs, not ids
    assert parameters["kind"]["explode"] and "agency" in parameters["kind"]["schema"]["items"]["enum"]
    assert parameters["facets"]["schema"]["type"] == "boolean"
    page = schema["components"]["schemas"]["PaginatedPartnerList"]["properties"]
    assert page["facets"]["additionalProperties"]["additionalProperties"]["type"] == "integer"
