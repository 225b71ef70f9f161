"""The demo's successions, so that a unit page shows a lineage: among the scale-1 units, a
few units whose last term has ended are succeeded by units whose first term starts later
(one merger of two, one split into two, a few successions), and one is closed. Every row
passes the rules (Succession.full_clean); pairs are picked in code order, so a run gives
the same rows whatever the day's data, and a database that has successions already is
left as it is (the seed stays idempotent).

The demo has one unit per Inserm number, so it has no re-creation under the same number:
the successor flow (admin, "Create its successor") makes one."""

import datetime as dt

from django.core.exceptions import ValidationError

from units.models import ResearchUnit, Succession

SUCCESSIONS = 3


def record_lineage(codes: set[str], today: dt.date) -> int:
    """Add the demo's successions among the units of `codes` (the scale-1 ones), unless
    some are recorded already. Returns how many rows were added."""
    if Succession.objects.exists():
        return 0
    units = list(ResearchUnit.objects.filter(code__in=codes, term_start__isnull=False).order_by("code_key"))
    ended = [unit for unit in units if unit.term_end < today]
    taken: set[int] = set()
    added = 0

    def successors_of(predecessor, count):
        """`count` free units whose first term starts on one day after the predecessor's last term ended."""
        by_day: dict[dt.date, list] = {}
        for unit in units:
            if (
                unit.pk not in taken
                and unit.pk != predecessor.pk
                and unit.structure_type == predecessor.structure_type  # a CIC succeeds a CIC
                and unit.term_start > predecessor.term_end
            ):
                by_day.setdefault(unit.term_start, []).append(unit)
        return next((group[:count] for _day, group in sorted(by_day.items()) if len(group) >= count), None)

    def record(rows) -> bool:
        nonlocal added
        try:
            for row in rows:
                row.full_clean()
                row.save()
        except ValidationError:
            for row in rows:
                if row.pk:
                    row.delete()
            return False
        taken.update(unit.pk for row in rows for unit in (row.predecessor, row.successor) if unit)
        added += len(rows)
        return True

    plans = ["merger", "split", *["succession"] * SUCCESSIONS, "closure"]
    free = iter(ended)
    for plan in plans:
        for predecessor in free:
            if predecessor.pk in taken:
                continue
            if plan == "closure":
                rows = [Succession(predecessor=predecessor, kind="closure", on=predecessor.term_end)]
            elif plan == "split":
                group = successors_of(predecessor, 2)
                rows = [
                    Succession(predecessor=predecessor, successor=s, kind="split", on=s.term_start) for s in group or []
                ]
            else:
                group = successors_of(predecessor, 1)
                rows = [
                    Succession(predecessor=predecessor, successor=s, kind=plan, on=s.term_start) for s in group or []
                ]
                if plan == "merger" and rows:  # a second ended unit into the same successor
                    partner = next(
                        (
                            other
                            for other in ended
                            if other.pk not in taken | {predecessor.pk, rows[0].successor.pk}
                            and other.term_end < rows[0].on
                        ),
                        None,
                    )
                    second = Succession(predecessor=partner, successor=rows[0].successor, kind="merger", on=rows[0].on)
                    rows = [*rows, second] if partner else []
            if rows and record(rows):
                break
    return added
