"""An agreement's stage (what people decide) and its state on a day (what the calendar
makes of it, never stored): in Python and in SQL, and the rules the model and the
database keep."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Agreement

from ..factories import AgreementFactory

pytestmark = pytest.mark.django_db

D = dt.date
State = Agreement.State
Stage = Agreement.Stage
TODAY = D(2026, 11, 30)


def agreement(**fields):
    """A signed agreement from 1 January 2025, open-ended unless told otherwise."""
    return AgreementFactory(**{"stage": Stage.SIGNED, "signed_on": D(2024, 12, 1), "start": D(2025, 1, 1), **fields})


@pytest.mark.parametrize(
    ("fields", "day", "state"),
    [
        ({"stage": Stage.DRAFT, "signed_on": None}, D(2025, 6, 1), State.DRAFT),
        ({"stage": Stage.NEGOTIATING, "signed_on": None}, D(2025, 6, 1), State.NEGOTIATING),
        ({}, D(2024, 12, 31), State.UPCOMING),
        ({}, D(2025, 1, 1), State.IN_FORCE),  # from its first day
        ({}, D(2040, 1, 1), State.IN_FORCE),  # open-ended
        ({"end": D(2025, 12, 31)}, D(2025, 12, 31), State.IN_FORCE),  # to its last day
        ({"end": D(2025, 12, 31)}, D(2026, 1, 1), State.EXPIRED),
        ({"stage": Stage.TERMINATED, "terminated_on": D(2025, 6, 30)}, D(2025, 6, 30), State.IN_FORCE),
        ({"stage": Stage.TERMINATED, "terminated_on": D(2025, 6, 30)}, D(2025, 7, 1), State.TERMINATED),
        (
            {"stage": Stage.TERMINATED, "terminated_on": D(2025, 6, 30), "end": D(2025, 12, 31)},
            D(2026, 1, 1),
            State.TERMINATED,  # terminated, not expired: it ended before its planned end
        ),
        ({"stage": Stage.TERMINATED, "terminated_on": D(2025, 1, 1)}, D(2024, 12, 31), State.UPCOMING),
    ],
)
def test_the_state_follows_from_the_stage_and_the_dates(fields, day, state):
    record = agreement(**fields)
    assert record.state_on(day) == state
    assert list(Agreement.objects.with_state(state, day)) == [record]
    others = set(State.values) - {state}
    assert not any(Agreement.objects.with_state(other, day).exists() for other in others)


@pytest.mark.today(TODAY)
def test_state_without_a_day_is_today_and_has_a_label():
    record = agreement(end=D(2026, 11, 29))
    assert record.state == State.EXPIRED
    assert record.get_state_display() == "Expired"
    assert list(Agreement.objects.with_state(State.EXPIRED)) == [record]


def test_python_and_sql_agree_on_every_state_over_the_calendar():
    records = [
        agreement(),
        agreement(end=D(2025, 3, 31)),
        agreement(start=D(2025, 2, 1), end=D(2025, 2, 1)),
        agreement(stage=Stage.TERMINATED, end=D(2026, 1, 1), terminated_on=D(2025, 2, 15)),
        agreement(stage=Stage.TERMINATED, terminated_on=D(2025, 1, 1)),
        agreement(stage=Stage.DRAFT, signed_on=None),
        agreement(stage=Stage.NEGOTIATING, signed_on=None),
    ]
    days = [D(2024, 12, 31) + dt.timedelta(days=step) for step in range(0, 120, 3)]
    for day, state in itertools.product(days, State.values):
        expected = {record.pk for record in records if record.state_on(day) == state}
        assert set(Agreement.objects.with_state(state, day).values_list("pk", flat=True)) == expected, (day, state)


def test_in_force_counts_the_dates_not_the_stage():
    in_force = agreement(end=D(2026, 12, 31))
    agreement(end=D(2026, 6, 30))  # expired
    agreement(start=D(2027, 1, 1), signed_on=D(2026, 11, 1))  # not yet
    agreement(stage=Stage.TERMINATED, terminated_on=D(2026, 3, 31))  # terminated early
    agreement(stage=Stage.DRAFT, signed_on=None)
    assert list(Agreement.objects.in_force(D(2026, 11, 30))) == [in_force]


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": D(2024, 12, 31)}, "end", "cannot end before it starts"),
        ({"signed_on": None}, "signed_on", "A signed agreement has a signature date"),
        ({"signed_on": D(2026, 12, 1)}, "signed_on", "cannot be in the future"),
        ({"stage": Stage.DRAFT, "signed_on": D(2026, 12, 1)}, "signed_on", "cannot be in the future"),
        ({"stage": Stage.TERMINATED}, "terminated_on", "has the date of its last day in force"),
        ({"stage": Stage.TERMINATED, "terminated_on": D(2024, 12, 31)}, "terminated_on", "before it starts"),
        (
            {"stage": Stage.TERMINATED, "end": D(2025, 12, 31), "terminated_on": D(2026, 1, 1)},
            "terminated_on",
            "on or before the agreement's planned end",
        ),
        ({"terminated_on": D(2025, 6, 30)}, "terminated_on", "Only an agreement terminated early"),
    ],
)
def test_the_model_refuses_what_cannot_be_with_the_field_named(changes, field, message):
    record = agreement()
    for name, value in changes.items():
        setattr(record, name, value)
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"end": D(2024, 12, 31)}, "agreement_end_not_before_start"),
        ({"signed_on": None}, "agreement_signed_has_signature_date"),
        ({"stage": Stage.TERMINATED, "signed_on": None, "terminated_on": D(2025, 6, 1)}, "signature_date"),
        ({"stage": Stage.TERMINATED}, "agreement_termination_date_iff_terminated"),
        ({"terminated_on": D(2025, 6, 30)}, "agreement_termination_date_iff_terminated"),
        ({"stage": Stage.TERMINATED, "terminated_on": D(2024, 12, 31)}, "agreement_terminated_within_its_dates"),
        (
            {"stage": Stage.TERMINATED, "end": D(2025, 12, 31), "terminated_on": D(2026, 1, 1)},
            "agreement_terminated_within_its_dates",
        ),
    ],
)
def test_the_database_refuses_what_can_never_be_true(changes, constraint):
    record = agreement()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Agreement.objects.filter(pk=record.pk).update(**changes)
    assert constraint in str(error.value)


def test_the_database_accepts_a_draft_without_signature_and_a_signature_in_the_future():
    # Rules that depend on the day are the forms', the import's and the API's, not the database's.
    record = agreement()
    Agreement.objects.filter(pk=record.pk).update(signed_on=D(2099, 1, 1))
    Agreement.objects.filter(pk=record.pk).update(stage=Stage.DRAFT, signed_on=None)
    assert Agreement.objects.get(pk=record.pk).stage == Stage.DRAFT


def test_an_agreement_needs_a_partner():
    with pytest.raises(ValidationError) as error:
        Agreement.check_partners([])
    assert error.value.message_dict == {"partners": [str(Agreement.NO_PARTNER)]}
    Agreement.check_partners([object()])  # one is enough
