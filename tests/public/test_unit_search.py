"""The public unit list finds a unit from any spelling of its Inserm number, whatever the
prefix of its code; its page answers at any spelling of the number too."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import MandateFactory
from ..units.number_spellings import SPELLINGS

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["U1013", "UMR-S 1013"])
def unit(request):
    """The unit numbered 1013, coded either way, among units whose codes hold its digits."""
    structure = "research_unit" if request.param == "U1013" else "mixed_unit"
    found = MandateFactory(unit__code=request.param, unit__structure_type=structure).unit
    MandateFactory(unit__code="U10130")
    MandateFactory(unit__code="UMR-S 1014", unit__structure_type="mixed_unit")
    return found


@pytest.mark.parametrize("typed", SPELLINGS)
def test_any_spelling_of_a_number_finds_its_unit_first(client, unit, typed):
    found = [row.code for row in client.get("/en/units/", {"q": typed}).context["object_list"]]
    assert found[0] == unit.code
    assert "UMR-S 1014" not in found


def test_a_number_search_costs_the_queries_of_any_other_search(client, unit):
    client.get("/en/units/", {"q": "warm"})  # what a first search reads once (choices, the words searchable)
    counts = []
    for typed in ("laboratoire", "Inserm U1013"):
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/units/", {"q": typed})
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("typed", ["UMRS-1013", "Unite-Inserm-1013", "Inserm-U1013", "1013"])
def test_a_units_page_answers_at_any_spelling_of_its_number(client, unit, typed):
    response = client.get(f"/en/units/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/units/{unit.code_slug}/"


def test_a_page_for_a_number_nobody_has_is_not_found(client, unit):
    assert client.get("/en/units/UMRS-9999/").status_code == 404


def test_a_number_held_by_two_units_in_turn_leads_to_the_latest(client):
    MandateFactory(unit__code="U1013", start=dt.date(2017, 1, 1))
    later = MandateFactory(unit__code="UMR-S 1013", unit__structure_type="mixed_unit").unit
    assert client.get("/en/units/1013/")["Location"] == f"/en/units/{later.code_slug}/"
