"""Hcéres' five evaluation waves as they stand after the 2021 shift, and the roles' rights on
them (Editors change them, Managers view them).

Sources (consulted for this migration):
- Hcéres, "Evaluated in 2020-2022 (group B)", https://www.hceres.fr/en/evaluated-2020-2022-group-b:
  group B is Brittany, Normandy, Nouvelle-Aquitaine, the West Indies and Guiana, and
  Pays-de-la-Loire (the Bordeaux, La Rochelle and Pau universities moved there from A).
- Hcéres, "Evaluated in 2023-2024 (group E)", https://www.hceres.fr/en/evaluated-2023-2024-group-e:
  group E is Île-de-France, Hauts-de-France, La Réunion and Mayotte (Amiens and Compiègne
  moved there from C). Its provisional reports came out in February 2025
  (fsu.univ-lille.fr/spip.php?article301), so after the shift below it ran in 2024-2025;
  a press report of 17 March 2025 (eutimes.fr/info/t-2503170970.html) gives its
  Île-de-France as "outside Paris".
- Université de Franche-Comté, "Hcéres" (sophau.univ-fcomte.fr/index.php/vie-institutionnelle/hceres),
  quoting Hcéres, DGESIP and DGRI of 8 January 2021: wave A is Auvergne-Rhône-Alpes and
  Occitanie, B as above; wave C is evaluated in 2022-2023, its contracts start on
  1 January 2024, and the campaigns after it (D, E, A, B) move one year later too.
- L'Etudiant, interview of Hcéres' president, 2025
  (letudiant.fr/educpros/entretiens/c-chevallier-hceres-il-faut-simplifier-et-personnaliser-levaluation.html): wave A (Auvergne-Rhône-Alpes,
  Occitanie) is the campaign after E.
Wave C is the regions left (Bourgogne-Franche-Comté, Centre-Val de Loire, Corsica, Grand
Est, Provence-Alpes-Côte d'Azur), as the Franche-Comté page above and Strasbourg's
(numero216.lactu.unistra.fr: evaluated for its 2024-2028 contract) agree.

Years: with five-year contracts and each campaign ending the year before its contracts
start, C (campaign 2022-2023) has contracts from 2024, D (2023-2024) from 2025, E
(2024-2025) from 2026, A (2025-2026) from 2027 and B (2026-2027) from 2028. The contract
that each wave ran through the pandemic was stretched (B's to six years): the years before
the shift are not what these give, the years to come are.

Île-de-France is split by university site, not by region: Paris's universities are in
wave D, those around it (Paris-Saclay, Créteil, Sorbonne Paris Nord, Versailles, Évry,
Cergy) in E. The region goes to D, where most of Inserm's Île-de-France units are (the
Paris hospitals, Curie, Pasteur), and each site of the region outside Paris gets an
exception to E. Mayotte and La Réunion are in E, Guadeloupe, Martinique and Guiana in B.
"""

from importlib import import_module

from django.db import migrations

roles = import_module("partners.migrations.0003_roles")

SOURCE = (
    "Hcéres, evaluation groups (hceres.fr/en/evaluated-2020-2022-group-b, "
    "hceres.fr/en/evaluated-2023-2024-group-e); Hcéres, DGESIP and DGRI, 8 January 2021 "
    "(campaigns from C on moved one year later). See workspace/migrations/0003_hceres_waves.py."
)

# wave: (first year of one of its contracts, its regions)
WAVES = {
    "A": (2027, ["auvergne-rhone-alpes", "occitanie"]),
    "B": (2028, ["bretagne", "normandie", "nouvelle-aquitaine", "pays-de-la-loire", "guadeloupe", "martinique", "guyane"]),
    "C": (2024, ["bourgogne-franche-comte", "centre-val-de-loire", "corse", "grand-est", "provence-alpes-cote-dazur"]),
    "D": (2025, ["ile-de-france"]),
    "E": (2026, ["hauts-de-france", "la-reunion", "mayotte"]),
}
SUBURBS_WAVE = "E"  # Île-de-France's sites outside Paris
SUBURBS_NOTE = "Île-de-France outside Paris"


def create_waves(apps, schema_editor):
    """The five waves and their regions, and an exception to E for each Île-de-France site
    outside Paris. Rows already there are left as they are (an editor may have moved them):
    tests/reference.py runs this again after a test has emptied the tables."""
    EvaluationWave = apps.get_model("workspace", "EvaluationWave")
    WaveRegion = apps.get_model("workspace", "WaveRegion")
    for letter, (start, regions) in WAVES.items():
        wave, _ = EvaluationWave.objects.get_or_create(
            letter=letter, defaults={"contract_start_year": start, "cycle_years": 5, "source": SOURCE}
        )
        for region in regions:
            if not WaveRegion.objects.filter(region=region).exists():
                WaveRegion.objects.create(wave=wave, region=region)
    add_suburb_exceptions(apps.get_model("units", "Site"), apps.get_model("workspace", "WaveSiteException"))


def add_suburb_exceptions(Site, WaveSiteException):  # noqa: N803 - model classes
    """Île-de-France sites outside Paris, without an exception yet, get one to wave E.
    Also what the demo data runs for its sites (demo/waves.py)."""
    suburbs = Site.objects.filter(region="ile-de-france", wave_exception__isnull=True).exclude(city__iexact="Paris")
    WaveSiteException.objects.bulk_create(
        [WaveSiteException(site=site, wave_id=SUBURBS_WAVE, note=SUBURBS_NOTE) for site in suburbs]
    )


def grant_roles(apps, schema_editor):
    roles.create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    new = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="workspace",
        content_type__model__in=["evaluationwave", "waveregion", "wavesiteexception"],
    )
    for group in Group.objects.filter(name=roles.EDITORS):
        group.permissions.add(*new)
    for group in Group.objects.filter(name=roles.MANAGERS):
        group.permissions.add(*new.filter(codename__startswith="view_"))


def remove_waves(apps, schema_editor):
    apps.get_model("workspace", "EvaluationWave").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0002_evaluation_waves"),
        ("partners", "0003_roles"),
    ]

    operations = [
        migrations.RunPython(create_waves, remove_waves),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
