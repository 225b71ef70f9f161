"""Writes on agreements that do more than one thing: each validates, then saves, atomically."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from units.models import ResearchUnit

from .models import Agreement, Partner


@transaction.atomic
def save_agreement(
    *,
    agreement: Agreement,
    partners: Iterable[Partner] | None = None,
    units: Iterable[ResearchUnit] | None = None,
) -> Agreement:
    """Check an agreement and its partners against the model's rules, every error at once,
    then save it with its links. `partners` and `units` replace its own; None keeps them
    (an agreement left without partners, new or not, is refused)."""
    partners = None if partners is None else list(partners)
    errors = {}
    try:
        agreement.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if partners is not None or agreement._state.adding or not agreement.partners.exists():
        # An agreement saved without partners before the rule is refused at its next edit.
        try:
            Agreement.check_partners(partners if partners is not None else [])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    agreement.save()
    if partners is not None:
        agreement.partners.set(partners)
    if units is not None:
        agreement.units.set(units)
    return agreement
