"""A manager who follows an editor's link (a renewal, an admin page they may only view) gets
a page in the portal's layout saying who may do it, not a bare 403; visitors still log in."""

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import EDITORS

from ..factories import MandateFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]


@pytest.fixture
def unit():
    return MandateFactory(unit__code="U1001").unit


@pytest.fixture
def editors():
    return [
        UserFactory(username="ed", first_name="Édith", last_name="Piaf", email="edith@example.org", group=EDITORS),
        UserFactory(username="yves", first_name="Yves", last_name="Montand", group=EDITORS),
        UserFactory(username="gone", first_name="Former", last_name="Editor", group=EDITORS, is_active=False),
    ]


def client_of(user, language) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def test_a_manager_following_the_renew_link_is_told_to_ask_an_editor_and_who_they_are(manager, unit, editors):
    client = client_of(manager, "en")
    dashboard = reverse("workspace:dashboard")
    response = client.get(reverse("workspace:renew", args=[unit.pk]), HTTP_REFERER=f"http://testserver{dashboard}")

    assert response.status_code == 403
    page = response.text
    assert "You cannot do this with your account" in page
    assert "Ask an editor to do it for you" in page
    assert "Édith Piaf" in page and 'href="mailto:edith@example.org"' in page
    assert "Yves Montand" in page
    assert "Former Editor" not in page  # an inactive account cannot help
    assert f'href="http://testserver{dashboard}"' in page  # back where they came from
    assert 'class="site-header"' in page  # the portal's layout
    assert unit.mandates.count() == 1


def test_the_admin_renew_page_and_an_admin_add_page_say_the_same_to_a_manager(manager, unit, editors):
    client = client_of(manager, "en")
    for url in (reverse("admin:units_researchunit_renew", args=[unit.pk]), reverse("admin:units_site_add")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Édith Piaf" in response.text, url
        assert f'href="{reverse("admin:index")}"' in response.text, url  # no referrer: back to the admin


def test_the_page_speaks_french_to_a_french_browser(manager, unit):
    response = client_of(manager, "fr").get(reverse("workspace:renew", args=[unit.pk]))
    assert response.status_code == 403
    assert '<html lang="fr">' in response.text


def test_a_referrer_on_another_site_is_not_offered_as_the_way_back(manager, unit):
    response = client_of(manager, "en").get(
        reverse("workspace:renew", args=[unit.pk]), HTTP_REFERER="https://evil.example/phish"
    )
    assert "evil.example" not in response.text
    assert f'href="{reverse("workspace:dashboard")}"' in response.text


def test_someone_without_a_staff_account_is_not_shown_the_editors(unit, editors):
    outsider = UserFactory(username="outsider", is_staff=False)
    response = client_of(outsider, "en").get(reverse("workspace:renew", args=[unit.pk]))
    assert response.status_code == 403
    assert "Your account is not allowed to open this page." in response.text
    assert "Piaf" not in response.text and "edith@example.org" not in response.text


def test_an_anonymous_visitor_following_the_renew_link_is_still_sent_to_log_in(unit):
    client = client_of(None, "en")
    renew = reverse("workspace:renew", args=[unit.pk])
    for url in (renew, reverse("admin:units_researchunit_renew", args=[unit.pk])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login") + "?next="), url
    assert client.post(renew, {"version": unit.version}).status_code == 302
    assert unit.mandates.count() == 1
