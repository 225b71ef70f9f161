"""Writes on units that do more than one thing: each validates, then saves, atomically."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import rules
from .models import Mandate, ResearchUnit, Site, Succession


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
    start = first_term_start or timezone.localdate()
    unit = ResearchUnit(
        code=code, name=name, structure_type=structure_type, site=site, director_name=director_name, **fields
    )
    unit.planned_span = (start, rules.term_end(start))  # its number is checked over its first term
    unit.full_clean()
    unit.save()
    open_first_term(unit=unit, start=start)
    return unit


@transaction.atomic
def open_first_term(*, unit: ResearchUnit, start: dt.date) -> Mandate:
    """Give a unit that has no term yet its first full term from `start`."""
    mandate = Mandate(unit=unit, number=1, start=start, end=rules.term_end(start))
    mandate.full_clean()
    mandate.save()
    return mandate


def may_renew(user) -> bool:
    """Renewing changes a unit and adds a term: Editors and superusers, not Managers."""
    return user.has_perms(["units.change_researchunit", "units.add_mandate"])


def next_term(*, unit: ResearchUnit, on: dt.date | None = None) -> Mandate:
    """The term a renewal of `unit` on `on` (today by default) would add, unsaved.

    A unit is renewed during its term, up to MANDATE_MAX_RENEWALS times. Raises
    ValidationError when the unit has no term, has already had every renewal it is
    allowed, has ended or has not started.
    """
    on = on or timezone.localdate()
    last = unit.mandates.order_by("-number").first()
    if last is None:
        raise ValidationError(_("%(code)s has no term to renew: give it a first term.") % {"code": unit.code})
    if last.number >= rules.max_terms():
        renewals = settings.MANDATE_MAX_RENEWALS
        raise ValidationError(
            ngettext(
                "%(code)s is already in its final term (term %(number)d, ending on %(end)s): "
                "a unit may be renewed only once, so create a successor unit instead.",
                "%(code)s is already in its final term (term %(number)d, ending on %(end)s): "
                "a unit may be renewed only %(renewals)d times, so create a successor unit instead.",
                renewals,
            )
            % {"code": unit.code, "number": last.number, "end": rules.date_label(last.end), "renewals": renewals}
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
    return Mandate(unit=unit, number=last.number + 1, start=start, end=rules.term_end(start))


@transaction.atomic
def renew_mandate(*, unit: ResearchUnit, on: dt.date | None = None) -> Mandate:
    """Add the unit's next full term, starting the day after its last term ends
    (see next_term for when it is refused; nothing is written then)."""
    # Lock the unit so two editors renewing at once cannot both add term 2.
    ResearchUnit.objects.select_for_update().filter(pk=unit.pk).first()
    mandate = next_term(unit=unit, on=on)
    mandate.full_clean()
    mandate.save()  # moves the unit's version on (refresh_terms): forms opened before are refused
    note_in_history(
        unit,
        _("Renewed: term %(number)d from %(start)s to %(end)s.")
        % {"number": mandate.number, "start": rules.date_label(mandate.start), "end": rules.date_label(mandate.end)},
    )
    return mandate


def note_in_history(unit: ResearchUnit, reason: str) -> None:
    """An entry in the unit's history, with `reason`, for a change made through its
    terms or successions (which have histories of their own, not shown on the unit's
    page), by whoever makes the request (simple-history's middleware)."""
    stored = ResearchUnit.objects.get(pk=unit.pk)  # as it is now, not as the caller loaded it
    ResearchUnit.history.bulk_history_create([stored], update=True, default_change_reason=reason[:100])


def note_succession(link: Succession) -> None:
    """A succession, merger, split or closure, in the history of both units."""
    kind, on = link.get_kind_display(), rules.date_label(link.on)
    values = {"kind": kind, "on": on, "predecessor": link.predecessor.code}
    if link.successor_id:
        values["successor"] = link.successor.code
        note_in_history(link.predecessor, _("Succeeded by %(successor)s (%(kind)s, %(on)s).") % values)
        note_in_history(link.successor, _("Succeeds %(predecessor)s (%(kind)s, %(on)s).") % values)
    else:
        note_in_history(link.predecessor, _("%(kind)s, %(on)s.") % values)


def needs_successor(unit: ResearchUnit, on: dt.date | None = None) -> bool:
    """Whether the unit can no longer be renewed (last allowed term recorded, or ended)
    and nothing is recorded of what became of it yet (no succession, merger, split or
    closure): Inserm then re-creates it as a new unit."""
    on = on or timezone.localdate()
    last = unit.mandates.order_by("-number").first()
    if last is None or unit.successor_links.exists():
        return False
    return last.number >= rules.max_terms() or last.end < on


@transaction.atomic
def create_successor(
    *, predecessor: ResearchUnit, code: str, name: str, first_term_start: dt.date | None = None
) -> ResearchUnit:
    """Create the unit that succeeds `predecessor` after its last allowed term: same site,
    structure and direction, a new code, a first term starting the day after the
    predecessor's last term ends, and a Succession from it dated that day: a re-creation
    if the new code keeps the Inserm number, else a succession. Its supervising bodies and
    partners carry over (hand_over_partners). Agreements are not copied: the new unit's
    page lists the predecessor's for review."""
    last = predecessor.mandates.order_by("-number").first()
    if last is None or (last.number < rules.max_terms() and last.end >= timezone.localdate()):
        raise ValidationError(
            _("%(code)s may still be renewed: renew it rather than create a successor.") % {"code": predecessor.code}
        )
    if predecessor.successor_links.exists():
        raise ValidationError(_("%(code)s already has a successor.") % {"code": predecessor.code})
    start = first_term_start or last.end + rules.ONE_DAY
    successor = create_unit(
        code=code,
        name=name,
        acronym=predecessor.acronym,
        structure_type=predecessor.structure_type,
        site=predecessor.site,
        director_name=predecessor.director_name,
        director_is_puph=predecessor.director_is_puph,
        hospital_staff_count=predecessor.hospital_staff_count,
        themes=predecessor.themes,
        first_term_start=start,
    )
    same_number = successor.inserm_number is not None and successor.inserm_number == predecessor.inserm_number
    kind = Succession.Kind.RECREATION if same_number else Succession.Kind.SUCCESSION
    link = Succession(predecessor=predecessor, successor=successor, kind=kind, on=start)
    try:
        link.full_clean()
    except ValidationError as error:
        # The date is the new unit's first term start: said at that field of the form.
        errors = error.update_error_dict({})
        raise ValidationError(
            {"first_term_start" if field == "on" else field: m for field, m in errors.items()}
        ) from None
    link.save()
    hand_over_partners(predecessor, successor, last_day=last.end)
    note_succession(link)
    return successor


def hand_over_partners(predecessor: ResearchUnit, successor: ResearchUnit, *, last_day: dt.date) -> None:
    """The predecessor's relations with partners (supervising bodies…) still running on its
    last day end then, and the successor has the same from its first term: a re-created
    unit keeps its supervising bodies unless the editor changes them on its page."""
    running = predecessor.partner_links.filter(Q(end__isnull=True) | Q(end__gt=last_day), start__lte=last_day)
    for link in running.order_by("pk"):
        successor.partner_links.create(partner_id=link.partner_id, role=link.role, start=successor.term_start)
        link.end = last_day
        link.save(update_fields=["end"])  # one by one: each change kept in history
