"""Every public page answers in both languages; unknown records get a helpful 404."""

import datetime as dt

import pytest

from ..factories import AgreementFactory, PartnerFactory, ResearchUnitFactory
from .conftest import public_urls

pytestmark = pytest.mark.django_db


def test_every_public_page_answers_in_both_languages(client, portal):
    for url in public_urls(portal):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:  # the CSV exports: a header and at least one row
            assert b"".join(response.streaming_content).count(b"\n") >= 2, url
        else:
            language = url.split("/")[1]
            assert f'<html lang="{language}">' in response.text, url


def test_the_root_sends_visitors_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert client.get("/")["Location"] == "/fr/"  # French by default


@pytest.mark.parametrize(
    "url",
    ["/fr/partners/nobody/", "/en/units/U9999/", "/fr/sites/nowhere/", "/en/no-such-page/", "/fr/units/%00/"],
)
def test_unknown_records_get_a_helpful_404_in_the_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="site-header"' in response.text  # the portal's layout
    assert 'href="/' + url.split("/")[1] + '/partners/"' in response.text  # a way back, same language


def test_a_unit_is_found_whatever_the_spelling_and_redirected_to_its_address(client, portal):
    response = client.get("/en/units/u-1234/")
    assert response.status_code == 301 and response["Location"] == "/en/units/U1234/"


def test_a_unit_redirect_keeps_the_query_string(client, portal):
    response = client.get("/en/units/u1234/?from=search")
    assert response["Location"] == "/en/units/U1234/?from=search"


def test_a_site_page_lists_units_without_term_too(client):
    unit = ResearchUnitFactory(code="U4242")
    response = client.get(f"/en/sites/{unit.site.slug}/")
    assert "No term recorded" in response.text and "U4242" in response.text
    assert response.context["unit_count"] == 1


def test_a_partner_page_lists_its_50_most_recent_agreements_and_says_how_many_there_are(client):
    partner = PartnerFactory(slug="cnrs")
    for day in range(1, 56):
        AgreementFactory(partners=[partner], start=dt.date(2020, 1, 1) + dt.timedelta(days=day))
    response = client.get("/en/partners/cnrs/")
    assert len(response.context["agreements"]) == 50
    assert response.context["agreements"][0].start == dt.date(2020, 2, 25)  # the most recent first
    assert "The 50 most recent of its 55 public agreements." in response.content.decode()
