"""Each agreement's stage, from the status it had (0008 renamed the column):

- draft and negotiating stay as they are;
- active and ended become signed: whether one is in force now follows from its dates;
- terminated stays terminated (early), its end becoming its last day in force.

What cannot be placed, an active, ended or terminated agreement without a signature date,
or a terminated one without an end, goes back to draft, with a sentence in French in its
internal notes saying what was wrong and what to do. Agreements signed after today and
agreements without a partner are kept as they are, and listed: the admin, the import and
the API refuse them at their next edit until they are corrected. A report is printed.
"""

from collections import Counter

from django.db import migrations
from django.db.models import Count, F
from django.utils import timezone

SIGNED = {"active": "signed", "ended": "signed", "terminated": "terminated"}
# For the notes, in French as editors read them: the old status, the stage to choose,
# what is missing and what to enter.
OLD_STATUS = {"active": "En vigueur", "ended": "Terminé", "terminated": "Résilié"}
STAGE_TO_CHOOSE = {"active": "Signé", "ended": "Signé", "terminated": "Résilié"}
MISSING = {"signed_on": "date de signature", "end": "date de fin"}
TO_ENTER = {"signed_on": "sa date de signature", "end": "sa date de résiliation (son dernier jour en vigueur)"}


def note(status: str, missing: list[str]) -> str:
    """The sentence added to the internal notes of an agreement sent back to draft."""
    return (
        f"Reprise des statuts : cet accord avait le statut « {OLD_STATUS[status]} » sans "
        f"{' ni '.join(MISSING[field] for field in missing)} ; il repasse en brouillon. "
        f"Saisissez {' et '.join(TO_ENTER[field] for field in missing)}, "
        f"puis choisissez l'étape « {STAGE_TO_CHOOSE[status]} »."
    )


def place_agreements(apps, schema_editor):
    Agreement = apps.get_model("partners", "Agreement")
    today = timezone.localdate()
    outcomes, unplaced, signed_later, without_partner, changed = Counter(), [], [], [], []
    rows = Agreement.objects.annotate(partner_count=Count("partners")).order_by("reference")
    for agreement in rows.iterator(chunk_size=2000):
        status = agreement.stage  # still the old status
        missing = []
        if status in SIGNED and not agreement.signed_on:
            missing.append("signed_on")
        if status == "terminated" and not agreement.end:
            missing.append("end")
        if missing:
            agreement.stage = "draft"
            agreement.internal_notes = "\n\n".join(filter(None, [agreement.internal_notes.rstrip(), note(status, missing)]))
            unplaced.append(agreement.reference)
        elif status in SIGNED:
            agreement.stage = SIGNED[status]
            agreement.terminated_on = agreement.end if status == "terminated" else None
        outcomes[f"{status} → {agreement.stage}"] += 1
        if status in SIGNED:
            agreement.version += 1  # forms opened before the migration learn that it moved on
            changed.append(agreement)
        if agreement.signed_on and agreement.signed_on > today:
            signed_later.append(agreement.reference)
        if not agreement.partner_count:
            without_partner.append(agreement.reference)
    Agreement.objects.bulk_update(changed, ["stage", "terminated_on", "internal_notes", "version"], batch_size=1000)
    if sum(outcomes.values()):
        print_report(today, outcomes, unplaced, signed_later, without_partner)


def print_report(today, outcomes, unplaced, signed_later, without_partner):
    lines = [f"\n  Agreements, from status to stage ({sum(outcomes.values())} agreements, on {today.isoformat()}):"]
    lines += [f"    {outcome}: {count}" for outcome, count in sorted(outcomes.items())]
    for title, references in (
        ("Back to draft, what to do in their internal notes", unplaced),
        ("Kept as they are, signed after today: correct the signature date", signed_later),
        ("Kept as they are, without a partner: add one", without_partner),
    ):
        lines.append(f"    {title} ({len(references)}){':' if references else '.'} {', '.join(references)}".rstrip())
    print("\n".join(lines))  # noqa: T201 - the migration's report


def back_to_status(apps, schema_editor):
    """The way back: signed agreements are active, or ended when their end has passed;
    one terminated early ends on its last day in force."""
    Agreement = apps.get_model("partners", "Agreement")
    Agreement.objects.filter(stage="signed", end__lt=timezone.localdate()).update(stage="ended")
    Agreement.objects.filter(stage="signed").update(stage="active")
    Agreement.objects.filter(stage="terminated").update(end=F("terminated_on"), terminated_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_agreement_stage"),
    ]

    operations = [
        migrations.RunPython(place_agreements, back_to_status),
    ]
