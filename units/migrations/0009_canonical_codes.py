"""Unit codes in their one spelling (units/codes.py: U1999, UMR-S 1013, CIC 1401) and each
unit's Inserm number, from its code. Nothing is refused here; what an editor must look at
is printed: codes that are not an Inserm prefix and a number (left as they were), prefixes
that contradict the unit's structure type, numbers held by two units over overlapping
terms, and terms that are not full ones without a recorded reason (each is refused at the
unit's next edit until it is corrected).

A code changes spelling only (its code_key, which is unique, stays the same), so no two
units can end up with one code."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

from units import codes, rules

SHOWN = 30  # codes listed per problem; the rest are counted


def listed(items) -> str:
    items = sorted(items)
    more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def report(problem: str, items):
    if items:
        print(f"\n  units: {len(items)} {problem}: {listed(items)}")  # noqa: T201 - read by whoever migrates


def canonical_codes(apps, schema_editor):
    ResearchUnit = apps.get_model("units", "ResearchUnit")
    Mandate = apps.get_model("units", "Mandate")
    units = list(ResearchUnit.objects.only("pk", "code", "structure_type", "inserm_number"))
    unparsed, mismatched = [], []
    for unit in units:
        canonical = codes.canonical(unit.code)
        if canonical is None:
            unparsed.append(unit.code)
        else:
            unit.code = canonical
            if unit.structure_type not in codes.PREFIX_TYPES[codes.prefix(canonical)]:
                mismatched.append(f"{canonical} ({unit.structure_type})")
        unit.inserm_number = codes.number(unit.code)
    ResearchUnit.objects.bulk_update(units, ["code", "inserm_number"], batch_size=1000)

    report("codes left as they were, not an Inserm prefix and a number", unparsed)
    report("units whose prefix contradicts their structure type", mismatched)
    same_number = ResearchUnit.objects.filter(
        inserm_number=OuterRef("inserm_number"),
        term_start__lte=OuterRef("term_end"),
        term_end__gte=OuterRef("term_start"),
    ).exclude(pk=OuterRef("pk"))
    clashes = ResearchUnit.objects.filter(Exists(same_number)).values_list("code", flat=True)
    report("units sharing their Inserm number with another over overlapping terms", list(clashes))
    terms = Mandate.objects.select_related("unit").filter(length_reason="").only("number", "start", "end", "unit__code")
    uneven = [f"{term.unit.code} term {term.number}" for term in terms if term.end != rules.term_end(term.start)]
    report("terms that are not full ones and have no length reason (asked for at the unit's next edit)", uneven)


class Migration(migrations.Migration):
    dependencies = [("units", "0008_inserm_number_and_term_length_reason")]

    operations = [migrations.RunPython(canonical_codes, migrations.RunPython.noop)]
