"""Lists on a 390 px phone, in Chromium: every row is a card showing every column the desktop
table shows, each value under its column's name, nothing clipped, hidden or wider than the
screen (static/css/portal.css, "Phone cards"); the workspace shows its units before the
by-site summary, which is folded."""

import re

import pytest
from django.db.models import Count, Q

from units.models import ResearchUnit

from ..factories import UserFactory
from .records import partner_with_most_public_agreements

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "a-long-test-password"  # noqa: S105 - a test account

# Every body cell of every list's table in the page's main part, after opening the folded
# ones: what is wrong with it at this width, if anything. A chart's figures (chart-table,
# templates/includes/bar_chart.html) are a chart's, not a list: their own tests check them.
CELL_PROBLEMS = """() => {
    document.querySelectorAll("main details").forEach(details => { details.open = true; });
    const width = document.documentElement.clientWidth;
    const problems = [];
    const cells = [...document.querySelectorAll("main table:not(.chart-table) > tbody > tr > :is(td, th)")];
    for (const cell of cells) {
        const name = cell.dataset.label || cell.textContent.trim().slice(0, 30);
        const where = `row ${cell.parentElement.rowIndex} "${name}"`;
        const style = getComputedStyle(cell);
        if (!cell.textContent.trim() && !cell.children.length) continue;  // an actions cell with no action
        if (style.display === "none" || style.visibility === "hidden") {
            problems.push(`${where}: hidden`);
            continue;
        }
        const box = cell.getBoundingClientRect();
        if (box.left < -1 || box.right > width + 1) problems.push(`${where}: off screen (${box.left}-${box.right})`);
        if (cell.scrollWidth > cell.clientWidth + 1) {
            problems.push(`${where}: overflows (${cell.scrollWidth} > ${cell.clientWidth})`);
        }
        for (const child of cell.querySelectorAll("*")) {
            const childStyle = getComputedStyle(child);
            if (childStyle.display === "none") continue;  // a reminder of another column, which the card shows
            const childBox = child.getBoundingClientRect();
            if (childBox.right > box.right + 1 || childBox.left < box.left - 1) {
                problems.push(`${where}: ${child.tagName} sticks out`);
            }
            if (child.clientWidth && child.scrollWidth > child.clientWidth + 1) {
                problems.push(`${where}: ${child.tagName} overflows`);
            }
        }
        if (cell.dataset.label) {
            const before = getComputedStyle(cell, "::before");
            if (!before.content.includes(cell.dataset.label) || before.display === "none") {
                problems.push(`${where}: no label`);
            }
        }
    }
    for (const wrapper of document.querySelectorAll("main .table-responsive:has(> table:not(.chart-table))")) {
        if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
            problems.push(`a table scrolls sideways (${wrapper.scrollWidth} > ${wrapper.clientWidth})`);
        }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push("the page scrolls sideways");
    return {cells: cells.length, problems};
}"""


def public_pages() -> list[str]:
    """The public lists, and the tables inside a unit's and a partner's page: the unit and
    the partner with the most public agreements."""
    unit = (
        ResearchUnit.objects.published()
        .annotate(n=Count("agreements", filter=Q(agreements__is_public=True)))
        .order_by("-n", "code_key")
        .first()
    )
    partner = partner_with_most_public_agreements()
    paths = [
        "/units/",
        "/units/?status=expiring",
        "/partners/",
        "/partners/agreements/",
        "/sites/",
        f"/units/{unit.code_slug}/",
        f"/partners/{partner}/",
    ]
    return [f"/{language}{path}" for language in ("fr", "en") for path in paths]


def log_in_as_a_manager(page):
    UserFactory(username="manon", password=PASSWORD, group="Managers")
    page.goto(page.base + "/manage/")
    page.fill("#id_username", "manon")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/manage/$"))


def problems_at(page, path: str, language: str = "") -> list[str]:
    page.goto(page.base + path)
    found = page.evaluate(CELL_PROBLEMS)
    where = f"{path} ({language})" if language else path
    assert found["cells"] > 0, f"{where}: no table"
    return [f"{where}: {problem}" for problem in found["problems"]]


def test_no_list_cell_is_clipped_hidden_or_off_screen_on_a_phone(page):
    page.set_viewport_size(PHONE)
    problems = []
    for path in public_pages():
        problems += problems_at(page, path)
    log_in_as_a_manager(page)
    for language in ("fr", "en"):  # the workspace speaks the browser's language
        page.set_extra_http_headers({"Accept-Language": language})
        problems += problems_at(page, "/manage/?status=expiring", language)
        problems += problems_at(page, "/manage/planning/", language)
    assert not problems, "\n".join(problems)


def test_on_a_phone_list_rows_are_cards_whose_values_carry_their_column_names(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/fr/units/?status=expiring")
    row = page.locator("main table tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "block"
    assert page.locator("main table thead").evaluate("head => head.getBoundingClientRect().height") <= 1
    # The term end, hidden in a narrow table, shows in the card with its name.
    term_end = row.locator("td[data-label='Fin du mandat']")
    assert term_end.is_visible()
    assert re.fullmatch(r"\d{1,2} [a-zéû]+ \d{4}", term_end.inner_text().strip())
    assert row.locator(".status-badge").inner_text() == "Arrive à échéance"


def test_on_a_desktop_lists_stay_tables_with_their_header_row(page):
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + "/fr/units/")
    assert page.locator("main table tbody tr").first.evaluate("row => getComputedStyle(row).display") == "table-row"
    assert page.get_by_role("columnheader", name=re.compile("Fin du mandat")).is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_workspace_shows_its_units_before_the_folded_by_site_summary(page, viewport):
    page.set_viewport_size(viewport)
    log_in_as_a_manager(page)
    page.goto(page.base + "/manage/?status=expiring")

    units = page.locator("table[aria-labelledby=units-heading]")
    by_site = page.locator("table[aria-labelledby=sites-heading]")
    assert units.locator("tbody tr").first.is_visible()
    assert by_site.is_hidden()  # folded
    top = "element => element.getBoundingClientRect().top + window.scrollY"
    assert units.evaluate(top) < page.locator("#sites-heading").evaluate(top)

    page.locator("details.site-summary > summary").click()
    assert by_site.locator("tbody tr").first.is_visible()
