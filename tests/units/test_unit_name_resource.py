"""Units' other names in spreadsheets (units/resources.py UnitNameResource): a unit named by
its code in any spelling, each name imported in the unit's search document at once."""

import pytest
import tablib

from units.filters import search_units
from units.models import ResearchUnit, UnitName
from units.resources import UnitNameResource

from ..factories import ResearchUnitFactory

pytestmark = pytest.mark.django_db

HEADERS = ["unit", "name", "kind", "start", "end"]


@pytest.fixture
def unit():
    return ResearchUnitFactory(code="UMR-S 1052", name="Centre de recherche en cancérologie de Lyon")


def import_file(*lines, **kwargs):
    return UnitNameResource().import_data(tablib.Dataset(*lines, headers=HEADERS), **kwargs)


def test_an_acronym_imported_for_a_code_in_another_spelling_finds_the_unit(unit):
    assert list(search_units(ResearchUnit.objects.all(), "CRCL").ranked()) == []

    result = import_file(["umr s 1052", "CRCL", "acronym", "", ""])

    assert not result.has_errors() and not result.invalid_rows
    assert list(UnitName.objects.values_list("unit__code", "name", "kind")) == [("UMR-S 1052", "CRCL", "acronym")]
    assert list(search_units(ResearchUnit.objects.all(), "CRCL").ranked()) == [unit]


def test_a_unit_s_exported_names_import_unchanged_in_any_spelling_of_its_code(unit):
    UnitName.objects.create(unit=unit, name="CRCL", kind=UnitName.Kind.ACRONYM)
    exported = UnitNameResource().export()
    assert exported.dict == [{"unit": "UMR-S 1052", "name": "CRCL", "kind": "acronym", "start": "", "end": ""}]

    result = import_file(["umr_s1052", "CRCL", "acronym", "", ""])

    assert (result.totals["skip"], result.totals["new"], result.totals["update"]) == (1, 0, 0)
    assert UnitName.objects.get().history.count() == 1


def test_the_admin_list_finds_a_name_without_its_accents_or_by_its_unit_s_code(admin_client, unit):
    name = UnitName.objects.create(unit=unit, name="Centre Hélios", kind=UnitName.Kind.ALIAS)
    for typed in ("helios", "u 1052"):
        response = admin_client.get("/admin/units/unitname/", {"q": typed})
        assert list(response.context["cl"].result_list) == [name], typed
