"""What each speed-up of the public pages is worth: every page rendered in one process,
with all speed-ups and with each one switched off in turn, in alternation, and the median
time of each compared. A speed-up that moves no public list page by 5% or more at
scale 100 on PostgreSQL is not worth its code (issue 14).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inserm_portal_bench100 \\
        .venv/bin/python bench/speedups.py [--rounds 7 --requests 15]

The database is one bench/run.py seeded (`seed_demo --scale 100`) and tidied (`VACUUM
ANALYZE`, as autovacuum does in service: without it, an index-only scan reads the table
too, and a deep page read in two steps looks slower than in one). The page cache is off
(it is measured by bench/run.py, cached against uncached), the cache is this process's
memory, debug is off and the static files are collected into a temporary folder, as in
production. Switching a speed-up off replaces it, in this process only, by the plain
Django it stands in for. Rounds alternate the variants in a new order each time, so that
the machine's changes of speed fall on all of them alike.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_ROOT = tempfile.mkdtemp(prefix="speedups-static-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="inserm_portal.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY="speedups-" + "x" * 40,
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_HTTPS="false",
    PAGE_CACHE_SECONDS="0",
    REDIS_URL="",
    SERVER_PROCESSES="1",
    DJANGO_STATIC_ROOT=STATIC_ROOT,
    LOG_LEVEL="WARNING",
)
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django_filters import FilterSet  # noqa: E402
from probe import pages  # noqa: E402

import core.columns  # noqa: E402
import core.templatetags.portal  # noqa: E402
import partners.models  # noqa: E402
import units.models  # noqa: E402
from core import links, page_cache  # noqa: E402
from core.lists import ListFilterSet, ListPaginator, PublicListView  # noqa: E402

PUBLIC_PAGES = [
    "home",
    "partner directory",
    "directory, last page",
    "category filter",
    "text search",
    "units by site",
    "units expiring",
    "partner detail",
    "unit detail",
]


def uncached_lru(module, name):
    """An lru_cache'd function of `module` called without its cache."""
    return [(module, name, getattr(module, name).__wrapped__)]


def without_kept_values(prefix):
    """page_cache.until_next_edit computing, every time, the values whose key starts with `prefix`."""
    kept = page_cache.until_next_edit

    def until_next_edit(key, compute, seconds=600):
        return compute() if key.startswith(prefix) else kept(key, compute, seconds)

    return [(page_cache, "until_next_edit", until_next_edit)]


def every_list(attribute, value):
    return [(view, attribute, value) for view in PublicListView.__subclasses__()]


def plain_flag(flag):
    return Q(**{flag: True})


# Each speed-up: what switching it off replaces (module or class, attribute, stand-in).
SPEEDUPS = {
    "row counts kept until the next edit": without_kept_values("count:"),
    "category table kept": without_kept_values("categories:"),
    "site slug kept": without_kept_values("site-slug:"),
    "home figures kept": without_kept_values("key-figures:"),
    "late row lookup of deep pages": [(ListPaginator, "_get_page", Paginator._get_page)],
    "rows read with only() their columns": every_list("row_fields", ()),
    "filter form class once per language": [(ListFilterSet, "get_form_class", FilterSet.get_form_class)],
    "URLs reversed once per language": uncached_lru(links, "reversed_url"),
    "choice labels once per language": uncached_lru(core.templatetags.portal, "labels_of"),
    "country names once per language": uncached_lru(core.templatetags.portal, "name_of_country"),
    "short dates once per language": uncached_lru(core.columns, "short_date"),
    "flag spelled for SQLite (is_set)": [(units.models, "is_set", plain_flag), (partners.models, "is_set", plain_flag)],
}


class Switched:
    """Within it, the speed-up's attributes are replaced by their stand-ins."""

    def __init__(self, replacements):
        self.replacements = replacements

    def __enter__(self):
        self.saved = [(owner, name, owner.__dict__.get(name)) for owner, name, _ in self.replacements]
        for owner, name, stand_in in self.replacements:
            setattr(owner, name, stand_in)

    def __exit__(self, *exc):
        for owner, name, saved in self.saved:
            if saved is None:
                delattr(owner, name)
            else:
                setattr(owner, name, saved)


def forget():
    """Each request starts from what a long-running process keeps, no more: the lru_caches
    and the kept values are rebuilt by the first request of each burst (the warm-up)."""
    cache.clear()
    for function in (
        links.reversed_url,
        core.templatetags.portal.labels_of,
        core.templatetags.portal.name_of_country,
        core.columns.short_date,
    ):
        function.cache_clear()
    for view in PublicListView.__subclasses__():
        view.filterset_class.__dict__.get("_form_classes", {}).clear()


def burst(client, path, requests) -> float:
    """The median milliseconds of `requests` requests after one to warm up."""
    client.get(path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=15, help="per burst, after one to warm up")
    parser.add_argument("--pages", nargs="*", default=PUBLIC_PAGES)
    parser.add_argument("--speedups", nargs="*", default=list(SPEEDUPS), help="those to switch off (default: all)")
    args = parser.parse_args()

    _records, chosen = pages()
    client = Client(HTTP_ACCEPT_LANGUAGE="en", SERVER_NAME="127.0.0.1")
    variants = {"all speed-ups": [], **{name: SPEEDUPS[name] for name in args.speedups}}
    times = {(page, variant): [] for page in args.pages for variant in variants}
    rng = random.Random(14)
    for round_number in range(args.rounds):
        for page in args.pages:
            order = list(variants)
            rng.shuffle(order)
            for variant in order:
                forget()
                with Switched(variants[variant]):
                    times[page, variant].append(burst(client, chosen[page], args.requests))
        print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)

    print(
        f"Each page's median time in {args.rounds} rounds of {args.requests} requests, one process; then, for each"
        " speed-up switched off, the median over the rounds of its time against the all-speed-ups time of the same"
        " round (+ is slower without it; bold from 5%).\n"
    )
    print("| speed-up switched off | " + " | ".join(args.pages) + " |")
    print("|---|" + "---:|" * len(args.pages))
    base = {page: times[page, "all speed-ups"] for page in args.pages}
    medians = [f"{statistics.median(base[page]):.1f} ms" for page in args.pages]
    print("| (none: all speed-ups) | " + " | ".join(medians) + " |")
    for variant in args.speedups:
        cells = []
        for page in args.pages:
            change = statistics.median(off / on for off, on in zip(times[page, variant], base[page], strict=True)) - 1
            cells.append(f"**{change:+.0%}**" if abs(change) >= 0.05 else f"{change:+.0%}")
        print(f"| {variant} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
