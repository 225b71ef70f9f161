"""A unit's partners in the admin: edited on the unit's page, checked (no end before the
start, no two periods of one relation over the same days, against the rows submitted
together), counted on the partner's page; a partner that supervises units or owns sites
cannot be deleted, and its delete page says why."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.models import UnitPartner

from ..admin_helpers import loaded_state, term, unit_form
from ..factories import MandateFactory, PartnerFactory, SiteFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _english_admin(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word


def relation_rows(unit, *rows):
    """The unit form's partner inline with `rows` ({id?, partner, role, start, end, DELETE?})."""
    data = {
        "partner_links-TOTAL_FORMS": str(len(rows)),
        "partner_links-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
    }
    for index, row in enumerate(rows):
        for key, value in {"id": "", "unit": unit.pk, "end": "", **row}.items():
            data[f"partner_links-{index}-{key}"] = value.isoformat() if isinstance(value, dt.date) else value
    return data


def save_unit(admin_client, unit, *rows):
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    terms = [term(mandate) for mandate in unit.mandates.all()]
    data = {
        **unit_form(unit, terms=terms),
        **relation_rows(unit, *rows),
        "loaded_state": loaded_state(admin_client, url),
    }
    return admin_client.post(url, data)


def test_the_units_page_adds_its_supervising_bodies_with_their_dates(admin_client):
    unit = MandateFactory().unit
    lille, cnrs = PartnerFactory(slug="lille"), PartnerFactory(slug="cnrs")
    response = save_unit(
        admin_client,
        unit,
        {"partner": lille.pk, "role": "supervisor", "start": D(2020, 1, 1)},
        {"partner": cnrs.pk, "role": "supervisor", "start": D(2015, 1, 1), "end": D(2019, 12, 31)},
    )
    assert response.status_code == 302
    assert set(unit.partner_links.values_list("partner__slug", "start", "end")) == {
        ("lille", D(2020, 1, 1), None),
        ("cnrs", D(2015, 1, 1), D(2019, 12, 31)),
    }
    assert UnitPartner.history.filter(unit=unit).count() == 2  # kept in history


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                {"start": D(2015, 1, 1), "end": D(2019, 12, 31)},
                {"start": D(2019, 1, 1), "end": D(2021, 12, 31)},
            ],
            "This partner is already supervising body of this unit from 1 Jan 2015 to 31 Dec 2019: "
            "two periods of one relation cannot overlap. Change the dates, or extend the other period instead.",
        ),
        (
            [{"start": D(2015, 1, 1)}, {"start": D(2024, 1, 1), "end": D(2025, 12, 31)}],
            "This partner is already supervising body of this unit from 1 Jan 2015, with no end",
        ),
        ([{"start": D(2015, 1, 1), "end": D(2014, 12, 31)}], "A relation cannot end before it starts."),
    ],
    ids=["overlapping", "within-an-open-one", "end-before-start"],
)
def test_broken_periods_are_refused_with_a_message_and_nothing_is_saved(admin_client, rows, message):
    unit, partner = MandateFactory().unit, PartnerFactory()
    response = save_unit(admin_client, unit, *({"partner": partner.pk, "role": "supervisor", **row} for row in rows))
    assert response.status_code == 200
    assert message in response.text
    assert not unit.partner_links.exists()


def test_the_same_partner_in_another_role_or_after_a_gap_is_accepted(admin_client):
    unit, partner = MandateFactory().unit, PartnerFactory()
    response = save_unit(
        admin_client,
        unit,
        {"partner": partner.pk, "role": "supervisor", "start": D(2015, 1, 1), "end": D(2019, 12, 31)},
        {"partner": partner.pk, "role": "supervisor", "start": D(2020, 1, 1)},
        {"partner": partner.pk, "role": "host", "start": D(2015, 1, 1)},
    )
    assert response.status_code == 302
    assert unit.partner_links.count() == 3


def test_periods_are_checked_as_submitted_not_as_stored(admin_client):
    # The stored period is shortened and a new one starts after it, in one save.
    stored = UnitPartnerFactory(unit=MandateFactory().unit, start=D(2015, 1, 1))
    unit, partner = stored.unit, stored.partner
    response = save_unit(
        admin_client,
        unit,
        {"id": stored.pk, "partner": partner.pk, "role": "supervisor", "start": D(2015, 1, 1), "end": D(2019, 12, 31)},
        {"partner": partner.pk, "role": "supervisor", "start": D(2020, 1, 1)},
    )
    assert response.status_code == 302
    assert unit.partner_links.count() == 2


def test_the_model_refuses_an_overlap_with_a_stored_relation():
    stored = UnitPartnerFactory(start=D(2015, 1, 1))
    later = UnitPartner(unit=stored.unit, partner=stored.partner, role="supervisor", start=D(2024, 6, 1))
    with pytest.raises(ValidationError) as refused:
        later.full_clean()
    assert "already supervising body of this unit from 1 Jan 2015, with no end" in str(refused.value)
    later.role = UnitPartner.Role.HOSPITAL
    later.full_clean()  # another role


def test_the_partners_page_counts_its_units_by_role_and_period_and_its_sites(admin_client):
    partner = PartnerFactory()
    UnitPartnerFactory.create_batch(2, partner=partner)
    UnitPartnerFactory(partner=partner, start=D(2010, 1, 1), end=D(2014, 12, 31))
    SiteFactory(institution=partner)
    response = admin_client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    page = response.text
    changelist = reverse("admin:partners_unitpartner_changelist")
    assert (
        f'<a href="{changelist}?partner__id__exact={partner.pk}&amp;role__exact=supervisor&amp;today=in_force">'
        "Supervising body (today): 2</a>"
    ) in page
    assert "Supervising body (formerly): 1</a>" in page
    sites = reverse("admin:units_site_changelist")
    assert f'<a href="{sites}?institution__id__exact={partner.pk}">1 site belongs to it</a>' in page
    # The links lead to those lists.
    listed = admin_client.get(f"{changelist}?partner__id__exact={partner.pk}&role__exact=supervisor&today=in_force")
    assert listed.context["cl"].result_count == 2
    assert admin_client.get(f"{sites}?institution__id__exact={partner.pk}").context["cl"].result_count == 1


def test_a_partner_that_supervises_units_or_owns_sites_cannot_be_deleted_and_its_delete_page_says_why(
    admin_client,
):
    partner = PartnerFactory(name="Université de Lille")
    relation = UnitPartnerFactory(partner=partner, unit__code="U1234")
    site = SiteFactory(name="Faculté de médecine Henri-Warembourg", institution=partner)
    url = reverse("admin:partners_partner_delete", args=[partner.pk])

    page = admin_client.get(url).text
    assert "cannot be deleted: these records name it" in page
    relation_url = reverse("admin:partners_unitpartner_change", args=[relation.pk])
    assert (f'Partner of a unit: <a href="{relation_url}">Université de Lille, supervising body of U1234</a>') in page
    site_url = reverse("admin:units_site_change", args=[site.pk])
    assert f'Site: <a href="{site_url}">Faculté de médecine Henri-Warembourg</a>' in page

    admin_client.post(url, {"post": "yes"})
    assert type(partner).objects.filter(pk=partner.pk).exists()


def test_every_admin_page_of_the_relations_opens(admin_client):
    relation = UnitPartnerFactory()
    for url in (
        reverse("admin:partners_unitpartner_changelist"),
        reverse("admin:partners_unitpartner_changelist") + "?today=ended&role__exact=host",
        reverse("admin:partners_unitpartner_change", args=[relation.pk]),
        reverse("admin:partners_unitpartner_add"),
        reverse("admin:units_researchunit_change", args=[relation.unit.pk]),
        reverse("admin:units_site_change", args=[SiteFactory().pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
