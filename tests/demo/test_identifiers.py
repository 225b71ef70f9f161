"""The demo's real identifiers (demo/identifiers.py) land on their records, and every
identifier the demo data holds passes its scheme's check."""

import pytest

from core.identifiers import identifier_fields
from demo import identifiers
from partners.models import Partner
from units.models import ResearchUnit, Site

pytestmark = pytest.mark.django_db


def test_the_well_known_records_get_their_identifiers(demo):
    for model, table in ((Partner, identifiers.PARTNERS), (Site, identifiers.SITES)):
        for name, values in table.items():
            record = model.objects.get(name=name)
            assert {field: getattr(record, field) for field in values} == values
            record.full_clean()  # each value passes its scheme's check, and no other record has it


def test_every_identifier_of_the_demo_passes_its_schemes_check(demo):
    for model in (Partner, Site, ResearchUnit):
        for field in identifier_fields(model):
            values = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            assert [value for value in values if field.scheme.read(value) != value] == [], field.name
