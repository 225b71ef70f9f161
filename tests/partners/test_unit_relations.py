"""A unit's supervising bodies and other partners as dated relations (UnitPartner), shown
both ways on the public pages and asked "as of" a day in the unit list."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from partners.models import UnitPartner

from ..factories import MandateFactory, PartnerFactory, SiteFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def lille():
    """Université de Lille and the units it supervises, supervised, or will supervise."""
    university = PartnerFactory(name="Université de Lille", slug="universite-de-lille")

    def supervised(code, start, end=None, **unit):
        unit = MandateFactory(unit__code=code, unit__name=f"Laboratoire {code}", **unit).unit
        UnitPartnerFactory(unit=unit, partner=university, start=start, end=end)
        return unit

    supervised("U1001", dt.date(2020, 1, 1))  # today, since 2020
    supervised("U1002", dt.date(2015, 1, 1), dt.date(2019, 12, 31))  # until 2019
    supervised("U1003", dt.date(2020, 1, 1), unit__is_published=False)  # unpublished
    supervised("U1004", dt.date(2027, 1, 1))  # from next year
    supervised("U1005", dt.date(2018, 1, 1), dt.date(2019, 6, 30))  # until 30 June 2019
    supervised("U1006", dt.date(2010, 1, 1), TODAY)  # its last day is today
    UnitPartnerFactory(unit__code="U1007", start=dt.date(2010, 1, 1))  # another university's
    return university


def codes(response) -> list[str]:
    assert response.status_code == 200
    return [unit.code for unit in response.context["page_obj"].object_list]


@pytest.mark.today(TODAY)
def test_a_universitys_page_lists_the_units_it_supervises_today_and_those_it_did(client, lille):
    response = client.get("/en/partners/universite-de-lille/")
    page = response.content.decode()
    today, former = page.split("Formerly")
    assert 'Units it supervises <span class="text-body-secondary">(2)</span>' in today
    assert "U1001" in today and "U1006" in today
    # Ended relations, latest first, with their dates; not in today's list.
    assert former.index("U1002") < former.index("U1005")
    assert "supervising body from 1 Jan 2015 to 31 Dec 2019" in former
    assert "U1002" not in today and "U1005" not in today
    # Neither an unpublished unit nor a relation not yet begun, nor another partner's unit.
    for code in ("U1003", "U1004", "U1007"):
        assert code not in page
    assert '<a href="/en/units/?supervisor=universite-de-lille">See all 2 in the unit list</a>' in today


@pytest.mark.today(TODAY)
def test_the_unit_list_filtered_by_a_university_gives_the_units_it_supervises_today(client, lille):
    assert codes(client.get("/en/units/?supervisor=universite-de-lille")) == ["U1001", "U1006"]


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2019-06-30", ["U1002", "U1005", "U1006"]),  # U1005's last day
        ("2019-07-01", ["U1002", "U1006"]),
        ("2020-01-01", ["U1001", "U1006"]),  # U1002 over, U1001 begun
        ("2027-01-01", ["U1001", "U1004"]),  # U1004 begun, U1006 over
        ("2009-12-31", []),
    ],
)
def test_the_unit_list_filtered_by_a_university_as_of_a_day_gives_the_units_it_supervised_then(
    client, lille, as_of, expected
):
    assert codes(client.get(f"/en/units/?supervisor=universite-de-lille&as_of={as_of}")) == expected


@pytest.mark.today(TODAY)
def test_as_of_moves_only_the_supervision_the_mandate_status_filter_stays_today(client, lille):
    # U1002's and U1005's terms (2025-2028, the factory's) are in force today: "as of 2019"
    # asks who was supervised then, and their status is still today's.
    response = client.get("/en/units/?supervisor=universite-de-lille&as_of=2019-06-30&status=in_force")
    assert codes(response) == ["U1002", "U1005", "U1006"]


@pytest.mark.today(TODAY)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("supervisor=nobody", "“nobody” is not a partner in the directory"),
        ("supervisor=" + "x" * 5000, "Ensure this value has at most 250 characters"),
        ("supervisor=universite-de-lille&as_of=2019-13-45", "Enter a valid date."),
        ("supervisor=universite-de-lille&as_of=yesterday", "Enter a valid date."),
    ],
)
def test_a_bad_supervisor_or_date_gives_a_message_on_the_list_not_an_error(client, lille, query, message):
    response = client.get(f"/en/units/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters were not understood" in page
    assert message in page


@pytest.mark.today(TODAY)
def test_an_unpublished_partner_is_not_found_by_the_filter(client, lille):
    lille.is_published = False
    lille.save()
    response = client.get("/en/units/?supervisor=universite-de-lille")
    assert "“universite-de-lille” is not a partner in the directory" in response.content.decode()
    assert list(response.context["page_obj"].object_list) == []


@pytest.mark.today(TODAY)
def test_a_units_page_names_its_supervising_bodies_today_inserm_first_then_its_other_partners_and_former_ones(
    client,
):
    unit = MandateFactory(unit__code="U2001").unit
    paris = PartnerFactory(name="Université Paris Cité", slug="universite-paris-cite")
    cnrs = PartnerFactory(name="CNRS", slug="cnrs")
    aphp = PartnerFactory(name="AP-HP", slug="ap-hp")
    descartes = PartnerFactory(name="Université Paris Descartes", slug="universite-paris-descartes")
    hidden = PartnerFactory(name="Partenaire non publié", is_published=False)
    UnitPartnerFactory(unit=unit, partner=paris, start=dt.date(2020, 1, 1))
    UnitPartnerFactory(unit=unit, partner=cnrs, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=unit, partner=hidden, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=unit, partner=aphp, role=UnitPartner.Role.HOSPITAL, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=unit, partner=descartes, start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31))

    page = client.get("/en/units/U2001/").content.decode()
    assert (
        '<dd class="col-sm-8">Inserm, <a href="/en/partners/cnrs/">CNRS</a>, '
        '<a href="/en/partners/universite-paris-cite/">Université Paris Cité</a></dd>'
    ) in page
    assert '<dt class="col-sm-4">Hospital partner</dt>' in page
    assert '<a href="/en/partners/ap-hp/">AP-HP</a>' in page
    assert "Université Paris Descartes</a>, supervising body from 1 Jan 2015 to 31 Dec 2019" in page
    assert "non publié" not in page
    # The JSON-LD names the same supervising bodies.
    assert '"parentOrganization": [{"@type": "ResearchOrganization", "name": "Inserm"' in page
    assert '{"@type": "Organization", "name": "CNRS"}, {"@type": "Organization", "name": "Université Paris Cité"}]' in (
        page
    )


def test_an_institutions_page_lists_its_sites_and_a_sites_page_names_its_institution(client):
    aphp = PartnerFactory(name="Assistance Publique – Hôpitaux de Paris", slug="ap-hp", acronym="AP-HP")
    SiteFactory(name="Hôpital Necker-Enfants malades", slug="necker", city="Paris", institution=aphp)
    SiteFactory(name="Hôpital Cochin", slug="cochin", city="Paris", institution=aphp)
    SiteFactory(name="CHU de Lille", slug="chu-lille", city="Lille")

    page = client.get("/en/partners/ap-hp/").content.decode()
    assert page.index("Hôpital Cochin") < page.index("Hôpital Necker-Enfants malades")
    assert '<a href="/en/sites/necker/">Hôpital Necker-Enfants malades</a> – Paris' in page
    assert "CHU de Lille" not in page

    site_page = client.get("/en/sites/necker/").content.decode()
    assert 'Belongs to <a href="/en/partners/ap-hp/">Assistance Publique – Hôpitaux de Paris</a> (AP-HP)' in site_page
    aphp.is_published = False
    aphp.save()
    assert "Belongs to" not in client.get("/en/sites/necker/").content.decode()


@pytest.mark.today(TODAY)
def test_the_public_units_csv_names_the_supervising_bodies_today(client, lille):
    cnrs = PartnerFactory(name="CNRS")
    unit = lille.unit_links.get(unit__code="U1001").unit
    UnitPartnerFactory(unit=unit, partner=cnrs, start=dt.date(2015, 1, 1))
    UnitPartnerFactory(unit=unit, partner=PartnerFactory(name="Caché", is_published=False), start=dt.date(2015, 1, 1))
    response = client.get("/en/units/export.csv?supervisor=universite-de-lille&as_of=2019-06-30")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["Code"]: row["Supervising bodies"] for row in rows} == {
        "U1002": "Inserm",  # its relation ended in 2019: today, Inserm alone
        "U1005": "Inserm",
        "U1006": "Inserm, Université de Lille",
    }
    everything = client.get("/en/units/export.csv?q=U1001")
    rows = list(csv.DictReader(io.StringIO(b"".join(everything.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["Supervising bodies"] == "Inserm, CNRS, Université de Lille"


@pytest.mark.today(TODAY)
def test_the_workspace_shows_and_exports_every_supervising_body_today(manager_client, lille):
    unit = lille.unit_links.get(unit__code="U1003").unit  # unpublished: managers see it
    UnitPartnerFactory(unit=unit, partner=PartnerFactory(name="Partenaire non publié", is_published=False))
    response = manager_client.get(reverse("workspace:export_csv"), {"q": "U1003"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["Supervising bodies"] for row in rows] == ["Inserm, Partenaire non publié, Université de Lille"]
    page = manager_client.get(reverse("workspace:dashboard"), {"q": "U1003"}).content.decode()
    assert "Inserm, Partenaire non publié, Université de Lille" in page


@pytest.mark.today(TODAY)
@pytest.mark.parametrize("typed", ["universite-de-lille", "Université de Lille", "universite de lille", "ULILLE"])
def test_the_supervisor_filter_takes_the_partners_name_acronym_or_address_name(client, lille, typed):
    lille.acronym = "ULille"
    lille.save()
    assert codes(client.get("/en/units/", {"supervisor": typed})) == ["U1001", "U1006"]


@pytest.mark.today(TODAY)
def test_a_name_that_several_partners_share_asks_to_choose_one(client, lille):
    PartnerFactory(name="Université de Lille", slug="universite-de-lille-2")
    response = client.get("/en/units/", {"supervisor": "Université de Lille"})
    assert "Several partners in the directory are called “Université de Lille”" in response.content.decode()
    assert list(response.context["page_obj"].object_list) == []


def test_the_site_api_and_csv_name_its_institution_when_published(client):
    aphp = PartnerFactory(name="Assistance Publique – Hôpitaux de Paris", slug="ap-hp")
    SiteFactory(name="Hôpital Necker", slug="necker", institution=aphp)
    SiteFactory(name="Hôpital Privé", slug="prive", institution=PartnerFactory(slug="secret", is_published=False))
    sites = {site["slug"]: site for site in client.get("/api/v1/sites/").json()["results"]}
    assert (sites["necker"]["institution"], sites["prive"]["institution"]) == ("ap-hp", None)
    content = b"".join(client.get("/en/sites/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_name = {row["Name"]: row["Institution"] for row in rows}
    assert by_name == {"Hôpital Necker": "Assistance Publique – Hôpitaux de Paris", "Hôpital Privé": ""}


@pytest.mark.today(TODAY)
def test_as_of_without_a_supervisor_is_refused_rather_than_ignored(client, lille):
    response = client.get("/en/units/", {"as_of": "2019-06-30"})
    assert "“As of” goes with “Supervised by”" in response.content.decode()
    assert list(response.context["page_obj"].object_list) == []
    api = client.get("/api/v1/units/", {"as_of": "2019-06-30"}, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400
    assert "“As of” goes with “Supervised by”" in api.json()["as_of"][0]
