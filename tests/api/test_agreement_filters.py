"""Agreements by partner (`?partner=<slug>`) and by unit (`?unit=<code in any spelling>`):
the public API finds only public agreements and only by published partners and units, the
staff API finds every agreement by any of them; a value it cannot read answers 400 under
the filter's name, worded as for an unknown choice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Agreement, Partner
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory, PartnerFactory


@pytest.fixture(autouse=True)
def english(settings):
    """The messages compared are the English ones (the API speaks the client's language)."""
    settings.LANGUAGE_CODE = "en"


pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/agreements/"
STAFF = "/api/v1/staff/agreements/"


@pytest.fixture
def records():
    lyon, lille = PartnerFactory(slug="lyon"), PartnerFactory(slug="lille")
    hidden = PartnerFactory(slug="hidden", is_published=False)
    u1013 = MandateFactory(unit__code="U1013").unit
    umrs = MandateFactory(unit__code="UMR-S 1163").unit
    hidden_unit = MandateFactory(unit__code="U7777", unit__is_published=False).unit
    AgreementFactory(reference="LYON-1013", partners=[lyon]).units.add(u1013)
    AgreementFactory(reference="LYON-LILLE-1163", partners=[lyon, lille]).units.add(umrs)
    AgreementFactory(reference="LILLE", partners=[lille])
    AgreementFactory(reference="LYON-HIDDEN-UNIT", partners=[lyon, hidden]).units.add(u1013, hidden_unit)
    AgreementFactory(reference="DRAFT", stage=Agreement.Stage.DRAFT, signed_on=None, partners=[lyon]).units.add(u1013)
    AgreementFactory(reference="PRIVATE", is_public=False, partners=[lyon]).units.add(umrs)
    AgreementFactory(reference="HIDDEN-ONLY", partners=[hidden]).units.add(hidden_unit)


def references(client, url, **filters) -> list[str]:
    answer = client.get(url, filters)
    assert answer.status_code == 200, answer.content
    return [agreement["reference"] for agreement in answer.json()["results"]]


def test_the_public_api_finds_the_public_agreements_of_a_published_partner(client, records):
    assert references(client, PUBLIC, partner="lyon") == ["LYON-1013", "LYON-HIDDEN-UNIT", "LYON-LILLE-1163"]
    assert references(client, PUBLIC, partner="lille") == ["LILLE", "LYON-LILLE-1163"]


@pytest.mark.parametrize("code", ["U1013", "u1013", "U 1013", "U-1013", "Inserm U1013", "UMR_S1013"])
def test_the_public_api_finds_a_units_public_agreements_by_its_code_in_any_spelling(client, records, code):
    assert references(client, PUBLIC, unit=code) == ["LYON-1013", "LYON-HIDDEN-UNIT"]


def test_a_unit_with_another_prefix_is_found_by_its_code_or_its_number(client, records):
    for code in ("UMR-S 1163", "umrs1163", "UMR_S 1163", "U1163", "1163"):
        assert references(client, PUBLIC, unit=code) == ["LYON-LILLE-1163"], code


def test_partner_and_unit_together_and_with_the_other_filters(client, records):
    assert references(client, PUBLIC, partner="lyon", unit="U1013") == ["LYON-1013", "LYON-HIDDEN-UNIT"]
    assert references(client, PUBLIC, partner="lille", unit="U1013") == []
    assert references(client, PUBLIC, partner="lyon", kind="co_funding") == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("partner", "nobody"),
        ("partner", "hidden"),  # unpublished: as if it did not exist
        ("unit", "U9999"),
        ("unit", "U7777"),  # unpublished
        ("unit", "not a code"),
    ],
)
def test_a_partner_or_unit_the_public_may_not_see_answers_400_as_an_unknown_choice(client, records, name, value):
    answer = client.get(PUBLIC, {name: value})
    assert answer.status_code == 400
    # Worded as the choice filters word an unknown choice (?kind=nonsense).
    kind = client.get(PUBLIC, {"kind": "nonsense"}).json()["kind"]
    assert answer.json() == {name: [kind[0].replace("nonsense", value)]}
    assert "HIDDEN" not in answer.text


@pytest.mark.parametrize("value", ["x" * 10_000, "U1013\x00", "   "])
def test_odd_values_answer_400_or_every_agreement_never_an_error(client, records, value):
    answer = client.get(PUBLIC, {"partner": value})
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:  # blank: no filter
        assert answer.json()["count"] == 4
    else:
        assert set(answer.json()) == {"partner"}


def test_staff_find_every_agreement_by_any_partner_or_unit(manager_client, records):
    assert references(manager_client, STAFF, partner="lyon") == [
        "DRAFT",
        "LYON-1013",
        "LYON-HIDDEN-UNIT",
        "LYON-LILLE-1163",
        "PRIVATE",
    ]
    assert references(manager_client, STAFF, partner="hidden") == ["HIDDEN-ONLY", "LYON-HIDDEN-UNIT"]
    assert references(manager_client, STAFF, unit="u7777") == ["HIDDEN-ONLY", "LYON-HIDDEN-UNIT"]
    assert references(manager_client, STAFF, unit="UMRS 1163") == ["LYON-LILLE-1163", "PRIVATE"]
    assert manager_client.get(STAFF, {"unit": "U9999"}).status_code == 400


def test_the_schema_documents_both_filters_as_text(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (PUBLIC, STAFF):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["partner"]["schema"] == {"type": "string"}
        assert parameters["unit"]["schema"] == {"type": "string"}
        assert "any spelling" in parameters["unit"]["description"]


def test_a_filtered_list_reads_as_many_queries_for_2_agreements_as_for_40(client, records, settings):
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PUBLIC, {"partner": "lille", "unit": "umrs1163", "page_size": 500}).status_code == 200
        return len(captured)

    few = queries()
    lille, unit = Partner.objects.get(slug="lille"), ResearchUnit.objects.get(code="UMR-S 1163")
    for _ in range(40):
        AgreementFactory(partners=[lille]).units.add(unit)
    # The partner, the unit, the count, the page, its partners and its units.
    assert queries() == few == 6
