"""The migration from an agreement's status to its stage (partners 0008-0011), run on a copy
of the demo agreements as seed_demo made them before it (tests/partners/data/): every record
lands where the rules say, what cannot be placed goes back to draft with a note saying why,
and the report counts and lists them."""

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partners.models import Agreement

pytestmark = pytest.mark.django_db(transaction=True)  # migrations change the schema

# seed_demo at scale 1 on 30 November 2026, before the stage (its dates are relative to that
# day): reference, status, signed_on, start, end and number of partners of each agreement.
DATA = Path(__file__).parent / "data" / "agreements_before_stage.csv"
SEEDED_ON = dt.date(2026, 11, 30)
BEFORE = ("partners", "0007_partner_network_and_founding")
SIGNED = {"active": "signed", "ended": "signed", "terminated": "terminated"}


def migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def load_old_agreements(apps, rows):
    """The rows as the old models held them, with as many partners as they had."""
    Category = apps.get_model("partners", "Category")
    Partner = apps.get_model("partners", "Partner")
    OldAgreement = apps.get_model("partners", "Agreement")
    category = Category.objects.get_or_create(slug="research-bodies", defaults={"name_fr": "Organismes"})[0]
    partners = [
        Partner.objects.create(name=f"Partenaire {n}", slug=f"partenaire-{n}", category=category, kind="research_body")
        for n in range(max(int(row["partners"]) for row in rows))
    ]
    agreements = OldAgreement.objects.bulk_create(
        OldAgreement(
            reference=row["reference"],
            title=f"Accord {row['reference']}",
            kind="collaboration",
            status=row["status"],
            signed_on=date(row["signed_on"]),
            start=date(row["start"]),
            end=date(row["end"]),
            internal_notes="Note d'origine." if index % 2 else "",
        )
        for index, row in enumerate(rows)
    )
    links = OldAgreement.partners.through
    links.objects.bulk_create(
        links(agreement_id=agreement.pk, partner_id=partner.pk)
        for agreement, row in zip(agreements, rows, strict=True)
        for partner in partners[: int(row["partners"])]
    )


def expected(row) -> tuple[str, dt.date | None, bool]:
    """(stage, terminated on, sent back to draft) for one of the old rows."""
    status, signed_on, end = row["status"], date(row["signed_on"]), date(row["end"])
    if status not in SIGNED:
        return status, None, False
    if not signed_on or (status == "terminated" and not end):
        return "draft", None, True
    return SIGNED[status], end if status == "terminated" else None, False


@pytest.mark.today(SEEDED_ON)
def test_the_demo_agreements_move_from_status_to_stage_and_the_report_says_what_was_left(capsys):
    with DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    assert len(rows) > 900 and {row["status"] for row in rows} == {"draft", "negotiating", *SIGNED}

    load_old_agreements(migrate([BEFORE]), rows)
    capsys.readouterr()
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())
    report = capsys.readouterr().out

    stored = {agreement.reference: agreement for agreement in Agreement.objects.all()}
    assert len(stored) == len(rows)
    outcomes = Counter()
    for row in rows:
        agreement = stored[row["reference"]]
        stage, terminated_on, sent_back = expected(row)
        assert (agreement.stage, agreement.terminated_on) == (stage, terminated_on), row
        assert (agreement.signed_on, agreement.start, agreement.end) == tuple(
            date(row[field]) for field in ("signed_on", "start", "end")
        )
        assert ("Reprise des statuts" in agreement.internal_notes) == sent_back, row
        outcomes[f"{row['status']} → {stage}"] += 1

    assert f"Agreements, from status to stage ({len(rows)} agreements, on 2026-11-30):" in report
    for outcome, count in outcomes.items():
        assert f"    {outcome}: {count}\n" in report
    unplaced = [row["reference"] for row in rows if expected(row)[2]]
    future = [row["reference"] for row in rows if row["signed_on"] and date(row["signed_on"]) > SEEDED_ON]
    lonely = [row["reference"] for row in rows if row["partners"] == "0"]
    for title, references in (
        ("Back to draft, what to do in their internal notes", unplaced),
        ("Kept as they are, signed after today: correct the signature date", future),
        ("Kept as they are, without a partner: add one", lonely),
    ):
        assert f"    {title} ({len(references)})" in report
        assert all(reference in report for reference in references)


@pytest.mark.today(SEEDED_ON)
def test_what_cannot_be_placed_goes_back_to_draft_with_a_note_saying_why_and_what_to_do(capsys):
    rows = [
        {"reference": "T-1", "status": "terminated", "signed_on": "", "end": "", "partners": "1"},
        {"reference": "A-1", "status": "active", "signed_on": "", "end": "", "partners": "1"},
        {"reference": "N-1", "status": "active", "signed_on": "2020-01-01", "end": "", "partners": "0"},
    ]
    load_old_agreements(migrate([BEFORE]), [{**row, "start": "2020-01-01"} for row in rows])
    capsys.readouterr()
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    report = capsys.readouterr().out

    terminated, active = Agreement.objects.get(reference="T-1"), Agreement.objects.get(reference="A-1")
    assert (terminated.stage, active.stage) == ("draft", "draft")
    assert terminated.internal_notes == (
        "Reprise des statuts : cet accord avait le statut « Résilié » sans date de signature ni date de fin ; "
        "il repasse en brouillon. Saisissez sa date de signature et sa date de résiliation (son dernier jour "
        "en vigueur), puis choisissez l'étape « Résilié »."
    )
    assert active.internal_notes == (  # after its own notes
        "Note d'origine.\n\nReprise des statuts : cet accord avait le statut « En vigueur » sans date de "
        "signature ; il repasse en brouillon. Saisissez sa date de signature, puis choisissez l'étape « Signé »."
    )
    assert Agreement.objects.get(reference="N-1").stage == "signed"  # kept, and listed
    assert "    active → draft: 1\n    active → signed: 1\n    terminated → draft: 1\n" in report
    assert "    Back to draft, what to do in their internal notes (2): A-1, T-1\n" in report
    assert "    Kept as they are, without a partner: add one (1): N-1" in report
