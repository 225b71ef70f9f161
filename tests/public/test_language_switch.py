"""The language switch on every public page leads to the same page, filters kept."""

import pytest

from .conftest import hrefs, pages

pytestmark = pytest.mark.django_db


def test_every_page_has_a_language_switch_to_the_same_page_and_filters(client, portal):
    for url in [*pages(portal), "/fr/no-such-page/"]:
        language = url.split("/")[1]
        other = "en" if language == "fr" else "fr"
        full = url + ("&" if "?" in url else "?") + "q=lyon&sort=name"
        text = client.get(full).text
        assert f"/{other}/" + full.removeprefix(f"/{language}/") in hrefs(text), full


def test_language_switch_keeps_the_page_and_filters(client, portal):
    response = client.get("/fr/units/?status=renewable&sort=name&page=1")
    assert 'href="/en/units/?status=renewable&amp;sort=name&amp;page=1"' in response.text
    detail = client.get(f"/en/partners/{portal['partner'].slug}/")
    assert f'href="/fr/partners/{portal["partner"].slug}/"' in detail.text


def test_pages_are_in_the_visitors_language(client, portal):
    assert "Annuaire des partenaires" in client.get("/fr/partners/").text
    assert "Partner directory" in client.get("/en/partners/").text


def test_the_language_switch_works_on_a_404_page(client):
    response = client.get("/fr/nowhere/?x=1")
    assert 'href="/en/nowhere/?x=1"' in response.text
