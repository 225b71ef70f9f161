"""The list filters' choices show how many records each would give (facets), and the
categories, kinds and regions can be combined: on the demo data, every count the panel
shows is the count of the list its choice leads to."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Agreement, Partner
from units.models import ResearchUnit, Site

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory, category

pytestmark = pytest.mark.django_db

# Each list, its facets, and whether a facet takes several choices (checkboxes) or one.
FACETS = {
    "/en/units/": {
        "site_kind": True,
        "region": True,
        "structure_type": True,
        "status": False,
        "perimeter": False,
        "puph": False,
    },
    "/en/sites/": {"kind": True, "region": True},
    "/en/partners/": {"category": True, "kind": True, "country": False, "region": True},
    "/en/partners/agreements/": {"kind": True, "state": False},
}
COUNTED = re.compile(r"\((\d+)\)\s*$")


class PanelReader(HTMLParser):
    """The choices the filter panel shows, as {filter: {choice: count}}, read from its
    checkboxes and their labels, and from the options of its selects."""

    def __init__(self):
        super().__init__()
        self.counts: dict[str, dict[str, int]] = {}
        self.checked: dict[str, list[str]] = {}
        self.select = None
        self.pending = None  # (filter, choice) whose label or option text is being read
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox" and attrs.get("name"):
            self.pending = (attrs["name"], attrs["value"])
            if "checked" in attrs:
                self.checked.setdefault(attrs["name"], []).append(attrs["value"])
        elif tag == "label" and self.pending:
            self.text = ""
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and attrs.get("value"):
            self.pending, self.text = (self.select, attrs["value"]), ""

    def handle_data(self, data):
        self.text += data

    def handle_endtag(self, tag):
        if tag in ("label", "option") and self.pending:
            counted = COUNTED.search(self.text.strip())
            if counted:
                name, choice = self.pending
                self.counts.setdefault(name, {})[choice] = int(counted.group(1))
            self.pending = None
        elif tag == "select":
            self.select = None


def shown(client, path, params=()) -> PanelReader:
    response = client.get(path, params)
    assert response.status_code == 200
    reader = PanelReader()
    reader.feed(response.text)
    return reader


def result_count(client, path, params) -> int:
    response = client.get(path, params)
    assert response.status_code == 200
    assert not response.context["filter"].form.errors, params
    return response.context["paginator"].count


def most_common(counts: dict[str, int]) -> str:
    return max(counts, key=counts.get)


@pytest.mark.parametrize("path", FACETS)
def test_every_count_shown_is_the_count_of_the_list_its_choice_leads_to_with_another_filter(client, demo, path):
    facets = list(FACETS[path])
    unfiltered = shown(client, path).counts
    assert set(unfiltered) == set(facets)  # every facet shows its counts
    for position, name in enumerate(facets):
        # Another filter applied: the most frequent choice of the next facet.
        other = facets[(position + 1) % len(facets)]
        params = {other: most_common(unfiltered[other])}
        counts = shown(client, path, params).counts[name]
        assert sum(counts.values()) > 0, (name, params)
        for choice, count in counts.items():
            # What the panel's form sends when this choice is ticked (or picked) and applied.
            assert result_count(client, path, {**params, name: choice}) == count, (name, choice, params)


@pytest.mark.parametrize(
    ("path", "name"),
    [(path, name) for path, facets in FACETS.items() for name, several in facets.items() if several],
)
def test_choices_of_one_filter_combine_as_any_of_them_and_its_counts_leave_its_own_choice_out(client, demo, path, name):
    counts = shown(client, path).counts[name]
    first, second = sorted(counts, key=counts.get, reverse=True)[:2]
    assert result_count(client, path, {name: [first, second]}) == counts[first] + counts[second]
    chosen = shown(client, path, {name: [first, second]})
    assert sorted(chosen.checked[name]) == sorted([first, second])  # still ticked
    assert chosen.counts[name] == counts  # what ticking another would add, whatever is ticked


def test_several_regions_give_the_units_of_each_and_the_other_filters_still_apply(client, demo):
    regions = ["bretagne", "normandie"]
    response = client.get("/en/units/", {"region": regions, "structure_type": "research_unit"})
    expected = ResearchUnit.objects.published().filter(site__region__in=regions, structure_type="research_unit")
    assert response.context["paginator"].count == expected.count() > 0
    # The panel's own count for each region, with the structure type applied, adds up to it.
    counts = shown(client, "/en/units/", {"structure_type": "research_unit"}).counts["region"]
    assert counts["bretagne"] + counts["normandie"] == expected.count()


def test_a_single_value_link_still_filters_as_before(client, demo):
    """The home page's figures and the map link with one value: ?region=bretagne."""
    for path, param, queryset in [
        ("/en/units/", "region", ResearchUnit.objects.published().filter(site__region="bretagne")),
        ("/en/sites/", "region", Site.objects.filter(region="bretagne")),
        ("/en/partners/", "category", Partner.objects.published().filter(category__slug="health-agencies")),
    ]:
        value = "health-agencies" if param == "category" else "bretagne"
        assert result_count(client, path, {param: value}) == queryset.count() > 0


def test_unpublished_records_are_never_counted(client, db):
    site = SiteFactory(region="bretagne", kind=Site.Kind.CLCC)
    MandateFactory(unit__site=site, unit__structure_type=ResearchUnit.StructureType.TEAM)
    MandateFactory(unit__site=site, unit__is_published=False, unit__structure_type=ResearchUnit.StructureType.TEAM)
    PartnerFactory(region="bretagne", kind=Partner.Kind.AGENCY, category=category("health-agencies"))
    PartnerFactory(region="bretagne", kind=Partner.Kind.AGENCY, country="DE", is_published=False)
    units = shown(client, "/en/units/").counts
    assert units["region"]["bretagne"] == units["site_kind"]["clcc"] == units["structure_type"]["team"] == 1
    partners = shown(client, "/en/partners/").counts
    assert partners["region"]["bretagne"] == partners["kind"]["agency"] == partners["category"]["health-agencies"] == 1
    assert "DE" not in partners["country"]  # a country only an unpublished partner has is not offered
    AgreementFactory(kind=Agreement.Kind.LICENCE)
    AgreementFactory(kind=Agreement.Kind.LICENCE, is_public=False)
    AgreementFactory(kind=Agreement.Kind.LICENCE, stage=Agreement.Stage.DRAFT, signed_on=None)
    agreements = shown(client, "/en/partners/agreements/").counts
    assert agreements["kind"]["licence"] == agreements["state"]["in_force"] == 1


def test_a_choice_that_would_give_nothing_is_dimmed_or_disabled_but_stays_chosen(client, db):
    MandateFactory(unit__site=SiteFactory(region="bretagne"))
    text = client.get("/en/units/", {"region": "normandie"}).text
    # Normandy, ticked though it gives nothing, stays ticked and dimmed; Corsica is dimmed.
    assert re.search(
        r'value="normandie" id="id_region_\d+" checked>\s*<label class="form-check-label facet-empty"', text
    )
    assert re.search(r'value="corse" id="id_region_\d+">\s*<label class="form-check-label facet-empty"', text)
    # A single choice's option that would give nothing cannot be picked, unless it is the one picked.
    assert re.search(r'<option value="upcoming" disabled>', text)
    MandateFactory(unit__director_is_puph=True)
    picked = client.get("/en/units/", {"puph": "no"}).text  # no unit's director is not PU-PH here
    assert '<option value="no" selected>' in picked and '<option value="yes">' in picked


@pytest.mark.parametrize(
    "query",
    [
        {"region": "nowhere"},
        {"region": ["bretagne", "nowhere"]},
        {"site_kind": "\x00"},
        {"structure_type": "x" * 5000},
        {"category": ["health-agencies", "é"]},
        {"kind": "<script>"},
    ],
)
def test_choices_not_understood_give_the_lists_message_and_no_counts(client, db, query):
    path = "/en/partners/" if {"category", "kind"} & set(query) else "/en/units/"
    response = client.get(path, query)
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert response.context["paginator"].count == 0
    assert shown(client, path, query).counts == {}


def test_facets_are_counted_in_one_query_kept_until_the_next_edit(client, db, django_assert_num_queries):
    site = SiteFactory(region="bretagne")
    for _ in range(3):
        MandateFactory(unit__site=site)
    # The unit list: its count, its rows, and its facets (one UNION ALL of a GROUP BY per facet).
    with django_assert_num_queries(3) as captured:
        client.get("/en/units/", {"region": ["bretagne", "normandie"], "puph": "no"})
    (facets,) = [query["sql"] for query in captured.captured_queries if "UNION ALL" in query["sql"]]
    assert facets.count("GROUP BY") == len(FACETS["/en/units/"])
    # Another page or sort of the same filters: count and facets are kept, only rows are read.
    with django_assert_num_queries(1):
        client.get("/en/units/", {"region": ["normandie", "bretagne"], "puph": "no", "sort": "-code"})
    MandateFactory(unit__site=site)  # an edit: counted again
    assert shown(client, "/en/units/", {"region": "bretagne"}).counts["region"]["bretagne"] == 4


def test_the_facet_query_does_not_grow_with_rows(client, db):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/partners/", {"kind": ["university", "agency"], "region": "bretagne"})
        return len(captured)

    PartnerFactory(region="bretagne")
    few = queries()
    for index in range(30):
        PartnerFactory(region="bretagne", kind=Partner.Kind.AGENCY if index % 2 else Partner.Kind.UNIVERSITY)
    assert queries() == few
