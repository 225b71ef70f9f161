"""A partner's page draws its public agreements by the year they start and by kind: what an
anonymous visitor may see, and nothing for a partner without any."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from partners.models import Agreement

from ..factories import AgreementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def signed(partner, year: int, kind=Agreement.Kind.COLLABORATION, **kwargs):
    start = dt.date(year, 3, 1)
    return AgreementFactory(partners=[partner], kind=kind, start=start, signed_on=start, **kwargs)


def table(html: str) -> dict[str, list[str]]:
    """The chart's table: {year or "Total": its cells' texts}."""
    body = html[html.index('<table class="table table-sm chart-table">') :]
    body = body[: body.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture
def partner():
    """Public agreements in 2019 (two kinds) and 2022, and what the public never sees:
    drafts, negotiations and agreements not made public, in years of their own."""
    partner = PartnerFactory(slug="hopital-test")
    signed(partner, 2019)
    signed(partner, 2019, kind=Agreement.Kind.FRAMEWORK, amount_eur=123456)
    signed(partner, 2022)
    signed(partner, 2022, stage=Agreement.Stage.TERMINATED, terminated_on=dt.date(2023, 1, 1))
    signed(partner, 2017, is_public=False)
    AgreementFactory(partners=[partner], stage=Agreement.Stage.DRAFT, signed_on=None, start=dt.date(2030, 1, 1))
    AgreementFactory(partners=[partner], stage=Agreement.Stage.NEGOTIATING, signed_on=None, start=dt.date(2016, 1, 1))
    return partner


def test_the_chart_counts_the_public_agreements_by_start_year_and_kind(client, partner):
    response = client.get(f"/en/partners/{partner.slug}/")
    html = response.text
    assert 'role="img" aria-labelledby="agreements-chart-name"' in html
    assert "Public agreements by the year they start, and by kind</title>" in html
    assert table(html) == {
        "Year the agreement starts": ["Framework agreement", "Research collaboration", "Total"],
        "2019": ["1", "1", "2"],
        "2020": ["0", "0", "0"],
        "2021": ["0", "0", "0"],
        "2022": ["0", "2", "2"],
        "Total": ["1", "3", "4"],
    }
    # As many as the page says it has, and the list below shows.
    assert response.context["partner"].public_agreement_count == 4
    assert len(response.context["agreements"]) == 4
    # Neither the drafts' nor the hidden agreements' years, nor any amount.
    for hidden in ("2016", "2017", "2030", "123456", "123,456", "123 456"):
        assert hidden not in html


def test_the_legend_and_the_table_name_the_kinds_in_the_page_language(client, partner):
    html = client.get(f"/fr/partners/{partner.slug}/").text
    legend = html[html.index('<ul class="chart-legend') : html.index("</ul>", html.index('<ul class="chart-legend'))]
    assert re.findall(r"</svg>([^<]+)</li>", legend) == ["Accord-cadre", "Collaboration de recherche"]
    assert next(iter(table(html).values()))[:2] == ["Accord-cadre", "Collaboration de recherche"]


def test_a_partner_without_public_agreements_has_no_chart(client):
    partner = PartnerFactory()
    AgreementFactory(partners=[partner], stage=Agreement.Stage.DRAFT, signed_on=None)
    signed(partner, 2020, is_public=False)
    html = client.get(f"/en/partners/{partner.slug}/").text
    assert "No public agreement yet." in html
    assert "chart" not in html.replace("bar-chart", "")


def test_more_than_six_kinds_fold_the_smallest_into_other_kinds(client):
    partner = PartnerFactory()
    kinds = list(Agreement.Kind)[:8]
    for index, kind in enumerate(kinds):
        for _ in range(index + 1):
            signed(partner, 2024, kind=kind)
    rows = table(client.get(f"/en/partners/{partner.slug}/").text)
    assert rows["Year the agreement starts"][-2:] == ["Other kinds", "Total"]
    assert rows["2024"][-2:] == ["6", str(sum(range(1, 9)))]  # five kinds kept, the three smallest folded: 1 + 2 + 3


def test_the_chart_is_one_query_whatever_the_number_of_agreements(client, django_assert_num_queries):
    partner = PartnerFactory()
    signed(partner, 2020)
    url = f"/en/partners/{partner.slug}/"
    client.get(url)  # what is kept once (categories, reversed URLs) is kept
    cache.clear()  # but not the page itself
    # The partner page's 9 (tests/public/test_query_counts.py) and the chart's grouped query.
    with django_assert_num_queries(10):
        client.get(url)
    for year in range(2000, 2026):
        for kind in list(Agreement.Kind)[:3]:
            signed(partner, year, kind=kind)
    with django_assert_num_queries(10) as captured:
        response = client.get(url)
    assert len(table(response.text)) == 1 + 26 + 1
    grouped = [query["sql"] for query in captured.captured_queries if "GROUP BY" in query["sql"]]
    assert any('"partners_agreement"."kind"' in sql for sql in grouped)
