"""/api/v1/lookup/: any identifier, in any spelling, a registry link, `scheme:value` or an
Inserm unit code, resolves to the published records it names; a draft is never found; a
missing or malformed id answers 400 and an identifier nobody has 404, each with a message."""

import pytest
from django.test import Client

from ..factories import MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/lookup/"


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def records():
    return {
        "partner": PartnerFactory(
            slug="inserm",
            ror_id="02vjkv261",
            siren="180036048",
            siret="18003604800015",
            uai="0755976N",
            finess="750712184",
            wikidata_id="Q1665153",
        ),
        "site": SiteFactory(slug="necker", finess="750100208", uai="0751723R", wikidata_id="Q3145650"),
        "unit": MandateFactory(unit__code="UMR-S 1163", unit__rnsr_number="200818283W", unit__wikidata_id="Q42").unit,
    }


def matches(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200, response.json()
    return [(match["kind"], match["scheme"], match["value"]) for match in response.json()["matches"]]


# Each identifier kind, as typed, and the record it finds.
EACH_KIND = [
    ("200818283W", "unit", "rnsr", "200818283W"),
    ("Q42", "unit", "wikidata", "Q42"),
    ("02vjkv261", "partner", "ror", "02vjkv261"),
    ("180036048", "partner", "siren", "180036048"),
    ("180 036 048 00015", "partner", "siret", "18003604800015"),
    ("0755976n", "partner", "uai", "0755976N"),
    ("750712184", "partner", "finess", "750712184"),
    ("https://www.wikidata.org/wiki/Q1665153", "partner", "wikidata", "Q1665153"),
    ("750100208", "site", "finess", "750100208"),
    ("0751723R", "site", "uai", "0751723R"),
    ("Q3145650", "site", "wikidata", "Q3145650"),
]


@pytest.mark.parametrize(("typed", "kind", "scheme", "value"), EACH_KIND)
def test_each_identifier_kind_finds_its_record(client, records, typed, *, kind, scheme, value):
    response = client.get(LOOKUP, {"id": typed})
    assert matches(response) == [(kind, scheme, value)]
    [match] = response.json()["matches"]
    record = records[kind]
    assert match["page"] == f"http://testserver{record.get_absolute_url()}"
    assert client.get(match["api"]).status_code == 200


@pytest.mark.parametrize("typed", ["ror:02vjkv261", "ROR: 02VJKV261", "https://ror.org/02vjkv261", "ror.org/02vjkv261"])
def test_a_named_scheme_or_a_registry_link_finds_the_record(client, records, typed):
    assert matches(client.get(LOOKUP, {"id": typed})) == [("partner", "ror", "02vjkv261")]


def test_a_nine_digit_number_is_tried_as_siren_and_finess_and_every_match_returned(client, records):
    # AP-HP's FINESS number made a SIREN of another partner: both are found.
    PartnerFactory(siren="750712184")
    assert sorted(matches(client.get(LOOKUP, {"id": "750712184"}))) == [
        ("partner", "finess", "750712184"),
        ("partner", "siren", "750712184"),
    ]
    assert matches(client.get(LOOKUP, {"id": "finess:750712184"})) == [("partner", "finess", "750712184")]


def test_partners_sharing_a_siren_are_all_returned(client, records):
    PartnerFactory(siren="180036048")
    assert matches(client.get(LOOKUP, {"id": "180036048"})) == [("partner", "siren", "180036048")] * 2


@pytest.mark.parametrize("typed", ["UMR-S 1163", "umrs1163", "U1163", "Inserm 1163", "1163"])
def test_an_inserm_unit_code_in_any_spelling_finds_the_unit(client, records, typed):
    assert matches(client.get(LOOKUP, {"id": typed})) == [("unit", "inserm_code", "UMR-S 1163")]


@pytest.mark.parametrize("typed", ["02vjkv261", "750100208", "200818283W", "U1163", "180036048"])
def test_unpublished_records_are_never_found(client, records, typed):
    records["partner"].is_published = False
    records["partner"].save()
    records["unit"].is_published = False
    records["unit"].save()
    records["site"].finess = ""  # sites are all public: this one no longer has the number
    records["site"].save()
    response = client.get(LOOKUP, {"id": typed})
    assert response.status_code == 404
    assert response.json() == {"detail": "No published record has this identifier."}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Give the identifier to look up in the id parameter."),
        ({"id": "  "}, "Give the identifier to look up in the id parameter."),
        ({"id": "Inserm"}, "This is not an identifier the portal knows."),
        ({"id": "02vjkv262"}, "This is not an identifier the portal knows."),
        ({"id": "x" * 10_000}, "This is not an identifier the portal knows."),
        ({"id": "02vjkv261\x00"}, "This is not an identifier the portal knows."),
        ({"id": "ror:02vjkv262"}, "A ROR ID is 0, six letters or digits and two check digits"),
        ({"id": "siren:180036047"}, "A SIREN number is 9 digits whose last is a check digit"),
    ],
)
def test_a_missing_or_malformed_id_answers_400_with_a_message(client, records, query, message):
    response = client.get(LOOKUP, query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)


def test_a_valid_identifier_nobody_has_answers_404(client, records):
    response = client.get(LOOKUP, {"id": "05f82e368"})
    assert response.status_code == 404
    assert response.json()["detail"] == "No published record has this identifier."


def test_a_lookup_runs_one_query_per_kind_of_record_that_may_have_the_identifier(
    client, records, django_assert_num_queries
):
    client.get(LOOKUP, {"id": "02vjkv261"})  # the throttle's cache table, set up once
    with django_assert_num_queries(1):  # partners (no unit or site has a ROR ID)
        client.get(LOOKUP, {"id": "02vjkv261"})
    with django_assert_num_queries(2):  # sites and partners (a SIREN or a FINESS number)
        client.get(LOOKUP, {"id": "750712184"})


def test_the_lookup_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/lookup/"]["get"]
    assert [(parameter["name"], parameter["required"]) for parameter in operation["parameters"]] == [("id", True)]
    assert set(operation["responses"]) == {"200", "400", "404"}
