from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core import page_cache

from . import search
from .figures import key_figures

RESULTS_PER_KIND = 8
SUGGESTIONS_PER_KIND = 4
# One letter matches too much to suggest anything useful, and costs the most to search.
SUGGEST_FROM_LENGTH = 2


@require_safe
def home(request):
    # The figures scan every unit, partner and agreement, and the map draws a named point
    # per site: both made once per data generation, day and language (their links are the
    # language's addresses), and kept in each process's memory rather than unpickled from
    # the cache at each request (at 100 times Inserm's size, that and drawing the map's
    # points took 0.3 s a request).
    key = f"{timezone.localdate().isoformat()}:{get_language()}"
    figures = page_cache.in_memory_until_next_edit(f"key-figures:{key}", key_figures)
    site_map = page_cache.in_memory_until_next_edit(
        f"home-map:{key}", lambda: render_to_string("includes/map.html", {"map": figures.map})
    )
    return render(request, "home/home.html", {"figures": figures, "site_map": site_map})


@require_safe
def results(request):
    """Units, partners and sites matching the query, a group per kind, each with its count,
    its first results in its list's order and a link to that list filtered by the query."""
    query, cut = search.clean_query(request.GET.get("q"))
    groups = search.search_everything(query, per_kind=RESULTS_PER_KIND)
    context = {
        "query": query,
        "query_was_cut": cut,
        "max_query_length": search.MAX_QUERY_LENGTH,
        "groups": groups,
        "total": sum(group.count for group in groups),
    }
    return render(request, "home/search_results.html", context)


@require_safe
def suggest(request):
    """A few records of each kind for the search box's suggestions, as JSON:
    {"query": …, "results": [{"kind", "kind_label", "label", "detail", "url"}, …]}.
    Public records only; an anonymous answer is kept by the page cache like any public page."""
    query, _cut = search.clean_query(request.GET.get("q"))
    found = search.suggestions(query, per_kind=SUGGESTIONS_PER_KIND) if len(query) >= SUGGEST_FROM_LENGTH else []
    return JsonResponse({"query": query, "results": found})
