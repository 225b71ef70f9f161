"""A unit's supervising bodies become dated relations (UnitPartner, role "supervisor"),
made from its joint-supervision agreements: one relation per unit and partner of each
signed or terminated one, from the agreement's start to its end (its termination date if
it was terminated early; open if it has neither).

Drafts and agreements under negotiation give no relation: nobody supervises a unit on the
strength of an agreement not yet signed. The agreements themselves stay, as documents.

Periods of the same unit and partner that overlap or follow each other day after day
(a renewed agreement) become one relation. A relation already recorded from the same day
is left as it is, so that running this again adds nothing. Each relation created is kept
in its history, with the agreements it comes from as the reason.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

SUPERVISOR = "supervisor"
SIGNED_STAGES = ("signed", "terminated")


def merged(periods):
    """(start, end, references) periods, those that overlap or touch merged; end None is open."""
    result = []
    for start, end, references in sorted(periods, key=lambda period: period[0]):
        if result:
            last_start, last_end, last_references = result[-1]
            if last_end is None or start <= last_end + dt.timedelta(days=1):
                later_end = None if last_end is None or end is None else max(last_end, end)
                result[-1] = (last_start, later_end, last_references + references)
                continue
        result.append((start, end, references))
    return result


def relations_from_agreements(apps, schema_editor):
    Agreement = apps.get_model("partners", "Agreement")
    UnitPartner = apps.get_model("partners", "UnitPartner")
    HistoricalUnitPartner = apps.get_model("partners", "HistoricalUnitPartner")

    periods = {}  # (unit id, partner id): [(start, end, [references])]
    agreements = (
        Agreement.objects.filter(kind="joint_supervision", stage__in=SIGNED_STAGES)
        .prefetch_related("units", "partners")
        .order_by("reference")
    )
    for agreement in agreements:
        end = agreement.terminated_on or agreement.end
        for unit in agreement.units.all():
            for partner in agreement.partners.all():
                periods.setdefault((unit.pk, partner.pk), []).append((agreement.start, end, [agreement.reference]))

    recorded = set(UnitPartner.objects.filter(role=SUPERVISOR).values_list("unit_id", "partner_id", "start"))
    now = timezone.now()
    for (unit_id, partner_id), unit_periods in sorted(periods.items()):
        for start, end, references in merged(unit_periods):
            if (unit_id, partner_id, start) in recorded:
                continue
            relation = UnitPartner.objects.create(
                unit_id=unit_id, partner_id=partner_id, role=SUPERVISOR, start=start, end=end
            )
            HistoricalUnitPartner.objects.create(
                id=relation.pk,
                unit_id=unit_id,
                partner_id=partner_id,
                role=SUPERVISOR,
                start=start,
                end=end,
                history_date=now,
                history_type="+",
                history_change_reason=("Cotutelle : " + ", ".join(references))[:100],
            )


class Migration(migrations.Migration):
    dependencies = [("partners", "0012_lineage_relations_identifiers")]

    # Backwards, the relations stay: they may have been edited since, and 0012 drops them
    # if one goes further back.
    operations = [migrations.RunPython(relations_from_agreements, migrations.RunPython.noop)]
