"""Every public page is valid HTML for the Nu HTML checker (npm vnu-jar, run with Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from partners.models import Partner
from units.models import ResearchUnit, Site

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(condition: bool, what: str):
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is required in CI")
        pytest.skip(f"{what} is not installed")


@pytest.mark.slow  # the Nu HTML checker, in Java
def test_public_pages_are_valid_html(client, tmp_path):
    java = shutil.which("java")
    require(java is not None, "Java (apt-get install default-jre-headless)")
    require(VNU.exists(), "vnu-jar (npm ci)")
    call_command("seed_demo", verbosity=0)
    partner = Partner.objects.published().filter(agreements__isnull=False).order_by("slug").first()
    unit = ResearchUnit.objects.published().order_by("code_key").first()
    site = Site.objects.order_by("slug").first()
    busiest_site = Site.objects.annotate(units_count=Count("units")).order_by("-units_count", "slug").first()
    paths = [
        "/",
        "/partners/",
        "/partners/?category=nonsense&page=2",
        f"/partners/{partner.slug}/",
        "/units/?status=expiring&sort=-name",
        f"/units/{unit.code_slug}/",
        "/sites/",
        f"/sites/{site.slug}/",
        f"/sites/{busiest_site.slug}/",  # its map and its units' chart
        "/regions/ile-de-france/",  # the map zoomed on a region
        "/regions/la-reunion/",  # an overseas one, in its inset
        "/search/?q=lyon",  # the portal-wide search: every group shown
        "/search/?q=zzqxw",  # nothing found
        "/search/",
        "/no-such-page/",
    ]
    files = {}
    for language in ("fr", "en"):
        for path in paths:
            url = f"/{language}{path}"
            response = client.get(url)
            assert response.status_code in (200, 404), url
            file = tmp_path / f"page-{len(files)}.html"
            file.write_bytes(response.content)
            files[str(file)] = url

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
