"""A region's page: the map zoomed on it, its sites with their units in force, links to the
unit and site lists of the region; a site's page: the map centred on it, highlighted."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from units import maps
from units.models import Region, Site

from ..factories import MandateFactory, SiteFactory

pytestmark = pytest.mark.django_db

POINT = re.compile(
    r'<a href="([^"]+)" aria-label="([^"]+)"><circle [^>]*class="site-point([^"]*)"[^>]*data-units="(\d+)"'
)


def listed(client, url: str) -> int:
    """How many records the list at `url` shows (rendered, not the page cache's copy)."""
    cache.clear()
    return client.get(url).context["paginator"].count


def view_box(html: str) -> list[float]:
    return [float(n) for n in re.search(r'<svg viewBox="([^"]+)" role="group"', html).group(1).split()]


def test_every_region_has_a_page_and_an_unknown_one_is_a_404(client, demo):
    for region in Region:
        response = client.get(f"/en/regions/{region.value}/")
        assert response.status_code == 200, region
        assert f"<h1>{region.label}</h1>" in response.text.replace("&#x27;", "'")
    for path in ("/en/regions/atlantis/", "/en/regions/ILE-DE-FRANCE/", "/fr/regions/%00/"):
        assert client.get(path).status_code == 404, path


def test_a_region_lists_its_sites_and_links_to_the_lists_with_the_same_counts(client, demo):
    html = client.get("/en/regions/ile-de-france/").text
    assert re.search(r'<li class="breadcrumb-item"><a href="/en/sites/">Sites</a></li>', html)
    sites = Site.objects.filter(region="ile-de-france")
    rows = re.findall(
        r'<th scope="row" class="fw-normal"><a href="([^"]+)">[^<]+</a></th><td>[^<]*</td>'
        r'<td class="text-end" data-site="([a-z0-9-]+)">(?:<a href="([^"]+)">)?(\d+)',
        html,
    )
    assert {slug for _page, slug, _url, _count in rows} == set(sites.values_list("slug", flat=True))
    for page, slug, url, count in rows:
        assert page == f"/en/sites/{slug}/"
        if url:
            assert listed(client, unescape(url)) == int(count) > 0
    total = sum(int(count) for *_rest, count in rows)
    units = unescape(re.search(r'<a href="([^"]+)" id="region-units">', html).group(1))
    assert listed(client, units) == total
    assert f"{total} units with a term in force · {sites.count()} sites" in html
    site_list = unescape(re.search(r'<a href="([^"]+)" id="region-sites">', html).group(1))
    assert listed(client, site_list) == sites.count()
    # Its map: zoomed on it, every site a point whose link counts its units.
    found = POINT.findall(html)
    assert len(found) == sites.count()
    for url, _name, _classes, count in found:
        assert listed(client, unescape(url)) == int(count)
    x, y, width, height = view_box(html)
    x0, y0, x1, y1 = maps.outlines()["regions"]["ile-de-france"]["bbox"]
    assert x <= x0 and y <= y0 and x + width >= x1 and y + height >= y1 and width < 200
    # Only its outline is a link; its neighbours are drawn for context.
    assert re.findall(r'<path d="[^"]+" class="region shade-\d current" data-region="([a-z-]+)"', html) == [
        "ile-de-france"
    ]
    assert 'class="region context" data-region="hauts-de-france"' in html
    assert "IGN – Admin Express" in html and "Licence Ouverte" in html


def test_an_overseas_region_is_its_inset_zoomed(client, demo):
    html = client.get("/fr/regions/la-reunion/").text
    assert view_box(html) == [float(n) for n in maps.outlines()["areas"]["la-reunion"]["box"]]
    names = {unescape(name).rsplit(" – ", 1)[0] for _url, name, _classes, _count in POINT.findall(html)}
    assert names == set(Site.objects.filter(region="la-reunion").values_list("name", flat=True)) != set()


def test_the_home_page_and_a_site_link_to_their_region(client, demo):
    home = client.get("/en/").text
    assert '<a href="/en/regions/la-reunion/">Réunion</a>' in home
    site = Site.objects.get(slug="hopital-necker-enfants-malades")
    html = client.get(site.get_absolute_url()).text
    assert '<a href="/en/regions/ile-de-france/" id="site-region">Île-de-France</a>' in html


def test_a_site_page_centres_the_map_on_it_highlighted(client, demo):
    site = Site.objects.get(slug="hopital-necker-enfants-malades")
    html = client.get(site.get_absolute_url()).text
    current = [
        (unescape(name), unescape(url)) for url, name, classes, _count in POINT.findall(html) if "current" in classes
    ]
    assert len(current) == 1
    name, url = current[0]
    assert name.startswith(f"{site.name} – ") and url == f"/en/units/?status=in_force&site={site.slug}"
    x, y, width, height = view_box(html)
    cx, cy = maps.position(
        maps.Place(site.slug, site.name, site.city, site.region, float(site.latitude), float(site.longitude), 0)
    )
    assert abs(x + width / 2 - cx) < 0.2 and abs(y + height / 2 - cy) < 0.2 and width == maps.SITES_WINDOW


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_region_and_site_pages_run_as_many_queries_with_3_sites_as_with_60(client):
    MandateFactory(
        unit__site__slug="first", unit__site__region="bretagne", unit__site__latitude=48.1, unit__site__longitude=-1.7
    )
    for n in range(2):
        SiteFactory(region="bretagne", latitude=48 + n / 10, longitude=-3)
    few = queries(client, "/en/regions/bretagne/"), queries(client, "/en/sites/first/")
    for n in range(60):
        MandateFactory(unit__site__region="bretagne", unit__site__latitude=47.5 + n / 50, unit__site__longitude=-3.5)
    many = queries(client, "/en/regions/bretagne/"), queries(client, "/en/sites/first/")
    # Region: the sites with their units in force (one grouped query). Site: the site with
    # its institution, its units, the sites of its region for the map (and the charts').
    assert few == many
    assert few[0] == 1
