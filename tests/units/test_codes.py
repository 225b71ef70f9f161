"""Unit codes: one spelling, a number that identifies the unit, a prefix that agrees with
the structure type."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from units import codes
from units.models import ResearchUnit

from ..factories import MandateFactory, ResearchUnitFactory, SiteFactory
from .number_spellings import SPELLINGS

Type = ResearchUnit.StructureType


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("u 1999", "U1999"),
        ("U-1999", "U1999"),
        ("u1999", "U1999"),
        ("UMRS1013", "UMR-S 1013"),
        ("umr_s 1013", "UMR-S 1013"),
        ("UMR S1013", "UMR-S 1013"),
        ("UMR-S1013", "UMR-S 1013"),
        ("  umr-s   1013 ", "UMR-S 1013"),
        ("cic1401", "CIC 1401"),
        ("CIC-1401", "CIC 1401"),
        ("umr1252", "UMR 1252"),
        ("us14", "US 14"),
        ("ums 3453", "UMS 3453"),
        ("erl1234", "ERL 1234"),
        ("U0123", "U0123"),  # the digits as typed
    ],
)
def test_a_code_has_one_spelling(typed, canonical):
    assert codes.canonical(typed) == canonical


@pytest.mark.parametrize("typed", ["EA 4321", "Inserm U1013", "FR 3635", "1234", "U", "U12A", ""])
def test_a_code_without_an_inserm_prefix_and_number_has_no_canonical_spelling(typed):
    assert codes.canonical(typed) is None


@pytest.mark.parametrize(("code", "number"), [("U1013", 1013), ("UMR-S 1013", 1013), ("CIC 0014", 14), ("U", None)])
def test_the_inserm_number_is_the_number_that_ends_the_code(code, number):
    assert codes.number(code) == number


@pytest.mark.parametrize("typed", [*SPELLINGS, " umr_s-1013 "])
def test_every_spelling_of_a_number_is_a_search_for_it(typed):
    assert codes.number_searched(typed) == 1013


@pytest.mark.parametrize("typed", ["immunologie", "U1013 immunologie", "Inserm", "U 1013 1014", "1" * 7, "\x00"])
def test_other_searches_name_no_number(typed):
    assert codes.number_searched(typed) is None


def test_every_prefix_allows_structure_types_that_exist():
    assert set(codes.PREFIX_TYPES) == set(codes.PREFIXES.values())
    assert {value for values in codes.PREFIX_TYPES.values() for value in values} == set(Type.values)


# The model ---------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def unit(code, structure_type=Type.RESEARCH_UNIT):
    return ResearchUnitFactory.build(code=code, structure_type=structure_type, site=SiteFactory())


def errors(record) -> dict:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


def test_clean_stores_the_canonical_spelling_and_the_number():
    record = unit("u 1999")
    record.full_clean()
    record.save()
    record.refresh_from_db()
    assert (record.code, record.inserm_number) == ("U1999", 1999)


def test_every_save_writes_the_number_from_the_code():
    record = ResearchUnitFactory(code="CIC 1401", structure_type=Type.CIC)
    assert ResearchUnit.objects.get(pk=record.pk).inserm_number == 1401
    record.code = "CIC 1402"
    record.save(update_fields=["code"])
    assert ResearchUnit.objects.get(pk=record.pk).inserm_number == 1402


@pytest.mark.parametrize(
    ("code", "structure_type"),
    [
        ("U1999", Type.RESEARCH_UNIT),
        ("U1999", Type.MIXED_UNIT),
        ("UMR-S 1999", Type.MIXED_UNIT),
        ("UMR 1999", Type.MIXED_UNIT),
        ("CIC 1999", Type.CIC),
        ("US 19", Type.SERVICE_UNIT),
        ("UMS 1999", Type.SERVICE_UNIT),
        ("ERL 1999", Type.TEAM),
    ],
)
def test_a_prefix_and_its_structure_types_are_accepted(code, structure_type):
    unit(code, structure_type).full_clean()


@pytest.mark.parametrize(
    ("code", "structure_type", "expected"),
    [
        ("CIC 1401", Type.RESEARCH_UNIT, "CIC is that of a structure of type “Clinical investigation centre”"),
        ("umrs1013", Type.RESEARCH_UNIT, "UMR-S is that of a structure of type “Mixed research unit”"),
        ("U1013", Type.CIC, "U is that of a structure of type “Research unit” or “Mixed research unit”"),
        ("ERL 1234", Type.MIXED_UNIT, "ERL is that of a structure of type “Research team”"),
        ("US 14", Type.TEAM, "US is that of a structure of type “Service unit”"),
    ],
)
def test_a_prefix_that_contradicts_the_structure_type_is_refused_at_the_type(code, structure_type, expected):
    message = " ".join(errors(unit(code, structure_type))["structure_type"])
    assert f"A code starting with {expected}, not “{structure_type.label}”" in message


def test_a_code_that_is_not_an_inserm_prefix_is_refused_at_the_code():
    message = " ".join(errors(unit("EA 4321"))["code"])
    assert message.startswith("EA is not an Inserm prefix")


def test_a_code_spelt_like_another_units_is_refused_whatever_its_case():
    ResearchUnitFactory(code="UMR-S 1234", structure_type=Type.MIXED_UNIT)
    message = " ".join(errors(unit("umrs1234", Type.MIXED_UNIT))["code"])
    assert message == "Unit UMR-S 1234 already exists: umrs1234 is the same code spelt differently."


# The data migration ------------------------------------------------------------------------------


def test_the_migration_writes_every_code_in_its_spelling_and_reports_what_it_cannot_fix(capsys):
    migration = importlib.import_module("units.migrations.0009_canonical_codes")
    kept = ResearchUnitFactory(code="u 1999")
    mixed = ResearchUnitFactory(code="umrs1013", structure_type=Type.MIXED_UNIT)
    odd = ResearchUnitFactory(code="EA 4321")
    wrong_type = ResearchUnitFactory(code="CIC 1401", structure_type=Type.RESEARCH_UNIT)
    MandateFactory(unit=ResearchUnitFactory(code="U1013"))
    MandateFactory(unit=mixed)
    ResearchUnit.objects.update(inserm_number=None)

    migration.canonical_codes(apps, None)

    stored = dict(ResearchUnit.objects.values_list("pk", "code"))
    assert (stored[kept.pk], stored[mixed.pk], stored[odd.pk]) == ("U1999", "UMR-S 1013", "EA 4321")
    assert ResearchUnit.objects.get(pk=mixed.pk).inserm_number == 1013
    assert not ResearchUnit.objects.filter(inserm_number=None).exists()
    report = capsys.readouterr().out
    assert "1 codes left as they were, not an Inserm prefix and a number: EA 4321" in report
    assert f"{wrong_type.code} (research_unit)" in report
    assert "sharing their Inserm number with another over overlapping terms: U1013, UMR-S 1013" in report
    mixed.mandates.all().delete()  # PostgreSQL checks its constraints at the end of the test
