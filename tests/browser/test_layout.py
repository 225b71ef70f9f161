"""The layout in Chromium: a visible focus on every control, and no page wider than a phone."""

import pytest

from partners.models import Agreement

from ..factories import AgreementFactory, MandateFactory, PartnerFactory
from ..public.conftest import public_urls

pytestmark = pytest.mark.django_db


def pages(records) -> list[str]:
    """The public HTML pages (not the CSV exports) of these records, both languages."""
    return [url for url in public_urls(records) if not url.endswith(".csv")]


@pytest.fixture
def served(reference_data, live_server):
    mandate = MandateFactory(unit__code="U1234", unit__name="Laboratoire d'Immunologie")
    partner = PartnerFactory(name="Université de Lyon", slug="universite-de-lyon")
    AgreementFactory(kind=Agreement.Kind.JOINT_SUPERVISION, partners=[partner]).units.add(mandate.unit)
    for index in range(30):  # a second page, so the pagination links are there too
        PartnerFactory(name=f"Université {index:02d}")
    return live_server.url, {"unit": mandate.unit, "site": mandate.unit.site, "partner": partner}


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {
        tag: document.activeElement.tagName + (document.activeElement.id ? '#' + document.activeElement.id : ''),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        shadow: style.boxShadow !== 'none',
    };
}"""


@pytest.mark.browser
def test_keyboard_focus_is_visible_on_every_control(tab, served):
    base, _records = served
    tab.goto(base + "/en/partners/?sort=name")
    seen = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        focus = tab.evaluate(FOCUS_STYLE)
        if focus["tag"] == "BODY":
            break
        seen.append(focus["tag"])
        assert focus["outline"] or focus["shadow"], focus
    # The category facet's disclosure (a summary), the country's select.
    assert "INPUT#id_q" in seen and "SUMMARY" in seen and "SELECT#id_country" in seen, seen
    assert any(tag.startswith("A") for tag in seen) and any(tag.startswith("BUTTON") for tag in seen), seen


@pytest.mark.browser
def test_every_page_fits_a_phone_screen(tab, served):
    base, records = served
    tab.set_viewport_size({"width": 360, "height": 740})
    for url in pages(records):
        tab.goto(base + url)
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
