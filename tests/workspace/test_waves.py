"""Evaluation waves as data: Hcéres' composition, the years they give, each unit's wave (its
own, else its site's exception, else its region's) in SQL and in Python, and the rules that
keep a region or a site in one wave."""

from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from units.models import Region, ResearchUnit
from workspace.models import EvaluationWave, WaveRegion, WaveSiteException
from workspace.waves import site_wave, wave_of, with_wave

from ..factories import MandateFactory, ResearchUnitFactory, SiteFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("workspace:dashboard")


def wave(letter: str) -> EvaluationWave:
    return EvaluationWave.objects.get(letter=letter)


def sql_wave(unit) -> str | None:
    return with_wave(ResearchUnit.objects.filter(pk=unit.pk)).values_list("evaluation_wave", flat=True).get()


# Hcéres' composition (workspace/migrations/0003) -------------------------------------------


def test_every_region_is_in_exactly_one_wave_after_migrating():
    regions = list(WaveRegion.objects.values_list("region", flat=True))
    assert sorted(regions) == sorted(Region.values)


@pytest.mark.parametrize(
    ("letter", "region"),
    [
        ("A", Region.AUVERGNE_RHONE_ALPES),
        ("A", Region.OCCITANIE),
        ("B", Region.NOUVELLE_AQUITAINE),
        ("B", Region.GUYANE),
        ("C", Region.GRAND_EST),
        ("D", Region.ILE_DE_FRANCE),
        ("E", Region.HAUTS_DE_FRANCE),
        ("E", Region.MAYOTTE),
    ],
)
def test_the_regions_are_in_hceres_waves(letter, region):
    assert WaveRegion.objects.get(region=region).wave_id == letter


@pytest.mark.parametrize(
    ("letter", "contract", "campaign"),
    [
        # Seen from 2026: C was evaluated in 2022–2023 for its 2024–2028 contracts, and so on.
        ("C", (2024, 2028), (2027, 2028)),
        ("D", (2025, 2029), (2028, 2029)),
        ("E", (2026, 2030), (2029, 2030)),
        ("A", (2022, 2026), (2025, 2026)),
        ("B", (2023, 2027), (2026, 2027)),
    ],
)
def test_each_waves_contract_and_campaign_follow_from_its_years(letter, contract, campaign):
    assert wave(letter).contract_on(2026) == contract
    assert wave(letter).next_campaign(2026) == campaign


def test_the_years_repeat_every_cycle_before_and_after_the_stored_one():
    c = wave("C")  # contracts from 2024, five years each
    assert [c.contract_on(year) for year in (2018, 2019, 2023, 2024, 2033, 2034)] == [
        (2014, 2018),
        (2019, 2023),
        (2019, 2023),
        (2024, 2028),
        (2029, 2033),
        (2034, 2038),
    ]
    assert c.next_campaign(2022) == (2022, 2023)  # the campaign for 2024's contracts


def test_a_wave_moving_one_year_is_one_edit():
    c = wave("C")
    c.contract_start_year += 1  # contracts stretched by a year
    c.save()
    c.refresh_from_db()
    assert (c.contract_on(2026), c.next_campaign(2026)) == ((2025, 2029), (2028, 2029))


def test_ile_de_france_sites_outside_paris_are_excepted_to_wave_e_by_the_migrations_rule():
    rule = import_module("workspace.migrations.0003_hceres_waves")
    paris = SiteFactory(region=Region.ILE_DE_FRANCE, city="Paris")
    villejuif = SiteFactory(region=Region.ILE_DE_FRANCE, city="Villejuif")
    lyon = SiteFactory()
    rule.add_suburb_exceptions(type(paris), WaveSiteException)
    rule.add_suburb_exceptions(type(paris), WaveSiteException)  # twice: nothing more
    assert dict(WaveSiteException.objects.values_list("site", "wave")) == {villejuif.pk: "E"}
    assert [sql_wave(ResearchUnitFactory(site=site)) for site in (paris, villejuif, lyon)] == ["D", "E", "A"]


# Each unit's wave -------------------------------------------------------------------------------


def test_a_units_own_wave_beats_its_sites_exception_which_beats_its_region():
    site = SiteFactory(region=Region.GRAND_EST)  # region: wave C
    by_region = ResearchUnitFactory(site=site)
    assert (sql_wave(by_region), wave_of(by_region)) == ("C", "C")

    WaveSiteException.objects.create(site=site, wave_id="E")
    by_exception = ResearchUnit.objects.get(pk=by_region.pk)
    assert (sql_wave(by_exception), wave_of(by_exception)) == ("E", "E")

    own = ResearchUnitFactory(site=site, hceres_wave="B")
    assert (sql_wave(own), wave_of(own)) == ("B", "B")


def test_a_unit_whose_region_no_wave_covers_has_no_wave():
    WaveRegion.objects.filter(region=Region.MAYOTTE).delete()
    unit = ResearchUnitFactory(site=SiteFactory(region=Region.MAYOTTE))
    assert (sql_wave(unit), wave_of(unit)) == (None, None)


def test_a_unit_read_with_its_wave_needs_no_query(django_assert_num_queries):
    ResearchUnitFactory(site=SiteFactory(region=Region.BRETAGNE))
    unit = with_wave(ResearchUnit.objects.all()).get()
    with django_assert_num_queries(0):
        assert wave_of(unit) == "B"


def test_the_sql_and_python_rules_agree_on_every_demo_unit(demo):
    units = list(with_wave(ResearchUnit.objects.select_related("site")))
    in_python = {unit.pk: wave_of(unit) for unit in ResearchUnit.objects.select_related("site")}
    assert [(unit.code, unit.evaluation_wave) for unit in units if unit.evaluation_wave != in_python[unit.pk]] == []
    # A few demo units keep a wave of their own, another than their site's.
    own = [unit for unit in units if unit.hceres_wave]
    assert 0 < len(own) < len(units) // 10
    assert all(unit.hceres_wave != site_wave(unit.site) for unit in own)


# One wave per region, one per site ---------------------------------------------------------------


def test_a_region_already_in_a_wave_is_refused_in_another_with_a_message_naming_it():
    with pytest.raises(ValidationError) as refused:
        WaveRegion(wave=wave("A"), region=Region.GRAND_EST).full_clean()
    assert refused.value.message_dict == {
        "region": ["Grand Est is already in wave C: a region is in one wave only. Remove it from wave C first."]
    }


def test_a_site_is_an_exception_in_one_wave_only():
    site = SiteFactory(region=Region.GRAND_EST)
    WaveSiteException.objects.create(site=site, wave_id="E")
    with pytest.raises(ValidationError) as refused:
        WaveSiteException(site=site, wave=wave("D")).full_clean()
    assert refused.value.message_dict == {
        "site": [f"{site.name} is already an exception in wave E: a site is in one wave only. Remove it there first."]
    }


def test_an_exception_to_the_wave_of_the_sites_own_region_is_refused():
    site = SiteFactory(region=Region.GRAND_EST, name="CHU de Reims")
    with pytest.raises(ValidationError) as refused:
        WaveSiteException(site=site, wave=wave("C")).full_clean()
    assert refused.value.message_dict == {
        "site": [
            "CHU de Reims is in Grand Est, which wave C covers already: an exception is for a site evaluated "
            "in another wave than its region."
        ]
    }


# The admin ------------------------------------------------------------------------------------------


def wave_form(letter: str, **overrides) -> dict:
    """The POST data of a wave's change form, its regions and exceptions as stored."""
    current = wave(letter)
    regions = list(current.regions.all())
    data = {
        "contract_start_year": str(current.contract_start_year),
        "cycle_years": str(current.cycle_years),
        "source": current.source,
        "regions-TOTAL_FORMS": str(len(regions)),
        "regions-INITIAL_FORMS": str(len(regions)),
        "regions-MIN_NUM_FORMS": "0",
        "regions-MAX_NUM_FORMS": "1000",
        "site_exceptions-TOTAL_FORMS": "0",
        "site_exceptions-INITIAL_FORMS": "0",
        "site_exceptions-MIN_NUM_FORMS": "0",
        "site_exceptions-MAX_NUM_FORMS": "1000",
    }
    for index, region in enumerate(regions):
        data |= {
            f"regions-{index}-id": str(region.pk),
            f"regions-{index}-wave": letter,
            f"regions-{index}-region": region.region,
        }
    return data | overrides


def change_url(letter: str) -> str:
    return reverse("admin:workspace_evaluationwave_change", args=[letter])


def test_an_editor_moves_a_wave_by_a_year_in_the_admin(editor_client):
    response = editor_client.post(change_url("C"), wave_form("C", contract_start_year="2025"))
    assert response.status_code == 302
    assert wave("C").contract_on(2026) == (2025, 2029)


def test_the_admin_refuses_a_region_of_another_wave_at_its_field(editor_client):
    data = wave_form("A")
    index = int(data["regions-TOTAL_FORMS"])
    data |= {
        "regions-TOTAL_FORMS": str(index + 1),
        f"regions-{index}-wave": "A",
        f"regions-{index}-region": Region.GRAND_EST,
    }
    response = editor_client.post(change_url("A"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Grand Est is already in wave C: a region is in one wave only." in response.text
    assert WaveRegion.objects.get(region=Region.GRAND_EST).wave_id == "C"


def test_a_manager_views_the_waves_but_changes_none(manager_client):
    assert manager_client.get(reverse("admin:workspace_evaluationwave_changelist")).status_code == 200
    page = manager_client.get(change_url("D"))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert manager_client.post(change_url("D"), wave_form("D", contract_start_year="2030")).status_code == 403
    assert wave("D").contract_start_year == 2025


def test_anonymous_visitors_are_sent_to_login_from_the_waves(client):
    response = client.get(reverse("admin:workspace_evaluationwave_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_lists_wave_counts_follow_a_region_moved_to_another_wave(manager_client):
    MandateFactory(unit__site=SiteFactory(region=Region.CORSE))  # wave C
    assert manager_client.get(DASHBOARD, {"wave": "C"}).context["paginator"].count == 1
    WaveRegion.objects.filter(region=Region.CORSE).update(wave_id="E")  # no signal: a bulk update
    WaveRegion.objects.get(region=Region.CORSE).save()  # the admin saves: the kept counts are stale
    assert manager_client.get(DASHBOARD, {"wave": "C"}).context["paginator"].count == 0
    assert manager_client.get(DASHBOARD, {"wave": "E"}).context["paginator"].count == 1
