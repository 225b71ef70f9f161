"""Writes on units that do more than one thing: each validates, then saves, atomically."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import Mandate, ResearchUnit, Site


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    structure_type: str,
    site: Site,
    director_name: str,
    first_term_start: dt.date | None = None,
    **fields,
) -> ResearchUnit:
    """Create a unit with its first full term, starting on `first_term_start` (today by default)."""
    unit = ResearchUnit(
        code=code, name=name, structure_type=structure_type, site=site, director_name=director_name, **fields
    )
    unit.full_clean()
    unit.save()
    open_first_term(unit=unit, start=first_term_start or timezone.localdate())
    return unit


@transaction.atomic
def open_first_term(*, unit: ResearchUnit, start: dt.date) -> Mandate:
    """Give a unit that has no term yet its first full term from `start`."""
    mandate = Mandate(unit=unit, number=1, start=start, end=rules.term_end(start))
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def renew_mandate(*, unit: ResearchUnit) -> Mandate:
    """Add the unit's next full term, starting the day after its last term ends.

    Raises ValidationError, writing nothing, when the unit has no term or has
    already had every renewal it is allowed.
    """
    # Lock the unit so two editors renewing at once cannot both add term 2.
    ResearchUnit.objects.select_for_update().filter(pk=unit.pk).first()
    last = unit.mandates.order_by("-number").first()
    if last is None:
        raise ValidationError(_("%(code)s has no term to renew: give it a first term.") % {"code": unit.code})
    if last.number >= rules.max_terms():
        raise ValidationError(
            _(
                "%(code)s is already in its final term (term %(number)d, ending on %(end)s): "
                "a unit may be renewed only once, so create a successor unit instead."
            )
            % {"code": unit.code, "number": last.number, "end": rules.date_label(last.end)}
        )
    start = last.end + rules.ONE_DAY
    mandate = Mandate(unit=unit, number=last.number + 1, start=start, end=rules.term_end(start))
    mandate.full_clean()
    mandate.save()
    return mandate
