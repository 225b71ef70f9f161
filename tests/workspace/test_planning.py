"""The managers' planning page: terms ending by year and wave, and by site, each count the
length of the list it links to; the list's wave and term-end-year filters; who may see it."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from units.models import Region
from workspace.models import WaveRegion

from ..factories import MandateFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
PLANNING = reverse("workspace:planning")
DASHBOARD = reverse("workspace:dashboard")
# A count that links: <td … data-wave="A"><a href="…">3</a></td> (data-year on the site table).
COUNT_LINK = re.compile(
    r'<td class="text-end[^"]*" data-(?:wave|year)="(\w+)" data-label="[^"]+"><a href="([^"]+)">(\d+)</a></td>'
)


def count_links(html: str) -> list[tuple[str, str, int]]:
    return [(key, unescape(url), int(count)) for key, url, count in COUNT_LINK.findall(html)]


def table(html: str, name: str) -> str:
    start = html.index(f'data-table="{name}"')
    return html[start : html.index("</table>", start)]


def listed(client, url: str) -> int:
    return client.get(url).context["paginator"].count


@pytest.mark.today(D(2026, 11, 29))
def test_each_count_equals_the_list_it_links_to(manager_client, demo):
    html = manager_client.get(PLANNING).text
    links = count_links(html)
    by_wave, by_site = count_links(table(html, "by-wave")), count_links(table(html, "by-site"))
    assert len(by_wave) > 20 and len(by_site) > 50  # the demo's terms end in every year shown
    assert len(links) == len(by_wave) + len(by_site)
    for key, url, count in links:
        assert url.startswith(DASHBOARD + "?")
        assert listed(manager_client, url) == count, (key, url)


@pytest.mark.today(D(2026, 11, 29))
def test_the_counts_are_the_units_whose_last_term_ends_in_the_year_by_wave():
    client = Client()
    client.force_login(UserFactory(group="Managers"))
    lyon = SiteFactory()  # Auvergne-Rhône-Alpes: wave A
    WaveRegion.objects.filter(region=Region.MAYOTTE).delete()  # Mayotte in no wave
    mamoudzou = SiteFactory(region=Region.MAYOTTE, city="Mamoudzou")
    MandateFactory(unit__site=lyon, start=D(2023, 1, 1), end=D(2027, 12, 31))
    MandateFactory(unit__site=lyon, unit__hceres_wave="C", start=D(2023, 1, 1), end=D(2027, 6, 30))
    MandateFactory(unit__site=mamoudzou, start=D(2024, 1, 1), end=D(2027, 12, 31))
    renewed = MandateFactory(unit__site=lyon, start=D(2022, 1, 1), end=D(2026, 12, 31))
    MandateFactory(unit=renewed.unit, number=2, start=D(2027, 1, 1), end=D(2031, 12, 31))  # counted in 2031
    MandateFactory(unit__site=lyon, start=D(2020, 1, 1), end=D(2025, 12, 31))  # ended last year
    MandateFactory(unit__site=lyon, start=D(2030, 1, 1), end=D(2034, 12, 31))  # beyond the years shown

    context = client.get(PLANNING).context
    assert context["years"] == [2026, 2027, 2028, 2029, 2030, 2031]
    rows = {row["year"]: {cell["wave"]: cell["count"] for cell in row["cells"]} for row in context["wave_rows"]}
    assert rows[2027] == {"A": 1, "B": 0, "C": 1, "D": 0, "E": 0, "none": 1}
    assert rows[2031]["A"] == 1
    assert sum(count for row in rows.values() for count in row.values()) == 4
    assert [row["total"][0] for row in context["wave_rows"]] == [0, 3, 0, 0, 0, 1]
    sites = {row["slug"]: (row["wave"], row["counts"]) for row in context["site_rows"]}
    assert sites == {
        lyon.slug: ("A", {2026: 0, 2027: 2, 2028: 0, 2029: 0, 2030: 0, 2031: 1}),
        mamoudzou.slug: ("", {2026: 0, 2027: 1, 2028: 0, 2029: 0, 2030: 0, 2031: 0}),
    }
    # The years move with the day.
    assert client.get(PLANNING).context["wave_rows"][0]["year"] == 2026


def test_the_dashboard_links_to_the_planning(manager_client):
    assert f'href="{PLANNING}"' in manager_client.get(DASHBOARD).text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_planning_speaks_the_visitors_language_and_its_tables_are_labelled(manager_client, language):
    MandateFactory(end=D(dt.date.today().year + 1, 12, 31))
    html = manager_client.get(PLANNING, HTTP_ACCEPT_LANGUAGE=language).text
    assert f'<html lang="{language}"' in html
    assert html.count("<caption>") == 3
    assert html.count('<th scope="row"') >= 5 + 6 + 1  # waves, years, one site
    assert "table-cards" in html  # rows become cards at phone width rather than overflowing
    year = dt.date.today().year  # a year, not a number: never 2,026 nor 2 026
    assert re.search(f'<th scope="row" data-label="[^"]+">{year}</th>', html)


def test_the_planning_runs_a_fixed_number_of_queries(manager_client, django_assert_num_queries):
    year = dt.date.today().year
    for offset in range(3):
        MandateFactory(start=D(year - 2, 1, 1), end=D(year + offset, 12, 31))
    # session, user, groups (access); the waves and their regions; counts by wave and year,
    # counts by site and year; the user's and their groups' permissions (the Edit link)
    with django_assert_num_queries(9):
        manager_client.get(PLANNING)
    for offset in range(60):
        MandateFactory(
            unit__site=SiteFactory(region=Region.BRETAGNE), start=D(year - 2, 1, 1), end=D(year + offset % 6, 12, 31)
        )
    with django_assert_num_queries(9):
        manager_client.get(PLANNING)


# The list's filters ------------------------------------------------------------------------------


@pytest.mark.today(D(2026, 11, 29))
def test_the_list_filters_by_wave_and_by_the_year_a_term_ends(manager_client):
    lyon, rennes = SiteFactory(), SiteFactory(region=Region.BRETAGNE)
    MandateFactory(unit__code="U1", unit__site=lyon, end=D(2027, 12, 31))
    MandateFactory(unit__code="U2", unit__site=rennes, end=D(2027, 12, 31))
    MandateFactory(unit__code="U3", unit__site=rennes, unit__hceres_wave="A", end=D(2028, 12, 31))

    def codes(**query):
        return [unit.code for unit in manager_client.get(DASHBOARD, query).context["object_list"]]

    assert codes(wave="A") == ["U1", "U3"]
    assert codes(wave="B") == ["U2"]
    assert codes(term_end_year="2027") == ["U1", "U2"]
    assert codes(wave="A", term_end_year="2028") == ["U3"]
    assert codes(wave="none") == []


def test_the_wave_shows_in_the_list_and_its_exports(manager_client):
    MandateFactory(unit__code="U1", unit__site=SiteFactory(region=Region.HAUTS_DE_FRANCE))
    page = manager_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["object_list"][0].evaluation_wave == "E"
    assert "Evaluation wave" in page.text
    content = b"".join(
        manager_client.get(reverse("workspace:export_csv"), HTTP_ACCEPT_LANGUAGE="en").streaming_content
    ).decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(content))
    assert row["Evaluation wave"] == "E"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"wave": "Z"}, "Select a valid choice. Z is not one of the available choices."),
        ({"wave": "<script>"}, "is not one of the available choices."),
        ({"term_end_year": "next year"}, "Enter a year, such as 2027."),
        ({"term_end_year": "2027.5"}, "Enter a year, such as 2027."),
        ({"term_end_year": "99999999999999999999"}, "Ensure this value is less than or equal to 2100."),
        ({"term_end_year": "-1"}, "Ensure this value is greater than or equal to 1950."),
        ({"term_end_year": "\x00"}, "Enter a year, such as 2027."),
    ],
    ids=repr,
)
def test_garbage_filters_get_a_message_never_a_server_error(query, message):
    MandateFactory()
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(group="Managers"))
    page = client.get(DASHBOARD, query, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code in (200, 400)
    assert message in unescape(page.text)
    assert "<script>" not in page.text.split("<body", 1)[1].replace("<script src=", "")
    for export in ("workspace:export_csv", "workspace:export_xlsx"):
        response = client.get(reverse(export), query)
        assert response.status_code in (200, 400)
        b"".join(response.streaming_content) if response.streaming else response.content


# Who may see it ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("no group", 403), ("manager", 200), ("editor", 200), ("superuser", 200)]
)
def test_the_planning_is_for_managers_editors_and_superusers(client, role, status):
    if role == "superuser":
        client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password"))
    elif role != "anonymous":
        client.force_login(UserFactory(username=role, group={"manager": "Managers", "editor": "Editors"}.get(role)))
    response = client.get(PLANNING)
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))


def test_only_editors_are_offered_to_edit_the_waves(client):
    edit = reverse("admin:workspace_evaluationwave_changelist")
    client.force_login(UserFactory(username="m", group="Managers"))
    assert edit not in client.get(PLANNING).text
    client.force_login(UserFactory(username="e", group="Editors"))
    assert edit in client.get(PLANNING).text
