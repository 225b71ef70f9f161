"""Delete pages name every record they list by its name, the rows of many-to-many links
(an agreement's partners and units, a user's groups, a manager's sites) by the records
they link: never "Agreement_partners object (1224)"."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import EDITORS, MANAGERS
from workspace.models import ManagerProfile

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMELESS = re.compile(r"\w+ object \(\d+\)")


@pytest.fixture
def english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def listed(page) -> list[str]:
    """The delete page's list of records, as text, in order."""
    block = page.text.split('id="deleted-objects"', 1)[1].split("<form", 1)[0]
    lines = (re.sub(r"<[^>]+>", "", line).strip() for line in re.split(r"<li>|</li>|<ul>|</ul>", block)[1:])
    return [line for line in lines if line]


def test_the_delete_page_of_an_agreement_lists_its_partners_and_units_by_name(english, django_assert_max_num_queries):
    partners = [PartnerFactory(name=name) for name in ("Université de Nantes", "Institut Curie", "Inserm Transfert")]
    unit = MandateFactory(unit__code="U1234", unit__name="Neurosciences").unit
    agreement = AgreementFactory(reference="COL-9", title="Cohorte", partners=partners)
    agreement.units.add(unit)

    url = reverse("admin:partners_agreement_delete", args=[agreement.pk])
    with django_assert_max_num_queries(20):  # the links' ends fetched a query per kind, not per row
        page = english.get(url)
    assert page.status_code == 200
    assert not NAMELESS.search(page.text)
    items = listed(page)
    assert items[0] == "Agreement: COL-9 – Cohorte"
    assert sorted(items[1:]) == sorted(
        [*(f"Partner of an agreement: {partner.name}" for partner in partners), f"Unit of an agreement: {unit}"]
    )


def test_the_delete_page_of_a_user_names_their_groups_and_followed_sites(english):
    user = UserFactory(username="claire", group=MANAGERS)
    user.groups.add(Group.objects.get(name=EDITORS))
    profile = ManagerProfile.objects.create(user=user)
    profile.sites.add(SiteFactory(name="CHU de Lille"))

    page = english.get(reverse("admin:auth_user_delete", args=[user.pk]))
    assert page.status_code == 200
    assert not NAMELESS.search(page.text)
    items = set(listed(page))
    # (Django names the links' models in the language active when it made them: not checked.)
    assert {item.split(": ", 1)[1] for item in items} == {
        "claire",  # the user, and their manager profile
        "Editors",
        "Managers",
        "claire – CHU de Lille",  # a row of the profile's sites: neither end is the user
    }


def test_the_delete_page_of_a_group_names_its_permissions(english):
    group = Group.objects.get(name=EDITORS)
    page = english.get(reverse("admin:auth_group_delete", args=[group.pk]))
    assert page.status_code == 200
    assert not NAMELESS.search(page.text)
    assert any("Can change research unit" in item for item in listed(page))


def test_a_link_row_names_both_its_ends_when_shown_on_its_own():
    partner = PartnerFactory(name="Institut Pasteur")
    agreement = AgreementFactory(reference="COL-7", partners=[partner])
    link = agreement.partners.through.objects.get()
    assert str(link) == "COL-7 – Institut Pasteur"
