"""The admin's spreadsheet pages in Chromium, under the site's Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"  # noqa: S105 - a test account


def test_select_all_on_the_export_page_works_under_the_csp(page):
    UserFactory(username="edith", password=PASSWORD, group="Editors")
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(page.base + "/admin/login/?next=/admin/partners/partner/export/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/partners/partner/export/$"))

    assert "onchange=" not in page.content()
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)')
    assert fields.count() > 5
    toggle = page.get_by_label(re.compile("Select all|Tout sélectionner"))
    expect(toggle).to_be_checked()

    toggle.uncheck()
    for box in fields.all():
        expect(box).not_to_be_checked()
    toggle.check()
    for box in fields.all():
        expect(box).to_be_checked()
    assert blocked == []  # the page fixture also fails the test on any console error


def log_in_as_editor(page, next_url):
    UserFactory(username="edith", password=PASSWORD, group="Editors")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(page.base + f"/admin/login/?next={next_url}")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def too_close(one, other, gap=16) -> bool:
    """Whether two boxes overlap, or sit side by side on one line with less than `gap`
    pixels between them (an error that runs into the next field's label)."""
    same_line = one["y"] < other["y"] + other["height"] and other["y"] < one["y"] + one["height"]
    apart = max(other["x"] - (one["x"] + one["width"]), one["x"] - (other["x"] + other["width"]))
    return same_line and apart < gap


def test_an_import_preview_with_a_bad_row_shows_the_error_in_its_cell_and_fits_1366_px(page, tmp_path):
    from units.models import ResearchUnit  # noqa: PLC0415 - the demo data is loaded by the fixture
    from units.resources import ResearchUnitResource  # noqa: PLC0415

    data = ResearchUnitResource().export(ResearchUnit.objects.order_by("code_key")[:5])
    row = list(data[2])
    row[data.headers.index("hospital_staff_count")] = "twelve"
    data[2] = tuple(row)
    upload = tmp_path / "units.csv"
    upload.write_text(data.export("csv"), encoding="utf-8")

    log_in_as_editor(page, "/admin/units/researchunit/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")

    cell = page.locator("td.import-error-cell")
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("“twelve” is not a whole number.")
    expect(cell.locator(".errorlist")).to_be_visible()  # readable as it is, no hovering
    cell.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # the page does not scroll sideways
    box = page.locator(".import-preview-box")
    assert page.evaluate("(box) => box.scrollWidth > box.clientWidth", box.element_handle())  # the table does


def test_a_latitude_error_does_not_overlap_the_longitude_field(page):
    from units.models import Site  # noqa: PLC0415

    site = Site.objects.order_by("pk").first()
    change = f"/admin/units/site/{site.pk}/change/"
    log_in_as_editor(page, change)
    page.fill("#id_latitude", "999")
    page.click("input[name=_save]")

    error = page.locator(".field-latitude .errorlist")
    expect(error).to_be_visible()
    for other in ("label[for=id_longitude]", "#id_longitude", "label[for=id_latitude]", "#id_latitude"):
        assert not too_close(error.bounding_box(), page.locator(other).bounding_box()), other
