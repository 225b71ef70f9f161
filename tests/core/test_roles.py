"""Editors change every portal record, Managers only view them, visitors log in first."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import EDITORS, MANAGERS
from partners.models import Agreement, Partner
from units.models import Mandate, ResearchUnit, Site

from ..admin_helpers import admin_url, loaded_state, partner_form
from ..factories import AgreementFactory, MandateFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

PORTAL_MODELS = [
    "site",
    "researchunit",
    "mandate",
    "succession",
    "category",
    "partner",
    "agreement",
    "unitpartner",
    # the dated names of units and partners (search)
    "unitname",
    "partnername",
    # the evaluation waves (workspace)
    "evaluationwave",
    "waveregion",
    "wavesiteexception",
]


def test_the_roles_exist_after_migrating_with_their_permissions():
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    managers = set(Group.objects.get(name=MANAGERS).permissions.values_list("codename", flat=True))
    for model in PORTAL_MODELS:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= editors
        assert f"view_{model}" in managers
    assert managers == {f"view_{model}" for model in PORTAL_MODELS}


def test_an_editor_can_change_a_partner(editor_client):
    partner = PartnerFactory()
    url = reverse("admin:partners_partner_change", args=[partner.pk])

    response = editor_client.post(
        url, {**partner_form(partner, name="Nouveau nom"), "loaded_state": loaded_state(editor_client, url)}
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Nouveau nom"


def test_a_manager_can_view_but_not_change_a_partner(manager_client):
    partner = PartnerFactory(name="Nom d'origine")
    url = reverse("admin:partners_partner_change", args=[partner.pk])

    page = manager_client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]

    assert manager_client.post(url, partner_form(partner, name="Changé")).status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Nom d'origine"


def test_a_manager_cannot_add_or_delete(manager_client):
    partner = PartnerFactory()
    assert manager_client.get(reverse("admin:partners_partner_add")).status_code == 403
    assert manager_client.post(reverse("admin:partners_partner_delete", args=[partner.pk])).status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()


def offered_actions(client, changelist) -> set[str]:
    response = client.get(reverse(changelist))
    return {name for name, _label in response.context["action_form"].fields["action"].choices if name}


def test_a_manager_is_offered_only_the_export(manager_client):
    for changelist in (
        "admin:units_researchunit_changelist",
        "admin:partners_partner_changelist",
        "admin:partners_agreement_changelist",
    ):
        assert offered_actions(manager_client, changelist) == {"export_as_csv"}


def test_an_editor_is_offered_every_action(editor_client):
    assert offered_actions(editor_client, "admin:units_researchunit_changelist") == {
        "renew_mandates",
        "publish",
        "unpublish",
        "export_as_csv",
        "delete_selected",
    }


@pytest.mark.parametrize("action", ["publish", "unpublish", "renew_mandates", "delete_selected"])
def test_a_manager_posting_a_changing_action_changes_nothing(manager_client, action):
    unit = MandateFactory(unit__is_published=False).unit
    partner = PartnerFactory(is_published=True)

    manager_client.post(
        reverse("admin:units_researchunit_changelist"),
        {"action": action, "_selected_action": [unit.pk], "post": "yes"},
    )
    manager_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": action, "_selected_action": [partner.pk], "post": "yes"},
    )

    unit.refresh_from_db()
    partner.refresh_from_db()
    assert (unit.is_published, partner.is_published, unit.mandates.count()) == (False, True, 1)


@pytest.mark.parametrize("name", ["admin:index", "admin:partners_partner_changelist", "admin:units_researchunit_add"])
def test_an_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_logged_in_user_without_role_sees_no_portal_records(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:partners_partner_changelist")).status_code == 403


PORTAL = [Site, ResearchUnit, Mandate, Partner, Agreement]


def one_record_of(model):
    mandate = MandateFactory()
    return {
        Site: mandate.unit.site,
        ResearchUnit: mandate.unit,
        Mandate: mandate,
        Partner: PartnerFactory(),
        Agreement: AgreementFactory(),
    }[model]


@pytest.mark.parametrize("model", PORTAL, ids=lambda m: m.__name__)
def test_anonymous_visitors_are_sent_to_login_from_every_portal_page(client, model):
    record = one_record_of(model)
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", record.pk),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


@pytest.mark.parametrize("model", PORTAL, ids=lambda m: m.__name__)
def test_a_manager_views_every_portal_record_but_changes_none(manager_client, model):
    record = one_record_of(model)
    assert manager_client.get(admin_url(model, "changelist")).status_code == 200
    page = manager_client.get(admin_url(model, "change", record.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert manager_client.post(admin_url(model, "change", record.pk), {}).status_code == 403
    assert manager_client.get(admin_url(model, "add")).status_code == 403
