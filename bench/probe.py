"""Run by bench/run.py inside the database under test: chooses the pages to load (a busy
site, a published partner and unit, the last page of the directory), logs a bench user
in, and counts the SQL queries of one request to each page. Prints JSON."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inserm_portal.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from partners.models import Partner  # noqa: E402
from units.models import ResearchUnit, Site  # noqa: E402

PAGE_SIZE = 25


def pages():
    """The pages to load, and the records they show. The site, partner and unit are those
    of the smallest scale when bench/run.py names them (BENCH_RECORDS), so that a page
    shows the same rows at every scale and only the database's size changes (the busiest
    site of scale 100 has 17 units, that of scale 1 has 12); the last page is each scale's."""
    named = json.loads(os.environ.get("BENCH_RECORDS") or "{}")
    site = Site.objects.filter(slug=named.get("site", "")).first() or (
        Site.objects.annotate(n=Count("units")).order_by("-n", "slug").first()
    )
    partner = Partner.objects.published().filter(slug=named.get("partner", "")).first() or (
        Partner.objects.published().order_by("slug").first()
    )
    unit = ResearchUnit.objects.published().filter(code=named.get("unit", "")).first() or (
        ResearchUnit.objects.published().order_by("code_key").first()
    )
    records = {"site": site.slug, "partner": partner.slug, "unit": unit.code}
    last_page = max(1, -(-Partner.objects.published().count() // PAGE_SIZE))
    return records, {
        "/healthz": "/healthz",
        "home": "/en/",
        "partner directory": "/en/partners/",
        "directory, last page": f"/en/partners/?page={last_page}",
        "category filter": "/en/partners/?category=higher-education",
        "text search": "/en/partners/?q=univ",
        # Issue 17: the portal-wide search of units, partners and sites, and its suggestions.
        "search results": "/en/search/?q=univ",
        "search suggestions": "/en/search/suggest/?q=univ",
        "units by site": f"/en/units/?site={site.slug}",
        "units expiring": "/en/units/?status=expiring",
        "partner detail": partner.get_absolute_url().replace("/fr/", "/en/"),
        "unit detail": unit.get_absolute_url().replace("/fr/", "/en/"),
        "CSV export of a filter": f"/en/units/export.csv?site={site.slug}",
        "admin partner changelist": "/admin/partners/partner/",
        "admin unit changelist": "/admin/units/researchunit/",
    }


def main():
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en", SERVER_NAME="127.0.0.1")
    client.force_login(user)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en", SERVER_NAME="127.0.0.1")
    queries = {}
    records, chosen = pages()
    for name, path in chosen.items():
        visitor = client if path.startswith("/admin/") else anonymous
        with CaptureQueriesContext(connection) as captured:
            response = visitor.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(captured)
    session = client.cookies["sessionid"].value
    print(json.dumps({"pages": chosen, "records": records, "queries": queries, "session": session}))


if __name__ == "__main__":
    main()
