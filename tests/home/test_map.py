"""The map of sites on the home page: every site with coordinates is a point with an
accessible name, overseas ones in their insets; each point and region links to the list of
what it counts; the outlines are the portal's own, under the Licence Ouverte, credited."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from units import maps
from units.models import Region, Site

from ..factories import MandateFactory, SiteFactory

pytestmark = pytest.mark.django_db

POINT = re.compile(
    r'<a href="([^"]+)" aria-label="([^"]+)"><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" '
    r'class="site-point[^"]*" data-sites="(\d+)" data-units="(\d+)">'
)
REGION = re.compile(
    r'<a href="([^"]+)" aria-label="([^"]+)"><path d="[^"]+" '
    r'class="region shade-\d[^"]*" data-region="([a-z-]+)" data-count="(\d+)">'
)
SOURCES = {".py", ".html", ".json", ".md", ".css", ".txt"}
HOME_BUDGET = 150_000  # bytes of HTML, the map's outlines (about 56 KB) included


def points(html: str) -> list[dict]:
    return [
        {
            "url": unescape(url),
            "name": unescape(name),
            "x": float(x),
            "y": float(y),
            "r": float(r),
            "sites": int(s),
            "units": int(u),
        }
        for url, name, x, y, r, s, u in POINT.findall(html)
    ]


def listed(client, url: str) -> int:
    """How many records the list at `url` shows (rendered, not the page cache's copy)."""
    cache.clear()
    return client.get(url).context["paginator"].count


def inside(point: dict, box: list[float]) -> bool:
    x, y, width, height = box
    return x <= point["x"] <= x + width and y <= point["y"] <= y + height


def test_every_site_with_coordinates_is_a_point_named_for_its_units_overseas_ones_in_their_inset(client, demo):
    html = client.get("/en/").text
    found = points(html)
    sites = list(Site.objects.filter(latitude__isnull=False, longitude__isnull=False))
    # Inserm's size: every site is a point of its own.
    assert len(found) == len(sites) == 94
    assert all(point["sites"] == 1 for point in found)
    by_name = {point["name"].rsplit(" – ", 1)[0]: point for point in found}
    assert set(by_name) == {site.name for site in sites}
    areas = maps.outlines()["areas"]
    overseas = [site for site in sites if site.region in maps.OVERSEAS]
    assert {site.region for site in overseas} >= {Region.LA_REUNION, Region.GUADELOUPE, Region.GUYANE}
    for site in overseas:
        assert inside(by_name[site.name], areas[site.region]["box"]), site.name
    necker = by_name["Hôpital Necker-Enfants malades"]
    assert inside(necker, areas["mainland"]["box"])
    assert not any(inside(necker, areas[region]["box"]) for region in maps.OVERSEAS)
    # Paris is in Île-de-France's outline's box.
    x0, y0, x1, y1 = maps.outlines()["regions"]["ile-de-france"]["bbox"]
    assert x0 <= necker["x"] <= x1 and y0 <= necker["y"] <= y1


def test_each_point_links_to_the_units_in_force_it_counts_and_its_size_grows_with_them(client, demo):
    found = points(client.get("/en/").text)
    for point in found:
        count = re.search(r"– (\d+) units? with a term in force$", point["name"])
        assert count is not None or point["name"].endswith("– no unit with a term in force"), point["name"]
        assert point["units"] == (int(count.group(1)) if count else 0)
        assert listed(client, point["url"]) == point["units"], point["url"]
    # Area in proportion to the units, with a minimum size.
    largest = max(found, key=lambda point: point["units"])
    assert largest["r"] == maps.MAX_RADIUS
    for point in found:
        expected = max(maps.MIN_RADIUS, maps.MAX_RADIUS * (point["units"] / largest["units"]) ** 0.5)
        assert point["r"] == pytest.approx(expected, abs=0.01)


def test_every_region_overseas_included_is_a_link_to_its_units_in_force(client, demo):
    html = client.get("/en/").text
    regions = REGION.findall(html)
    assert {region for _url, _name, region, _count in regions} == set(Region.values)
    for url, name, region, count in regions:
        assert unescape(name).startswith(str(Region(region).label))
        assert listed(client, unescape(url)) == int(count), region
    # The insets are drawn and named (for the eye; the links carry the names).
    for region in maps.OVERSEAS:
        assert f">{Region(region).label}</text>" in html


def test_the_map_credits_ign_admin_express_under_the_licence_ouverte(client, demo):
    for language in ("en", "fr"):
        html = client.get(f"/{language}/").text
        assert 'href="https://github.com/gregoiredavid/france-geojson"' in html
        assert ">IGN – Admin Express</a>" in html
        assert (
            'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence" rel="license noopener">Licence Ouverte</a>'
            in html
        )
    credit = (Path(settings.BASE_DIR) / "home" / "data" / "france-map.LICENSE.md").read_text()
    assert "IGN – Admin Express, Licence Ouverte" in credit and "Grégoire David" in credit
    assert "Licence Ouverte" in maps.outlines()["source"]


def test_no_trace_of_the_non_commercial_outlines_is_left():
    root = Path(settings.BASE_DIR)
    assert not (root / "home" / "data" / "france-regions.json").exists()
    assert not (root / "home" / "data" / "france-regions.LICENSE.md").exists()
    traces = re.compile(r"by-nc|CC BY-NC|svg-maps|france-regions\.json|VictorCazanave", re.IGNORECASE)
    found = []
    for folder in ("home", "units", "core", "inserm_portal", "templates", "static/css", "tests", "README.md"):
        paths = [root / folder] if folder.endswith(".md") else (root / folder).rglob("*")
        for path in paths:
            text = path.read_text(encoding="utf-8", errors="replace") if path.suffix in SOURCES else ""
            if path != Path(__file__) and traces.search(text):
                found.append(str(path.relative_to(root)))
    assert found == []


def test_the_outlines_are_small_static_data_with_their_projections():
    data = json.loads((Path(settings.BASE_DIR) / "home" / "data" / "france-map.json").read_text())
    assert set(data["regions"]) == set(Region.values)
    assert set(data["areas"]) == {"mainland", *maps.OVERSEAS}
    assert len(json.dumps(data)) < 80_000
    # Each overseas region is drawn in its own inset, the others in mainland France's box.
    for region, outline in data["regions"].items():
        x, y, width, height = data["areas"][outline["area"]]["box"]
        x0, y0, x1, y1 = outline["bbox"]
        assert x - 0.1 <= x0 and y - 0.1 <= y0 and x1 <= x + width + 0.1 and y1 <= y + height + 0.1, region
        assert outline["area"] == (region if region in maps.OVERSEAS else "mainland")


def many_sites_at_few_places(count: int, places: int, prefix: str, longitude: float = -2.5):
    """`count` sites spread over `places` positions (as the benchmark's copies of the
    demo's sites are), each hosting a unit in force."""
    for n in range(count):
        site = SiteFactory(
            name=f"{prefix} {n}",
            slug=f"{prefix}-{n}",
            region="bretagne",
            latitude=48 + n % places / 100,
            longitude=longitude,
        )
        MandateFactory(unit__site=site)


def home_queries(client) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/")
    assert response.status_code == 200
    return len(queries), response.content


def test_sites_at_the_same_place_are_one_point_naming_them_and_the_home_page_stays_light(client):
    many_sites_at_few_places(3, places=3, prefix="first", longitude=-3.5)
    few_queries, _html = home_queries(client)
    many_sites_at_few_places(400, places=10, prefix="site")
    many_queries, content = home_queries(client)
    # Home: unit figures, units in force per site (the map and the region table), partners
    # per category, agreements in force; whatever the number of sites.
    assert few_queries == many_queries <= 5
    assert len(content) < HOME_BUDGET
    found = points(content.decode())
    assert len(found) == 13  # the first three sites, then ten places for the others
    merged = [point for point in found if point["sites"] > 1]
    assert len(merged) == 10 and all(point["units"] == point["sites"] == 40 for point in merged)
    name = merged[0]["name"]
    assert re.fullmatch(
        r"40 sites at this place in Lyon: (site \d+, ){4}site \d+ and 35 others – 40 units with a term in force", name
    ), name
    assert listed(client, merged[0]["url"]) >= 40


def test_a_site_without_units_in_force_or_coordinates(client):
    SiteFactory(name="Sans unité", latitude=45.76, longitude=4.84)
    SiteFactory(name="Nulle part")
    MandateFactory(unit__site__name="Sans coordonnées")
    html = client.get("/en/").text
    names = [point["name"] for point in points(html)]
    assert names == ["Sans unité – no unit with a term in force"]
    assert 'class="site-point empty"' in html
    # Its unit is counted in its region all the same.
    assert re.search(r'data-region="auvergne-rhone-alpes" data-count="1"', html)
