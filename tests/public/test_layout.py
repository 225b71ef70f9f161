"""The public pages' layout: titles, landmarks, breadcrumbs, filter forms and the vendored Bootstrap."""

import html
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from ..servers import fetch
from .conftest import hrefs, pages

pytestmark = pytest.mark.django_db


def test_every_page_has_a_descriptive_title_landmarks_and_a_skip_link(client, portal):
    unit, site, partner = portal["unit"], portal["site"], portal["partner"]
    titles = {
        "/en/": "Inserm Partnership Portal",
        "/en/partners/": "Partner directory",
        f"/en/partners/{partner.slug}/": partner.name,
        "/en/units/": "Research units",
        f"/en/units/{unit.code_slug}/": f"{unit.code} {unit.name}",
        "/en/sites/": "Sites",
        f"/en/sites/{site.slug}/": site.name,
        "/fr/partners/": "Annuaire des partenaires",
        "/fr/units/": "Unités de recherche",
        "/fr/partners/nobody/": "Page introuvable",
    }
    for url, title in titles.items():
        text = client.get(url).text
        found = html.unescape(re.search(r"<title>([^<]*)</title>", text).group(1))
        assert found.startswith(title), (url, found)
        for landmark in ('<header class="site-header">', "<nav ", '<main id="content"', "<footer "):
            assert landmark in text, (url, landmark)
        assert re.search(r'<a class="visually-hidden-focusable skip-link" href="#content">', text), url


@pytest.mark.parametrize("kind", ["partner", "unit", "site"])
def test_every_detail_page_has_breadcrumbs_back_to_its_list(client, portal, kind):
    record = portal[kind]
    parent = {"partner": "/fr/partners/", "unit": "/fr/units/", "site": "/fr/sites/"}[kind]
    with translation.override("fr"):
        detail = record.get_absolute_url()
    assert detail.startswith(parent)
    text = client.get(detail).text
    crumbs = re.search(r"<nav aria-label=\"Fil d'Ariane\">(.*?)</nav>", text, flags=re.DOTALL).group(1)
    assert hrefs(crumbs) == ["/fr/", parent]
    assert 'aria-current="page"' in crumbs


@pytest.mark.parametrize(
    ("url", "fields", "checkboxes", "selects"),
    [
        ("/en/partners/", ["q", "sort"], ["category", "kind", "region"], ["country"]),
        ("/en/units/", ["q", "site", "sort"], ["site_kind", "region", "structure_type"], ["status", "puph"]),
        ("/en/sites/", ["q", "sort"], ["kind", "region"], []),
    ],
)
def test_filter_forms_are_rendered_by_crispy_bootstrap5_with_a_label_per_field(
    client, url, fields, checkboxes, selects
):
    text = client.get(url).text
    for field in fields:
        assert f'<div id="div_id_{field}" class="mb-3">' in text, (url, field)  # crispy's field wrapper
        assert re.search(rf'<label\s+for="id_{field}" class="form-label">', text), (url, field)
    assert '<select name="sort" class="csvselect form-select"' in text  # bootstrap5 pack's select
    # The facets (includes/facet_field.html): several choices, a fieldset with its legend;
    # one, a labelled select.
    for field in checkboxes:
        assert re.search(rf'<fieldset class="facet mb-3" id="id_{field}">\s*<legend', text), (url, field)
    for field in selects:
        assert re.search(rf'<label class="form-label" for="id_{field}">', text), (url, field)


def test_pages_use_only_the_vendored_bootstrap_and_local_assets(client, portal):
    for url in pages(portal):
        text = client.get(url).text
        assets = re.findall(r'<link rel="stylesheet" href="([^"]*)"', text) + re.findall(r'<script src="([^"]*)"', text)
        assert "/static/vendor/bootstrap/bootstrap.min.css" in assets, url
        assert "/static/vendor/bootstrap/bootstrap.bundle.min.js" in assets, url
        for asset in assets:
            assert asset.startswith("/static/"), (url, asset)
            assert finders.find(asset.removeprefix("/static/")), (url, asset)
    with open(finders.find("vendor/bootstrap/bootstrap.min.css"), encoding="utf-8") as vendored:
        assert re.search(r"Bootstrap\s+v5\.", vendored.read(300))


def test_debug_off_serves_the_vendored_bootstrap(shared_production_server):
    base = shared_production_server
    status, page = fetch(f"{base}/en/partners/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.[^"]*\.css)"', page.decode()).group(1)
    status, body = fetch(base + stylesheet)
    assert status == 200 and re.search(rb"Bootstrap\s+v5\.", body[:300])


def test_detail_pages_have_breadcrumbs(client, portal):
    response = client.get(f"/en/units/{portal['unit'].code_slug}/")
    assert 'aria-label="Breadcrumb"' in response.text
    assert 'href="/en/units/"' in response.text
