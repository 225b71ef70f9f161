"""A network such as Science Europe and its members, as data: the rules that bind a member
to its network, and the network's public page (its founding, whom it unites, Inserm's
role, its members), each member linking back to it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Partner

from ..admin_helpers import loaded_state, partner_form
from ..factories import PartnerFactory, category

pytestmark = pytest.mark.django_db

RFO, RPO = Partner.NetworkRole.RFO, Partner.NetworkRole.RPO


@pytest.fixture
def europe():
    return PartnerFactory(
        name="Science Europe",
        slug="science-europe",
        category=category("european-networks"),
        kind=Partner.Kind.NETWORK,
        country="BE",
        founded_on=dt.date(2011, 10, 1),
        inserm_role="Le président-directeur général de l'Inserm en est vice-président pour les RPO.",
    )


def member(network, name, role, **fields):
    return PartnerFactory(
        name=name, category=category("european-networks"), network=network, network_role=role, **fields
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"network_role": RFO}, "network"),  # a role, but in no network
        ({"network": "europe"}, "network_role"),  # in a network, but without a role
        ({"network": "university", "network_role": RFO}, "network"),  # not a network
    ],
)
def test_a_member_has_a_network_and_a_role_in_it(europe, fields, field):
    university = PartnerFactory()
    targets = {"europe": europe, "university": university}
    partner = PartnerFactory.build(
        category=category(), **{key: targets.get(value, value) for key, value in fields.items()}
    )
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert field in error.value.message_dict


def test_a_network_is_not_its_own_member(europe):
    europe.network, europe.network_role = europe, RPO
    with pytest.raises(ValidationError) as error:
        europe.full_clean()
    assert "network" in error.value.message_dict


def test_the_admin_refuses_a_role_without_a_network_at_the_network_field(admin_client, europe):
    partner = PartnerFactory()
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = partner_form(partner, network_role=RFO, loaded_state=loaded_state(admin_client, url))
    response = admin_client.post(url, data)
    assert list(response.context["adminform"].form.errors) == ["network"]
    data.update(network=europe.pk)
    assert admin_client.post(url, data).status_code == 302
    partner.refresh_from_db()
    assert (partner.network, partner.network_role) == (europe, RFO)


def test_the_network_page_says_when_it_was_created_whom_it_unites_and_inserms_role(client, europe):
    dfg = member(europe, "Deutsche Forschungsgemeinschaft", RFO, acronym="DFG", country="DE")
    member(europe, "Swiss National Science Foundation", RFO, country="CH")
    mpg = member(europe, "Max-Planck-Gesellschaft", RPO, country="DE")
    member(europe, "Membre non publié", RPO, is_published=False)

    page = client.get(f"/en/partners/{europe.slug}/").content.decode()

    assert "October 2011" in page
    assert "2 research funding organisations (RFO), 1 research performing organisation (RPO)" in page
    assert "vice-président pour les RPO" in page
    assert f'<a href="{dfg.get_absolute_url()}">Deutsche Forschungsgemeinschaft</a> (DFG)' in page
    assert f'<a href="{mpg.get_absolute_url()}">Max-Planck-Gesellschaft</a>' in page
    assert "Membre non publié" not in page
    assert "octobre 2011" in client.get(f"/fr/partners/{europe.slug}/").content.decode()


def test_each_member_links_back_to_its_network(client, europe):
    dfg = member(europe, "Deutsche Forschungsgemeinschaft", RFO)
    page = client.get(f"/en/partners/{dfg.slug}/").content.decode()
    assert f'<a href="{europe.get_absolute_url()}">Science Europe</a>' in page
    assert "Research funding organisation (RFO)" in page
    europe.is_published = False
    europe.save()
    assert europe.get_absolute_url() not in client.get(f"/en/partners/{dfg.slug}/").content.decode()


def test_the_network_page_reads_its_members_in_one_query_however_many(client, europe):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/partners/{europe.slug}/").status_code == 200
        return len(captured)

    member(europe, "Premier membre", RFO)
    few = queries()
    for number in range(20):
        member(europe, f"Membre {number}", RPO)
    assert queries() == few
