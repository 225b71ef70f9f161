"""The public list of agreements: public agreements only, filtered by their state today
(the list the home page's "agreements in force" links to), sorted, exported as shown."""

import csv
import datetime as dt
import io

import pytest

from partners.models import Agreement

from ..factories import AgreementFactory, MandateFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today(dt.date(2026, 11, 30))]

URL = "/en/partners/agreements/"


@pytest.fixture
def agreements():
    lyon = PartnerFactory(name="Université de Lyon", acronym="UDL")
    hidden = PartnerFactory(name="Partenaire non publié", is_published=False)
    unit = MandateFactory(unit__code="U1234").unit
    in_force = AgreementFactory(reference="NOW-1", title="Cohorte", partners=[lyon, hidden])
    in_force.units.add(unit)
    return {
        "in_force": in_force,
        "expired": AgreementFactory(reference="OLD-1", end=dt.date(2025, 6, 30), partners=[lyon]),
        "upcoming": AgreementFactory(
            reference="NEXT-1", signed_on=dt.date(2026, 11, 1), start=dt.date(2027, 1, 1), partners=[lyon]
        ),
        "terminated": AgreementFactory(
            reference="STOP-1",
            stage=Agreement.Stage.TERMINATED,
            terminated_on=dt.date(2026, 3, 31),
            partners=[lyon],
        ),
        "draft": AgreementFactory(reference="DRAFT-1", stage=Agreement.Stage.DRAFT, signed_on=None, partners=[lyon]),
        "private": AgreementFactory(reference="PRIV-1", is_public=False, partners=[lyon]),
    }


def references(response) -> list[str]:
    return [agreement.reference for agreement in response.context["object_list"]]


def test_the_list_shows_public_agreements_newest_first_with_their_state(client, agreements):
    response = client.get(URL)
    assert references(response) == ["NEXT-1", "NOW-1", "OLD-1", "STOP-1"]
    page = response.content.decode()
    assert "NOW-1 · In force" in page and "OLD-1 · Expired" in page and "NEXT-1 · Not yet in force" in page
    assert "Partenaire non publié" not in page and "DRAFT-1" not in page and "PRIV-1" not in page
    assert '<a href="/en/units/U1234/">U1234</a>' in page


@pytest.mark.parametrize("state", ["upcoming", "in_force", "expired", "terminated"])
def test_each_state_lists_exactly_the_public_agreements_in_that_state_today(client, agreements, state):
    response = client.get(URL, {"state": state})
    assert references(response) == [agreements[state].reference]
    assert response.context["paginator"].count == Agreement.objects.public().with_state(state).count()


def test_the_figure_of_agreements_in_force_counts_what_this_list_shows(client, agreements):
    response = client.get(URL, {"state": "in_force"})
    assert response.context["paginator"].count == Agreement.objects.public().in_force().count() == 1


def test_drafts_are_not_a_public_state_and_nonsense_is_refused_calmly(client, agreements):
    for query in ({"state": "draft"}, {"state": "nonsense"}, {"sort": "amount_eur"}):
        response = client.get(URL, query)
        assert response.status_code in (200, 400)
        assert "DRAFT-1" not in response.content.decode()


def test_sorting_by_title_and_the_export_write_what_the_list_shows(client, agreements):
    assert references(client.get(URL, {"sort": "agreement"}))[-1] == "NOW-1"  # "Cohorte", after "Accord de test…"
    assert references(client.get(URL, {"sort": "-agreement"}))[0] == "NOW-1"
    export = client.get("/en/partners/agreements/export.csv", {"state": "in_force"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [(row["Reference"], row["State"], row["Partners"], row["Units"]) for row in rows] == [
        ("NOW-1", "In force", "Université de Lyon", "U1234")
    ]
