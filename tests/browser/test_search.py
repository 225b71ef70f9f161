"""The header's search box in Chromium: a WAI-ARIA combobox driven by the keyboard alone,
without serious or critical axe violations, inside the collapsed menu on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
# (Waiting on a script string is refused by the pages' CSP, which forbids eval: locators wait instead.)

AXE_RUN = "async () => await axe.run(document, {resultTypes: ['violations']})"


def tab_to(page, element_id: str, presses: int = 30):
    """Press Tab until the element with this id has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return page.locator(f"#{element_id}")
    raise AssertionError(f"Tab never reached #{element_id}")


def serious_violations(page, axe_source) -> list[str]:
    page.evaluate(axe_source)  # not a <script> tag: the site's CSP rightly refuses inline scripts
    violations = page.evaluate(AXE_RUN)["violations"]
    return [
        f"{v['id']} ({v['impact']}) {[node['target'] for node in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_the_search_box_is_a_combobox_driven_by_the_keyboard_alone(page):
    page.goto(page.base + "/en/partners/")
    box = tab_to(page, "site-search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"

    page.keyboard.type("lyon")
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    count = options.count()
    assert count > 1
    # Grouped by kind, each group named by its heading; the number announced.
    assert listbox.get_by_role("group").count() >= 2
    assert page.get_by_role("group", name="Research units").is_visible()
    status = page.locator("#site-search ~ [aria-live=polite]")
    assert status.text_content() == f"{count} suggestions. Up and down arrows to choose, Enter to open."

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowUp")  # above the first: the last
    assert box.get_attribute("aria-activedescendant") == options.nth(count - 1).get_attribute("id")
    page.keyboard.press("ArrowDown")  # past the last: the first again
    target = first.get_attribute("data-url")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == page.base + target
    assert page.locator("h1").is_visible()


def test_escape_closes_the_suggestions_then_clears_the_box(page):
    page.goto(page.base + "/en/sites/")
    box = tab_to(page, "site-search")
    page.keyboard.type("univ")
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert not page.locator("#site-search-suggestions").is_visible()
    assert box.input_value() == "univ"
    page.keyboard.press("Escape")
    assert box.input_value() == ""


def test_enter_without_a_chosen_suggestion_submits_the_search_to_the_results_page(page):
    page.goto(page.base + "/en/units/")
    tab_to(page, "site-search")
    page.keyboard.type("lyon")
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == page.base + "/en/search/?q=lyon"
    assert page.locator("section.search-group").count() == 3


def test_without_javascript_the_form_still_gives_the_results_page(browser, demo_portal):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_portal + "/fr/partners/")
    page.fill("#site-search", "lyon")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/fr/search/?q=lyon")
    assert page.locator("#site-search").get_attribute("role") is None  # no combobox without its script
    assert page.locator("section.search-group").count() == 3
    context.close()


def test_no_serious_or_critical_violation_on_the_results_page_or_with_the_suggestions_open(page, axe_source):
    problems = []
    for language in ("fr", "en"):
        page.goto(page.base + f"/{language}/search/?q=lyon")
        problems += [f"results {language}: {p}" for p in serious_violations(page, axe_source)]
        page.goto(page.base + f"/{language}/search/")
        problems += [f"empty search {language}: {p}" for p in serious_violations(page, axe_source)]
        page.goto(page.base + f"/{language}/")
        page.focus("#home-search")
        page.keyboard.type("univ")
        expect(page.locator("#home-search")).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("ArrowDown")
        problems += [f"listbox open {language}: {p}" for p in serious_violations(page, axe_source)]
    assert problems == []


def test_on_a_phone_the_box_is_in_the_collapsed_menu_and_its_suggestions_fit_the_screen(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base + "/en/partners/")
    assert not page.locator("#site-search").is_visible()
    page.get_by_role("button", name="Show the menu").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#site-search", state="visible")
    page.focus("#site-search")
    page.keyboard.type("lyon")
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "true")
    box = page.locator("#site-search-suggestions").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
