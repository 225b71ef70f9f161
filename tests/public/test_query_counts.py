"""Each public page runs the same, small number of queries with 5 rows and with 200."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Agreement, UnitPartner

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory, UnitPartnerFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10

# Expected queries, at most: home 5 (unit figures, units per region, partners per
# category, active agreements, term ends); partner list 5 (category and country choices, count,
# page, and the facets: one UNION ALL of a GROUP BY per filter, whatever the number of
# choices); partner page 10 (partner with category and parent, members, agreements, their
# partners, their units, its units: counts by role, those shown today and formerly, its
# sites, its agreements by year and kind for the chart); agreement list 5 (count, page, their
# partners, their units, facets); unit list 4 (site choices or the partner filtered by, count,
# page, facets); unit page 6 (unit with site and status, terms, agreements, their partners, its
# lineage, its partners); site list 3 (count, page, facets); site page 3 (site with its
# institution, its units, their term ends by year and status for the chart);
# exports 1-3 (choices, rows).
PAGES = [
    "/en/",
    "/fr/partners/",
    "/en/partners/?q=universite&sort=-name&page=2",
    "/en/partners/hub/",
    "/en/partners/agreements/?state=in_force&sort=-agreement",
    "/fr/partners/agreements/export.csv",
    "/en/partners/export.csv",
    "/en/units/",
    "/fr/units/?status=renewable&site=big-site&puph=no&sort=term_end",
    "/en/units/?supervisor=hub&as_of=2025-06-30",
    "/en/units/U1/",
    "/en/units/export.csv?q=u",
    "/en/sites/",
    "/en/sites/big-site/",
    "/en/sites/export.csv",
]


@pytest.fixture
def hubs():
    """One site, one partner and one unit that every added row links to."""
    partner = PartnerFactory(slug="hub", parent=PartnerFactory(slug="hub-parent"))
    site = SiteFactory(slug="big-site", institution=partner)
    unit = MandateFactory(unit__code="U1", unit__site=site).unit
    MandateFactory(unit=unit, number=2, start=dt.date(2029, 1, 1))
    return site, partner, unit


def add_rows(count, site, hub_partner, hub_unit):
    for index in range(count):
        unit = MandateFactory(unit__site=site).unit
        partner = PartnerFactory(parent=hub_partner)
        agreement = AgreementFactory(partners=[hub_partner, partner], kind=Agreement.Kind.JOINT_SUPERVISION)
        agreement.units.add(hub_unit, unit)
        # The hub supervises every unit (some formerly), is their host, and owns a site.
        UnitPartnerFactory(unit=unit, partner=hub_partner, end=dt.date(2025, 12, 31) if index % 3 else None)
        UnitPartnerFactory(unit=unit, partner=hub_partner, role=UnitPartner.Role.HOST)
        UnitPartnerFactory(unit=hub_unit, partner=partner, role=UnitPartner.Role.HOSPITAL)
        SiteFactory(institution=hub_partner)
        if index % 2:
            AgreementFactory(partners=[partner], stage=Agreement.Stage.DRAFT, signed_on=None)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # exports query while they stream
    assert response.status_code == 200, url
    return len(captured)


def test_query_counts_do_not_grow_with_rows(client, hubs, django_assert_max_num_queries):
    add_rows(5, *hubs)
    with_5 = {url: queries(client, url) for url in PAGES}
    add_rows(195, *hubs)
    for url in PAGES:
        with django_assert_max_num_queries(MAX_QUERIES):
            with_200 = queries(client, url)
        assert with_200 == with_5[url], url
