"""The home page: its search box, and its map's credit and text alternative."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_search_box_leads_to_the_search_of_units_partners_and_sites(client, portal):
    text = client.get("/fr/").text
    form = re.search(
        r'<form[^>]*action="/fr/search/"[^>]*role="search"[^>]*>((?:(?!</form>).)*id="home-search".*?)</form>',
        text,
        re.DOTALL,
    )
    assert form and re.search(r'<input[^>]*type="search"[^>]*id="home-search"[^>]*name="q"', form.group(1))
    assert re.search(r'<label class="form-label" for="home-search">', form.group(1))
    # Its placeholder says what it finds: units, partners and sites.
    english = client.get("/en/").text
    assert 'placeholder="A unit, partner or site: U1234, AP-HP, Lyon"' in english
    found = client.get("/fr/search/", {"q": "immunologie"}).context["groups"]
    assert [hit.label for hit in found[0].hits] == ["U1234 – Laboratoire d'Immunologie"]


def test_the_map_credits_its_outlines_and_has_a_text_alternative(client, portal):
    text = client.get("/en/").text
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence" rel="license noopener"' in text
    assert "IGN – Admin Express" in text
    # The map's links are named (tests/home/test_map.py); tables carry the same figures.
    assert re.search(r'<svg viewBox="[^"]*" role="group" aria-label="Map of the sites"', text)
    assert '<table class="table table-sm region-table" aria-labelledby="units-per-region">' in text
    assert '<table class="table bar-chart align-middle" aria-labelledby="partners-per-category">' in text
    assert re.search(rf'<td class="text-end" data-region="{portal["site"].region}"><a href="[^"]+">1</a></td>', text)
