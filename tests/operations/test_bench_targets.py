"""The benchmark's verdict on issue 17's targets (bench/run.py), from a run's saved results:
the bench itself is not part of the suite (speed is measured there, never here), but a
target check that could never fail would say nothing."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).parents[2] / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def saved_run(*, page_rps, list_rps, page_p50, list_p50, suggestions_p50=12.0):
    large = {"uncached": {name: {"rps": 100.0} for name in ("search results", "text search", "search suggestions")}}
    return {
        "p50": {"uncached": {"search suggestions": {"large": {"p50_alone": suggestions_p50}}}},
        "search": {
            "search results": {"rps": page_rps, "p50_alone": page_p50},
            "text search": {"rps": list_rps, "p50_alone": list_p50},
        },
    }, large


def test_a_results_page_as_fast_as_the_list_and_quick_suggestions_meet_the_targets():
    assert bench.missed_search_targets(*saved_run(page_rps=130, list_rps=125, page_p50=11.0, list_p50=11.5)) == []


@pytest.mark.parametrize(
    ("run", "missed"),
    [
        ({"page_rps": 110, "list_rps": 125, "page_p50": 11.0, "list_p50": 11.5}, "fewer than the text-search list's"),
        ({"page_rps": 130, "list_rps": 125, "page_p50": 12.0, "list_p50": 11.5}, "longer than the text-search list's"),
        (
            {"page_rps": 130, "list_rps": 125, "page_p50": 11.0, "list_p50": 11.5, "suggestions_p50": 31.0},
            "wanted < 30",
        ),
    ],
)
def test_a_slower_results_page_or_slow_suggestions_are_named(run, missed):
    found = bench.missed_search_targets(*saved_run(**run))
    assert len(found) == 1 and missed in found[0]


def test_a_run_without_the_comparison_in_alternation_misses_it():
    results, large = saved_run(page_rps=130, list_rps=125, page_p50=11.0, list_p50=11.5)
    del results["search"]
    assert bench.missed_search_targets(results, large) == [
        "no search results page against the text-search list in alternation"
    ]
