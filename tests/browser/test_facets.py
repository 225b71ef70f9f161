"""The filter panel's facets in Chromium, on the demo data: at a phone's width, by keyboard
alone, a region is opened, ticked and applied, and the list gives the count it showed."""

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def focused(page) -> str:
    return page.evaluate("document.activeElement.tagName + ' ' + (document.activeElement.id || '')")


def tab_to(page, wanted: str, limit: int = 60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if re.fullmatch(wanted, focused(page)):
            return
    raise AssertionError(f"no focus on {wanted}")


def test_a_region_ticked_by_keyboard_at_phone_width_gives_the_count_it_showed(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/en/units/?structure_type=research_unit")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    region = page.locator("#id_region")
    assert region.locator("legend").inner_text() == "Region"
    assert not region.get_by_role("checkbox").first.is_visible()  # closed: the panel stays short
    # The disclosure opens with the keyboard, and its checkboxes follow it in the tab order.
    tab_to(page, r"SUMMARY ")
    while region.locator("summary").evaluate("element => element !== document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page) == "INPUT id_region_0"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the second region
    second = region.locator("#id_region_1")
    assert second.is_checked()
    label = region.locator("label[for=id_region_1]").inner_text()
    shown = int(re.search(r"\((\d+)\)$", label).group(1))
    assert shown > 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # open, still fits
    tab_to(page, r"BUTTON ")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Apply filters"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "region=" in page.url and "structure_type=research_unit" in page.url
    count = page.locator(".result-count").inner_text()
    assert count.startswith(f"{shown} result")
    # The chosen region stays ticked, its disclosure open, and says how many are chosen.
    assert page.locator("#id_region_1").is_checked()
    assert page.locator("#id_region summary").inner_text() == "1 chosen"
