"""The staff API (/api/v1/staff/units/) holds units to the rules of their codes: one spelling,
a prefix that agrees with the structure type, and one Inserm number for one unit at a time;
a refused write names the field and the unit that holds the number, and saves nothing."""

import datetime as dt

import pytest

from units.models import ResearchUnit

from ..factories import MandateFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today(dt.date(2026, 11, 30))]

UNITS = "/api/v1/staff/units/"


@pytest.fixture(autouse=True)
def _messages_in_english(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages compared below


@pytest.fixture
def u1013():
    """U1013, in its first term from 2025 to the end of 2028."""
    return MandateFactory(unit__code="U1013", start=dt.date(2025, 1, 1)).unit


def new_unit(**changes):
    return {
        "code": "UMR-S 1013",
        "name": "Unité mixte",
        "structure_type": "mixed_unit",
        "site": SiteFactory().slug,
        "director_name": "Jeanne Martin",
        **changes,
    }


def test_a_second_unit_with_a_number_in_use_over_overlapping_terms_is_refused_at_its_code(editor_client, u1013):
    response = editor_client.post(UNITS, new_unit(first_term_start="2026-01-01"), "application/json")

    assert response.status_code == 400
    [message] = response.json()["code"]
    assert message.startswith("U1013 already has the Inserm number 1013, with terms from")
    assert list(ResearchUnit.objects.values_list("code", flat=True)) == ["U1013"]


def test_a_unit_recreated_under_its_number_after_the_last_term_is_accepted(editor_client, u1013):
    response = editor_client.post(UNITS, new_unit(code="umrs1013", first_term_start="2029-01-01"), "application/json")

    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "UMR-S 1013"  # in its one spelling
    assert ResearchUnit.objects.filter(inserm_number=1013).count() == 2


def test_a_change_of_code_to_a_number_in_use_is_refused(editor_client, u1013):
    other = MandateFactory(unit__code="U1049").unit
    response = editor_client.patch(
        f"{UNITS}{other.code_key}/",
        {"code": "UMR-S 1013", "structure_type": "mixed_unit", "version": other.version},
        "application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"][0].startswith("U1013 already has the Inserm number 1013")
    other.refresh_from_db()
    assert other.code == "U1049"


def test_a_prefix_that_contradicts_the_structure_type_is_refused_at_the_type(editor_client):
    response = editor_client.post(UNITS, new_unit(code="CIC 1401", structure_type="research_unit"), "application/json")

    assert response.status_code == 400
    assert response.json()["structure_type"][0].startswith("A code starting with CIC is that of a structure of type")
    assert not ResearchUnit.objects.exists()
