"""A list's columns, declared once (core/columns.py): the table's header and rows, the sort
choices and the CSV all come from them."""

import csv
import datetime as dt
import io

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import format_html

from core.columns import Column, Columns, body_rows, display, header_cells, page_link, short_date
from core.exports import csv_response
from core.lists import SortFilter
from units.models import Site

from ..factories import SiteFactory

SITES = Columns(
    Column("name", "name", "name", html=page_link("name"), sort="name_key"),
    Column("city", "city", "city", sort="city_key", classes="d-none d-md-table-cell"),
    Column("region", "region", lambda site: site.get_region_display(), title="Where", on_screen=False),
    Column("latitude", "latitude", "latitude", nowrap=True),
    Column("slug", "slug", "slug", in_export=False),
    screen_order=("city", "name", "latitude", "slug"),
    row_data={"site": "slug"},
)


def csv_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_screen_the_export_and_the_sort_each_take_their_columns_in_their_order():
    assert [column.key for column in SITES.screen] == ["city", "name", "latitude", "slug"]
    assert [column.key for column in SITES.export] == ["name", "city", "region", "latitude"]
    assert [column.key for column in SITES.sortable] == ["name", "city"]
    assert SITES.pick("slug", "name") == [SITES["slug"], SITES["name"]]
    without = SITES.without("slug")
    assert [column.key for column in without.screen] == ["city", "name", "latitude"]
    assert without.row_data == {"site": "slug"}
    with pytest.raises(KeyError):
        SITES["nothing"]


def test_two_columns_may_not_share_a_key():
    with pytest.raises(ValueError, match="same key"):
        Columns(Column("name", "name", "name"), Column("name", "other name", "slug"))


def test_a_column_is_titled_with_its_header_capitalised_unless_it_says_otherwise():
    assert SITES["city"].heading == "City"
    assert SITES["region"].heading == "Where"


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (None, "—", "—"),
        (True, "yes", "oui"),
        (False, "no", "non"),
        (dt.date(2028, 12, 31), "31 Dec 2028", "31 décembre 2028"),
        (3, 3, 3),
    ],
)
def test_the_screen_shows_missing_values_booleans_and_dates_in_the_page_language(value, english, french):
    with translation.override("en"):
        assert display(value) == english
    with translation.override("fr"):
        assert display(value) == french
    assert display(None, empty="") == ""


@pytest.mark.parametrize("language", ["fr", "en"])
def test_short_dates_are_those_the_date_filter_writes(language):
    days = [dt.date(2028, 12, 31), dt.date(2031, 1, 2)]
    with translation.override(language):
        expected = [Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": day})) for day in days]
        assert [short_date(day, language) for day in days] == expected


@pytest.mark.django_db
def test_rows_write_each_screen_cell_escaped_with_its_classes_and_the_rows_data():
    lyon = SiteFactory(name="CHU <Lyon>", slug="lyon", city="Lyon & co", latitude=None)
    with translation.override("en"):
        html = body_rows(SITES, [lyon])
    assert html == (
        '<tr data-site="lyon">'
        '\n      <td class="d-none d-md-table-cell" data-label="City">Lyon &amp; co</td>'
        '\n      <td data-label="Name"><a href="/en/sites/lyon/">CHU &lt;Lyon&gt;</a></td>'
        '\n      <td class="text-nowrap" data-label="Latitude">—</td>'
        '\n      <td data-label="Slug">lyon</td>'
        "\n    </tr>"
    )


@pytest.mark.django_db
def test_a_cell_that_reads_a_table_reads_it_once_a_page():
    tables_read = []

    def kind_names():
        tables_read.append("kinds")
        names = {"chu": "University hospital"}
        return lambda site: format_html("<b>{}</b>", names[site.kind])

    columns = Columns(Column("kind", "kind", "kind", page_html=kind_names))
    html = body_rows(columns, SiteFactory.create_batch(3, kind=Site.Kind.CHU))
    assert html.count('<td data-label="Kind"><b>University hospital</b></td>') == 3
    assert tables_read == ["kinds"]


def headers(path: str, current_sort: str) -> str:
    request = RequestFactory().get(path)
    return header_cells(SITES.screen, RequestContext(request, {"current_sort": current_sort}))


def test_sort_links_keep_the_filters_go_to_page_one_and_reverse_the_current_sort():
    html = headers("/en/sites/?q=lyon&page=3&sort=city", "city")
    assert html == (
        '<th scope="col" class="d-none d-md-table-cell" aria-sort="ascending">'
        '<a href="?q=lyon&amp;sort=-city">City <span aria-hidden="true">▲</span></a></th>'
        '\n      <th scope="col"><a href="?q=lyon&amp;sort=name">Name</a></th>'
        '\n      <th scope="col">Latitude</th>'
        '\n      <th scope="col">Slug</th>'
    )
    descending = headers("/en/sites/?sort=-name", "-name")
    assert '<th scope="col" aria-sort="descending"><a href="?sort=name">Name <span aria-hidden="true">▼</span></a>' in (
        descending
    )


def test_a_hidden_title_is_for_screen_readers_only():
    actions = Columns(Column("renew", "Actions", html=lambda row: "", title_hidden=True, in_export=False))
    html = header_cells(actions.screen, RequestContext(RequestFactory().get("/"), {}))
    assert html == '<th scope="col"><span class="visually-hidden">Actions</span></th>'
    assert body_rows(actions, [object()]) == "<tr>\n      <td></td>\n    </tr>"  # no name on phones' cards either
    assert actions.export == []


@pytest.mark.django_db
def test_the_list_table_include_writes_caption_header_and_rows(rf):
    SiteFactory(name="CHU de Lille", slug="lille", city="Lille")
    request = rf.get("/en/sites/", {"kind": "chu"})
    template = Template('{% include "includes/list_table.html" with caption="Sites found" %}')
    with translation.override("en"):
        html = template.render(
            RequestContext(request, {"columns": SITES, "rows": Site.objects.all(), "current_sort": "name"})
        )
    assert '<caption class="visually-hidden">Sites found</caption>' in html
    assert '<a href="?kind=chu&amp;sort=-name">Name <span aria-hidden="true">▲</span></a>' in html
    assert '<tr data-site="lille">' in html and '<a href="/en/sites/lille/">CHU de Lille</a>' in html
    assert 'class="table table-portal table-hover table-cards align-middle"' in html


def test_the_sort_choices_are_the_sortable_columns_under_their_keys_and_titles():
    sort = SortFilter.of(SITES)
    with translation.override("fr"):
        choices = [(value, str(label)) for value, label in sort.field.choices]
    assert choices == [
        ("name", "Name"),
        ("-name", "Name (décroissant)"),
        ("city", "City"),
        ("-city", "City (décroissant)"),
    ]
    assert sort.param_map == {"name": "name_key", "city": "city_key"}


@pytest.mark.django_db
def test_the_csv_writes_the_export_columns_values_safe_for_spreadsheets():
    SiteFactory(name="=HYPERLINK(evil)", city="Brest", region="bretagne", latitude="48.39", longitude="-4.49")
    with translation.override("en"):
        table = csv_of(csv_response("sites", SITES.export, Site.objects.all()))
    assert table == [["Name", "City", "Region", "Latitude"], ["'=HYPERLINK(evil)", "Brest", "Brittany", "48.39000"]]
