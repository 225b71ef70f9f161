"""The home page: its search box, and its map's credit and text alternative."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_search_box_leads_to_the_unit_list(client, portal):
    text = client.get("/fr/").text
    form = re.search(r'<form[^>]*action="/fr/units/"[^>]*role="search"[^>]*>(.*?)</form>', text, re.DOTALL)
    assert form and re.search(r'<input[^>]*type="search"[^>]*name="q"', form.group(1))
    assert re.search(r'<label class="form-label" for="home-search">', form.group(1))
    found = client.get("/fr/units/", {"q": "immunologie"}).context["object_list"]
    assert [unit.code for unit in found] == ["U1234"]


def test_the_map_credits_its_outlines_and_has_a_text_alternative(client, portal):
    text = client.get("/en/").text
    assert 'href="https://creativecommons.org/licenses/by-nc/4.0/" rel="license noopener"' in text
    assert "github.com/VictorCazanave/svg-maps" in text
    # The drawings are hidden from assistive technology; tables carry the same figures.
    assert text.count('<svg viewBox="') == 1 and re.search(r'<svg viewBox="[^"]*" aria-hidden="true"', text)
    assert '<table class="table table-sm region-table" aria-labelledby="units-per-region">' in text
    assert '<table class="table bar-chart align-middle" aria-labelledby="partners-per-category">' in text
    assert f'<td class="text-end" data-region="{portal["site"].region}">1</td>' in text
