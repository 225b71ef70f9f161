"""The home page's renewal load: units with a term in force, by the year their term ends,
this year and the next five, each bar and segment linking to the unit list of exactly
those units."""

import datetime as dt
import html as html_module
import re

import pytest

from home.figures import renewal_load

from ..factories import MandateFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 29)


def term(start: dt.date, **kwargs):
    return MandateFactory(start=start, **kwargs).unit


@pytest.fixture
def units():
    """On DAY, terms in force ending in 2026 (expiring), 2027 and 2029 (renewable), 2028
    (two renewable, one final) and 2032 (after the years shown); and what is not in force or
    not public: an ended term, one not started, an unpublished unit."""
    term(dt.date(2023, 1, 1))
    term(dt.date(2024, 1, 1))
    term(dt.date(2025, 1, 1))
    term(dt.date(2025, 1, 1))
    renewed = term(dt.date(2021, 1, 1))
    MandateFactory(unit=renewed, number=2, start=dt.date(2025, 1, 1))
    term(dt.date(2026, 1, 1))
    term(dt.date(2026, 1, 1), end=dt.date(2032, 6, 30))
    term(dt.date(2018, 1, 1))
    term(dt.date(2027, 1, 1))
    term(dt.date(2025, 1, 1), unit__is_published=False)


def table(page: str) -> list[tuple[list[str], list[str]]]:
    start = page.index("<table", page.index('id="renewal-chart"'))
    body = page[start : page.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        texts = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
        links = [
            html_module.unescape(m.group(1)) if (m := re.search(r'href="([^"]*)"', cell)) else "" for cell in cells
        ]
        rows.append((texts, links))
    return rows


@pytest.mark.today(DAY)
def test_the_renewal_load_counts_the_terms_in_force_ending_this_year_and_the_next_five(client, units):
    page = client.get("/en/").text
    assert "Units with a term in force, by the year it ends, 2026 to 2031</title>" in page
    assert [texts for texts, _links in table(page)] == [
        ["Year the term ends", "First term (renewable)", "Final term", "Expiring", "Total"],
        ["2026", "0", "0", "1", "1"],
        ["2027", "1", "0", "0", "1"],
        ["2028", "2", "1", "0", "3"],
        ["2029", "1", "0", "0", "1"],
        ["2030", "0", "0", "0", "0"],
        ["2031", "0", "0", "0", "0"],
        ["Total", "4", "1", "1", "6"],
    ]


@pytest.mark.today(DAY)
def test_each_bar_and_segment_links_to_the_unit_list_of_exactly_those_units(client, units):
    rows = table(client.get("/en/").text)
    checked = []
    for texts, links in rows[1:-1]:
        for index, link in enumerate(links):
            if link:
                count = int(texts[-1] if index == 0 else texts[index])
                assert client.get(link).context["paginator"].count == count, link
                checked.append(link)
    assert "/en/units/?status=in_force&term_end_year=2028" in checked
    assert "/en/units/?status=final&term_end_year=2028" in checked
    assert len(checked) == 4 + 5  # four years with units, five segments
    # The statuses' totals are not links: their lists hold the terms ending after 2031 too.
    assert rows[-1][1] == ["", "", "", "", ""]


@pytest.mark.today(DAY)
def test_the_links_are_in_the_language_of_the_page_though_the_figures_are_kept(client, units):
    client.get("/en/")
    page = client.get("/fr/").text
    links = {link for _texts, row_links in table(page) for link in row_links if link}
    assert links and all(link.startswith("/fr/units/") for link in links)


@pytest.mark.today(DAY)
def test_the_renewal_load_is_one_grouped_query(units, django_assert_num_queries):
    with django_assert_num_queries(1):
        chart = renewal_load(DAY)
    assert chart.total == 6


@pytest.mark.today(DAY)
def test_no_term_in_force_ending_in_the_coming_years_is_no_chart(client):
    term(dt.date(2018, 1, 1))
    page = client.get("/en/").text
    assert 'id="renewal-chart"' not in page and "Terms ending in the coming years" not in page
