"""Who may use the workspace, its exports, the renew action and the admin."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..admin_helpers import form_data, partner_form
from ..factories import MandateFactory, PartnerFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms

DASHBOARD = reverse("workspace:dashboard")


@pytest.fixture
def unit():
    return MandateFactory().unit


def client_for(client, role):
    if role == "anonymous":
        return client
    if role == "superuser":
        user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password")
    else:
        user = UserFactory(username=role, group={"manager": "Managers", "editor": "Editors"}.get(role))
    client.force_login(user)
    return client


# role: (dashboard & exports, renew page, renew POST, admin index,
#        admin renew page, admin successor page, admin history restore POST)
EXPECTED = {
    "anonymous": (302, 302, 302, 302, 302, 302, 302),
    "no group": (403, 403, 403, 200, 403, 403, 403),  # staff without role: the admin shows them nothing
    "manager": (200, 403, 403, 200, 403, 403, 403),
    "editor": (200, 200, 302, 200, 200, 200, 302),
    "superuser": (200, 200, 302, 200, 200, 200, 302),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_by_url_matrix(client, unit, role):
    client = client_for(client, role)
    workspace, renew_page, renew_post, admin_index, admin_renew, admin_successor, restore = EXPECTED[role]
    for url in (
        reverse("workspace:dashboard"),
        reverse("workspace:export_csv"),
        reverse("workspace:export_xlsx"),
        reverse("workspace:dashboard") + "?status=expiring",
    ):
        response = client.get(url)
        assert response.status_code == workspace, (role, url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert client.get(reverse("admin:index")).status_code == admin_index, role
    assert client.get(reverse("admin:units_researchunit_renew", args=[unit.pk])).status_code == admin_renew, role
    assert client.get(reverse("admin:units_researchunit_successor", args=[unit.pk])).status_code == admin_successor
    partner = PartnerFactory(name="Before")
    partner.name = "After"
    partner.save()
    old = partner.history.earliest()
    restore_url = reverse("admin:partners_partner_simple_history", args=[partner.pk, old.history_id])
    data = {**partner_form(partner, name="Before"), "loaded_state": "x"}
    response = client.post(restore_url, data)
    assert response.status_code in (restore, 200 if restore == 302 else restore), role
    partner.refresh_from_db()
    if restore != 302:
        assert partner.name == "After", role  # nobody without the right restored anything

    renew = reverse("workspace:renew", args=[unit.pk])
    assert client.get(renew).status_code == renew_page, role
    assert client.post(renew, {"version": unit.version}).status_code == renew_post, role
    assert unit.mandates.count() == (2 if renew_post == 302 and role != "anonymous" else 1)


def test_anonymous_visitors_are_sent_to_log_in_and_back(client):
    response = client.get(reverse("workspace:dashboard"))
    assert response["Location"] == reverse("admin:login") + "?next=/manage/"


def test_the_workspace_never_reaches_the_public_pages(client, unit):
    unit.internal_notes = "CONFIDENTIAL-NOTE"
    unit.save()
    assert "CONFIDENTIAL-NOTE" not in client.get("/en/units/").text
    assert "CONFIDENTIAL-NOTE" not in client.get(reverse("workspace:dashboard"), follow=True).text


def role_client(role) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role == "superuser":
        client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password"))
    elif role != "anonymous":
        group = {"manager": "Managers", "editor": "Editors"}.get(role)
        client.force_login(UserFactory(username=role.replace(" ", "-"), group=group, is_staff=role != "not staff"))
    return client


# Role × URL -----------------------------------------------------------------------------

# role: (restore POST with a valid form, admin changelist renew action changes the unit?)
RESTORE = {
    "anonymous": (302, False),
    "not staff": (302, False),
    "no group": (403, False),
    "manager": (403, False),
    "editor": (302, True),
    "superuser": (302, True),
}


@pytest.mark.parametrize("role", list(RESTORE))
def test_a_valid_restore_and_the_renew_action_per_role(admin_client, role):
    """test_access accepts a 200 for an editor's restore (its form is refused as stale):
    here the form is valid, so the status is exactly the one expected and the record moves."""
    partner = PartnerFactory(name="Before")
    partner.name = "After"
    partner.save()
    old = partner.history.earliest()
    url = reverse("admin:partners_partner_simple_history", args=[partner.pk, old.history_id])
    data = form_data(admin_client.get(url))  # loaded by someone who may see it: a valid form
    unit = MandateFactory(start=timezone.localdate() - dt.timedelta(days=30)).unit  # renewable whatever the day

    client = role_client(role)
    status, allowed = RESTORE[role]
    response = client.post(url, data)
    assert response.status_code == status, role
    if role in ("anonymous", "not staff"):
        assert response["Location"].startswith(reverse("admin:login"))
    partner.refresh_from_db()
    assert partner.name == ("Before" if allowed else "After")

    client.post(
        reverse("admin:units_researchunit_changelist"),
        {"action": "renew_mandates", "_selected_action": [unit.pk], "post": "yes"},
    )
    assert unit.mandates.count() == (2 if allowed else 1)


@pytest.mark.parametrize("role", ["anonymous", "not staff"])
def test_visitors_and_non_staff_users(role):
    """A logged-in user with no group and no staff flag: refused by the workspace, sent to
    the admin's login page by the admin; a visitor is sent to log in everywhere."""
    client = role_client(role)
    unit = MandateFactory().unit
    expected = 302 if role == "anonymous" else 403
    for url in (
        DASHBOARD,
        reverse("workspace:export_csv"),
        reverse("workspace:export_xlsx"),
        reverse("workspace:renew", args=[unit.pk]),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("admin:login")), url
    assert client.post(reverse("workspace:renew", args=[unit.pk]), {"version": unit.version}).status_code == expected
    assert client.get(reverse("admin:index")).status_code == 302
    assert unit.mandates.count() == 1
