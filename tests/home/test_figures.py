"""The home page's figures count what is true on the day, say which day, and each links
to the list that shows exactly what it counts."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest

from partners.models import Agreement, Category
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory

pytestmark = pytest.mark.django_db

PERIMETER = {"chu", "clcc", "faculty", "efs"}
DAY = dt.date(2026, 11, 30)


def figure(html: str, element_id: str) -> tuple[str, str]:
    """The text of the element with this id, and the address it links to ("" if it is no link)."""
    found = re.search(rf'<(\w+) (?:class="[^"]*" )?(?:href="([^"]*)" )?id="{element_id}">([^<]*)<', html)
    return found.group(3), unescape(found.group(2) or "")


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def listed(client, url: str) -> int:
    """How many records the public list at `url` shows."""
    return client.get(url).context["paginator"].count


def in_force_on(day: dt.date) -> list[ResearchUnit]:
    """Published units with a term running on `day`, worked out from the terms themselves."""
    units = []
    for unit in ResearchUnit.objects.filter(is_published=True).select_related("site").prefetch_related("mandates"):
        if any(term.start <= day <= term.end for term in unit.mandates.all()):
            units.append(unit)
    return units


@pytest.mark.today(DAY)
def test_each_figure_equals_the_count_of_the_list_it_links_to(client, demo):
    html = client.get("/en/").text
    assert 'data-day="2026-11-30">On 30 Nov 2026: units with a term in force' in html
    units = in_force_on(DAY)
    expected = {
        "figure-units": len(units),
        "figure-perimeter-count": sum(unit.site.kind in PERIMETER for unit in units),
        "figure-puph-count": sum(unit.director_is_puph for unit in units),
        "figure-agreements": sum(
            1
            for a in Agreement.objects.prefetch_related("partners")
            if a.is_public
            and a.state_on(DAY) == Agreement.State.IN_FORCE
            and any(p.is_published for p in a.partners.all())
        ),
    }
    for element_id, count in expected.items():
        text, url = figure(html, element_id)
        assert number(text) == count, element_id
        assert listed(client, url) == count, (element_id, url)
    # Not everything is in force on the day: the figures are not the published totals.
    assert len(units) < ResearchUnit.objects.filter(is_published=True).count()
    assert expected["figure-agreements"] < Agreement.objects.public().count()


@pytest.mark.today(DAY)
def test_the_shares_are_of_the_units_in_force(client, demo):
    html = client.get("/en/").text
    units = in_force_on(DAY)
    perimeter = sum(unit.site.kind in PERIMETER for unit in units)
    puph = sum(unit.director_is_puph for unit in units)
    assert figure(html, "figure-perimeter")[0] == f"{round(100 * perimeter / len(units))}%"
    assert figure(html, "figure-puph")[0] == f"{round(100 * puph / len(units))}%"


@pytest.mark.today(DAY)
def test_the_university_hospital_staff_figure_adds_up_the_units_of_its_list(client, demo):
    text, url = figure(client.get("/en/").text, "figure-staff")
    staff = sum(unit.hospital_staff_count for unit in in_force_on(DAY))
    assert number(text) == staff > 2000  # the brief: "more than 2,000"
    path, query = url.split("?")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(client.get(f"{path}export.csv?{query}").streaming_content).decode()))
    )
    assert sum(int(row["University-hospital staff"]) for row in rows) == staff


def test_a_figure_moves_with_the_day_it_counts(client, time_machine):
    """A unit and an agreement count while in force, and not before or after."""
    MandateFactory(start=dt.date(2025, 1, 1))  # to 31 December 2028
    AgreementFactory(signed_on=dt.date(2024, 12, 1), start=dt.date(2025, 1, 1), end=dt.date(2028, 12, 31))
    for day, count in [("2024-12-31", 0), ("2025-01-01", 1), ("2028-12-31", 1), ("2029-01-01", 0)]:
        time_machine.move_to(f"{day} 12:00")
        html = client.get("/en/").text
        assert number(figure(html, "figure-units")[0]) == count, day
        assert number(figure(html, "figure-agreements")[0]) == count, day
        assert f'data-day="{day}"' in html


def test_french_figures_use_french_typography(client, demo):
    assert re.fullmatch(r"\d+\u00a0%", figure(client.get("/fr/").text, "figure-perimeter")[0])


def test_bars_match_partners_per_category_and_link_to_them(client, demo):
    html = client.get("/en/").text
    counts = {c.slug: sum(p.is_published for p in c.partners.all()) for c in Category.objects.all()}
    largest = max(counts.values())
    for slug, count in counts.items():
        assert f'<td class="text-end" data-category="{slug}">{count}</td>' in html
        width = re.search(rf'class="bar" data-category="{slug}" width="([\d.]+)%"', html).group(1)
        assert float(width) == pytest.approx(100 * count / largest, abs=0.05)
        assert listed(client, f"/en/partners/?category={slug}") == count
    total = sum(counts.values())
    assert f"{total:,} partners, by category" in html
    assert listed(client, figure(html, "figure-partners")[1]) == total


@pytest.mark.today(DAY)
def test_map_and_region_table_count_units_in_force_and_link_to_them(client, demo):
    html = client.get("/en/").text
    per_region = {}
    for unit in in_force_on(DAY):
        per_region[unit.site.region] = per_region.get(unit.site.region, 0) + 1
    most = max(per_region.values())
    shaded = re.findall(r'class="region shade-(\d)" data-region="([a-z-]+)" data-count="(\d+)"', html)
    assert len(shaded) == 18  # the five overseas regions in their insets
    for shade, region, count in shaded:
        assert int(count) == per_region.get(region, 0)
        # Documented rule: 0 for none, else 1 to 4 in proportion to the largest region.
        assert int(shade) == (min(4, 1 + 4 * int(count) // (most + 1)) if int(count) else 0)
    rows = re.findall(
        r'<a href="/en/regions/([a-z-]+)/">[^<]+</a></th>'
        r'<td class="text-end" data-region="([a-z-]+)"><a href="([^"]+)">(\d+)</a></td>',
        html,
    )
    assert len(rows) == 18
    for page, region, url, count in rows:
        assert page == region  # the region's name links to its page, its count to its units
        assert int(count) == per_region.get(region, 0)
        assert listed(client, unescape(url)) == int(count), region
    # The darkest shade goes to the region with most units.
    assert any(shade == "4" and int(count) == most for shade, _, count in shaded)
