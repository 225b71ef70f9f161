"""The server-drawn bar charts (core.charts, templates/includes/bar_chart.html): what they
count, how they are drawn, and that screen readers get the same figures as a table."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core import charts

KINDS = [charts.Group("a", "Kind A"), charts.Group("b", "Kind B", url="/list/?kind=b")]


def chart(counts, rows=None, series=KINDS, **kwargs):
    return charts.stacked_bars(
        name="test-chart",
        title="Agreements by year",
        caption="What it counts.",
        row_heading="Year it starts",
        value_heading="Number of agreements",
        rows=rows or charts.year_rows(2020, 2023),
        series=series,
        counts=counts,
        **kwargs,
    )


def test_nothing_to_count_is_no_chart():
    assert chart({}) is None
    assert chart({(2020, "a"): 0}) is None


def test_every_year_is_a_bar_and_its_segments_follow_each_other_in_the_series_order():
    drawn = chart({(2020, "a"): 2, (2020, "b"): 3, (2023, "b"): 1})
    assert [row.group.label for row in drawn.rows] == ["2020", "2021", "2022", "2023"]
    assert [row.total for row in drawn.rows] == [5, 0, 0, 1]
    assert drawn.total == 6
    first = drawn.rows[0]
    assert [(cell.series.group.key, cell.count) for cell in first.segments] == [("a", 2), ("b", 3)]
    assert first.segments[1].start == first.segments[0].width  # b starts where a ends
    assert first.total_x == pytest.approx(charts.LONGEST_BAR)  # the longest bar
    assert drawn.rows[1].segments == ()
    assert [series.total for series in drawn.series] == [2, 4]


def test_the_lines_across_the_bars_are_round_values_up_to_the_longest_bar():
    assert [charts.tick_step(n) for n in (1, 5, 6, 10, 11, 23, 240, 3000)] == [1, 1, 2, 2, 5, 5, 50, 1000]
    drawn = chart({(2020, "a"): 23})
    assert [tick.value for tick in drawn.ticks] == [0, 5, 10, 15, 20, 25]
    assert drawn.ticks[-1].x == charts.LONGEST_BAR


def test_each_series_has_its_own_style_and_a_style_asked_for_is_kept():
    series = [charts.Group("x", "X", style="grey"), charts.Group("y", "Y"), charts.Group("z", "Z")]
    drawn = chart({(2020, "x"): 1, (2020, "y"): 1, (2020, "z"): 1}, series=series)
    assert [one.style for one in drawn.series] == ["grey", "blue", "accent"]
    assert len({pattern for _style, pattern in drawn.patterns}) == 3  # told apart without colour too


def test_more_series_than_styles_are_folded_into_other_keeping_the_largest():
    series = [charts.Group(key, key.upper()) for key in "abcdefg"]
    counts = {(2020, key): index + 1 for index, key in enumerate("abcdefg")}  # a=1 … g=7
    with pytest.raises(ValueError, match="fold"):
        chart(counts, series=series)
    kept, folded = charts.fold_series(series, counts, other=charts.Group("other", "Other"))
    assert [group.key for group in kept] == ["c", "d", "e", "f", "g", "other"]
    assert folded[(2020, "other")] == 1 + 2
    assert sum(folded.values()) == sum(counts.values())
    assert chart(folded, series=kept).total == 28


def test_a_cell_links_to_its_list_only_when_it_counts_something():
    drawn = chart({(2020, "a"): 2}, cell_url=lambda row, series: f"/units/?year={row.key}&s={series.key}")
    assert drawn.rows[0].cells[0].url == "/units/?year=2020&s=a"
    assert drawn.rows[0].cells[1].url == ""  # zero: nothing to list


class Parsed(HTMLParser):
    """The include's elements and the text of its table's cells, row by row."""

    def __init__(self):
        super().__init__()
        self.elements, self.rows, self.cell = [], [], None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def rendered(drawn, language="en") -> tuple[str, Parsed]:
    with translation.override(language):
        html = render_to_string("includes/bar_chart.html", {"chart": drawn})
    parsed = Parsed()
    parsed.feed(html)
    return html, parsed


def test_the_picture_is_a_named_image_and_the_same_figures_follow_as_a_table():
    html, parsed = rendered(chart({(2020, "a"): 2, (2020, "b"): 3, (2023, "b"): 1}))
    svg = next(attrs for tag, attrs in parsed.elements if tag == "svg" and attrs.get("role") == "img")
    name_id = svg["aria-labelledby"]
    assert re.search(rf'<title id="{name_id}">Agreements by year</title>', html)
    assert f'id="{svg["aria-describedby"]}">What it counts.<' in html
    # Axis titles and the legend, as text.
    assert ">Year it starts</text>" in html and ">Number of agreements</text>" in html
    assert parsed.rows == [
        ["Year it starts", "Kind A", "Kind B", "Total"],
        ["2020", "2", "3", "5"],
        ["2021", "0", "0", "0"],
        ["2022", "0", "0", "0"],
        ["2023", "0", "1", "1"],
        ["Total", "2", "4", "6"],
    ]
    assert '<caption class="visually-hidden">Agreements by year</caption>' in html
    assert 'href="/list/?kind=b">4</a>' in html  # a series' total links to its list


def test_the_chart_is_drawn_within_the_content_security_policy():
    html, parsed = rendered(chart({(2020, "a"): 2, (2021, "b"): 1234}), language="fr")
    attributes = {name for _tag, attrs in parsed.elements for name in attrs}
    assert "style" not in attributes and not any(name.startswith("on") for name in attributes)
    assert "<script" not in html
    # Positions are written the same in every language; counts as the language writes them.
    assert re.search(r'width="\d+\.\d{3}%"', html) and not re.search(r'width="\d+,\d', html)
    assert re.search(r">1\W234</text>", html)


def test_links_in_the_picture_are_for_pointers_the_table_has_them_for_keyboards():
    drawn = chart({(2020, "a"): 2}, cell_url=lambda row, series: f"/units/?year={row.key}")
    _html, parsed = rendered(drawn)
    links = [attrs for tag, attrs in parsed.elements if tag == "a"]
    picture = [attrs for attrs in links if attrs.get("tabindex") == "-1"]
    table = [attrs for attrs in links if "tabindex" not in attrs]
    assert [attrs["href"] for attrs in picture] == ["/units/?year=2020"]
    assert "/units/?year=2020" in [attrs["href"] for attrs in table]
