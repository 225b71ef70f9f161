"""Check constraints evaluated in Python for imports give the database's answer, NULLs
included, for every check constraint of the portal's records."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint

from core.imports.constraints import holds, validate_constraints
from partners.models import Agreement, Partner
from units.models import Mandate, ResearchUnit, Site

DAY = dt.date(2025, 1, 1)
CASES = {
    Site: [
        {"latitude": None, "longitude": None},
        {"latitude": Decimal("45.1"), "longitude": None},
        {"latitude": None, "longitude": Decimal("4.8")},
        {"latitude": Decimal("90"), "longitude": Decimal("-180")},
        {"latitude": Decimal("90.00001"), "longitude": Decimal("0")},
        {"latitude": Decimal("-91"), "longitude": Decimal("181")},
    ],
    ResearchUnit: [{"hospital_staff_count": value} for value in (None, 0, 12, -1)],
    Mandate: [
        {"number": number, "start": DAY, "end": end}
        for number in (0, 1, 2, 3)
        for end in (None, DAY, DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1))
    ],
    Partner: [{"pk": 7, "parent_id": parent} for parent in (None, 7, 8)] + [{"pk": None, "parent_id": 7}],
    Agreement: [
        {"start": DAY, "end": end, "amount_eur": amount}
        for end in (None, DAY, DAY - dt.timedelta(days=1))
        for amount in (None, Decimal("0"), Decimal("-0.01"), Decimal("125000.50"))
    ]
    + [
        {"stage": stage, "signed_on": signed_on, "start": DAY, "end": end, "terminated_on": terminated_on}
        for stage in Agreement.Stage.values
        for signed_on in (None, DAY)
        for end in (None, DAY + dt.timedelta(days=30))
        for terminated_on in (None, DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=31))
    ],
}


def django_says(constraint, model, instance):
    try:
        constraint.validate(model, instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("model", CASES, ids=lambda model: model.__name__)
def test_python_and_the_database_agree_on_every_check_constraint(db, model):
    constraints = [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]
    assert constraints
    for values in CASES[model]:
        instance = model(**values)
        for constraint in constraints:
            assert holds(constraint, instance, model, exclude=set()) == django_says(constraint, model, instance), (
                constraint.name,
                values,
            )


def test_a_violation_is_reported_as_full_clean_reports_it(db):
    site = Site(latitude=Decimal("45.1"), longitude=None)
    with pytest.raises(ValidationError) as python:
        validate_constraints(site)
    with pytest.raises(ValidationError) as django:
        site.validate_constraints()
    assert python.value.message_dict == django.value.message_dict


def test_a_constraint_on_a_field_with_an_error_of_its_own_is_not_checked(db):
    validate_constraints(Site(latitude=Decimal("45.1"), longitude=None), exclude={"longitude"})
