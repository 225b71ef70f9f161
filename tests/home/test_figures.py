"""The home page's figures, bar chart and map equal what the database says."""

import re

import pytest

from partners.models import Agreement, Category
from units.models import ResearchUnit

pytestmark = pytest.mark.django_db

PERIMETER = {"chu", "clcc", "faculty", "efs"}


def figure(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', html).group(1)


def test_key_figures_are_computed_from_published_records(client, demo):
    html = client.get("/en/").text
    published = [unit for unit in ResearchUnit.objects.select_related("site") if unit.is_published]
    perimeter = sum(unit.site.kind in PERIMETER for unit in published)
    puph = sum(unit.director_is_puph for unit in published)
    active = sum(
        1
        for a in Agreement.objects.prefetch_related("partners")
        if a.is_public and a.state == Agreement.State.IN_FORCE and any(p.is_published for p in a.partners.all())
    )
    assert figure(html, "figure-units") == str(len(published))
    assert figure(html, "figure-perimeter") == f"{round(100 * perimeter / len(published))}%"
    assert figure(html, "figure-puph") == f"{round(100 * puph / len(published))}%"
    assert figure(html, "figure-agreements") == str(active)


def test_french_figures_use_french_typography(client, demo):
    assert re.fullmatch(r"\d+\u00a0%", figure(client.get("/fr/").text, "figure-perimeter"))


def test_bars_match_partners_per_category(client, demo):
    html = client.get("/en/").text
    counts = {c.slug: sum(p.is_published for p in c.partners.all()) for c in Category.objects.all()}
    largest = max(counts.values())
    for slug, count in counts.items():
        assert f'<td class="text-end" data-category="{slug}">{count}</td>' in html
        width = re.search(rf'class="bar" data-category="{slug}" width="([\d.]+)%"', html).group(1)
        assert float(width) == pytest.approx(100 * count / largest, abs=0.05)


def test_map_shades_follow_units_per_region(client, demo):
    html = client.get("/en/").text
    per_region = {}
    for unit in ResearchUnit.objects.select_related("site"):
        if unit.is_published:
            per_region[unit.site.region] = per_region.get(unit.site.region, 0) + 1
    most = max(per_region.values())
    shaded = re.findall(r'class="region shade-(\d)" data-region="([a-z-]+)" data-count="(\d+)"', html)
    assert len(shaded) == 13  # mainland regions; the five overseas ones are in the table
    for shade, region, count in shaded:
        assert int(count) == per_region.get(region, 0)
        # Documented rule: 0 for none, else 1 to 4 in proportion to the largest region.
        assert int(shade) == (min(4, 1 + 4 * int(count) // (most + 1)) if int(count) else 0)
    for region, count in per_region.items():
        assert f'<td class="text-end" data-region="{region}">{count}</td>' in html
    # The darkest shade goes to the region with most units.
    assert any(shade == "4" and int(count) == most for shade, _, count in shaded)


def test_a_region_links_to_the_filtered_unit_list(client, demo):
    html = client.get("/en/").text
    assert 'href="/en/units/?region=bretagne"' in html
    listed = client.get("/en/units/", {"region": "bretagne"}).context["paginator"].count
    assert listed == ResearchUnit.objects.filter(is_published=True, site__region="bretagne").count() > 0
