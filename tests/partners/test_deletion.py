"""A partner or a unit that agreements name cannot be deleted without a word: the
database refuses, the admin lists the agreements and offers to unpublish it instead."""

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from partners.models import Agreement, AgreementPartner, Partner
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_admin(client, admin_client):
    for browser in (client, admin_client):
        browser.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # pages are checked word for word


@pytest.fixture
def bound():
    """A partner and a unit bound by two agreements."""
    partner = PartnerFactory(name="Université de Nantes", slug="nantes")
    unit = MandateFactory(unit__code="U1234").unit
    agreements = [
        AgreementFactory(reference=reference, title=title, partners=[partner])
        for reference, title in (("COL-1", "Cohorte Nantes"), ("COL-2", "Imagerie"))
    ]
    for agreement in agreements:
        agreement.units.add(unit)
    return partner, unit, agreements


def test_a_partner_or_a_unit_with_agreements_cannot_be_deleted_one_by_one_or_in_bulk(bound):
    partner, unit, agreements = bound
    with pytest.raises(ProtectedError) as refused:
        partner.delete()
    assert {link.agreement for link in refused.value.protected_objects} == set(agreements)
    with pytest.raises(ProtectedError):
        Partner.objects.filter(pk=partner.pk).delete()
    with pytest.raises(ProtectedError):
        unit.delete()
    with pytest.raises(ProtectedError):
        ResearchUnit.objects.filter(pk=unit.pk).delete()
    assert all(set(agreement.partners.all()) == {partner} for agreement in agreements)
    assert all(set(agreement.units.all()) == {unit} for agreement in agreements)


def test_without_agreements_they_are_deleted_and_deleting_an_agreement_removes_its_links(bound):
    partner, unit, agreements = bound
    for agreement in agreements:
        agreement.delete()
    assert not AgreementPartner.objects.exists()
    partner.delete()
    unit.delete()
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert not ResearchUnit.objects.filter(pk=unit.pk).exists()


def test_a_network_with_members_cannot_be_deleted():
    network = PartnerFactory(kind=Partner.Kind.NETWORK)
    PartnerFactory(network=network, network_role=Partner.NetworkRole.RFO)
    with pytest.raises(ProtectedError):
        network.delete()


@pytest.mark.parametrize("record", ["partner", "unit"])
def test_the_admin_delete_page_lists_the_agreements_by_name_and_refuses(admin_client, bound, record):
    partner, unit, agreements = bound
    target = partner if record == "partner" else unit
    url = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_delete", args=[target.pk])

    page = admin_client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "cannot be deleted" in text
    for agreement in agreements:
        link = reverse("admin:partners_agreement_change", args=[agreement.pk])
        assert f'Agreement: <a href="{link}">{agreement}</a>' in text
    assert "object (" not in text  # no "Agreement partner object (12)"
    unpublish = reverse(f"admin:{target._meta.app_label}_{target._meta.model_name}_unpublish", args=[target.pk])
    assert f'action="{unpublish}"' in text and "Unpublish instead" in text

    admin_client.post(url, {"post": "yes"})
    assert type(target).objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("record", ["partner", "unit"])
def test_unpublish_instead_keeps_the_record_with_its_agreements_hidden_from_the_public(
    editor_client, editor, bound, record
):
    partner, unit, agreements = bound
    target = partner if record == "partner" else unit
    name = f"admin:{target._meta.app_label}_{target._meta.model_name}"
    response = editor_client.post(reverse(f"{name}_unpublish", args=[target.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(f"{name}_change", args=[target.pk])
    assert "is unpublished" in response.content.decode()
    target.refresh_from_db()
    assert not target.is_published
    assert target.history.first().history_user == editor
    assert all(agreement.partners.exists() and agreement.units.exists() for agreement in agreements)
    # Unpublished already: the delete page says so rather than offer it again.
    delete_page = editor_client.get(reverse(f"{name}_delete", args=[target.pk]))
    assert "unpublished already" in delete_page.content.decode()


def test_unpublishing_a_partner_warns_of_public_agreements_no_page_will_show(editor_client, bound):
    partner, _unit, agreements = bound  # two public agreements, this partner their only one
    other = PartnerFactory()
    agreements[1].partners.add(other)  # still shown through its other, published partner
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = editor_client.post(reverse("admin:partners_partner_unpublish", args=[partner.pk]), follow=True)
    text = response.content.decode()
    assert "1 public agreement now has no published partner, so no page shows it" in text
    assert not Agreement.objects.public().filter(pk=agreements[0].pk).exists()
    assert Agreement.objects.public().filter(pk=agreements[1].pk).exists()


def test_unpublishing_is_for_those_who_may_change_the_record_and_by_post_only(manager_client, editor, bound):
    partner, _unit, _agreements = bound
    url = reverse("admin:partners_partner_unpublish", args=[partner.pk])
    assert manager_client.post(url).status_code == 403
    editor_browser = Client()
    editor_browser.force_login(editor)
    assert editor_browser.get(url).status_code == 405
    partner.refresh_from_db()
    assert partner.is_published


def test_deleting_a_selection_lists_the_agreements_by_name(admin_client, bound):
    partner, _unit, agreements = bound
    free = PartnerFactory()
    response = admin_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "delete_selected", "_selected_action": [partner.pk, free.pk], "post": "yes"},
    )
    text = response.content.decode()
    assert all(str(agreement) in text for agreement in agreements)
    assert Partner.objects.filter(pk__in=[partner.pk, free.pk]).count() == 2
    assert Agreement.objects.count() == 2
