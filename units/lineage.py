"""The rules of successions between units, and a unit's lineage as its page tells it.

A row is one pair of units (or one unit closed without successor), typed and dated:

- a succession and a re-creation are one to one: the predecessor has no other outgoing
  row, the successor no other incoming one; a re-creation keeps the Inserm number, a
  succession changes it (a succession under the same number is a re-creation);
- a merger is several predecessors into one successor: every row into that successor is a
  merger of the same date, and each predecessor has no other outgoing row;
- a split is one predecessor into several successors: every row out of that predecessor
  is a split of the same date, and each successor has no other incoming row;
- a closure has no successor and is the predecessor's only outgoing row.

No chain of rows may lead from a unit back to itself; a unit is succeeded after its last
term ends and closed on its last day or later (a unit that stopped earlier has its term
ended early first); the successor's first term starts on or after the row's date (the day
it takes over).

The rules are pure functions over `Link`s returning {field: message}, called by
Succession.clean() with the rows stored and by the admin's formsets with the rows
submitted together (a merger entered on the successor's page is several new rows at once).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Mandate, ResearchUnit, Succession
from .rules import date_label

SUCCESSION, RECREATION, MERGER, SPLIT, CLOSURE = "succession", "recreation", "merger", "split", "closure"


@dataclass(frozen=True)
class Link:
    """One succession row as the rules see it: unit ids, kind and date."""

    pk: int | None
    predecessor: int | None
    successor: int | None
    kind: str
    on: dt.date
    predecessor_code: str = "?"
    successor_code: str = "?"


def kind_label(kind: str) -> str:
    return str(Succession.Kind(kind).label).lower() if kind in Succession.Kind.values else kind


def shape_errors(link: Link, outgoing: list[Link], incoming: list[Link]) -> dict[str, str]:
    """The rules on the kinds and dates of a row and of the other rows of its two units.
    `outgoing`: the predecessor's other rows; `incoming`: the successor's other rows."""
    predecessor, successor = link.predecessor_code, link.successor_code
    errors = {}
    if link.kind == SPLIT:
        others = [other for other in outgoing if other.kind != SPLIT or other.on != link.on]
        if others:
            other = others[0]
            errors["kind"] = _(
                "%(predecessor)s is already recorded as %(kind)s on %(date)s: the rows of a split "
                "are all splits of the same day."
            ) % {"predecessor": predecessor, "kind": kind_label(other.kind), "date": date_label(other.on)}
    elif outgoing:
        other = outgoing[0]
        if link.kind == CLOSURE:
            message = _(
                "%(predecessor)s already has a successor (%(kind)s on %(date)s): a unit closed without "
                "successor has no other row. Delete that row first."
            )
        else:
            message = _(
                "%(predecessor)s is already recorded as %(kind)s on %(date)s: a unit has one fate, "
                "except a split into several units (kind “split” on every row)."
            )
        errors["kind"] = message % {
            "predecessor": predecessor,
            "kind": kind_label(other.kind),
            "date": date_label(other.on),
        }
    if link.successor is None:
        return errors
    if link.kind == MERGER:
        others = [other for other in incoming if other.kind != MERGER or other.on != link.on]
        if others:
            other = others[0]
            errors.setdefault(
                "kind",
                _(
                    "%(successor)s already succeeds %(other)s (%(kind)s on %(date)s): the rows of a merger "
                    "are all mergers of the same day."
                )
                % {
                    "successor": successor,
                    "other": other.predecessor_code,
                    "kind": kind_label(other.kind),
                    "date": date_label(other.on),
                },
            )
    elif incoming:
        other = incoming[0]
        errors.setdefault(
            "kind",
            _(
                "%(successor)s already succeeds %(other)s (%(kind)s on %(date)s): a unit has one origin, "
                "except a merger of several units (kind “merger” on every row)."
            )
            % {
                "successor": successor,
                "other": other.predecessor_code,
                "kind": kind_label(other.kind),
                "date": date_label(other.on),
            },
        )
    return errors


def number_errors(kind: str, predecessor, successor) -> dict[str, str]:
    """A re-creation keeps the Inserm number; a succession under the same number is a re-creation."""
    if successor is None:
        return {}
    same = predecessor.inserm_number is not None and predecessor.inserm_number == successor.inserm_number
    values = {"predecessor": predecessor.code, "successor": successor.code}
    if kind == RECREATION and not same:
        return {
            "kind": _(
                "%(predecessor)s and %(successor)s have different Inserm numbers: a re-creation keeps the "
                "number. Choose “succession”."
            )
            % values
        }
    if kind == SUCCESSION and same:
        return {
            "kind": _(
                "%(predecessor)s and %(successor)s have the same Inserm number: the unit is re-created under "
                "its number. Choose “re-creation under the same number”."
            )
            % values
        }
    return {}


def date_errors(
    on: dt.date, predecessor, successor, last_term: tuple[dt.date, dt.date] | None, successor_start: dt.date | None
) -> dict[str, str]:
    """A unit is succeeded once its last term (`last_term`: its start and end) has ended, and
    closed on or after its last day: a row dated within the term would leave the unit in
    force after it stopped. The successor's first term (from `successor_start`) starts on
    or after the row's date."""
    if last_term is not None:
        start, end = last_term
        values = {
            "date": date_label(on),
            "predecessor": predecessor.code,
            "start": date_label(start),
            "end": date_label(end),
        }
        if on < start:
            message = _(
                "%(date)s is before the start of the last term of %(predecessor)s (%(start)s): a unit is "
                "succeeded or closed after its last term."
            )
            return {"on": message % values}
        if on < end or (successor is not None and on == end):
            message = (
                _(
                    "The last term of %(predecessor)s runs until %(end)s: a unit closes on its last day or "
                    "after it. If it stopped earlier, end that term early first (reason “Closed early”)."
                )
                if successor is None
                else _(
                    "The last term of %(predecessor)s runs until %(end)s: its successor takes over after that "
                    "day. If it stopped earlier, end that term early first (reason “Closed early”)."
                )
            )
            return {"on": message % values}
    if successor is not None and successor_start is not None and successor_start < on:
        return {
            "on": _(
                "The first term of %(successor)s starts on %(start)s, before %(date)s: the successor takes "
                "over on this date, so its first term starts on or after it. Correct the date or its terms."
            )
            % {"date": date_label(on), "successor": successor.code, "start": date_label(successor_start)}
        }
    return {}


def cycle_path(predecessor_id: int, successor_id: int, exclude_pk: int | None = None) -> list[int] | None:
    """The units from `successor_id` down to `predecessor_id` through stored rows, if the
    successor already leads to the predecessor (so that the new row would close a cycle);
    else None. One query per generation."""
    parents = {successor_id: None}
    frontier = {successor_id}
    rows = Succession.objects.filter(successor__isnull=False)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    while frontier:
        step = rows.filter(predecessor__in=frontier).values_list("predecessor", "successor")
        frontier = set()
        for parent, child in step:
            if child in parents:
                continue
            parents[child] = parent
            if child == predecessor_id:
                path = [child]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return path[::-1]
            frontier.add(child)
    return None


def cycle_errors(link: Link) -> dict[str, str]:
    if link.successor is None or link.predecessor is None:
        return {}
    path = cycle_path(link.predecessor, link.successor, link.pk)
    if path is None:
        return {}
    codes = dict(ResearchUnit.objects.filter(pk__in=path).values_list("pk", "code"))
    chain = " → ".join(codes[pk] for pk in [link.predecessor, *path])
    return {
        NON_FIELD_ERRORS: _(
            "This would make a cycle: %(chain)s. A unit cannot succeed itself, even through other units."
        )
        % {"chain": chain}
    }


def as_link(row: Succession) -> Link:
    return Link(
        row.pk,
        row.predecessor_id,
        row.successor_id,
        row.kind,
        row.on,
        row.predecessor.code if row.predecessor_id else "?",
        row.successor.code if row.successor_id else "?",
    )


def row_errors(row: Succession, submitted: tuple[set[int], list[Link]] | None = None) -> dict[str, str]:
    """Every rule `row` breaks, against the stored rows of its two units, or, where given,
    `submitted`: (the stored rows they replace, the rows submitted with this one)."""
    if row.predecessor_id is None or not row.kind or row.on is None:
        return {}  # field errors already reported
    if (row.kind == CLOSURE) != (row.successor_id is None) or row.successor_id == row.predecessor_id:
        return {}  # the database constraints say why
    link = as_link(row)
    replaced, alongside = submitted or (set(), [])
    touching = (
        Q(predecessor=row.predecessor_id) | Q(successor=row.successor_id)
        if row.successor_id
        else Q(predecessor=row.predecessor_id)
    )
    stored = (
        Succession.objects.filter(touching)
        .exclude(pk__in={*replaced, row.pk} - {None})
        .values_list("pk", "predecessor", "successor", "kind", "on", "predecessor__code", "successor__code")
    )
    others = [Link(*values) for values in stored] + list(alongside)
    outgoing = [other for other in others if other.predecessor == link.predecessor]
    incoming = [other for other in others if link.successor and other.successor == link.successor]
    errors = shape_errors(link, outgoing, incoming)
    for name, message in number_errors(row.kind, row.predecessor, row.successor).items():
        errors.setdefault(name, message)
    # The terms submitted with the row (the unit admin's), else the stored ones.
    terms = getattr(row, "submitted_terms", None) or {}
    if terms.get(row.predecessor_id):
        last_term = (terms[row.predecessor_id][-1].start, terms[row.predecessor_id][-1].end)
    else:
        last_term = (
            Mandate.objects.filter(unit=row.predecessor_id).order_by("-number").values_list("start", "end").first()
        )
    successor_start = (
        terms[row.successor_id][0].start
        if terms.get(row.successor_id)
        else (row.successor.term_start if row.successor_id else None)
    )
    errors.update(date_errors(row.on, row.predecessor, row.successor, last_term, successor_start))
    errors.update(cycle_errors(link))
    return errors


# --- The lineage as a unit's page tells it -----------------------------------------------


@dataclass
class Event:
    """One step of a unit's lineage, seen from that unit: `direction` "from" (how it came
    to be) or "to" (what became of it); `units` the other units named (published ones),
    `hidden` how many unpublished ones the sentence counts without naming them;
    `partners` for a merger or a split, the units that went through it alongside."""

    direction: str
    kind: str
    on: dt.date
    predecessor_code: str = "?"
    successor_code: str = "?"
    units: list = field(default_factory=list)
    partners: list = field(default_factory=list)


def rows_around(unit, until: dt.date):
    """Every row a unit's page tells of, in one query: its own rows both ways, and the
    other rows of the mergers and splits it went through (their other units); those dated
    `until` or before (a succession recorded ahead of its date is a plan, not yet public)."""
    rows = Succession.objects.filter(on__lte=until)
    merged_into = rows.filter(predecessor=unit, kind=MERGER).values("successor")
    split_from = rows.filter(successor=unit, kind=SPLIT).values("predecessor")
    return (
        rows.filter(
            Q(predecessor=unit) | Q(successor=unit) | Q(successor__in=merged_into) | Q(predecessor__in=split_from)
        )
        .select_related("predecessor", "successor")
        .order_by("on", "pk")
    )


def split_visible(units, visible):
    return sorted((unit for unit in units if visible(unit)), key=lambda unit: unit.code_key)


def lineage(unit, rows, visible=lambda other: other.is_published) -> tuple[list[Event], list[Event]]:
    """(where the unit comes from, what became of it) as events, from `rows` (rows_around).
    Units that `visible` refuses (unpublished ones, for the public) are left out, neither
    named nor counted: an event with none of its units left is not told (a closure, which
    names none, always is)."""
    # Seen from the unit: the other end of each row, and, for a split it came from or a
    # merger it went into, the other units that went through it alongside.
    directions = (
        ("from", "successor", "predecessor", SPLIT),
        ("to", "predecessor", "successor", MERGER),
    )
    origins, fates = [], []
    for direction, own, other, shared_kind in directions:
        groups: dict[tuple, list] = {}
        for row in rows:
            if getattr(row, f"{own}_id") == unit.pk:
                groups.setdefault((row.kind, row.on), []).append(row)
        for (kind, on), group in groups.items():
            event = Event(direction, kind, on)
            others = [getattr(row, other) for row in group if getattr(row, f"{other}_id")]
            event.units = split_visible(others, visible)
            if not event.units and kind != CLOSURE:
                continue
            if kind == shared_kind:
                hub = getattr(group[0], f"{other}_id")
                siblings = [
                    getattr(row, own)
                    for row in rows
                    if row.kind == kind and getattr(row, f"{other}_id") == hub and getattr(row, f"{own}_id") != unit.pk
                ]
                event.partners = split_visible(siblings, visible)
            (origins if direction == "from" else fates).append(event)
    return origins, fates


def units_text(units, link=None) -> str:
    """Codes as a list ("U2001 and U2002"), each linked to `link(unit)` if given (then the
    text is safe HTML)."""
    names = [format_html('<a href="{}">{}</a>', link(unit), unit.code) if link else unit.code for unit in units]
    if link is None:
        return get_text_list(names, _("and"))
    escaped = [conditional_escape(name) for name in names]
    return mark_safe(get_text_list(escaped, conditional_escape(_("and"))))  # noqa: S308 - every part escaped


SENTENCES = {
    ("from", SUCCESSION): gettext_lazy("Succeeds %(units)s, %(date)s"),
    ("from", RECREATION): gettext_lazy("Succeeds %(units)s (re-created under the same number), %(date)s"),
    ("from", MERGER): gettext_lazy("Created by the merger of %(units)s on %(date)s"),
    ("from", SPLIT): gettext_lazy("Created by the split of %(units)s on %(date)s"),
    ("to", SUCCESSION): gettext_lazy("Succeeded by %(units)s on %(date)s"),
    ("to", RECREATION): gettext_lazy("Re-created under the same number as %(units)s on %(date)s"),
    ("to", MERGER): gettext_lazy("Merged into %(units)s on %(date)s"),
    ("to", SPLIT): gettext_lazy("Split into %(units)s on %(date)s"),
    ("to", CLOSURE): gettext_lazy("Closed on %(date)s without successor"),
}
# A merger or a split with other units alongside names them too.
WITH_PARTNERS = {
    ("from", SPLIT): gettext_lazy("Created by the split of %(units)s into this unit and %(partners)s on %(date)s"),
    ("to", MERGER): gettext_lazy("Merged with %(partners)s into %(units)s on %(date)s"),
}


def sentence(event: Event, link=None) -> str:
    """The event as the unit's page says it; safe HTML with the codes linked if `link` is given."""
    has_partners = bool(event.partners)
    message = str(
        (WITH_PARTNERS if has_partners else {}).get((event.direction, event.kind))
        or SENTENCES[(event.direction, event.kind)]
    )
    values = {
        "units": units_text(event.units, link),
        "partners": units_text(event.partners, link),
        "date": date_label(event.on),
    }
    if link is None:
        return message % values
    values["date"] = conditional_escape(values["date"])
    return mark_safe(conditional_escape(message) % values)  # noqa: S308 - every part escaped
