"""The relevance set (relevance.py) on the demo data, through the public lists' searches:
the expected record first for at least 90% of the queries, and in the first five for all.
Run on SQLite and on PostgreSQL (CI runs the suite on both): the same rows match by
construction (core.search), and this checks that the order holds too."""

import pytest
from django.utils import translation

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
