"""Filters, search, sorting, pagination and CSV exports of the public lists."""

import csv
import datetime as dt
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import lists
from partners.filters import PartnerFilter
from partners.models import Partner
from units.filters import UnitFilter
from units.models import ResearchUnit
from workspace.models import ManagerProfile

from ..factories import MandateFactory, PartnerFactory, SiteFactory, UserFactory, category

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("typed", ["universite", "UNIV", "Université", "versité", "lyon université"])
def test_partner_search_ignores_case_and_accents(client, typed):
    PartnerFactory(name="Université de Lyon")
    PartnerFactory(name="Institut Pasteur")
    response = client.get("/en/partners/", {"q": typed})
    assert [p.name for p in response.context["object_list"]] == ["Université de Lyon"]


def test_search_finds_ligatures_and_accents_in_the_query(client):
    PartnerFactory(name="Fondation pour l'oeuvre")
    assert client.get("/fr/partners/", {"q": "Œuvre"}).context["paginator"].count == 1


@pytest.mark.parametrize("typed", ["u1234", "U 1234", "u-1234", "1234", "immunologie", "IMMUNO"])
def test_unit_search_by_code_in_any_spelling_or_name(client, typed):
    MandateFactory(unit__code="U1234", unit__name="Laboratoire d'Immunologie")
    MandateFactory(unit__code="U5678", unit__name="Neurosciences")
    response = client.get("/en/units/", {"q": typed})
    assert [u.code for u in response.context["object_list"]] == ["U1234"]


def test_unit_search_finds_umr_codes_spelt_any_way(client):
    MandateFactory(unit__code="UMR-S 1234")
    assert client.get("/en/units/", {"q": "umr_s1234"}).context["paginator"].count == 1


def test_filters_combine(client):
    lyon = SiteFactory(slug="lyon", region="auvergne-rhone-alpes")
    lille = SiteFactory(slug="lille", region="hauts-de-france")
    MandateFactory(unit__code="U1", unit__site=lyon, unit__director_is_puph=True)
    MandateFactory(unit__code="U2", unit__site=lyon)
    MandateFactory(unit__code="U3", unit__site=lille, unit__director_is_puph=True)

    def codes(**query):
        return [u.code for u in client.get("/en/units/", query).context["object_list"]]

    assert codes(site="lyon") == ["U1", "U2"]
    assert codes(region="hauts-de-france") == ["U3"]
    assert codes(site="lyon", puph="yes") == ["U1"]
    assert codes(puph="no") == ["U2"]


@pytest.mark.today
def test_status_filter_and_sort(client):
    MandateFactory(unit__code="U1", unit__name="B", start=__import__("datetime").date(2010, 1, 1))
    MandateFactory(unit__code="U2", unit__name="A")
    ended = client.get("/en/units/", {"status": "ended"}).context["object_list"]
    assert [u.code for u in ended] == ["U1"]
    by_name = client.get("/en/units/", {"sort": "name"}).context["object_list"]
    assert [u.name for u in by_name] == ["A", "B"]
    by_name_desc = client.get("/en/units/", {"sort": "-name"}).context["object_list"]
    assert [u.name for u in by_name_desc] == ["B", "A"]


def test_category_filter_by_slug(client):
    PartnerFactory(name="A university")
    PartnerFactory(name="A foundation", category=category("foundations-charities"), kind=Partner.Kind.FOUNDATION)
    response = client.get("/en/partners/", {"category": "foundations-charities"})
    assert [p.name for p in response.context["object_list"]] == ["A foundation"]


def test_pagination_keeps_the_filters_and_counts(client):
    for index in range(30):
        PartnerFactory(name=f"Université {index:02d}", city="Lyon")
    PartnerFactory(name="Elsewhere", city="Paris")
    response = client.get("/en/partners/", {"q": "lyon", "sort": "name"})
    assert response.context["paginator"].count == 30
    assert len(response.context["object_list"]) == 25
    assert 'href="?q=lyon&amp;sort=name&amp;page=2"' in response.text
    assert "30 results" in response.text
    assert 'href="/en/partners/export.csv?q=lyon&amp;sort=name"' in response.text
    second = client.get("/en/partners/", {"q": "lyon", "sort": "name", "page": 2})
    assert [p.name for p in second.context["object_list"]] == [f"Université {i}" for i in range(25, 30)]


@pytest.mark.parametrize(("page", "expected"), [("x", 1), ("-1", 1), ("0", 1), ("999999999", 2), ("2", 2)])
def test_any_page_number_leads_to_the_nearest_page(client, page, expected):
    for index in range(30):
        PartnerFactory(name=f"P{index:02d}")
    response = client.get("/en/partners/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def page_rows(client, path, params):
    """The rows of one list page, and whether it was read in two steps (late row lookup)."""
    cache.clear()  # read from the database, not from the page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    two_steps = any(" IN (SELECT " in query["sql"] for query in captured.captured_queries)
    return [str(row) for row in response.context["object_list"]], two_steps


@pytest.mark.parametrize(
    ("path", "index_sorted", "other_sorts"),
    [
        ("/en/partners/", {}, [{"sort": "-city"}, {"sort": "country"}, {"q": "univ"}, {"sort": "category"}]),
        ("/en/units/", {}, [{"sort": "-name"}, {"sort": "site"}, {"q": "u"}]),
    ],
)
def test_deep_pages_in_the_index_order_are_read_in_two_steps_with_the_same_rows(
    client, monkeypatch, path, index_sorted, other_sorts
):
    sites = [SiteFactory(name=f"Site {letter}") for letter in "CAB"]
    for index in range(70):
        PartnerFactory(
            name=f"Université {(index * 37) % 70:02d}", city=f"City {index % 7}", country=["FR", "DE", "IT"][index % 3]
        )
        MandateFactory(
            unit__code=f"U{(index * 31) % 70:03d}", unit__name=f"Unit {index % 9}", unit__site=sites[index % 3]
        )
    for params in [index_sorted, *other_sorts]:
        for page in ("2", "3"):
            query = {**params, "page": page}
            monkeypatch.setattr(lists, "LATE_LOOKUP_FROM", 10**9)
            one_query, _ = page_rows(client, path, query)
            monkeypatch.setattr(lists, "LATE_LOOKUP_FROM", 25)
            rows_read, two_steps = page_rows(client, path, query)
            assert rows_read == one_query and len(rows_read) >= 20, query
            # Two steps only where an index serves the whole order.
            assert two_steps is (params is index_sorted), query
    monkeypatch.setattr(lists, "LATE_LOOKUP_FROM", 50)
    assert page_rows(client, path, {"page": "2"})[1] is False  # offset 25: one query


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/en/partners/", {"category": "nonsense", "sort": "evil"}),
        ("/en/partners/", {"region": "atlantis"}),
        ("/en/partners/", {"kind": "nope"}),
        ("/en/units/", {"status": "dormant"}),
        ("/en/units/", {"puph": "maybe"}),
        ("/en/sites/", {"kind": "castle"}),
    ],
)
def test_unknown_filter_values_explain_themselves(client, path, query):
    PartnerFactory()
    response = client.get(path, query)
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text


def test_partner_export_is_the_filtered_list_with_public_columns(client):
    PartnerFactory(name="Université de Lyon", city="Lyon", internal_notes="secret")
    PartnerFactory(name="Institut Pasteur", city="Paris")
    response = client.get("/en/partners/export.csv", {"q": "lyon", "page": 3})
    table = rows(response)
    assert table[0][:3] == ["Name", "Acronym", "Category"]
    assert [row[0] for row in table[1:]] == ["Université de Lyon"]
    assert "Internal notes" not in table[0] and "secret" not in str(table)


def test_unit_export_is_the_filtered_list(client):
    MandateFactory(unit__code="U1", unit__director_is_puph=True, unit__internal_notes="secret")
    MandateFactory(unit__code="U2")
    table = rows(client.get("/fr/units/export.csv", {"puph": "yes"}))
    assert [row[0] for row in table[1:]] == ["U1"]
    assert "secret" not in str(table)
    assert ResearchUnit.objects.count() == 2


@pytest.mark.parametrize("url", ["/en/partners/export.csv", "/fr/units/export.csv", "/en/sites/export.csv"])
def test_an_export_without_filters_has_every_published_row(client, url):
    for index in range(30):  # more than a page
        MandateFactory(unit__code=f"U{index + 1}", unit__site=SiteFactory(name=f"Site {index}"))
        PartnerFactory(name=f"Partner {index}")
    PartnerFactory(name="Hidden", is_published=False)
    MandateFactory(unit__code="U999", unit__is_published=False)
    table = rows(client.get(url))
    expected = {"partners": 30, "units": 30, "sites": 31}[url.split("/")[2]]
    assert len(table) - 1 == expected


def test_numbers_and_dates_follow_the_language(client):
    university = category()
    Partner.objects.bulk_create(
        Partner(name=f"P{index}", slug=f"p{index}", category=university, kind="university", is_published=True)
        for index in range(1001)
    )
    assert "1,001 results" in client.get("/en/partners/").text
    assert (
        "1\u202f001 résultats" in client.get("/fr/partners/").text
        or "1\u00a0001 résultats" in client.get("/fr/partners/").text
    )
    MandateFactory(unit__code="U1")
    assert "31 décembre 2028" in client.get("/fr/units/").text
    assert "31 Dec 2028" in client.get("/en/units/").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "foundation"}, ["Fondation A"]),
        ({"country": "DE"}, ["Berlin institute"]),
        ({"region": "bretagne"}, ["Université de Rennes"]),
        ({"category": "foundations-charities", "region": "ile-de-france"}, ["Fondation A"]),
    ],
)
def test_partner_filters(client, query, expected):
    PartnerFactory(name="Université de Rennes", region="bretagne")
    PartnerFactory(
        name="Fondation A",
        kind=Partner.Kind.FOUNDATION,
        category=category("foundations-charities"),
        region="ile-de-france",
    )
    PartnerFactory(name="Berlin institute", country="DE", kind=Partner.Kind.RESEARCH_BODY)
    response = client.get("/en/partners/", query)
    assert [p.name for p in response.context["object_list"]] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"site_kind": "clcc"}, ["U2"]),
        ({"structure_type": "cic"}, ["U2"]),
        ({"q": "epidemiologie"}, ["U1"]),
        ({"q": "curie"}, ["U2"]),
    ],
)
def test_unit_filters_and_search_by_theme_or_director(client, query, expected):
    MandateFactory(unit__code="U1", unit__themes="Épidémiologie, cohortes", unit__director_name="Jean Martin")
    MandateFactory(
        unit__code="U2",
        unit__structure_type="cic",
        unit__site=SiteFactory(kind="clcc"),
        unit__director_name="Marie Curie",
    )
    response = client.get("/en/units/", query)
    assert [u.code for u in response.context["object_list"]] == expected


def test_clear_filters_leads_to_the_unfiltered_list(client):
    PartnerFactory()
    response = client.get("/en/partners/", {"q": "x", "kind": "foundation"})
    assert '<a class="btn btn-outline-secondary" href="/en/partners/">Clear filters</a>' in response.text


def test_sorting_ignores_case_and_accents(client):
    for name in ("Zurich", "École normale", "dijon", "Établissement"):
        PartnerFactory(name=name)
    names = [p.name for p in client.get("/en/partners/", {"sort": "name"}).context["object_list"]]
    assert names == ["dijon", "École normale", "Établissement", "Zurich"]
    default = [p.name for p in client.get("/en/partners/").context["object_list"]]
    assert default == names
    descending = client.get("/en/partners/", {"sort": "-name"})
    assert [p.name for p in descending.context["object_list"]] == names[::-1]
    assert 'aria-sort="descending"' in descending.text


def test_counts_are_kept_per_filter_and_refreshed_by_an_edit(client):
    """Counts are cached under the list and its filters (not its SQL): each filter keeps
    its own, the sort shares it, and any edit makes every count fresh."""
    research, education = category("research-bodies"), category("higher-education")
    PartnerFactory.create_batch(3, category=research)
    PartnerFactory(category=education)

    def count(**query):
        return client.get("/en/partners/", query).context["paginator"].count

    assert (count(category="research-bodies"), count(category="higher-education"), count()) == (3, 1, 4)
    assert count(category="research-bodies", sort="-name") == 3
    assert count(category="research-bodies", q="zzz") == 0
    PartnerFactory(category=research)
    assert (count(category="research-bodies"), count()) == (4, 5)
    assert count(category="no-such-category") == 0  # not understood: named by its SQL


def test_the_whole_list_is_counted_once_for_every_sort(client):
    """The list without a query string is named by its view, like any filter, so that
    its sorts share its count (instead of naming it by its SQL, which a sort changes)."""
    PartnerFactory.create_batch(2)
    client.get("/en/partners/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/partners/", {"sort": "-city"}).context["paginator"].count == 2
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]


@pytest.mark.parametrize("path", ["/en/partners/", "/en/units/", "/en/sites/"])
def test_list_pages_read_only_the_columns_their_rows_show(client, path):
    """Long texts and internal notes are never read for a list page (the CSV reads what it needs)."""
    PartnerFactory(internal_notes="secret")
    MandateFactory(unit__is_published=True, unit__internal_notes="secret")
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(path).context["object_list"]) == 1
    read = " ".join(query["sql"] for query in queries)
    for column in ("internal_notes", "description", "themes", "search_text"):
        assert f'."{column}"' not in read


def test_filter_forms_are_built_once_and_still_speak_each_language(client):
    PartnerFactory()
    french = client.get("/fr/partners/").text
    assert "Toutes les catégories" in french and "Ville (décroissant)" in french
    english = client.get("/en/partners/", {"kind": "nonsense"}).text
    assert "All categories" in english and "City (descending)" in english and "décroissant" not in english
    assert PartnerFilter().get_form_class() is PartnerFilter().get_form_class()
    assert UnitFilter().get_form_class() is not PartnerFilter().get_form_class()


def test_filter_choices_are_kept_until_an_edit(client):
    """Categories and countries are read once per data generation, and an edit shows at once."""
    PartnerFactory(country="FR", category=category("higher-education"))
    assert "Germany" not in client.get("/en/partners/").text
    with CaptureQueriesContext(connection) as queries:  # its count, its rows, its facets: no query for the choices
        client.get("/en/partners/", {"category": "higher-education", "country": "FR"})
    assert len(queries) == 3
    # By the category's id, which the (category, name) index serves; through a join on
    # the slug, PostgreSQL read the whole directory in name order (36 ms at scale 100).
    count, rows, facets = (query["sql"] for query in queries)
    assert all('"partners_partner"."category_id" IN (' in sql for sql in (count, rows, facets))
    PartnerFactory(country="DE", category=category("research-bodies"))
    education = category("higher-education")
    education.name_en = "Universities and schools"
    education.save()
    text = client.get("/en/partners/", {"country": "DE"}).text
    assert "Germany" in text and "Universities and schools" in text
    assert client.get("/en/partners/", {"category": "higher-education"}).context["paginator"].count == 1


def test_directory_rows_name_categories_from_the_kept_table(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PartnerFactory(category=category("higher-education"))
    client.get("/en/partners/")
    with CaptureQueriesContext(connection) as queries:
        text = client.get("/en/partners/", {"sort": "-name"}).text
    assert (
        '<td class="d-none d-md-table-cell" data-label="Category">Universities and higher-education establishments</td>'
        in text
    )
    assert [query["sql"] for query in queries if "partners_category" in query["sql"]] == []


def test_a_site_slug_is_looked_up_once_until_an_edit(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    site = MandateFactory(unit__is_published=True).unit.site
    client.get("/en/units/", {"site": site.slug})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/units/", {"site": site.slug}).context["paginator"].count == 1
    assert [query["sql"] for query in queries if 'FROM "units_site"' in query["sql"]] == []
    site.slug = "renamed-site"
    site.save()
    assert client.get("/en/units/", {"site": "renamed-site"}).context["paginator"].count == 1


def test_the_workspace_keeps_a_count_for_each_manager(client):
    mine, theirs = SiteFactory(), SiteFactory()
    MandateFactory.create_batch(2, unit__site=mine)
    MandateFactory(unit__site=theirs)
    counts = {}
    for user, site in (("alice", mine), ("bruno", theirs)):
        manager = UserFactory(username=user, group="Managers", is_staff=True)
        ManagerProfile.objects.create(user=manager).sites.add(site)
        client.force_login(manager)
        counts[user] = client.get("/manage/", {"mine": "on"}).context["paginator"].count
    assert counts == {"alice": 2, "bruno": 1}


# --- Lists: sort links keep the filters ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/en/partners/", {"q": "lyon", "category": "higher-education", "page": "2"}),
        ("/fr/units/", {"status": "renewable", "puph": "no", "site": "lyon", "page": "2"}),
        ("/en/sites/", {"q": "chu", "kind": "chu", "page": "2"}),
    ],
)
def test_sort_links_keep_the_filters_and_go_back_to_the_first_page(client, url, query):
    lyon = SiteFactory(name="CHU de Lyon", slug="lyon")
    MandateFactory(unit__site=lyon, start=timezone.localdate() - dt.timedelta(days=30))  # renewable
    PartnerFactory(name="Université de Lyon")
    text = client.get(url, query).text
    header_links = re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]*)"', text)
    assert len(header_links) >= 3, url
    filters = {key: [value] for key, value in query.items() if key != "page"}
    for link in header_links:
        asked = parse_qs(urlsplit(html.unescape(link)).query)
        assert asked.pop("sort"), link
        assert asked == filters, link


@pytest.mark.parametrize(
    ("path", "escaped"),
    [
        ("/en/partners/", ["&lt;b&gt;Bold&lt;/b&gt; &amp; Co", "(&lt;i&gt;)", "&lt;Lyon&gt;"]),
        (
            "/en/units/",
            ["&lt;script&gt;alert(1)&lt;/script&gt;", "(&lt;i&gt;)", "&lt;em&gt;Site&lt;/em&gt;", "&lt;Lille&gt;"],
        ),
    ],
)
def test_list_rows_show_markup_in_names_as_text(client, path, escaped):
    """The rows are written in Python (format_html): every value is escaped there too."""
    PartnerFactory(name="<b>Bold</b> & Co", acronym="<i>", city="<Lyon>")
    site = SiteFactory(name="<em>Site</em>", city="<Lille>")
    MandateFactory(
        unit__is_published=True, unit__name="<script>alert(1)</script>", unit__acronym="<i>", unit__site=site
    )
    text = client.get(path).text
    for value in escaped:
        assert value in text
    for markup in ("<b>Bold", "<script>alert", "<em>Site", "(<i>)", "<Lyon>", "<Lille>"):
        assert markup not in text
