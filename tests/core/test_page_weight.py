"""No page renders a huge widget: at most 200 <option>s in any filter or admin form (pickers
over many records use autocomplete), and public list pages stay under 100 KB of HTML."""

import pytest
from django.contrib import admin

from partners.models import Partner
from units.models import ResearchUnit, Site

from ..factories import AgreementFactory, MandateFactory, category

MAX_OPTIONS = 200
MAX_LIST_BYTES = 100_000
MANY = 250  # more than MAX_OPTIONS of each kind of record


@pytest.fixture
def many_records(db):
    sites = [Site(name=f"Site {n}", slug=f"site-{n}", kind="chu", city="Lyon", region="bretagne") for n in range(MANY)]
    partners = [
        Partner(name=f"Partenaire {n}", slug=f"partner-{n}", category=category(), kind="university", is_published=True)
        for n in range(MANY)
    ]
    for record in sites + partners:
        record.refresh_folded_keys()
    Site.objects.bulk_create(sites)
    Partner.objects.bulk_create(partners)
    sites = list(Site.objects.all())
    units = [
        ResearchUnit(code=f"U{3000 + n}", name=f"Unité {n}", structure_type="research_unit", site=sites[n % MANY])
        for n in range(MANY)
    ]
    for unit in units:
        unit.is_published = True
        unit.refresh_folded_keys()
    ResearchUnit.objects.bulk_create(units)
    unit = ResearchUnit.objects.first()
    mandate = MandateFactory(unit=unit)
    agreement = AgreementFactory(partners=[Partner.objects.first()])
    return {"unit": unit, "mandate": mandate, "agreement": agreement}


def admin_pages(records):
    """Every admin changelist and add form, and a change form of each kind of record."""
    pages = []
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages.append(base)
        pages.append(base + "add/")
        record = model._default_manager.first()
        if record is not None:
            pages.append(f"{base}{record.pk}/change/")
    return pages


PUBLIC_LISTS = ["/en/partners/", "/fr/partners/?category=higher-education", "/en/units/", "/fr/units/", "/en/sites/"]


def test_no_page_renders_more_than_200_options(admin_client, many_records):
    pages = [*PUBLIC_LISTS, "/manage/", "/fr/units/?site=site-1", *admin_pages(many_records)]
    for url in pages:
        response = admin_client.get(url)
        if response.status_code == 403:  # add forms of records only the portal creates
            continue
        assert response.status_code == 200, url
        options = response.content.decode().count("<option")
        assert options <= MAX_OPTIONS, f"{url}: {options} options"


def test_public_list_pages_weigh_less_than_100_kb(client, many_records):
    for url in PUBLIC_LISTS:
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) < MAX_LIST_BYTES, f"{url}: {len(response.content)} bytes"
