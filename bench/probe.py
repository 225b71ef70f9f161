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
    site = Site.objects.annotate(n=Count("units")).order_by("-n", "slug").first()
    partner = Partner.objects.published().order_by("slug").first()
    unit = ResearchUnit.objects.published().order_by("code_key").first()
    last_page = max(1, -(-Partner.objects.published().count() // PAGE_SIZE))
    return {
        "/healthz": "/healthz",
        "home": "/en/",
        "partner directory": "/en/partners/",
        "directory, last page": f"/en/partners/?page={last_page}",
        "category filter": "/en/partners/?category=higher-education",
        "text search": "/en/partners/?q=univ",
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
    chosen = pages()
    for name, path in chosen.items():
        visitor = client if path.startswith("/admin/") else anonymous
        with CaptureQueriesContext(connection) as captured:
            response = visitor.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(captured)
    print(json.dumps({"pages": chosen, "queries": queries, "session": client.cookies["sessionid"].value}))


if __name__ == "__main__":
    main()
