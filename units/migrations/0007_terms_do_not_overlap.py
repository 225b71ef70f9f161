"""On PostgreSQL, overlapping terms of one unit are impossible whatever writes them (the
admin, an import, a restore, a script): an exclusion constraint on each term's days, per
unit. SQLite has no such constraint; there the model's rules (units/rules.py) check.

The constraint is not in Mandate.Meta, where Django would also build it on SQLite."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models


class TermDays(models.Func):
    """daterange(start, end, '[]'): a term's days, its first and last included."""

    function = "daterange"
    output_field = DateRangeField()


TERMS_DO_NOT_OVERLAP = ExclusionConstraint(
    name="mandate_terms_do_not_overlap",
    expressions=[
        ("unit", RangeOperators.EQUAL),  # btree_gist lets the GiST index compare the unit too
        (TermDays("start", "end", RangeBoundary(inclusive_lower=True, inclusive_upper=True)), RangeOperators.OVERLAPS),
    ],
    # Checked at the commit: an edit that moves both terms of a unit overlaps between its saves.
    deferrable=models.Deferrable.DEFERRED,
)


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Mandate = apps.get_model("units", "Mandate")
    others = Mandate.objects.filter(
        unit=models.OuterRef("unit"), start__lte=models.OuterRef("end"), end__gte=models.OuterRef("start")
    ).exclude(pk=models.OuterRef("pk"))
    codes = sorted(set(Mandate.objects.filter(models.Exists(others)).values_list("unit__code", flat=True)))
    if codes:
        raise RuntimeError(f"Terms overlap for units {', '.join(codes)}: correct their dates, then migrate again.")
    schema_editor.add_constraint(Mandate, TERMS_DO_NOT_OVERLAP)


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("units", "Mandate"), TERMS_DO_NOT_OVERLAP)


class Migration(migrations.Migration):
    dependencies = [("units", "0006_term_summary")]

    operations = [
        BtreeGistExtension(),  # a no-op on SQLite
        migrations.RunPython(add_constraint, remove_constraint),
    ]
