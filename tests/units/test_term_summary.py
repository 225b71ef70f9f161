"""A unit's term summary (term_start, term_end, term_number) is a copy of its terms, which
lists read instead of the terms: every way a term changes must keep it equal to what the
terms say, computed here independently, in Python."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from units import services
from units.models import Mandate, ResearchUnit

from ..admin_helpers import loaded_state, term, unit_form
from ..factories import MandateFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db

D = dt.date


def summary(unit):
    return ResearchUnit.objects.values_list("term_start", "term_end", "term_number").get(pk=unit.pk)


def from_terms(unit):
    terms = list(Mandate.objects.filter(unit=unit))
    if not terms:
        return (None, None, None)
    return (min(t.start for t in terms), max(t.end for t in terms), max(t.number for t in terms))


def test_a_unit_without_terms_has_an_empty_summary():
    assert summary(ResearchUnitFactory()) == (None, None, None)


def test_creating_renewing_editing_and_deleting_terms_keep_the_summary():
    unit = services.create_unit(
        code="U5001",
        name="Summary",
        structure_type=ResearchUnit.StructureType.RESEARCH_UNIT,
        site=ResearchUnitFactory().site,
        director_name="A. Director",
        first_term_start=D(2025, 1, 1),
    )
    assert summary(unit) == from_terms(unit) == (D(2025, 1, 1), D(2028, 12, 31), 1)

    services.renew_mandate(unit=unit, on=D(2028, 6, 1))
    assert summary(unit) == from_terms(unit) == (D(2025, 1, 1), D(2032, 12, 31), 2)

    second = unit.mandates.get(number=2)
    second.end = D(2032, 6, 30)
    second.save()
    assert summary(unit) == from_terms(unit) == (D(2025, 1, 1), D(2032, 6, 30), 2)

    second.delete()
    assert summary(unit) == from_terms(unit) == (D(2025, 1, 1), D(2028, 12, 31), 1)

    unit.mandates.all().delete()  # a queryset delete: no Model.delete(), still the signals
    assert summary(unit) == (None, None, None)


def test_saving_a_copy_of_the_unit_loaded_before_a_renewal_keeps_the_renewal():
    unit = MandateFactory(start=D(2025, 1, 1)).unit
    stale = ResearchUnit.objects.get(pk=unit.pk)
    services.renew_mandate(unit=unit, on=D(2028, 6, 1))

    stale.name = "Renamed after the renewal"
    stale.save()

    assert ResearchUnit.objects.get(pk=unit.pk).name == "Renamed after the renewal"
    assert summary(unit) == (D(2025, 1, 1), D(2032, 12, 31), 2)


def test_restoring_a_term_from_history_updates_the_summary():
    mandate = MandateFactory(start=D(2025, 1, 1))
    earlier = mandate.history.latest()
    mandate.end = D(2028, 6, 30)
    mandate.save()
    assert summary(mandate.unit)[1] == D(2028, 6, 30)

    earlier.instance.save()  # what the admin's "revert" does

    assert summary(mandate.unit) == from_terms(mandate.unit) == (D(2025, 1, 1), D(2028, 12, 31), 1)


def test_the_admin_mandate_inline_keeps_the_summary(admin_client):
    first = MandateFactory(start=D(2025, 1, 1))
    unit = first.unit
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    renewal = term(number=2, start=D(2029, 1, 1), end=D(2032, 12, 31))
    data = unit_form(unit, terms=[term(first), renewal])

    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 302
    assert summary(unit) == from_terms(unit) == (D(2025, 1, 1), D(2032, 12, 31), 2)


def test_seed_demo_fills_every_summary_from_the_terms():
    call_command("seed_demo", verbosity=0)
    for unit in ResearchUnit.objects.prefetch_related("mandates"):
        terms = list(unit.mandates.all())
        expected = (
            (min(t.start for t in terms), max(t.end for t in terms), max(t.number for t in terms))
            if terms
            else (None, None, None)
        )
        assert (unit.term_start, unit.term_end, unit.term_number) == expected, unit.code
