"""The relevance set (relevance.py) on the demo data, through the public lists' searches:
the expected record first for at least 90% of the queries, and in the first five for all.
Run on SQLite and on PostgreSQL (CI runs the suite on both): the same rows match by
construction (core.search), and this checks that the order holds too."""

import pytest
from django.utils import translation

from core.search import first_ranked, leading_rows, orders_by_code_point
from partners.filters import PartnerFilter
from partners.models import Partner
from units.filters import SiteFilter, UnitFilter
from units.models import ResearchUnit, Site

from .relevance import RELEVANCE

pytestmark = pytest.mark.django_db

# kind: (filter, the public list's rows, the key a record is known by)
LISTS = {
    "unit": (UnitFilter, ResearchUnit.objects.for_public_list, lambda unit: unit.code),
    "partner": (PartnerFilter, Partner.objects.for_directory, lambda partner: partner.slug),
    "site": (SiteFilter, Site.objects.all, lambda site: site.slug),
}


def first_five(query: str, language: str, kind: str) -> list[str]:
    filterset_class, rows, key = LISTS[kind]
    with translation.override(language):
        filterset = filterset_class({"q": query}, queryset=rows())
        return [key(record) for record in filterset.qs[:5]]


def test_the_relevance_set_has_sixty_queries_in_both_languages():
    assert len(RELEVANCE) >= 60
    assert {language for _query, language, _kind, _key in RELEVANCE} == {"fr", "en"}
    assert {kind for _query, _language, kind, _key in RELEVANCE} == set(LISTS)


def test_the_expected_record_is_first_for_nine_queries_in_ten_and_in_the_first_five_for_all(demo):
    first, misses = 0, []
    for query, language, kind, key in RELEVANCE:
        found = first_five(query, language, kind)
        first += bool(found) and found[0] == key
        if key not in found:
            misses.append(f"{kind} {query!r}: expected {key}, got {found}")
        elif found[0] != key:
            misses.append(f"{kind} {query!r}: {key} is #{found.index(key) + 1} after {found[: found.index(key)]}")
    precision = first / len(RELEVANCE)
    report = f"first: {first}/{len(RELEVANCE)} ({precision:.0%}); not first:\n" + "\n".join(misses)
    assert precision >= 0.9 and not any("expected" in miss for miss in misses), report


def test_the_first_rows_read_from_the_leading_ranks_are_the_lists_first_rows(demo):
    """core.search.leading_rows: the first rows of the directory's and the sites' searches,
    read from the exact matches and the names starting with the query, are the list's own
    first rows, for the relevance set's queries and the beginnings of forty names; and
    those two ranks do hold the first rows of many of them."""
    assert orders_by_code_point("default")  # SQLite, and PostgreSQL in C.UTF-8 (CI's)
    lists = {"partner": (PartnerFilter, Partner.objects.published), "site": (SiteFilter, Site.objects.all)}
    beginnings = {
        kind: sorted(
            {
                name[:length]
                for name in rows().order_by("pk").values_list("name", flat=True)[:40]
                for length in (1, 3, 5, 9)
            }
        )
        for kind, (_filter, rows) in lists.items()
    }
    answered = 0
    for kind, (filterset_class, rows) in lists.items():
        for query in [query for query, _language, _kind, _key in RELEVANCE] + beginnings[kind]:
            search = filterset_class.search_of(rows(), query)
            for n in (1, 3, 8):
                leading = leading_rows(search, n)
                if leading is not None:
                    answered += 1
                    assert [row.pk for row in leading] == list(search.ordered().values_list("pk", flat=True)[:n]), (
                        kind,
                        query,
                        n,
                    )
                    assert [row.pk for row in first_ranked(search, n, ("name",))] == [row.pk for row in leading]
    assert answered >= 100, answered  # 178 of 702 tries
