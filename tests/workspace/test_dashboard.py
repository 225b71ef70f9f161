"""The managers' dashboard: counts per site, filters, exports identical to the screen."""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.columns import short_date
from units import rules
from units.models import Mandate, MandateStatus, ResearchUnit, Site
from workspace.columns import COLUMNS
from workspace.filters import WorkspaceUnitFilter
from workspace.models import ManagerProfile

from ..factories import MandateFactory, SiteFactory

pytestmark = pytest.mark.django_db

D = dt.date

DASHBOARD = reverse("workspace:dashboard")


def status_in_python(terms, today) -> str:
    """The mandate status rule, restated from the terms themselves (not the SQL annotation)."""
    first_start = min(term.start for term in terms)
    last = max(terms, key=lambda term: term.number)
    if first_start > today:
        return "upcoming"
    if last.end < today:
        return "ended"
    if last.end <= rules.add_months(today, 12):
        return "expiring"
    return "final" if last.number >= 2 else "renewable"


def test_counts_per_site_equal_an_independent_count(manager_client, demo):
    response = manager_client.get(DASHBOARD)
    today = timezone.localdate()
    terms_by_unit = {}
    for term in Mandate.objects.select_related("unit__site"):
        terms_by_unit.setdefault(term.unit, []).append(term)
    expected = {}
    for unit, terms in terms_by_unit.items():
        row = expected.setdefault(unit.site.slug, {"in_force": 0, "next": None})
        row["in_force"] += any(term.start <= today <= term.end for term in terms)
        status = status_in_python(terms, today)
        row[status] = row.get(status, 0) + 1
        end = max(term.end for term in terms)
        if end >= today and (row["next"] is None or end < row["next"]):
            row["next"] = end
    rows = {row["site__slug"]: row for row in response.context["site_rows"]}
    assert set(rows) == set(expected)
    for slug, row in rows.items():
        for status in ("renewable", "final", "expiring", "ended", "upcoming"):
            assert row[status] == expected[slug].get(status, 0), (slug, status)
        assert (row["in_force"], row["next_expiry"]) == (expected[slug]["in_force"], expected[slug]["next"])
        assert row["in_force"] == row["renewable"] + row["final"] + row["expiring"]


COUNT_LINK = re.compile(r'<td class="text-end" data-count="(\w+)" data-label="[^"]+"><a href="([^"]+)">(\d+)</a></td>')


@pytest.mark.today(D(2026, 11, 30))
@pytest.mark.parametrize(
    ("query", "statuses"),
    [
        ("", {"in_force", "renewable", "final", "expiring", "ended"}),
        # The other filters stay: the counts are of the filtered units, and so are the lists.
        ("?region=ile-de-france&status=in_force", {"in_force", "renewable", "final", "expiring"}),
    ],
)
def test_each_count_per_site_links_to_the_units_it_counts(manager_client, manager, demo, query, statuses):
    html = manager_client.get(DASHBOARD + query).text
    assert 'data-day="2026-11-30"' in html
    links = COUNT_LINK.findall(html.replace("&amp;", "&"))
    assert {status for status, _, _ in links} >= statuses
    # Every link's units, counted by the list's own filters (a page for each of the ~150
    # links took 20 s); a page for one link of each status shows the same count.
    shown = set()
    for status, link, count in links:
        request = RequestFactory().get(DASHBOARD + link)
        request.user = manager
        units = WorkspaceUnitFilter(request.GET, ResearchUnit.objects.for_workspace(), request=request).qs
        assert units.count() == int(count), (status, link)
        if status not in shown:
            shown.add(status)
            assert manager_client.get(DASHBOARD + link).context["paginator"].count == int(count), (status, link)


def test_the_counts_per_site_move_with_the_day(manager_client, manager, time_machine):
    MandateFactory(start=D(2025, 1, 1))  # a first term to 31 December 2028
    expected = {
        "2024-12-31": {"upcoming": 1},
        "2025-01-01": {"in_force": 1, "renewable": 1},
        "2028-12-31": {"in_force": 1, "expiring": 1},
        "2029-01-01": {"ended": 1},
    }
    for day, counts in expected.items():
        time_machine.move_to(f"{day} 12:00")
        manager_client.force_login(manager)  # the session of years before has lapsed
        html = manager_client.get(DASHBOARD).text
        assert f'data-day="{day}"' in html
        (row,) = manager_client.get(DASHBOARD).context["site_rows"]
        assert {status: count for status, count in row["counts"] if count} == counts, day


def test_drafts_and_internal_notes_are_shown_to_managers(manager_client):
    MandateFactory(unit__code="U1", unit__is_published=False, unit__internal_notes="Budget under review.")
    response = manager_client.get(DASHBOARD)
    assert "U1" in response.text and "Budget under review." in response.text


def test_expires_before_is_right_on_its_boundary_day(manager_client):
    MandateFactory(unit__code="U1", start=dt.date(2025, 1, 1))  # ends 31 Dec 2028
    MandateFactory(unit__code="U2", start=dt.date(2025, 1, 2))  # ends 1 Jan 2029

    def codes(day):
        response = manager_client.get(DASHBOARD, {"expires_before": day})
        return [unit.code for unit in response.context["object_list"]]

    assert codes("2028-12-30") == []
    assert codes("2028-12-31") == ["U1"]
    assert codes("2029-01-01") == ["U1", "U2"]


@pytest.mark.today
def test_renewal_decided_or_pending(manager_client):
    pending = MandateFactory(unit__code="U1").unit
    decided = MandateFactory(unit__code="U2").unit
    MandateFactory(unit=decided, number=2, start=dt.date(2029, 1, 1))
    MandateFactory(unit__code="U3", start=dt.date(2010, 1, 1))  # ended, neither

    def codes(value):
        return [u.code for u in manager_client.get(DASHBOARD, {"renewal": value}).context["object_list"]]

    assert codes("pending") == [pending.code]
    assert codes("decided") == [decided.code]


def test_only_the_sites_i_follow(manager_client, manager):
    mine, other = SiteFactory(slug="mine"), SiteFactory(slug="other")
    MandateFactory(unit__code="U1", unit__site=mine)
    MandateFactory(unit__code="U2", unit__site=other)
    ManagerProfile.objects.create(user=manager).sites.add(mine)
    response = manager_client.get(DASHBOARD, {"mine": "on"})
    assert [u.code for u in response.context["object_list"]] == ["U1"]
    assert [row["site__slug"] for row in response.context["site_rows"]] == ["mine"]


class TableReader(HTMLParser):
    """The rendered unit table: its header cells and, for each row, its cells' text."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_table = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("aria-labelledby", "units-heading") in attrs:
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.in_table and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen(response) -> list[list[str]]:
    """The unit table as the manager sees it, actions left out."""
    reader = TableReader()
    reader.feed(response.text)
    header, *rows = reader.rows
    width = len(COLUMNS.export)
    return [[cell.replace(" ▲", "").replace(" ▼", "") for cell in header[:width]], *(row[:width] for row in rows)]


@pytest.mark.parametrize("query", [{"status": "expiring"}, {"region": "bretagne", "sort": "-name"}, {}])
def test_exports_hold_exactly_the_filtered_rows_and_the_screens_columns(manager_client, demo, query):
    shown = manager_client.get(DASHBOARD, {**query, "page": 1})
    every_row = ResearchUnit.objects.count() if not query else shown.context["paginator"].count

    csv_response = manager_client.get(reverse("workspace:export_csv"), query)
    table = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    xlsx_response = manager_client.get(reverse("workspace:export_xlsx"), query)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    workbook_rows = list(sheet.iter_rows(values_only=True))

    on_screen = screen(shown)
    assert table[0] == on_screen[0] == [str(column.header) for column in COLUMNS.export]
    assert list(workbook_rows[0]) == on_screen[0]
    assert len(table) - 1 == len(workbook_rows) - 1 == every_row
    # The first page of the screen is the start of each export, cell for cell, in the same order.
    page = len(on_screen) - 1
    assert table[1 : page + 1] == [[cell if cell != "—" else "" for cell in row] for row in on_screen[1:]]
    language = csv_response["Content-Language"]
    as_text = [[xlsx_text(value, language) for value in row] for row in workbook_rows[1 : page + 1]]
    assert as_text == table[1 : page + 1]


def xlsx_text(value, language) -> str:
    """A cell read back from the workbook, as the CSV writes it (dates come back as datetimes)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return short_date(value.date(), language)
    return str(value)


def test_the_dashboard_runs_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries):
    for _ in range(3):
        MandateFactory()
    with django_assert_max_num_queries(12) as few:
        manager_client.get(DASHBOARD)
    for _ in range(60):
        MandateFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager_client.get(DASHBOARD)


def test_managers_search_internal_notes_and_codes(manager_client):
    MandateFactory(unit__code="UMR-S 1234", unit__internal_notes="Succession à préparer")
    MandateFactory(unit__code="U9")
    assert [u.code for u in manager_client.get(DASHBOARD, {"q": "succession"}).context["object_list"]] == ["UMR-S 1234"]
    assert [u.code for u in manager_client.get(DASHBOARD, {"q": "umr_s1234"}).context["object_list"]] == ["UMR-S 1234"]


def test_managers_see_why_a_units_last_term_is_not_a_full_one_on_screen_and_in_exports(manager_client):
    MandateFactory(unit__code="U1", end=D(2029, 6, 30), length_reason="extension")
    MandateFactory(unit__code="U2", end=D(2027, 6, 30), length_reason="other", length_note="Fusion avec U1235")
    # A unit whose first term was shortened, and renewed for a full term: its last term says nothing.
    first = MandateFactory(unit__code="U3", end=D(2027, 12, 31), length_reason="early_closure")
    MandateFactory(unit=first.unit, number=2, start=D(2028, 1, 1))
    column = [COLUMNS.export.index(COLUMNS["length_reason"])]

    manager_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    rows = screen(manager_client.get(DASHBOARD, {"sort": "code"}))
    exported = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    manager_client.get(reverse("workspace:export_csv"), {"sort": "code"}).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )

    expected = [["Length reason"], ["Extension"], ["Other: Fusion avec U1235"], ["—"]]
    assert [[row[i] for i in column] for row in rows] == expected
    assert [[row[i] for i in column] for row in exported] == [*expected[:3], [""]]


# Dashboard filters and sort ----------------------------------------------------------------


@pytest.fixture
def spread():
    """Units on sites of two kinds and regions, of two structure types, ending on different days."""
    chu = SiteFactory(slug="chu-lille", name="CHU de Lille", kind=Site.Kind.CHU, region="hauts-de-france")
    campus = SiteFactory(slug="campus-rennes", name="Campus de Rennes", kind=Site.Kind.CAMPUS, region="bretagne")
    cic = ResearchUnit.StructureType.CIC
    MandateFactory(unit__code="U10", unit__name="Zeta", unit__site=chu, start=D(2025, 3, 1))
    MandateFactory(unit__code="U20", unit__name="Alpha", unit__site=campus, start=D(2024, 1, 1))
    MandateFactory(unit__code="U30", unit__name="Mu", unit__site=chu, unit__structure_type=cic, start=D(2026, 6, 1))
    MandateFactory(unit__code="U40", unit__name="Beta", unit__site=campus, unit__structure_type=cic)
    return {"chu": chu, "campus": campus}


def codes(client, **query) -> list[str]:
    return [unit.code for unit in client.get(DASHBOARD, query).context["object_list"]]


def test_each_filter_keeps_exactly_its_units(manager_client, spread):
    assert codes(manager_client, site="chu-lille") == ["U10", "U30"]
    assert codes(manager_client, site="campus-rennes") == ["U20", "U40"]
    assert codes(manager_client, site_kind="campus") == ["U20", "U40"]
    assert codes(manager_client, region="hauts-de-france") == ["U10", "U30"]
    assert codes(manager_client, structure_type="cic") == ["U30", "U40"]
    assert codes(manager_client, structure_type="cic", site_kind="chu") == ["U30"]
    # The site table follows the filters too.
    response = manager_client.get(DASHBOARD, {"structure_type": "cic", "site_kind": "chu"})
    rows = response.context["site_rows"]
    assert [(row["site__slug"], sum(row[status] for status in MandateStatus.values)) for row in rows] == [
        ("chu-lille", 1)
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["U20", "U40", "U30", "U10"]),  # Alpha, Beta, Mu, Zeta
        ("-name", ["U10", "U30", "U40", "U20"]),
        ("term_end", ["U20", "U40", "U10", "U30"]),  # 2027-12-31, 2028-12-31, 2029-02-28, 2030-05-31
        ("-code", ["U40", "U30", "U20", "U10"]),
    ],
)
def test_the_table_sorts_and_the_export_keeps_the_order(manager_client, spread, sort, expected):
    assert codes(manager_client, sort=sort) == expected
    response = manager_client.get(reverse("workspace:export_csv"), {"sort": sort})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == expected
