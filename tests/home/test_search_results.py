"""The portal-wide search: one box in every page's header, a results page grouped by kind
(units, partners, sites), each group counted and leading to its list filtered by the query,
which finds the same records in the same order."""

import datetime as dt
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home import search
from partners.models import PartnerName

from ..factories import PartnerFactory, ResearchUnitFactory, SiteFactory
from ..public.conftest import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def rennes():
    """Around Rennes: a site, twelve published units on it (more than a group shows) and
    one unpublished, a published university and an unpublished foundation."""
    site = SiteFactory(name="CHU de Rennes", slug="chu-de-rennes", city="Rennes", region="bretagne")
    units = [
        ResearchUnitFactory(code=f"U{1100 + index}", name=f"Neurosciences de Rennes {index}", site=site)
        for index in range(12)
    ]
    ResearchUnitFactory(code="U1999", name="Génétique de Rennes, en préparation", site=site, is_published=False)
    university = PartnerFactory(name="Université de Rennes", slug="universite-de-rennes", acronym="UR", city="Rennes")
    PartnerFactory(name="Fondation rennaise", slug="fondation-rennaise", city="Rennes", is_published=False)
    return {"site": site, "units": units, "university": university}


def groups(response) -> dict:
    return {group.kind.key: group for group in response.context["groups"]}


def test_the_results_page_groups_units_partners_and_sites_with_their_counts(client, rennes):
    response = client.get("/en/search/", {"q": "rennes"})
    assert response.status_code == 200
    found = groups(response)
    assert [found[kind].count for kind in ("units", "partners", "sites")] == [12, 1, 1]
    assert len(found["units"].hits) == 8  # the first few; the list has them all
    assert found["partners"].hits[0].label == "Université de Rennes (UR)"
    assert found["partners"].hits[0].url == "/en/partners/universite-de-rennes/"
    assert found["sites"].hits[0].url == "/en/sites/chu-de-rennes/"
    text = response.text
    assert (
        '<h2 class="h4" id="results-units">Research units <span class="badge text-bg-secondary" data-count="12">'
        in text
    )
    assert "14 results for “rennes”." in unescape(text)


def test_each_group_leads_to_its_list_filtered_by_the_query_which_finds_the_same_records_in_the_same_order(
    client, rennes
):
    found = groups(client.get("/en/search/", {"q": "neurosciences rennes"}))
    assert found["units"].see_all_url == "/en/units/?q=neurosciences+rennes"
    assert found["partners"].see_all_url == "/en/partners/?q=neurosciences+rennes"
    assert found["sites"].see_all_url == "/en/sites/?q=neurosciences+rennes"
    for group in found.values():
        response = client.get(group.see_all_url)
        assert response.context["paginator"].count == group.count
        rows = list(response.context["object_list"])[: len(group.hits)]
        assert [row.get_absolute_url() for row in rows] == [hit.url for hit in group.hits]
    text = unescape(client.get("/en/search/", {"q": "rennes"}).text)
    assert '<a class="see-all" href="/en/units/?q=rennes">See all 12 matching units</a>' in text
    assert '<a class="see-all" href="/en/partners/?q=rennes">See the matching partner in the directory</a>' in text


def test_only_published_units_and_partners_are_found(client, rennes):
    text = client.get("/en/search/", {"q": "rennes"}).text
    assert "U1999" not in text and "Génétique de Rennes" not in text and "rennaise" not in text
    # Asked for by their very code or name, they are not found either (whatever else is).
    urls = [hit.url for group in client.get("/en/search/", {"q": "U1999"}).context["groups"] for hit in group.hits]
    assert "/en/units/U1999/" not in urls
    found = groups(client.get("/en/search/", {"q": "fondation rennaise"}))["partners"]
    assert "/en/partners/fondation-rennaise/" not in [hit.url for hit in found.hits]


def test_the_page_answers_in_both_languages_with_links_in_the_same_language(client, rennes):
    for language in ("fr", "en"):
        response = client.get(f"/{language}/search/", {"q": "rennes"})
        assert response.status_code == 200
        hrefs = [unescape(href) for href in re.findall(r'<a class="see-all" href="([^"]*)"', response.text)]
        assert hrefs == [
            f"/{language}/units/?q=rennes",
            f"/{language}/partners/?q=rennes",
            f"/{language}/sites/?q=rennes",
        ]
        assert f'<html lang="{language}">' in response.text


def test_an_empty_query_gives_a_page_that_says_what_to_type(client, rennes):
    for query in ({}, {"q": ""}, {"q": "   "}, {"q": "\x00"}):
        response = client.get("/en/search/", query)
        assert response.status_code == 200
        assert response.context["groups"] == []
        assert "Type a unit's code, name or acronym" in unescape(response.text)


def test_a_query_that_matches_nothing_says_so(client, rennes):
    response = client.get("/en/search/", {"q": "zzqxw"})
    assert response.status_code == 200
    assert "No unit, partner or site matches “zzqxw”" in unescape(response.text)


def test_nul_bytes_and_control_characters_are_read_as_spaces(client, rennes):
    response = client.get("/en/search/", {"q": "neurosciences\x00rennes\x07"})
    assert response.status_code == 200
    assert response.context["query"] == "neurosciences rennes"
    assert groups(response)["units"].count == 12


def test_a_query_of_five_thousand_characters_is_cut_to_what_the_lists_accept_and_said_so(client, rennes):
    response = client.get("/en/search/", {"q": "rennes " + "x" * 5000})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "only its beginning was searched" in response.text
    # The lists it leads to understand that query (no "filters not understood").
    for group in response.context["groups"]:
        assert client.get(group.see_all_url).context["filter"].is_valid()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_query_gives_a_page_never_a_server_error(client, rennes, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200


def test_the_results_page_runs_one_query_a_kind_whatever_the_number_of_matches(
    client, rennes, django_assert_num_queries
):
    for language in ("en", "fr"):  # the categories' names, kept until the next edit
        client.get(f"/{language}/search/", {"q": "univ"})
    # A query asked for the first time: each kind's count, then its first rows.
    with django_assert_num_queries(6):
        assert client.get("/en/search/", {"q": "rennes"}).status_code == 200
    # Asked again (in French: not the page kept for the English one), the counts are kept
    # until the next edit, as the lists keep theirs.
    with django_assert_num_queries(3):
        assert client.get("/fr/search/", {"q": "rennes"}).status_code == 200
    for index in range(30):
        ResearchUnitFactory(name=f"Immunologie de Rennes {index}", site=rennes["site"])
        PartnerFactory(name=f"Hôpital de Rennes {index}")
    for language in ("en", "fr"):
        client.get(f"/{language}/search/", {"q": "univ"})
    with django_assert_num_queries(6):
        response = client.get("/en/search/", {"q": "rennes"})
    counts = {group.kind.key: group.count for group in response.context["groups"]}
    assert counts["units"] >= 30 and counts["partners"] >= 30
    with django_assert_num_queries(3):
        assert client.get("/fr/search/", {"q": "rennes"}).status_code == 200


def test_a_kind_without_a_match_asks_only_for_its_count(client, rennes, django_assert_max_num_queries):
    client.get("/en/search/", {"q": "univ"})
    # At most the three counts (none for a kind where no word is known), and no rows to read.
    with django_assert_max_num_queries(3):
        response = client.get("/en/search/", {"q": "zzzz 4242"})
    assert response.context["total"] == 0


def test_an_edit_makes_the_kept_counts_stale(client, rennes):
    before = {group.kind.key: group.count for group in client.get("/en/search/", {"q": "rennes"}).context["groups"]}
    PartnerFactory(name="Clinique de Rennes")
    after = {group.kind.key: group.count for group in client.get("/en/search/", {"q": "rennes"}).context["groups"]}
    assert after["partners"] == before["partners"] + 1


def test_every_page_has_the_search_box_in_its_header(client, rennes):
    for url in pages({"unit": rennes["units"][0], "site": rennes["site"], "partner": rennes["university"]}):
        text = client.get(url).text
        language = url.split("/")[1]
        header = text[text.index("<header") : text.index("</header>")]
        assert f'action="/{language}/search/" role="search"' in header, url
        assert re.search(r'<input[^>]*type="search" id="site-search" name="q"', header), url


def test_a_plain_get_of_the_form_without_javascript_gives_the_results_page(client, rennes):
    # What the header's form sends when submitted: its action, with the box's name.
    text = client.get("/en/sites/").text
    form = re.search(r'<form class="search-form[^"]*" method="get" action="([^"]*)"', text)
    response = client.get(form.group(1), {"q": "Université de Rennes"})
    assert response.status_code == 200
    assert groups(response)["partners"].hits[0].url == "/en/partners/universite-de-rennes/"


def test_a_record_found_by_a_former_name_says_so_on_the_page_and_in_the_suggestions(client, rennes):
    cite = PartnerFactory(name="Université Paris Cité", slug="universite-paris-cite", acronym="UPC")
    PartnerName.objects.create(
        partner=cite, name="Université Paris Descartes", start=dt.date(1970, 1, 1), end=dt.date(2019, 3, 19)
    )
    response = client.get("/en/search/", {"q": "université paris descartes"})
    found = groups(response)["partners"].hits
    assert (found[0].url, found[0].formerly) == (
        "/en/partners/universite-paris-cite/",
        "formerly Université Paris Descartes",
    )
    assert (
        'Université Paris Cité (UPC)</a> <span class="formerly">(formerly Université Paris Descartes)</span>'
        in unescape(response.text)
    )
    suggested = client.get("/en/search/suggest/", {"q": "paris descartes"}).json()["results"]
    assert suggested[0]["formerly"] == "formerly Université Paris Descartes"
    # Found by its current name, it says nothing of its past.
    assert groups(client.get("/en/search/", {"q": "paris cité"}))["partners"].hits[0].formerly == ""


def test_with_many_matches_the_first_results_are_read_from_the_leading_ranks_in_the_lists_order(
    client, rennes, monkeypatch, django_assert_num_queries
):
    """From search.LEADING_FROM matches (lowered here: the tests hold a few records), a
    kind sorted by name reads its first results from its names starting with the query,
    then its exact matches (core.search.leading_rows), or, when too few names start with
    it, ranks every match after the first of those queries: its list's first rows either way."""
    monkeypatch.setattr(search, "LEADING_FROM", 5)
    for index in range(12):
        PartnerFactory(name=f"Université de Rennes {index:02d}", city="Rennes")
        SiteFactory(name=f"Hôpital de Rennes {index:02d}", city="Rennes")
    PartnerFactory(name="Clinique de Bretagne", acronym="Université de Rennes")  # an exact match: first
    for language in ("en", "fr"):  # the categories' names, kept until the next edit
        client.get(f"/{language}/search/", {"q": "univ"})
    found = {}
    for query in ("universite de rennes", "université de rennes", "hôpital de rennes"):
        client.get("/en/search/", {"q": query})  # the counts, kept; the French page is not
        # The units (sorted by code) in one query; partners and sites in two each.
        with django_assert_num_queries(5):
            found[query] = groups(client.get("/fr/search/", {"q": query}))
        for group in found[query].values():
            listed = list(client.get(group.see_all_url).context["object_list"])[: len(group.hits)]
            assert [hit.url for hit in group.hits] == [row.get_absolute_url() for row in listed], query
    universities = [hit.label for hit in found["universite de rennes"]["partners"].hits]
    assert universities[:3] == [
        "Clinique de Bretagne (Université de Rennes)",
        "Université de Rennes (UR)",
        "Université de Rennes 00",
    ]
    hospitals = [hit.label for hit in found["hôpital de rennes"]["sites"].hits]
    assert hospitals == [f"Hôpital de Rennes {index:02d}" for index in range(8)]
