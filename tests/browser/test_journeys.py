"""What a visitor does, in Chromium: browse, filter, search, paginate, switch language, export."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from partners.models import Partner
from units.models import MandateStatus, ResearchUnit

pytestmark = pytest.mark.browser


def test_browse_the_directory_filter_by_category_and_open_a_partner(page):
    page.goto(page.base + "/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner directory")

    category = page.locator("#id_category")  # a disclosure of checkboxes, each with its count
    category.locator("summary").click()
    category.get_by_role(
        "checkbox", name=re.compile(r"^Universities and higher-education establishments \(\d+\)$")
    ).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("47 results")
    assert "category=higher-education" in page.url

    page.get_by_role("link", name="Université de Bordeaux").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Université de Bordeaux")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Partner directory")


def test_search_without_accents_finds_accented_names(page):
    page.goto(page.base + "/fr/partners/")
    page.get_by_label("Rechercher", exact=True).fill("universite grenoble")
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.get_by_role("link", name="Université Grenoble Alpes")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("1 résultat")


def test_paginate_and_keep_the_filters(page):
    page.goto(page.base + "/en/partners/?category=industry&sort=name")
    first_page = page.locator("tbody tr td:first-child a").all_inner_texts()
    page.get_by_role("link", name="Next").click()
    assert "category=industry" in page.url and "page=2" in page.url and "sort=name" in page.url
    expect(page.get_by_role("status")).to_contain_text("page 2 of")
    second_page = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert len(first_page) == 25 and second_page and not set(first_page) & set(second_page)
    assert first_page == sorted(first_page, key=str.casefold)


def test_switch_language_and_stay_on_the_same_page(page):
    page.goto(page.base + "/en/units/?status=renewable&sort=name")
    page.get_by_role("link", name=re.compile("FR")).click()
    assert page.url.endswith("/fr/units/?status=renewable&sort=name")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unités de recherche")
    expect(page.get_by_label("État du mandat")).to_have_value("renewable")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_filter_units_by_site_and_by_expiring(page):
    expiring = ResearchUnit.objects.for_public_list().with_status("expiring").order_by("site__slug")
    site = expiring.first().site  # a site with expiring units, whatever today's date
    expected = expiring.filter(site=site)
    page.goto(page.base + "/en/units/")
    site_input = page.get_by_label("Site", exact=True)
    site_input.press_sequentially(site.name[:12])
    # Suggestions come from the sites API as one types; picking one fills in the site's slug.
    expect(page.locator(f'#site-suggestions option[value="{site.slug}"]')).to_have_count(1)
    site_input.fill(site.slug)
    status = page.get_by_label("Mandate status")
    status.select_option(label=status.locator("option", has_text=re.compile(r"^Expiring")).inner_text())
    page.get_by_role("button", name="Apply filters").click()
    assert expected.count() > 0
    expect(page.get_by_role("status")).to_contain_text(f"{expected.count()} result")
    codes = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert codes == sorted(unit.code for unit in expected) or set(codes) == {unit.code for unit in expected}
    for badge in page.locator("tbody .status-badge").all_inner_texts():
        assert badge == MandateStatus.EXPIRING.label


def test_open_a_unit_and_see_its_mandate_and_supervisors(page):
    unit = ResearchUnit.objects.for_public_list().with_status("final").order_by("code_key").first()
    page.goto(page.base + "/en/units/?q=" + unit.code)
    page.get_by_role("link", name=unit.code, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(unit.code)
    expect(page.locator("ol.timeline:not(.lineage) li")).to_have_count(2)  # the terms, not the lineage
    expect(page.get_by_text("Supervising bodies")).to_be_visible()


def test_export_the_filtered_list_as_csv(page):
    page.goto(page.base + "/en/partners/?category=health-agencies")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    names = sorted(row[0] for row in table[1:])
    assert names == sorted(
        Partner.objects.published().filter(category__slug="health-agencies").values_list("name", flat=True)
    )
    assert "Internal notes" not in table[0] and table[0][0] == "Name"


def test_click_a_region_on_the_map_to_list_its_units(page):
    page.goto(page.base + "/en/")
    page.locator('path[data-region="bretagne"]').click()
    page.wait_for_url(re.compile(r"/en/units/\?status=in_force&region=bretagne$"))
    count = ResearchUnit.objects.published().in_force().filter(site__region="bretagne").count()
    expect(page.get_by_role("status")).to_contain_text(f"{count} result")


def test_the_menu_works_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base + "/en/")
    menu_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Research units", exact=True)
    expect(menu_link).to_be_hidden()  # folded behind the menu button
    page.get_by_role("button", name="Show the menu").click()
    menu_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Research units")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
