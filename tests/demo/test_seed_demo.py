"""The demo data: deterministic, idempotent, valid, and shaped like the brief says."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from demo import data
from partners.models import Agreement, Category, Partner, PartnerName, UnitPartner
from units.models import Mandate, MandateStatus, Region, ResearchUnit, Site, Succession
from workspace.models import WaveSiteException

pytestmark = pytest.mark.django_db

MODELS = [
    Site,
    WaveSiteException,  # the demo's Île-de-France sites outside Paris (demo/waves.py)
    ResearchUnit,
    Mandate,
    Succession,  # the demo's lineage (demo/lineage.py)
    Partner,
    PartnerName,  # the universities' former names (demo/names.py)
    UnitPartner,  # the demo's supervising bodies (demo/relations.py)
    Agreement,
    Agreement.partners.through,
    Agreement.units.through,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seeding_twice_gives_the_same_rows(demo):
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first["ResearchUnit"] == 350 and first["Agreement"] > 300


def test_a_second_run_in_another_language_adds_nothing(demo):
    # The fixture seeded with English active; names built from choice labels are French.
    first = counts()
    with translation.override("fr"):
        call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert Partner.objects.filter(name="Région Bretagne").exists()
    assert not Partner.objects.filter(name="Région Brittany").exists()


def snapshot() -> dict:
    """The demo's content, without dates (they follow today's date) or database ids."""
    return {
        "sites": sorted(Site.objects.values_list("slug", "kind", "region")),
        "units": sorted(
            ResearchUnit.objects.values_list(
                "code", "name", "site__slug", "director_name", "director_is_puph", "rnsr_number", "is_published"
            )
        ),
        "terms": sorted(Mandate.objects.values_list("unit__code", "number")),
        "successions": sorted(Succession.objects.values_list("predecessor__code", "successor__code", "kind", "on")),
        "partners": sorted(Partner.objects.values_list("slug", "kind", "city", "is_published", "parent__slug")),
        "agreements": sorted(Agreement.objects.values_list("reference", "kind", "stage", "is_public", "amount_eur")),
        "agreement partners": sorted(
            Agreement.partners.through.objects.values_list("agreement__reference", "partner__slug")
        ),
        "agreement units": sorted(
            Agreement.units.through.objects.values_list("agreement__reference", "researchunit__code")
        ),
        "unit partners": sorted(
            (code, slug, role, end is None)
            for code, slug, role, end in UnitPartner.objects.values_list("unit__code", "partner__slug", "role", "end")
        ),
        "site institutions": sorted(Site.objects.values_list("slug", "institution__slug")),
        "partner names": sorted(PartnerName.objects.values_list("partner__slug", "name", "kind", "start", "end")),
    }


def wipe():
    """Every demo row gone, in one statement per table: deleting through the ORM (a history
    row and signals per record) took most of the time of the tests that wipe."""
    for model in reversed(MODELS):  # the link tables first
        model.objects.all()._raw_delete(model.objects.db)


def test_the_same_scale_gives_the_same_data(demo):
    before = snapshot()
    wipe()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


@pytest.mark.slow  # seeds the demo at scale 2, or checks all of its records
def test_a_larger_scale_adds_to_the_smaller_one_as_if_loaded_at_once(demo):
    call_command("seed_demo", "--scale", "2", verbosity=0)
    stepwise = snapshot()
    wipe()
    call_command("seed_demo", "--scale", "2", verbosity=0)
    assert snapshot() == stepwise
    assert ResearchUnit.objects.count() == 700
    # Every unit has its supervising university, and its terms.
    assert not ResearchUnit.objects.exclude(partner_links__partner__kind=Partner.Kind.UNIVERSITY).exists()
    assert not ResearchUnit.objects.filter(mandates__isnull=True).exists()


# The demo's content digest: the same on SQLite and PostgreSQL (CI runs both). When the
# demo data changes on purpose, print digest(snapshot()) and paste the new value here.
DEMO_DIGEST = "0987337cc517340e"


def digest(content: dict) -> str:
    return hashlib.sha256(repr(content).encode()).hexdigest()[:16]


def test_the_demo_is_the_same_on_every_database(demo):
    assert digest(snapshot()) == DEMO_DIGEST


def test_if_empty_leaves_existing_data_alone(demo):
    reference = Agreement.objects.order_by("reference").values_list("reference", flat=True).first()
    Agreement.objects.filter(reference=reference).delete()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert not Agreement.objects.filter(reference=reference).exists()


def test_a_bad_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "0")


def test_a_bad_scale_is_refused_even_when_data_is_there(demo):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "0", "--if-empty")


def test_the_brief_figures_hold(demo):
    units = ResearchUnit.objects
    total = units.count()
    assert 340 <= total <= 360
    assert 0.77 <= units.in_hospital_perimeter().count() / total <= 0.83  # about 80%
    assert units.filter(director_is_puph=True).count() / total > 0.40  # over 40%
    assert units.aggregate(staff=Sum("hospital_staff_count"))["staff"] > 2000  # more than 2,000
    higher_education = Partner.objects.filter(category__slug="higher-education")
    assert higher_education.count() == 47
    assert higher_education.filter(kind=Partner.Kind.UNIVERSITY).count() == 39
    assert Partner.objects.filter(kind__in=Partner.HIGHER_EDUCATION_KINDS).count() == 47
    assert Site.objects.count() == len(data.SITES) == 94


def test_the_demo_covers_every_category_region_status_and_kind(demo):
    assert set(Category.objects.filter(partners__isnull=False).values_list("slug", flat=True)) == set(
        Category.objects.values_list("slug", flat=True)
    )
    # Every region has units, but Corsica, Martinique and Mayotte.
    regions = set(ResearchUnit.objects.values_list("site__region", flat=True))
    assert regions == set(Region.values) - {Region.CORSE, Region.MARTINIQUE, Region.MAYOTTE}
    statuses = set(ResearchUnit.objects.with_mandate_status().values_list("mandate_status", flat=True))
    assert statuses == set(MandateStatus.values)
    # Every kind of agreement but joint supervision: supervising bodies are relations now
    # (demo/relations.py), a few of them ended, and every hospital site has its institution.
    kinds = set(Agreement.Kind.values) - {Agreement.Kind.JOINT_SUPERVISION}
    assert set(Agreement.objects.values_list("kind", flat=True)) == kinds
    assert UnitPartner.objects.filter(role=UnitPartner.Role.SUPERVISOR, end__isnull=False).exists()
    assert not Site.objects.filter(kind=Site.Kind.CHU, institution__isnull=True).exists()
    assert set(Agreement.objects.values_list("stage", flat=True)) == set(Agreement.Stage.values)
    assert {agreement.state for agreement in Agreement.objects.all()} == set(Agreement.State.values)
    assert Agreement.objects.filter(amount_eur__isnull=False).exists()
    assert ResearchUnit.objects.filter(is_published=False).exists()
    assert Partner.objects.filter(network_role="rfo").exists() and Partner.objects.filter(network_role="rpo").exists()
    assert not Agreement.objects.filter(partners__isnull=True).exists()


@pytest.mark.slow  # seeds the demo at scale 2, or checks all of its records
def test_every_demo_record_passes_the_model_rules(demo):
    for model in (Site, ResearchUnit, Mandate, Partner, Agreement):
        for record in model.objects.all():
            record.full_clean()


def test_every_demo_record_starts_its_history(demo):
    for model in (Site, ResearchUnit, Mandate, Partner, Agreement):
        with_creation = set(model.history.filter(history_type="+").values_list("id", flat=True))
        assert set(model.objects.values_list("pk", flat=True)) <= with_creation, model.__name__


# Demo data: a second run changes no content, and rows are written in bulk.


def test_seeding_twice_leaves_the_same_content():
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


@pytest.mark.slow  # seeds the demo at scale 2, or checks all of its records
def test_demo_data_is_loaded_in_bulk():
    """Speed is the benchmark's to measure (scale 10 loads in about 10 s); what a test can
    hold is the design that makes it fast: rows written many at a time, not one by one."""
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", "--scale", "2", verbosity=0)
    rows = sum(model.objects.count() for model in (Site, ResearchUnit, Mandate, Partner, Agreement))
    assert rows > 4000
    assert len(queries) < rows / 10, f"{len(queries)} queries for {rows} rows"  # 203 for 5,000 when written
