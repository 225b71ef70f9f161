"""On PostgreSQL, two units with one Inserm number cannot have overlapping terms, whatever
writes them (the admin, an import, the API, a restore, a script): an exclusion constraint
on the number and the days of each unit's terms (its term summary, kept by
refresh_terms()). A unit re-created under its number after the first one's last term is
no overlap. SQLite has no such constraint; there the model's checks
(ResearchUnit.number_clash) hold alone.

As in 0007, the constraint is not in the model's Meta, where Django would build it on
SQLite too."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import migrations, models


class TermDays(models.Func):
    """daterange(start, end, '[]'): the days from a unit's first term to its last, both included."""

    function = "daterange"
    output_field = DateRangeField()


ONE_UNIT_PER_NUMBER = ExclusionConstraint(
    name="unit_one_per_number_at_a_time",
    expressions=[
        ("inserm_number", RangeOperators.EQUAL),  # btree_gist (0007) lets the GiST index compare numbers
        (
            TermDays("term_start", "term_end", RangeBoundary(inclusive_lower=True, inclusive_upper=True)),
            RangeOperators.OVERLAPS,
        ),
    ],
    condition=models.Q(inserm_number__isnull=False, term_start__isnull=False, term_end__isnull=False),
    # Checked at the commit, as the terms' own constraint: a unit's summary moves as its terms are saved.
    deferrable=models.Deferrable.DEFERRED,
)


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    ResearchUnit = apps.get_model("units", "ResearchUnit")
    same_number = ResearchUnit.objects.filter(
        inserm_number=models.OuterRef("inserm_number"),
        term_start__lte=models.OuterRef("term_end"),
        term_end__gte=models.OuterRef("term_start"),
    ).exclude(pk=models.OuterRef("pk"))
    codes = sorted(ResearchUnit.objects.filter(models.Exists(same_number)).values_list("code", flat=True))
    if codes:
        raise RuntimeError(
            f"Units {', '.join(codes)} share an Inserm number over overlapping terms: merge them or correct "
            "their codes or dates, then migrate again."
        )
    schema_editor.add_constraint(ResearchUnit, ONE_UNIT_PER_NUMBER)


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("units", "ResearchUnit"), ONE_UNIT_PER_NUMBER)


class Migration(migrations.Migration):
    dependencies = [("units", "0009_canonical_codes")]

    operations = [migrations.RunPython(add_constraint, remove_constraint)]
