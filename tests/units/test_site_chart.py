"""A site's page draws its published units by the year their term ends and by mandate
status; each bar, segment and status total links to the unit list showing exactly those
units (the list's `term_end_year` filter)."""

import datetime as dt
import html as html_module
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import MandateFactory, ResearchUnitFactory, SiteFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 29)


def term(site, start: dt.date, **unit):
    return MandateFactory(unit__site=site, start=start, **{f"unit__{key}": value for key, value in unit.items()}).unit


@pytest.fixture
def site():
    """On DAY: two renewable units and a final one ending in 2028, an expiring one (2026),
    an ended one (2021), one not started (2030); and what is not counted: an unpublished
    unit, a unit without terms, a unit of another site."""
    site = SiteFactory(slug="chu-chart")
    term(site, dt.date(2025, 1, 1))
    term(site, dt.date(2025, 1, 1))
    renewed = term(site, dt.date(2021, 1, 1))
    MandateFactory(unit=renewed, number=2, start=dt.date(2025, 1, 1))
    term(site, dt.date(2023, 1, 1))
    term(site, dt.date(2018, 1, 1))
    term(site, dt.date(2027, 1, 1))
    term(site, dt.date(2025, 1, 1), is_published=False)
    ResearchUnitFactory(site=site)
    term(SiteFactory(), dt.date(2025, 1, 1))
    return site


def table(page: str) -> list[tuple[list[str], list[str]]]:
    """The chart's table, a row a list of (texts, links) of its cells."""
    body = page[page.index('<table class="table table-sm chart-table">') :]
    body = body[: body.index("</table>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        texts = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
        links = [
            html_module.unescape(found.group(1)) if (found := re.search(r'href="([^"]*)"', cell)) else ""
            for cell in cells
        ]
        rows.append((texts, links))
    return rows


def listed(client, url: str) -> int:
    return client.get(url).context["paginator"].count


@pytest.mark.today(DAY)
def test_the_chart_counts_the_published_units_by_term_end_year_and_status(client, site):
    page = client.get(f"/en/sites/{site.slug}/").text
    assert 'role="img" aria-labelledby="term-ends-chart-name"' in page
    assert [texts for texts, _links in table(page)] == [
        ["Year the term ends", "First term (renewable)", "Final term", "Expiring", "Ended", "Not started", "Total"],
        ["2021", "0", "0", "0", "1", "0", "1"],
        ["2022", "0", "0", "0", "0", "0", "0"],
        ["2023", "0", "0", "0", "0", "0", "0"],
        ["2024", "0", "0", "0", "0", "0", "0"],
        ["2025", "0", "0", "0", "0", "0", "0"],
        ["2026", "0", "0", "1", "0", "0", "1"],
        ["2027", "0", "0", "0", "0", "0", "0"],
        ["2028", "2", "1", "0", "0", "0", "3"],
        ["2029", "0", "0", "0", "0", "0", "0"],
        ["2030", "0", "0", "0", "0", "1", "1"],
        ["Total", "2", "1", "1", "1", "1", "6"],
    ]


@pytest.mark.today(DAY)
def test_each_figure_links_to_the_unit_list_of_exactly_those_units(client, site):
    rows = table(client.get(f"/en/sites/{site.slug}/").text)
    checked = 0
    for texts, links in rows[1:]:
        # The year links to its row's total, each count to itself.
        for index, (text, link) in enumerate(zip(texts, links, strict=True)):
            count = int(texts[-1] if index == 0 else text)
            if link:
                assert listed(client, link) == count, link
                checked += 1
            elif count and index < len(texts) - 1 and texts[0] != "Total":
                pytest.fail(f"{texts[0]}: {text} has no link")
    # 5 non-empty segments, 4 years, 5 statuses' totals.
    assert checked == 14
    assert f"/en/units/?site={site.slug}&status=final&term_end_year=2028" in {
        link for _texts, links in rows for link in links
    }


def svg(page: str, css_class: str) -> str:
    start = page.index(f'<svg class="{css_class}"')
    return page[start : page.index("</svg>", start)]


@pytest.mark.today(DAY)
def test_the_picture_links_the_same_lists_for_pointers_and_holds_no_link_itself(client, site):
    page = client.get(f"/en/sites/{site.slug}/").text
    image = svg(page, "chart-picture")
    assert 'role="img"' in image and "<a " not in image  # an image holds nothing interactive
    over = svg(page, "chart-links")
    assert 'aria-hidden="true"' in over
    hrefs = [html_module.unescape(href) for href in re.findall(r'<a href="([^"]*)" tabindex="-1">', over)]
    assert len(hrefs) == 5
    assert f"/en/units/?site={site.slug}&status=renewable&term_end_year=2028" in hrefs


def test_a_site_without_units_with_terms_has_no_chart(client):
    site = SiteFactory()
    ResearchUnitFactory(site=site)
    term(site, dt.date(2025, 1, 1), is_published=False)
    page = client.get(f"/en/sites/{site.slug}/").text
    assert "1 published unit on this site." in page
    assert "chart-picture" not in page and "When their terms end" not in page


@pytest.mark.today(DAY)
def test_the_chart_is_one_grouped_query_whatever_the_number_of_units(client, site):
    url = f"/en/sites/{site.slug}/"

    def queries() -> list[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    queries()  # what is kept once is kept
    few = queries()
    for year in range(2010, 2026):
        term(site, dt.date(year, 1, 1))
    many = queries()
    assert len(many) == len(few)
    grouped = [sql for sql in many if "GROUP BY" in sql and 'AS "year"' in sql and 'AS "mandate_status"' in sql]
    assert len(grouped) == 1


@pytest.mark.parametrize("year", ["abc", "1000000000", "2027.5", "-1", "\x00"])
def test_a_year_not_understood_is_a_message_not_an_error(client, year):
    response = client.get("/en/units/", {"term_end_year": year})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
