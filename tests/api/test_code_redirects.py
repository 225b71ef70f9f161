"""A unit's API address takes its code in any spelling, as its public page does: the
spelling answers 301 to the canonical address (the query string kept); a code no unit
that the client may see has stays a 404."""

import pytest

from ..factories import MandateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    MandateFactory(unit__code="U1013")
    MandateFactory(unit__code="UMR-S 1163")
    MandateFactory(unit__code="U7777", unit__is_published=False)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("u1013", "U1013"),
        ("U%201013", "U1013"),
        ("U-1013", "U1013"),
        ("u_1013", "U1013"),
        ("UMR_S1013", "U1013"),  # no UMR-S 1013: the unit with the number, as the page finds it
        ("Inserm1013", "U1013"),
        ("umr-s-1163", "UMRS1163"),
        ("UMR%20S%201163", "UMRS1163"),
        ("U1163", "UMRS1163"),
    ],
)
def test_a_code_in_any_spelling_answers_301_to_the_units_address(client, units, typed, canonical):
    answer = client.get(f"/api/v1/units/{typed}/")
    assert answer.status_code == 301
    assert answer["Location"] == f"/api/v1/units/{canonical}/"
    assert client.get(answer["Location"]).json()["code"] in ("U1013", "UMR-S 1163")


def test_the_query_string_is_kept(client, units):
    answer = client.get("/api/v1/units/u1013/?format=json")
    assert (answer.status_code, answer["Location"]) == (301, "/api/v1/units/U1013/?format=json")


def test_the_public_page_and_the_api_lead_to_the_same_unit(client, units):
    page = client.get("/en/units/UMR_S1013/")
    api = client.get("/api/v1/units/UMR_S1013/")
    assert page["Location"].endswith("/units/U1013/") and api["Location"] == "/api/v1/units/U1013/"


@pytest.mark.parametrize("typed", ["U9999", "u7777", "U7777", "nothing", "1013x"])
def test_a_code_no_published_unit_has_stays_a_404(client, units, typed):
    assert client.get(f"/api/v1/units/{typed}/").status_code == 404


def test_an_unknown_parameter_is_refused_before_any_redirect(client, units):
    assert client.get("/api/v1/units/u1013/?page=2").status_code == 400


def test_staff_are_led_to_any_unit_by_any_spelling(manager_client, units):
    answer = manager_client.get("/api/v1/staff/units/u7777/")
    assert (answer.status_code, answer["Location"]) == (301, "/api/v1/staff/units/U7777/")
    assert manager_client.get(answer["Location"]).json()["code"] == "U7777"
    assert manager_client.get("/api/v1/staff/units/U9999/").status_code == 404
