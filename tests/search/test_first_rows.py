"""core.search.first_ranked: the first rows of a search read from its two leading ranks
(the exact matches, then the names starting with the query) are the list's own first rows,
whatever the exact matches, dated names, unpublished rows and rows missing a word
interleave with them."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import page_cache
from core.search import first_ranked, leading_rows, other_names_text, text_after_those_starting_with
from home import search
from partners.filters import PartnerFilter
from partners.models import Partner

from ..factories import category

pytestmark = pytest.mark.django_db

WORDS = ["uni", "univ", "universite", "lyon", "paris", "centre"]
PARTNERS = st.lists(
    st.tuples(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),  # name
        st.sampled_from(["", "UNIV", "Univ.", "LYON", "UP"]),  # acronym
        st.sampled_from(["", "univ lyon", "universite paris", "lyon", "centre univ"]),  # a dated name
        st.booleans(),  # published
    ),
    min_size=1,
    max_size=16,
)
QUERIES = ["u", "un", "uni", "univ", "universite", "universite paris", "univ lyon", "univ lyon paris", "lyon", "up"]


def directory(partners):
    Partner.objects.all().delete()
    rows = []
    for index, (name, acronym, dated, published) in enumerate(partners):
        row = Partner(
            name=name.title(),
            slug=f"partner-{index}",
            category=category(),
            kind=Partner.Kind.UNIVERSITY,
            acronym=acronym,
            other_names=other_names_text([dated]),
            is_published=published,
        )
        row.refresh_folded_keys()
        rows.append(row)
    Partner.objects.bulk_create(rows)
    page_cache.invalidate()  # bulk_create sends no signal: the search's vocabulary is read again


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(partners=PARTNERS, query=st.sampled_from(QUERIES), n=st.integers(1, 4))
def test_the_leading_ranks_give_the_lists_first_rows(partners, query, n):
    directory(partners)
    search = PartnerFilter.search_of(Partner.objects.published(), query)
    expected = list(search.ordered().values_list("pk", flat=True)[:n])
    leading = leading_rows(search, n)
    if leading is not None:
        assert [row.pk for row in leading] == expected
    assert [row.pk for row in first_ranked(search, n, ("name",))] == expected


def test_an_exact_acronym_comes_before_the_names_starting_with_the_query():
    directory([("univ lyon", "", "", True), ("univ paris", "", "", True), ("centre", "UNIV", "", True)])
    search = PartnerFilter.search_of(Partner.objects.published(), "univ")
    leading = leading_rows(search, 2)
    assert [row.name for row in leading] == ["Centre", "Univ Lyon"]
    assert [row.search_rank for row in leading] == [0, 1]


def test_too_few_names_starting_with_the_query_leave_the_ranking_to_every_match(django_assert_num_queries):
    directory([("univ lyon", "", "", True), ("centre univ", "", "", True), ("paris univ", "", "", True)])
    search = PartnerFilter.search_of(Partner.objects.published(), "univ")
    with django_assert_num_queries(2):  # the names starting with "univ", then every match ranked
        rows = first_ranked(search, 2)
    assert [row.name for row in rows] == ["Univ Lyon", "Centre Univ"]
    with django_assert_num_queries(2):  # the names, then the exact matches: enough
        assert [row.name for row in first_ranked(search, 1)] == ["Univ Lyon"]


def test_only_names_starting_with_the_query_are_read_as_such():
    # "uniwersytet" comes right after every name starting with "univ" in the index of names.
    directory([(name, "", "", True) for name in ("univ lyon", "univ paris", "uniwersytet univ", "centre univ")])
    search = PartnerFilter.search_of(Partner.objects.published(), "univ")
    names = ["Univ Lyon", "Univ Paris", "Centre Univ"]  # then Uniwersytet Univ: both hold "univ" in their name
    assert [row.name for row in first_ranked(search, 3)] == names
    assert leading_rows(search, 3) is None  # two names start with "univ", not three


@pytest.mark.parametrize(
    "text, after",
    [("univ", "uniw"), ("ap hp", "ap hq"), ("x\ud7ff", "x\ue000"), ("x\U0010ffff", None)],
)
def test_the_text_after_those_starting_with_a_query_is_a_text_a_database_can_hold(text, after):
    assert text_after_those_starting_with(text) == after


def test_a_query_ending_just_before_the_surrogates_is_searched_as_any_other(client, monkeypatch):
    monkeypatch.setattr(search, "LEADING_FROM", 1)
    directory([("universite lyon", "", "", True)])
    response = client.get("/en/search/", {"q": "universite\ud7ff"})
    assert response.status_code == 200
