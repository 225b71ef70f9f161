"""The managers' workspace in Chromium: a manager finds expiring units and exports them,
an editor renews a unit."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from units.models import ResearchUnit

from ..factories import UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"  # noqa: S105 - a test account


def log_in(page, username):
    page.goto(page.base + "/manage/")
    assert "/admin/login/" in page.url  # sent to log in first
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/manage/$"))


def test_a_manager_filters_by_site_sees_an_expiring_unit_and_exports_xlsx(page):
    UserFactory(username="manon", password=PASSWORD, group="Managers")
    expiring = ResearchUnit.objects.for_workspace().filter(mandate_status="expiring").order_by("site__slug", "code_key")
    unit = expiring.first()
    log_in(page, "manon")

    page.get_by_label("Site", exact=True).fill(unit.site.slug)
    page.get_by_role("button", name=re.compile("Apply filters|Appliquer les filtres")).click()
    row = page.locator(f'tr[data-unit="{unit.code}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text(re.compile("Expiring|Arrive à échéance"))
    site_row = page.locator(f'tr[data-site="{unit.site.slug}"] td[data-count="expiring"]')
    expect(site_row).to_have_text(str(expiring.filter(site=unit.site).count()))

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export XLSX|Exporter en XLSX")).click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert unit.code in codes
    assert sorted(codes) == sorted(ResearchUnit.objects.filter(site=unit.site).values_list("code", flat=True))


def test_an_editor_renews_a_unit_and_sees_its_new_timeline(page):
    UserFactory(username="edith", password=PASSWORD, group="Editors")
    unit = ResearchUnit.objects.for_workspace().filter(can_renew=True).order_by("code_key").first()
    log_in(page, "edith")

    page.goto(page.base + f"/manage/?q={unit.code}")
    page.locator(f'tr[data-unit="{unit.code}"]').get_by_role("link", name=re.compile("Renew|Renouveler")).click()
    expect(page.locator("#timeline li")).to_have_count(1)
    page.get_by_role("button", name=re.compile("Renew this unit|Renouveler cette unité")).click()

    expect(page.locator("#timeline li")).to_have_count(2)
    expect(page.get_by_role("status").first).to_contain_text(unit.code)
    assert unit.mandates.count() == 2


@pytest.mark.parametrize("width", [1366, 390])
def test_the_workspace_and_the_refused_page_have_no_serious_axe_violation(page, axe_source, width):
    """The managers' pages as they look since issue 18 (cards on a phone, the by-site summary
    folded) and the page a manager gets on following an editor's renew link (a 403)."""
    UserFactory(username="manon", password=PASSWORD, group="Managers")
    unit = ResearchUnit.objects.for_workspace().filter(can_renew=True).order_by("code_key").first()
    page.set_viewport_size({"width": width, "height": 900})
    page.missing_on_purpose = "/renew/"  # the refused page answers 403, which the console reports
    log_in(page, "manon")
    problems = []
    for path in ["/manage/", "/manage/?status=expiring", "/manage/planning/", f"/manage/units/{unit.pk}/renew/"]:
        response = page.goto(page.base + path)
        assert response.status == (403 if "renew" in path else 200), path
        page.evaluate(axe_source)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        problems += [
            f"{path}: {violation['id']} ({violation['impact']})"
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
    assert problems == []
