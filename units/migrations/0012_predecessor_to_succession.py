"""Each unit's one-to-one `predecessor` becomes a Succession row (0013 then removes the
field): a re-creation when both units have the same Inserm number, else a succession, dated
the day the successor's first term starts, else the day after the predecessor's last term
ends. A pair with neither date is dated the day the successor was created, and listed: no
pair is left out. The report names what to check."""

import datetime as dt

from django.db import migrations

ONE_DAY = dt.timedelta(days=1)


def successions_from_predecessors(apps, schema_editor):
    ResearchUnit = apps.get_model("units", "ResearchUnit")
    Succession = apps.get_model("units", "Succession")
    units = ResearchUnit.objects.filter(predecessor__isnull=False).select_related("predecessor").order_by("code")
    rows, undated, early = [], [], []
    for unit in units:
        old = unit.predecessor
        kind = "recreation" if old.inserm_number is not None and old.inserm_number == unit.inserm_number else "succession"
        if unit.term_start:
            on = unit.term_start
        elif old.term_end:
            on = old.term_end + ONE_DAY
        else:
            on = unit.created_at.date()
            undated.append(f"{old.code} → {unit.code}")
        # A unit is succeeded after its last term ends (units/lineage.py): list the others.
        if old.term_end and on <= old.term_end:
            early.append(f"{old.code} → {unit.code}")
        rows.append(Succession(predecessor=old, successor=unit, kind=kind, on=on))
    Succession.objects.bulk_create(rows)
    if not rows:
        return
    print(f"\n  Successions, from each unit's predecessor ({len(rows)}):")
    for kind in ("succession", "recreation"):
        print(f"    {kind}: {sum(row.kind == kind for row in rows)}")
    if undated:
        print(f"    Dated the day the successor was recorded, neither having a term ({len(undated)}): "
              + ", ".join(undated))
    if early:
        print(f"    Dated on or before the predecessor's last term ends: correct the dates ({len(early)}): "
              + ", ".join(early))


def predecessors_from_successions(apps, schema_editor):
    """Back: the one-to-one rows (succession, re-creation) become predecessors again; a
    merger, a split or a closure has no place in the old field and is lost."""
    ResearchUnit = apps.get_model("units", "ResearchUnit")
    Succession = apps.get_model("units", "Succession")
    for row in Succession.objects.filter(kind__in=["succession", "recreation"]).order_by("on", "pk"):
        ResearchUnit.objects.filter(pk=row.successor_id).update(predecessor_id=row.predecessor_id)
    Succession.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0011_lineage_relations_identifiers")]

    operations = [migrations.RunPython(successions_from_predecessors, predecessors_from_successions)]
