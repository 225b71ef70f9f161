"""Mandate rules: a 4-year term, renewable once, the renewal starting the next day."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from units import rules, services
from units.models import Mandate, MandateStatus, ResearchUnit

from ..factories import MandateFactory, ResearchUnitFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms

D = dt.date
ONE_YEAR = dt.timedelta(days=365)


def new_unit(**overrides):
    fields = {
        "code": "U1234",
        "name": "Laboratoire de test",
        "structure_type": ResearchUnit.StructureType.RESEARCH_UNIT,
        "site": SiteFactory(),
        "director_name": "Marie Curie",
    }
    return services.create_unit(**{**fields, **overrides})


def test_creating_a_unit_gives_it_a_first_four_year_term():
    unit = new_unit(first_term_start=D(2025, 1, 1))

    [term] = unit.mandates.all()
    assert (term.number, term.start, term.end) == (1, D(2025, 1, 1), D(2028, 12, 31))


def test_first_term_starts_today_by_default():
    unit = new_unit()
    assert unit.mandates.get().start == timezone.localdate()


def test_creating_an_invalid_unit_writes_nothing():
    with pytest.raises(ValidationError) as error:
        new_unit(code="not a code!")
    assert "code" in error.value.message_dict
    assert not ResearchUnit.objects.exists()
    assert not Mandate.objects.exists()


def test_renewal_starts_the_day_after_the_first_term_ends():
    unit = new_unit(first_term_start=D(2025, 1, 1))

    renewal = services.renew_mandate(unit=unit)

    assert (renewal.number, renewal.start, renewal.end) == (2, D(2029, 1, 1), D(2032, 12, 31))


def test_a_second_renewal_is_refused_and_writes_nothing():
    unit = new_unit(first_term_start=D(2025, 1, 1))
    services.renew_mandate(unit=unit)

    with pytest.raises(ValidationError, match="may be renewed only once"):
        services.renew_mandate(unit=unit)
    assert unit.mandates.count() == 2


def test_an_ended_unit_cannot_be_renewed():
    unit = new_unit(first_term_start=D(2015, 1, 1))
    with pytest.raises(ValidationError, match=re.escape("U1234 ended on 31 Dec 2018")):
        services.renew_mandate(unit=unit, on=D(2026, 1, 1))
    assert unit.mandates.count() == 1


def test_a_unit_can_be_renewed_on_the_last_day_of_its_term_but_not_before_it_starts():
    unit = new_unit(first_term_start=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="has not started yet"):
        services.renew_mandate(unit=unit, on=D(2024, 12, 31))
    assert services.renew_mandate(unit=unit, on=D(2028, 12, 31)).start == D(2029, 1, 1)


def test_renewing_a_unit_without_term_is_refused():
    unit = ResearchUnitFactory()
    with pytest.raises(ValidationError, match="no term to renew"):
        services.renew_mandate(unit=unit)
    assert not unit.mandates.exists()


def test_term_length_and_renewals_are_settings(settings):
    settings.MANDATE_TERM_YEARS = 5
    unit = new_unit(first_term_start=D(2025, 1, 1))
    assert unit.mandates.get().end == D(2029, 12, 31)


# The model layer: full_clean() refuses each broken rule with a message naming it.


def refused(mandate: Mandate) -> dict:
    with pytest.raises(ValidationError) as error:
        mandate.full_clean()
    return error.value.message_dict


def test_model_refuses_a_third_term():
    first = MandateFactory()
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    third = Mandate(unit=first.unit, number=3, start=second.end + rules.ONE_DAY, end=D(2036, 12, 31))
    assert "renewed only once" in refused(third)["number"][0]


def test_model_refuses_an_overlapping_renewal():
    first = MandateFactory()
    errors = refused(Mandate(unit=first.unit, number=2, start=D(2028, 6, 1), end=D(2032, 5, 31)))
    assert errors["start"] == ["Overlaps term 1, which ends on 31 Dec 2028: a renewal starts the next day, 1 Jan 2029."]


def test_model_refuses_a_gap_before_the_renewal():
    first = MandateFactory()
    errors = refused(Mandate(unit=first.unit, number=2, start=D(2029, 3, 1), end=D(2033, 2, 28)))
    assert "Leaves a gap after term 1" in errors["start"][0]


def test_model_refuses_an_end_before_the_start():
    errors = refused(Mandate(unit=ResearchUnitFactory(), number=1, start=D(2025, 1, 1), end=D(2024, 1, 1)))
    assert errors["end"] == ["A term must end after it starts (it starts on 1 Jan 2025)."]


def test_model_refuses_a_term_longer_than_the_setting_without_a_reason():
    errors = refused(Mandate(unit=ResearchUnitFactory(), number=1, start=D(2025, 1, 1), end=D(2029, 1, 1)))
    assert errors["end"][0].startswith("A full term lasts 4 years: starting on 1 Jan 2025, it ends on 31 Dec 2028.")


def test_model_refuses_a_term_shorter_than_the_minimum():
    errors = refused(Mandate(unit=ResearchUnitFactory(), number=1, start=D(2025, 1, 1), end=D(2025, 1, 3)))
    assert errors["end"] == [
        "A term lasts at least 12 months: starting on 1 Jan 2025, it ends on 31 Dec 2025 at the earliest."
    ]


def test_the_shortest_term_accepted_is_a_setting(settings):
    settings.MANDATE_MIN_TERM_MONTHS = 6
    unit = ResearchUnitFactory()
    Mandate(unit=unit, number=1, start=D(2025, 1, 1), end=D(2025, 6, 30), length_reason="early_closure").full_clean()
    errors = refused(
        Mandate(unit=unit, number=1, start=D(2025, 1, 1), end=D(2025, 6, 29), length_reason="early_closure")
    )
    assert "at least 6 months" in errors["end"][0]


def test_model_refuses_a_renewal_without_first_term():
    errors = refused(Mandate(unit=ResearchUnitFactory(), number=2, start=D(2025, 1, 1), end=D(2028, 12, 31)))
    assert "term 1 must exist first" in errors["number"][0]


def test_model_refuses_moving_the_first_term_away_from_its_renewal():
    first = MandateFactory()
    MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    first.end, first.length_reason = D(2028, 6, 30), "early_closure"
    assert "Leaves a gap before term 2" in refused(first)["end"][0]


def test_model_accepts_a_correct_renewal():
    first = MandateFactory()
    Mandate(unit=first.unit, number=2, start=D(2029, 1, 1), end=D(2032, 12, 31)).full_clean()


def test_a_term_given_its_neighbours_is_checked_against_them_not_the_stored_ones():
    # Term 1 is stored as 2025-2028; an editor moves it a month on and adds its renewal.
    first = MandateFactory(start=D(2025, 1, 1))
    renewal = Mandate(unit=first.unit, number=2, start=D(2029, 2, 1), end=D(2033, 1, 31))
    assert "Leaves a gap after term 1" in refused(renewal)["start"][0]  # against the stored term 1

    renewal.neighbours = (rules.Term(1, D(2025, 2, 1), D(2029, 1, 31)), None)
    renewal.full_clean()  # against term 1 as it is about to be

    renewal.neighbours = (rules.Term(1, D(2025, 2, 1), D(2029, 3, 31)), None)
    assert "Overlaps term 1, which ends on 31 Mar 2029" in refused(renewal)["start"][0]


def test_a_term_given_no_neighbours_is_checked_alone():
    unit = ResearchUnitFactory()
    renewal = Mandate(unit=unit, number=2, start=D(2030, 1, 1), end=D(2033, 12, 31))
    renewal.neighbours = (None, None)
    assert "term 1 must exist first" in refused(renewal)["number"][0]


# The database itself refuses what it can express (named constraints).


def direct_insert(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(**fields)


def test_database_refuses_a_third_term():
    direct_insert(unit=ResearchUnitFactory(), number=3, start=D(2033, 1, 1), end=D(2036, 12, 31))


def test_database_refuses_term_number_zero():
    direct_insert(unit=ResearchUnitFactory(), number=0, start=D(2033, 1, 1), end=D(2036, 12, 31))


def test_database_refuses_an_end_before_the_start():
    direct_insert(unit=ResearchUnitFactory(), number=1, start=D(2025, 1, 1), end=D(2024, 12, 31))


def test_database_refuses_two_terms_with_the_same_number():
    first = MandateFactory()
    direct_insert(unit=first.unit, number=1, start=D(2029, 1, 1), end=D(2032, 12, 31))


# On PostgreSQL, overlapping terms of a unit are refused by the database itself, whatever
# writes them (an exclusion constraint, checked at the commit); SQLite has the rules only.

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint of PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True)  # each statement committed, as a script's would be
def test_database_refuses_an_overlapping_term_written_without_the_rules():
    first = MandateFactory()
    with pytest.raises(IntegrityError, match="mandate_terms_do_not_overlap"):
        Mandate.objects.create(unit=first.unit, number=2, start=D(2028, 6, 1), end=D(2032, 5, 31))
    # The next day is no overlap: a renewal as the rules want it.
    second = Mandate.objects.create(unit=first.unit, number=2, start=D(2029, 1, 1), end=D(2032, 12, 31))

    with pytest.raises(IntegrityError, match="mandate_terms_do_not_overlap"):
        Mandate.objects.filter(pk=second.pk).update(start=D(2028, 12, 31))  # shares term 1's last day
    assert list(first.unit.mandates.values_list("start", flat=True)) == [D(2025, 1, 1), D(2029, 1, 1)]


@postgres_only
def test_the_overlap_constraint_waits_for_the_commit_and_concerns_one_unit_at_a_time():
    first = MandateFactory()
    other = MandateFactory()  # another unit, same dates: no conflict
    second = MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    with transaction.atomic():
        # Both terms moved a month later, one after the other: they overlap in between.
        Mandate.objects.filter(pk=first.pk).update(start=D(2025, 2, 1), end=D(2029, 1, 31))
        Mandate.objects.filter(pk=second.pk).update(start=D(2029, 2, 1), end=D(2033, 1, 31))
        connection.check_constraints()  # what the commit checks
    assert other.unit.mandates.get().start == D(2025, 1, 1)


def test_database_refuses_the_same_code_spelt_differently():
    ResearchUnitFactory(code="UMR-S 1234")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchUnitFactory(code="umr_s1234")


def test_model_reports_the_same_code_spelt_differently():
    ResearchUnitFactory(code="U1234")
    unit = ResearchUnitFactory.build(code="u 1234", site=SiteFactory())
    with pytest.raises(ValidationError, match="same code spelt differently"):
        unit.full_clean()


# Term arithmetic, for any start date.


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)))
def test_a_full_term_ends_the_day_before_the_same_date_four_years_on(start):
    end = rules.term_end(start)
    next_start = end + rules.ONE_DAY
    assert next_start.year == start.year + 4
    # Same month and day, except 29 February, whose anniversary falls on 28 February.
    assert (next_start.month, next_start.day) == (start.month, start.day) or (start.month, start.day) == (2, 29)
    assert rules.term_errors(rules.Term(1, start, end), None, None) == {}


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)))
def test_renewed_terms_follow_each_other_without_gap_or_overlap(start):
    first = rules.Term(1, start, rules.term_end(start))
    second_start = first.end + rules.ONE_DAY
    second = rules.Term(2, second_start, rules.term_end(second_start))
    assert rules.sequence_errors([first, second]) == [{}, {}]


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)), st.integers(min_value=-400, max_value=400))
def test_any_other_renewal_start_is_refused(start, shift):
    first = rules.Term(1, start, rules.term_end(start))
    second_start = first.end + dt.timedelta(days=1 + shift)
    errors = rules.term_errors(rules.Term(2, second_start, rules.term_end(second_start)), first, None)
    assert ("start" in errors) == (shift != 0)


# The number of renewals is a setting, read by the rules, the service and the annotation.


def test_the_number_of_renewals_is_a_setting(settings):
    settings.MANDATE_MAX_RENEWALS = 0
    today = timezone.localdate()
    unit = MandateFactory(start=today - ONE_YEAR).unit

    annotated = ResearchUnit.objects.with_mandate_status().get(pk=unit.pk)
    assert annotated.mandate_status == MandateStatus.FINAL
    assert not annotated.can_renew
    with pytest.raises(Exception, match="already in its final term"):
        services.renew_mandate(unit=unit)
    first = unit.mandates.get()
    errors = rules.term_errors(rules.Term(2, first.end + rules.ONE_DAY, first.end + ONE_YEAR), first.as_term(), None)
    assert "number" in errors
    assert unit.mandates.count() == 1


# The database's rules carry the names the model gives them.


def test_the_mandate_constraints_are_named_in_the_database():
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, Mandate._meta.db_table))
    assert {"mandate_unique_number_per_unit", "mandate_number_range", "mandate_end_after_start"} <= names
