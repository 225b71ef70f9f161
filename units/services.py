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
def renew_mandate(*, unit: ResearchUnit, on: dt.date | None = None) -> Mandate:
    """Add the unit's next full term, starting the day after its last term ends.

    A unit is renewed during its term (on `on`, today by default). Raises
    ValidationError, writing nothing, when the unit has no term, has not started,
    has ended, or has already had every renewal it is allowed.
    """
    on = on or timezone.localdate()
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
    if last.end < on:
        raise ValidationError(
            _("%(code)s ended on %(end)s: only a unit in its term can be renewed; create a new unit instead.")
            % {"code": unit.code, "end": rules.date_label(last.end)}
        )
    if last.start > on:
        raise ValidationError(
            _("%(code)s has not started yet (its term starts on %(start)s): renew it during its term.")
            % {"code": unit.code, "start": rules.date_label(last.start)}
        )
    start = last.end + rules.ONE_DAY
    mandate = Mandate(unit=unit, number=last.number + 1, start=start, end=rules.term_end(start))
    mandate.full_clean()
    mandate.save()
    return mandate
