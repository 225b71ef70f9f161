"""Mandate rules, kept apart from the models so that the model, the admin formset
and the services all apply the very same checks.

The brief: a unit is created for a term of MANDATE_TERM_YEARS years and may be
renewed MANDATE_MAX_RENEWALS times; a renewal starts the day after the previous
term ends. A term shorter or longer than a full one (a unit closed early, a term
extended or aligned on its site's evaluation wave) needs a recorded reason, and is
never shorter than MANDATE_MIN_TERM_MONTHS: a term of two days is a typing error.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ONE_DAY = dt.timedelta(days=1)

# Why a term is not a full one (Mandate.LengthReason): an extension lengthens it, an early
# closure shortens it, an alignment on the evaluation wave may do either; "other" says
# why in a note.
EXTENSION, WAVE_ALIGNMENT, EARLY_CLOSURE, OTHER = "extension", "wave_alignment", "early_closure", "other"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: dt.date) -> dt.date:
    """Last day of a full term starting on `start` (a 4-year term from 1 Jan 2025 ends 31 Dec 2028)."""
    return add_months(start, 12 * settings.MANDATE_TERM_YEARS) - ONE_DAY


def shortest_term_end(start: dt.date) -> dt.date:
    """Earliest last day of a term starting on `start` (12 months from 1 Jan 2025: 31 Dec 2025)."""
    return add_months(start, settings.MANDATE_MIN_TERM_MONTHS) - ONE_DAY


def max_terms() -> int:
    return 1 + settings.MANDATE_MAX_RENEWALS


def term_rule() -> str:
    """The rule as the public pages state it, from the settings: the term's length and the
    number of renewals (pages ask for it rather than restate it)."""
    years, renewals = settings.MANDATE_TERM_YEARS, settings.MANDATE_MAX_RENEWALS
    term = ngettext(
        "Units are created for a term of %(years)d year.", "Units are created for a term of %(years)d years.", years
    ) % {"years": years}
    if renewals == 0:
        renewal = _("They cannot be renewed.")
    else:
        renewal = ngettext("They may be renewed once.", "They may be renewed %(renewals)d times.", renewals) % {
            "renewals": renewals
        }
    return f"{term} {renewal}"


def renewals_left_text(renewals_left: int) -> str:
    """What a unit page says under a running term that is not the last allowed one."""
    return ngettext(
        "The unit may be renewed once at the end of this term.",
        "The unit may be renewed %(renewals)d more times, the first at the end of this term.",
        renewals_left,
    ) % {"renewals": renewals_left}


def expiry_warning_limit(on: dt.date) -> dt.date:
    """A term ending on or before this day, seen from `on`, is expiring."""
    return add_months(on, settings.MANDATE_EXPIRY_WARNING_MONTHS)


@dataclass(frozen=True)
class Term:
    number: int
    start: dt.date
    end: dt.date
    length_reason: str = ""  # why it is not a full term (EXTENSION…), "" for a full term
    length_note: str = ""


def date_label(day: dt.date) -> str:
    """A date as written in the active language (used in messages)."""
    return date_format(day, "DATE_FORMAT")


def term_errors(term: Term, previous: Term | None, following: Term | None) -> dict[str, str]:
    """The rules a term breaks, as {field: message}, given its neighbouring terms.

    `previous` is the unit's term numbered term.number - 1 (None if there is none),
    `following` the one numbered term.number + 1.
    """
    errors: dict[str, str] = {}
    if term.end <= term.start:
        errors["end"] = _("A term must end after it starts (it starts on %(start)s).") % {
            "start": date_label(term.start)
        }
    elif term.end < shortest_term_end(term.start):
        errors["end"] = ngettext(
            "A term lasts at least %(months)d month: starting on %(start)s, it ends on %(limit)s at the earliest.",
            "A term lasts at least %(months)d months: starting on %(start)s, it ends on %(limit)s at the earliest.",
            settings.MANDATE_MIN_TERM_MONTHS,
        ) % {
            "months": settings.MANDATE_MIN_TERM_MONTHS,
            "start": date_label(term.start),
            "limit": date_label(shortest_term_end(term.start)),
        }
    else:
        errors.update(length_errors(term))

    if term.number < 1:
        errors["number"] = _("Term numbers start at 1 (the unit's creation).")
    elif term.number > max_terms():
        errors["number"] = ngettext(
            "A unit may be renewed only once, so it has at most %(max)d terms: "
            "create a successor unit instead of term %(number)d.",
            "A unit may be renewed only %(renewals)d times, so it has at most %(max)d terms: "
            "create a successor unit instead of term %(number)d.",
            settings.MANDATE_MAX_RENEWALS,
        ) % {"renewals": settings.MANDATE_MAX_RENEWALS, "max": max_terms(), "number": term.number}
    elif term.number > 1 and previous is None:
        errors["number"] = _("Term %(number)d is a renewal: term %(previous)d must exist first.") % {
            "number": term.number,
            "previous": term.number - 1,
        }

    if previous is not None and "start" not in errors:
        expected = previous.end + ONE_DAY
        if term.start <= previous.end:
            errors["start"] = _(
                "Overlaps term %(previous)d, which ends on %(end)s: a renewal starts the next day, %(expected)s."
            ) % {"previous": previous.number, "end": date_label(previous.end), "expected": date_label(expected)}
        elif term.start > expected:
            errors["start"] = _(
                "Leaves a gap after term %(previous)d, which ends on %(end)s: "
                "a renewal starts the next day, %(expected)s."
            ) % {"previous": previous.number, "end": date_label(previous.end), "expected": date_label(expected)}

    if following is not None and "end" not in errors:
        if term.end >= following.start:
            errors["end"] = _("Overlaps term %(following)d, which starts on %(start)s.") % {
                "following": following.number,
                "start": date_label(following.start),
            }
        elif term.end + ONE_DAY < following.start:
            errors["end"] = _(
                "Leaves a gap before term %(following)d, which starts on %(start)s: "
                "a term ends the day before its renewal starts."
            ) % {"following": following.number, "start": date_label(following.start)}
    return errors


def length_errors(term: Term) -> dict[str, str]:
    """A term that is not a full one without a reason, or with one that says something
    false (a full term "extended", a shorter term "extended", a longer one "closed early");
    the note that "other" needs."""
    full = term_end(term.start)
    values = {"start": date_label(term.start), "full": date_label(full), "years": settings.MANDATE_TERM_YEARS}
    errors = {}
    longest = add_months(full, settings.MANDATE_MAX_EXTENSION_MONTHS)
    if term.end > longest:
        errors["end"] = ngettext(
            "A term runs at most %(months)d month past a full one: starting on %(start)s, it ends by %(limit)s.",
            "A term runs at most %(months)d months past a full one: starting on %(start)s, it ends by %(limit)s.",
            settings.MANDATE_MAX_EXTENSION_MONTHS,
        ) % {**values, "months": settings.MANDATE_MAX_EXTENSION_MONTHS, "limit": date_label(longest)}
    elif term.end != full and not term.length_reason:
        errors["end"] = (
            ngettext(
                "A full term lasts %(years)d year: starting on %(start)s, it ends on %(full)s. "
                "A term ending on another day needs a length reason.",
                "A full term lasts %(years)d years: starting on %(start)s, it ends on %(full)s. "
                "A term ending on another day needs a length reason.",
                settings.MANDATE_TERM_YEARS,
            )
            % values
        )
    elif term.end == full and term.length_reason:
        errors["length_reason"] = (
            _("This is a full term (starting on %(start)s, it ends on %(full)s): leave the length reason empty.")
            % values
        )
    elif term.length_reason == EXTENSION and term.end < full:
        errors["length_reason"] = (
            _(
                "An extension makes a term longer, but this one ends before a full term would, on %(full)s: "
                "choose another reason."
            )
            % values
        )
    elif term.length_reason == EARLY_CLOSURE and term.end > full:
        errors["length_reason"] = (
            _(
                "A term closed early ends before a full term would, on %(full)s, but this one ends after it: "
                "choose another reason."
            )
            % values
        )
    if term.length_reason == OTHER and not term.length_note.strip():
        errors["length_note"] = _("Say in the note why the term has this length: the reason is “Other”.")
    elif term.length_note.strip() and not term.length_reason:
        errors.setdefault("length_reason", _("Choose the length reason your note explains, or leave the note empty."))
    return errors


def sequence_errors(terms: list[Term]) -> list[dict[str, str]]:
    """term_errors for each term of one unit, in the order given."""
    by_number = {term.number: term for term in terms}
    return [term_errors(term, by_number.get(term.number - 1), by_number.get(term.number + 1)) for term in terms]
