"""The `today` marker (tests/conftest.py) that date-bound tests rely on."""

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import RENEWABLE_DAY


@pytest.mark.today(dt.date(2031, 2, 28))
def test_the_today_marker_sets_the_date_of_the_code_under_test():
    assert timezone.localdate() == dt.date(2031, 2, 28)


@pytest.mark.today
def test_without_a_date_it_is_a_day_of_the_factories_first_term():
    assert timezone.localdate() == RENEWABLE_DAY
    assert dt.date(2025, 1, 1) < RENEWABLE_DAY < dt.date(2027, 12, 31)  # renewable, not yet expiring
