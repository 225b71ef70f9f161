"""The API's unit list (the public list's filters) finds a unit from any spelling of its
Inserm number, whatever the prefix of its code."""

import pytest
from django.core.cache import cache

from ..factories import MandateFactory
from ..units.number_spellings import SPELLINGS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # anonymous request counts live in the cache
    yield
    cache.clear()


@pytest.fixture(params=["U1013", "UMR-S 1013"])
def unit(request):
    structure = "research_unit" if request.param == "U1013" else "mixed_unit"
    found = MandateFactory(unit__code=request.param, unit__structure_type=structure).unit
    MandateFactory(unit__code="U10130")
    MandateFactory(unit__code="UMR-S 1014", unit__structure_type="mixed_unit")
    return found


@pytest.mark.parametrize("typed", SPELLINGS)
def test_any_spelling_of_a_number_finds_its_unit_first(client, unit, typed):
    response = client.get("/api/v1/units/", {"q": typed})
    assert response.status_code == 200
    found = [row["code"] for row in response.json()["results"]]
    assert found[0] == unit.code
    assert "UMR-S 1014" not in found
