"""The staff endpoints (/api/v1/staff/): signed-in staff read and write agreements and
units within their model permissions, through the models' own rules; a refused write
names the field and saves nothing."""

import datetime as dt

import pytest
from django.test import Client

from partners.models import Agreement
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory
from ..partners.impossible_agreements import as_written

pytestmark = [pytest.mark.django_db, pytest.mark.today(dt.date(2026, 11, 30))]

AGREEMENTS = "/api/v1/staff/agreements/"
UNITS = "/api/v1/staff/units/"


@pytest.fixture
def partner():
    return PartnerFactory(slug="lyon")


def new_agreement(**changes):
    return {
        "reference": "NEW-1",
        "title": "Accord de collaboration",
        "kind": "collaboration",
        "stage": "signed",
        "partners": ["lyon"],
        "signed_on": "2026-10-01",
        "start": "2026-11-01",
        **changes,
    }


def test_an_editor_creates_and_changes_an_agreement(editor_client, editor, partner):
    unit = MandateFactory(unit__code="U1234").unit
    created = editor_client.post(AGREEMENTS, new_agreement(units=["U1234"], amount_eur="1000.00"), "application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["state"] == "in_force"
    agreement = Agreement.objects.get(reference="NEW-1")
    assert (list(agreement.partners.all()), list(agreement.units.all())) == ([partner], [unit])
    assert agreement.history.first().history_user == editor

    changed = editor_client.patch(
        f"{AGREEMENTS}NEW-1/",
        {"stage": "terminated", "terminated_on": "2026-11-15", "version": agreement.version},
        "application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["state"] == "terminated"
    agreement.refresh_from_db()
    assert (agreement.stage, agreement.terminated_on) == ("terminated", dt.date(2026, 11, 15))


# null partners: the key left out; [] too.
@pytest.mark.parametrize(("changes", "field"), [*as_written(None), ({"partners": []}, "partners")])
def test_every_impossible_agreement_is_refused_with_its_field_named_and_nothing_saved(
    editor_client, partner, changes, field
):
    data = {key: value for key, value in new_agreement(**changes).items() if value is not None or key != "partners"}
    response = editor_client.post(AGREEMENTS, data, "application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Agreement.objects.exists()


def test_a_refused_change_leaves_the_agreement_and_its_partners_as_they_were(editor_client, partner):
    agreement = AgreementFactory(reference="OLD-1", partners=[partner])
    response = editor_client.patch(
        f"{AGREEMENTS}OLD-1/", {"partners": [], "signed_on": "2030-01-01"}, "application/json"
    )
    assert response.status_code == 400
    assert {"partners", "signed_on"} <= set(response.json())
    agreement.refresh_from_db()
    assert (list(agreement.partners.all()), agreement.signed_on) == ([partner], dt.date(2024, 12, 1))


def test_an_agreement_saved_without_partners_before_the_rule_is_refused_at_its_next_change(editor_client):
    AgreementFactory(reference="LONE-1", partners=[])  # as migration 0009 may have left one
    response = editor_client.patch(f"{AGREEMENTS}LONE-1/", {"title": "Nouveau titre"}, "application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["partners"]
    assert Agreement.objects.get(reference="LONE-1").title != "Nouveau titre"


def test_a_write_naming_an_older_version_is_refused(editor_client, partner):
    agreement = AgreementFactory(reference="OLD-1", partners=[partner])
    response = editor_client.patch(
        f"{AGREEMENTS}OLD-1/", {"title": "Changé", "version": agreement.version - 1}, "application/json"
    )
    assert response.status_code == 400
    assert "version" in response.json()
    agreement.refresh_from_db()
    assert agreement.title != "Changé"


def test_anonymous_clients_and_staff_without_permission_cannot_write(manager_client, partner):
    client = Client()
    assert client.post(AGREEMENTS, new_agreement(), "application/json").status_code == 403
    assert client.get(AGREEMENTS).status_code == 403  # drafts, amounts and notes are for staff
    assert manager_client.get(AGREEMENTS).status_code == 200  # Managers read...
    assert manager_client.post(AGREEMENTS, new_agreement(), "application/json").status_code == 403  # ...only
    AgreementFactory(reference="OLD-1", partners=[partner])
    assert manager_client.patch(f"{AGREEMENTS}OLD-1/", {"title": "x"}, "application/json").status_code == 403
    assert client.patch(f"{AGREEMENTS}OLD-1/", {"title": "x"}, "application/json").status_code == 403
    assert Agreement.objects.get().title != "x"
    assert Agreement.objects.count() == 1


def test_a_write_without_the_sessions_csrf_token_is_refused(editor, partner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(AGREEMENTS, new_agreement(), "application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Agreement.objects.exists()


def test_staff_read_drafts_and_filter_by_stage_and_state(manager_client, partner):
    AgreementFactory(reference="DRAFT-1", stage=Agreement.Stage.DRAFT, signed_on=None, amount_eur=5, partners=[partner])
    AgreementFactory(reference="OLD-1", end=dt.date(2025, 6, 30), partners=[partner])
    AgreementFactory(reference="NOW-1", partners=[partner])
    assert manager_client.get(AGREEMENTS, {"stage": "draft"}).json()["results"][0]["amount_eur"] == "5.00"
    expired = manager_client.get(AGREEMENTS, {"state": "expired"}).json()["results"]
    assert [row["reference"] for row in expired] == ["OLD-1"]
    earlier = manager_client.get(AGREEMENTS, {"state": "in_force", "on": "2025-06-01"}).json()["results"]
    assert [row["reference"] for row in earlier] == ["NOW-1", "OLD-1"]
    assert manager_client.get(AGREEMENTS, {"state": "someday"}).status_code == 400


def test_the_public_api_shows_the_state_and_filters_by_it(client, partner):
    AgreementFactory(reference="OLD-1", end=dt.date(2025, 6, 30), partners=[partner])
    AgreementFactory(reference="NOW-1", partners=[partner])
    rows = client.get("/api/v1/agreements/", {"state": "in_force"}).json()["results"]
    assert [(row["reference"], row["stage"], row["state"]) for row in rows] == [("NOW-1", "signed", "in_force")]
    assert client.get("/api/v1/agreements/", {"stage": "signed"}).json()["count"] == 2


def test_units_are_created_with_their_first_term_and_changed_through_the_model_rules(editor_client):
    SiteFactory(slug="lyon")
    data = {
        "code": "U4321",
        "name": "Laboratoire créé par l'API",
        "structure_type": "research_unit",
        "site": "lyon",
        "director_name": "Jeanne Martin",
        "first_term_start": "2026-01-01",
    }
    created = editor_client.post(UNITS, data, "application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["terms"][0]["start"] == "2026-01-01"
    unit = ResearchUnit.objects.get(code="U4321")
    assert unit.mandates.count() == 1

    refused = editor_client.patch(f"{UNITS}{unit.code_key}/", {"rnsr_number": "12"}, "application/json")
    assert refused.status_code == 400
    assert "rnsr_number" in refused.json()
    changed = editor_client.patch(f"{UNITS}{unit.code_key}/", {"acronym": "LAPI"}, "application/json")
    assert changed.status_code == 200
    unit.refresh_from_db()
    assert (unit.acronym, unit.rnsr_number) == ("LAPI", "")


def test_units_cannot_be_written_anonymously_or_without_permission(manager_client):
    unit = MandateFactory(unit__code="U1234").unit
    for browser in (Client(), manager_client):
        response = browser.patch(f"{UNITS}{unit.code_key}/", {"name": "x"}, "application/json")
        assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name != "x"
