"""The units API: each unit's supervising bodies and dated partners, and the list filtered
by a supervising body as of a day (the public list's filters), bad values answered 400."""

import datetime as dt

import pytest

from partners.models import UnitPartner

from ..factories import MandateFactory, PartnerFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def supervised():
    lille = PartnerFactory(slug="universite-de-lille")
    cnrs = PartnerFactory(slug="cnrs")
    hidden = PartnerFactory(slug="hidden", is_published=False)
    now, before = (MandateFactory(unit__code=code).unit for code in ("U1001", "U1002"))
    UnitPartnerFactory(unit=now, partner=lille, start=dt.date(2020, 1, 1))
    UnitPartnerFactory(unit=now, partner=cnrs, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=now, partner=hidden, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=now, partner=cnrs, role=UnitPartner.Role.HOST, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=before, partner=lille, start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31))


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [unit["code"] for unit in response.json()["results"]]


@pytest.mark.today(TODAY)
def test_a_unit_carries_its_supervising_bodies_today_and_its_dated_relations(client, supervised):
    unit = client.get("/api/v1/units/U1001/").json()
    assert unit["supervisors"] == ["cnrs", "universite-de-lille"]
    assert unit["partners"] == [
        {"partner": "cnrs", "role": "supervisor", "start": "2015-01-01", "end": None},
        {"partner": "cnrs", "role": "host", "start": "2015-01-01", "end": None},
        {"partner": "universite-de-lille", "role": "supervisor", "start": "2020-01-01", "end": None},
    ]
    former = client.get("/api/v1/units/U1002/").json()
    assert former["supervisors"] == []
    assert former["partners"] == [
        {"partner": "universite-de-lille", "role": "supervisor", "start": "2015-01-01", "end": "2019-12-31"}
    ]


@pytest.mark.today(TODAY)
def test_the_unit_list_filters_by_supervising_body_as_of_a_day(client, supervised):
    assert codes(client.get("/api/v1/units/?supervisor=universite-de-lille")) == ["U1001"]
    assert codes(client.get("/api/v1/units/?supervisor=universite-de-lille&as_of=2019-06-30")) == ["U1002"]
    assert codes(client.get("/api/v1/units/?supervisor=cnrs&as_of=2015-01-01")) == ["U1001"]


@pytest.mark.today(TODAY)
def test_the_list_of_units_runs_the_same_queries_for_any_number_of_relations(
    client, supervised, django_assert_num_queries
):
    # the partner filtered by, count, units with their sites, terms, lineage both ways,
    # the relations with their partners
    with django_assert_num_queries(7):
        client.get("/api/v1/units/?supervisor=cnrs")
    for _ in range(20):
        UnitPartnerFactory(unit=MandateFactory().unit)
    with django_assert_num_queries(6):
        client.get("/api/v1/units/")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("supervisor=nobody", "supervisor", "“nobody” is not a partner in the directory"),
        ("supervisor=hidden", "supervisor", "“hidden” is not a partner in the directory"),
        ("supervisor=cnrs&as_of=2019-02-30", "as_of", "Enter a valid date."),
        ("as_of=not-a-date", "as_of", "Enter a valid date."),
    ],
)
def test_an_unknown_partner_or_a_bad_date_is_a_400_with_the_message(client, supervised, query, field, message):
    response = client.get(f"/api/v1/units/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_the_schema_documents_the_filters_and_fields(client):
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/api/v1/units/"]["get"]["parameters"]}
    assert parameters["supervisor"]["description"].startswith("A partner's name or acronym")
    assert parameters["as_of"]["schema"]["format"] == "date"
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    assert {"supervisors", "partners"} <= set(unit)
