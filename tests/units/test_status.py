"""Mandate status, computed in SQL, on the boundary days.

The unit's first term runs from 1 January 2025 to 31 December 2028; 12 months
before its end is 31 December 2027.
"""

import datetime as dt

import pytest

from units.models import MandateStatus, ResearchUnit

from ..factories import MandateFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db

D = dt.date


def status_on(unit, day):
    return ResearchUnit.objects.with_mandate_status(on=day).get(pk=unit.pk).mandate_status


@pytest.fixture
def first_term_only():
    return MandateFactory(start=D(2025, 1, 1)).unit


@pytest.fixture
def renewed():
    first = MandateFactory(start=D(2025, 1, 1))
    MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    return first.unit


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2024, 12, 31), MandateStatus.UPCOMING),  # the day before the first term
        (D(2025, 1, 1), MandateStatus.RENEWABLE),  # its first day
        (D(2027, 12, 30), MandateStatus.RENEWABLE),  # a day more than 12 months before the end
        (D(2027, 12, 31), MandateStatus.EXPIRING),  # exactly 12 months before the end
        (D(2028, 12, 31), MandateStatus.EXPIRING),  # the last day of the term
        (D(2029, 1, 1), MandateStatus.ENDED),  # the day after, not renewed
    ],
)
def test_status_of_a_unit_in_its_first_term(first_term_only, day, expected):
    assert status_on(first_term_only, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 12, 31), MandateStatus.FINAL),  # renewal already decided: not expiring
        (D(2028, 12, 31), MandateStatus.FINAL),  # last day of the first term
        (D(2029, 1, 1), MandateStatus.FINAL),  # first day of the renewal
        (D(2031, 12, 30), MandateStatus.FINAL),
        (D(2031, 12, 31), MandateStatus.EXPIRING),  # 12 months before the final term ends
        (D(2032, 12, 31), MandateStatus.EXPIRING),
        (D(2033, 1, 1), MandateStatus.ENDED),
    ],
)
def test_status_of_a_renewed_unit(renewed, day, expected):
    assert status_on(renewed, day) == expected


@pytest.mark.parametrize(
    ("day", "current", "can_renew"),
    [
        (D(2024, 12, 31), None, False),  # before the first term
        (D(2025, 1, 1), 1, True),
        (D(2028, 12, 31), 1, True),  # the last day of term 1: still renewable
        (D(2029, 1, 1), None, False),  # ended, not renewed
    ],
)
def test_current_term_and_renewability_of_a_first_term(first_term_only, day, current, can_renew):
    unit = ResearchUnit.objects.with_current_term(on=day).get(pk=first_term_only.pk)
    assert (unit.current_term_number, unit.can_renew) == (current, can_renew)


def test_a_renewed_unit_shows_its_running_term_and_cannot_be_renewed_again(renewed):
    last_day_of_first = ResearchUnit.objects.with_current_term(on=D(2028, 12, 31)).get(pk=renewed.pk)
    assert (last_day_of_first.current_term_number, last_day_of_first.current_term_end) == (1, D(2028, 12, 31))
    assert (last_day_of_first.term_number, last_day_of_first.term_end) == (2, D(2032, 12, 31))
    assert not last_day_of_first.can_renew
    first_day_of_second = ResearchUnit.objects.with_current_term(on=D(2029, 1, 1)).get(pk=renewed.pk)
    assert first_day_of_second.current_term_number == 2


def test_unit_without_term_has_no_status():
    assert status_on(ResearchUnitFactory(), D(2026, 1, 1)) is None


def test_status_filters_and_sorts_in_sql(renewed, first_term_only):
    # `renewed` is created first, so only the SQL sort puts `first_term_only` first.
    units = ResearchUnit.objects.with_mandate_status(on=D(2028, 6, 1))

    assert list(units.filter(mandate_status=MandateStatus.EXPIRING)) == [first_term_only]
    assert list(units.filter(mandate_status=MandateStatus.FINAL)) == [renewed]
    assert list(units.order_by("mandate_status").values_list("mandate_status", flat=True)) == ["expiring", "final"]


def test_expiry_window_is_a_setting(settings, first_term_only):
    settings.MANDATE_EXPIRY_WARNING_MONTHS = 6
    assert status_on(first_term_only, D(2028, 6, 30)) == MandateStatus.RENEWABLE
    assert status_on(first_term_only, D(2028, 7, 1)) == MandateStatus.EXPIRING


BOUNDARY_DAYS = [
    D(2024, 12, 31),
    D(2025, 1, 1),
    D(2027, 12, 30),
    D(2027, 12, 31),
    D(2028, 12, 31),
    D(2029, 1, 1),
    D(2031, 12, 31),
    D(2032, 12, 31),
    D(2033, 1, 1),
]


@pytest.mark.parametrize("day", BOUNDARY_DAYS)
def test_the_status_filter_finds_the_units_the_annotation_names(first_term_only, renewed, day):
    """with_status() (ranges of the term summary, for fast filters) and status_on() (the
    rule in Python, for pages that only show the status) agree with the annotation."""
    ResearchUnitFactory()  # no term at all: no status
    units = ResearchUnit.objects.with_mandate_status(on=day)
    for status in MandateStatus:
        expected = set(units.filter(mandate_status=status).values_list("pk", flat=True))
        assert set(ResearchUnit.objects.with_status(status, on=day).values_list("pk", flat=True)) == expected, status
    for unit in units:
        assert unit.status_on(day) == unit.mandate_status, unit
