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
