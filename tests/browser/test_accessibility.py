"""axe-core, injected into each public page in Chromium, finds no serious or critical violation."""

import pytest
from django.db.models import Count, Q

from partners.models import Partner
from units.models import ResearchUnit, Site

from .records import partner_with_most_public_agreements

pytestmark = pytest.mark.browser


def pages() -> list[str]:
    partner = Partner.objects.published().filter(agreements__isnull=False).order_by("slug").first()
    unit = ResearchUnit.objects.published().order_by("code_key").first()
    site = Site.objects.order_by("slug").first()
    # The charts (core/charts.py) at their fullest: the partner with the most public
    # agreements, the site with the most published units.
    charted_partner = partner_with_most_public_agreements()
    charted_site = (
        Site.objects.annotate(n=Count("units", filter=Q(units__is_published=True))).order_by("-n", "slug").first()
    )
    paths = [
        "/",
        "/partners/",
        "/partners/?category=nonsense",  # the "filters not understood" message
        f"/partners/{partner.slug}/",
        "/units/?status=expiring",
        "/units/?region=bretagne&region=normandie&site_kind=chu&puph=no",  # facets open, ticked and counted
        "/partners/?kind=university&region=ile-de-france",
        f"/units/{unit.code_slug}/",
        "/sites/",
        "/sites/?kind=chu&kind=clcc",
        f"/sites/{site.slug}/",
        f"/partners/{charted_partner}/",
        f"/sites/{charted_site.slug}/",
        "/regions/ile-de-france/",  # the map zoomed on a region, its sites as links
        "/regions/la-reunion/",  # an overseas one
        "/no-such-page/",
    ]
    return [f"/{language}{path}" for language in ("fr", "en") for path in paths]


def test_no_serious_or_critical_violation_on_any_public_page(page, axe_source):
    problems = []
    for path in pages():
        page.goto(page.base + path)
        page.evaluate(axe_source)  # not a <script> tag: the site's CSP rightly refuses inline scripts
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in results["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []


def test_keyboard_users_can_skip_to_the_content(page):
    page.goto(page.base + "/en/partners/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
