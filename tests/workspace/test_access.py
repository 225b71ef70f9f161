"""Who may use the workspace, its exports, the renew action and the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ..admin_helpers import partner_form
from ..factories import MandateFactory, PartnerFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms


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
