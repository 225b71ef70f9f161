"""Garbage in admin query strings never breaks a changelist (the 'Bad input' rule)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.models import PartnerName
from units.models import UnitName

from ..factories import AgreementFactory, MandateFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:units_site_changelist",
    "admin:units_researchunit_changelist",
    "admin:units_mandate_changelist",
    "admin:units_succession_changelist",
    "admin:partners_category_changelist",
    "admin:partners_partner_changelist",
    "admin:partners_agreement_changelist",
    "admin:partners_partnername_changelist",
    "admin:units_unitname_changelist",
]
GARBAGE = [
    {"q": "\x00"},
    {"q": "U\x001234"},
    {"q": "x" * 10_000},
    {"q": "'; DROP TABLE units_researchunit; --"},
    {"q": "🧬 Ünïcødé \u202e"},
    {"status": "nonsense"},
    {"site__kind__exact": "bogus"},
    {"country": "zz"},
    {"o": "abc"},
    {"o": "99"},
    {"p": "999999999"},
    {"p": "-1"},
    {"p": "x"},
    {"start__gte": "not-a-date"},
    {"unknown_field": "1"},
]


@pytest.fixture
def some_records():
    agreement, unit = AgreementFactory(), MandateFactory().unit
    agreement.units.add(unit)
    PartnerName.objects.create(partner=agreement.partners.first(), name="Ancien nom")
    UnitName.objects.create(unit=unit, name="ACR", kind=UnitName.Kind.ACRONYM)


@pytest.mark.parametrize("name", CHANGELISTS)
@pytest.mark.parametrize("query", GARBAGE, ids=lambda q: repr(q)[:30])
def test_changelists_survive_garbage(admin_client, some_records, name, query):
    response = admin_client.get(reverse(name), query)
    # The admin answers a bad filter by redirecting to ?e=1, never with a server error.
    assert response.status_code in (200, 302)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_unit_search_survives_any_text(admin_client, text):
    # Text with a NUL byte is refused, then the whole list shown (see below): 200 in the end.
    response = admin_client.get(reverse("admin:units_researchunit_changelist"), {"q": text}, follow=True)
    assert response.status_code == 200


# Values no database can filter on: years beyond what Python's dates hold (or whose next
# year is), below zero or past any integer, and NUL bytes, which PostgreSQL refuses.
HOSTILE_VALUES = ["2147483648", "99999999999999999999", "-1", "0", "9999", "\x00", "U\x001234"]


def hostile_queries(model_admin, request) -> list[dict]:
    """Each hostile value in each parameter the changelist's filters, date hierarchy and
    search read, one at a time, and the date hierarchy's month and day after a valid year."""
    changelist = model_admin.get_changelist_instance(request)
    parameters = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    queries = []
    if model_admin.date_hierarchy:
        year, month, day = (f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        parameters.append(year)
        queries += [{year: "2025", month: value} for value in HOSTILE_VALUES]
        queries += [{year: "2025", month: "12", day: value} for value in HOSTILE_VALUES]
        queries += [{year: "9999", month: "12"}, {year: "9999", month: "12", day: "31"}, {year: "1"}]
    if model_admin.search_fields:
        parameters.append("q")
    return queries + [{name: value} for name in parameters for value in HOSTILE_VALUES]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_no_changelist_filter_or_search_answers_a_server_error(admin_client, admin_user, rf, some_records, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = admin_user
    queries = hostile_queries(model_admin, request)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    admin_client.raise_request_exception = False

    failures = [(query, status) for query in queries if (status := admin_client.get(url, query).status_code) >= 500]

    assert len(queries) >= len(HOSTILE_VALUES)  # every changelist is searched or filtered
    assert failures == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:partners_agreement_changelist", {"start__year": "2147483648"}),
        ("admin:units_mandate_changelist", {"end__year": "99999999999999999999"}),
        ("admin:units_mandate_changelist", {"end__year": "9999", "end__month": "12"}),
        ("admin:units_researchunit_changelist", {"site__kind": "\x00"}),
        ("admin:partners_partner_changelist", {"country": "\x00"}),
        ("admin:partners_partner_changelist", {"q": "Lyon\x00"}),
    ],
)
def test_a_filter_no_database_can_apply_is_refused_with_a_message(admin_client, some_records, name, query):
    english = {"accept-language": "en"}  # staff pages follow the browser's language
    response = admin_client.get(reverse(name), query, headers=english)
    assert response.status_code == 302 and response.url.endswith("?e=1")

    page = admin_client.get(response.url, headers=english)
    assert page.status_code == 200
    assert "This list could not be filtered as asked" in page.text
    french = admin_client.get(reverse(name), query, follow=True, headers={"accept-language": "fr"})
    assert "pas pu être filtrée comme demandé" in french.text
