"""Workspace promises the other workspace tests leave loose: the exact status of a
history restore per role, each dashboard filter and sort, the alert window's boundary day
and exact unit lists, history and restore for every tracked record, and concurrent edits
of sites and agreements."""

import csv
import datetime as dt
import io
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from units import rules
from units.models import Mandate, ResearchUnit, Site
from workspace.models import ManagerProfile

from ..admin_helpers import term, unit_form
from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
DASHBOARD = reverse("workspace:dashboard")


def role_client(role) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role == "superuser":
        client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password"))
    elif role != "anonymous":
        group = {"manager": "Managers", "editor": "Editors"}.get(role)
        client.force_login(UserFactory(username=role.replace(" ", "-"), group=group, is_staff=role != "not staff"))
    return client


def form_data(response, **changes) -> dict:
    """What a browser posts back from an admin form as it was loaded (plus `changes`)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# Role × URL -----------------------------------------------------------------------------

# role: (restore POST with a valid form, admin changelist renew action changes the unit?)
RESTORE = {
    "anonymous": (302, False),
    "not staff": (302, False),
    "no group": (403, False),
    "manager": (403, False),
    "editor": (302, True),
    "superuser": (302, True),
}


@pytest.mark.parametrize("role", list(RESTORE))
def test_a_valid_restore_and_the_renew_action_per_role(admin_client, role):
    """test_access accepts a 200 for an editor's restore (its form is refused as stale):
    here the form is valid, so the status is exactly the one expected and the record moves."""
    partner = PartnerFactory(name="Before")
    partner.name = "After"
    partner.save()
    old = partner.history.earliest()
    url = reverse("admin:partners_partner_simple_history", args=[partner.pk, old.history_id])
    data = form_data(admin_client.get(url))  # loaded by someone who may see it: a valid form
    unit = MandateFactory(start=timezone.localdate() - dt.timedelta(days=30)).unit  # renewable whatever the day

    client = role_client(role)
    status, allowed = RESTORE[role]
    response = client.post(url, data)
    assert response.status_code == status, role
    if role in ("anonymous", "not staff"):
        assert response["Location"].startswith(reverse("admin:login"))
    partner.refresh_from_db()
    assert partner.name == ("Before" if allowed else "After")

    client.post(
        reverse("admin:units_researchunit_changelist"),
        {"action": "renew_mandates", "_selected_action": [unit.pk], "post": "yes"},
    )
    assert unit.mandates.count() == (2 if allowed else 1)


@pytest.mark.parametrize("role", ["anonymous", "not staff"])
def test_visitors_and_non_staff_users(role):
    """A logged-in user with no group and no staff flag: refused by the workspace, sent to
    the admin's login page by the admin; a visitor is sent to log in everywhere."""
    client = role_client(role)
    unit = MandateFactory().unit
    expected = 302 if role == "anonymous" else 403
    for url in (
        DASHBOARD,
        reverse("workspace:export_csv"),
        reverse("workspace:export_xlsx"),
        reverse("workspace:renew", args=[unit.pk]),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert response["Location"].startswith(reverse("admin:login")), url
    assert client.post(reverse("workspace:renew", args=[unit.pk]), {"version": unit.version}).status_code == expected
    assert client.get(reverse("admin:index")).status_code == 302
    assert unit.mandates.count() == 1


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
    assert [(row["site__slug"], row["total"]) for row in response.context["site_rows"]] == [("chu-lille", 1)]


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


# mandate_alerts ---------------------------------------------------------------------------------


def listed(body: str) -> list[str]:
    """The unit codes an alert lists, one line each (`- U1 – name (site): ends on …`)."""
    return re.findall(r"^- (\S+) – ", body, flags=re.MULTILINE)


def test_alerts_list_exactly_the_units_up_to_the_last_day_of_the_window():
    today = timezone.localdate()
    limit = rules.add_months(today, 3)
    lille, lyon = SiteFactory(slug="lille"), SiteFactory(slug="lyon")
    for username, sites in (("alice", [lille]), ("bruno", [lille, lyon])):
        user = UserFactory(username=username, email=f"{username}@example.org", group="Managers")
        ManagerProfile.objects.create(user=user).sites.add(*sites)

    def ending_on(code, end, site):
        MandateFactory(unit__code=code, unit__site=site, start=end - dt.timedelta(days=400), end=end)

    ending_on("U101", today, lille)  # last day today: still within
    ending_on("U102", limit, lille)  # the window's last day
    ending_on("U103", limit + rules.ONE_DAY, lille)  # one day too far
    ending_on("U104", today - rules.ONE_DAY, lille)  # ended yesterday
    ending_on("U201", limit, lyon)
    decided = MandateFactory(unit__code="U105", unit__site=lille, start=limit - dt.timedelta(days=400), end=limit)
    MandateFactory(unit=decided.unit, number=2, start=limit + rules.ONE_DAY)  # renewal decided: ends later

    call_command("mandate_alerts", "--months", "3", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(listed(by_recipient["alice@example.org"].body)) == ["U101", "U102"]
    assert sorted(listed(by_recipient["bruno@example.org"].body)) == ["U101", "U102", "U201"]

    call_command("mandate_alerts", "--months", "3", verbosity=0)
    assert len(mail.outbox) == 2


# History and restore for every tracked record ------------------------------------------------------


def test_changes_to_sites_units_terms_and_agreements_are_kept_with_their_author(editor_client, editor):
    first = MandateFactory(unit__code="U1001")
    unit, site = first.unit, first.unit.site
    agreement = AgreementFactory(title="Accord initial")

    url = reverse("admin:units_site_change", args=[site.pk])
    assert editor_client.post(url, form_data(editor_client.get(url), city="Bron")).status_code == 302
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    state = form_data(editor_client.get(url))["loaded_state"]
    data = {**unit_form(unit, terms=[term(first)], name="Nouveau nom"), "loaded_state": state}
    assert editor_client.post(url, data).status_code == 302
    url = reverse("admin:units_mandate_change", args=[first.pk])
    assert editor_client.post(url, form_data(editor_client.get(url), end="2027-12-31")).status_code == 302
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])
    assert editor_client.post(url, form_data(editor_client.get(url), title="Accord révisé")).status_code == 302

    for record, field, value in (
        (site, "city", "Bron"),
        (unit, "name", "Nouveau nom"),
        (first, "end", D(2027, 12, 31)),
        (agreement, "title", "Accord révisé"),
    ):
        latest, previous = record.history.all()[:2]
        assert (getattr(latest, field), latest.history_user) == (value, editor), record
        assert field in {change.field for change in latest.diff_against(previous).changes}, record


def test_restoring_a_site_and_a_unit_gives_back_their_exact_earlier_values(editor_client, editor):
    site = SiteFactory(name="CHU d'origine", city="Lyon", region="auvergne-rhone-alpes")
    unit = MandateFactory(unit__site=site, unit__name="Nom d'origine", unit__internal_notes="Note A").unit
    site_fields = ("name", "slug", "kind", "city", "region", "latitude", "longitude")
    unit_fields = ("code", "name", "acronym", "director_name", "internal_notes", "is_published", "site_id")
    site_before = {name: getattr(site, name) for name in site_fields}
    unit_before = {name: getattr(unit, name) for name in unit_fields}
    other = SiteFactory()
    site.name, site.city, site.region, site.latitude, site.longitude = "Autre", "Lille", "hauts-de-france", 50, 3
    site.save()
    unit.name, unit.internal_notes, unit.is_published, unit.site = "Autre nom", "Note B", False, other
    unit.save()

    for record, admin_name, fields, before in (
        (site, "units_site", site_fields, site_before),
        (unit, "units_researchunit", unit_fields, unit_before),
    ):
        old = record.history.earliest()
        url = reverse(f"admin:{admin_name}_simple_history", args=[record.pk, old.history_id])
        response = editor_client.post(url, form_data(editor_client.get(url)))
        assert response.status_code == 302, response.context["adminform"].form.errors
        record.refresh_from_db()
        assert {name: getattr(record, name) for name in fields} == before
        assert record.history.first().history_user == editor


# Concurrent edits of sites and agreements ---------------------------------------------------------


CONCURRENT = {
    "site": (lambda: SiteFactory(name="CHU A", city="Lyon"), "units_site", {"name": "CHU B"}, {"city": "Bron"}),
    "agreement": (
        lambda: AgreementFactory(title="Accord A", objectives="Axes"),
        "partners_agreement",
        {"title": "Accord B"},
        {"objectives": "Autres axes"},
    ),
    "partner": (lambda: PartnerFactory(name="Université A"), "partners_partner", {"name": "Université B"}, {}),
}


@pytest.mark.parametrize("case", list(CONCURRENT))
def test_the_second_save_of_any_tracked_record_is_refused(two_editors, case):
    alice, bruno = two_editors
    make, admin_name, first_change, second_change = CONCURRENT[case]
    record = make()
    (field,) = first_change
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    alice_page, bruno_page = alice.get(url), bruno.get(url)
    before = getattr(record, field)

    first = alice.post(url, form_data(alice_page, **first_change))
    second = bruno.post(url, form_data(bruno_page, **second_change))

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Someone else saved this record after you opened it." in second.text
    label = str(type(record)._meta.get_field(field).verbose_name).capitalize()
    assert f"{label}: {before} → {first_change[field]}" in second.text
    form = second.context["adminform"].form
    for name, value in second_change.items():
        assert form[name].value() == value  # Bruno's input is still on the form
    record.refresh_from_db()
    assert getattr(record, field) == first_change[field]
    for name in second_change:
        assert getattr(record, name) != second_change[name]


def test_a_mandate_restored_from_history_brings_back_its_dates(admin_client):
    first = MandateFactory(start=D(2025, 1, 1))
    url = reverse("admin:units_mandate_change", args=[first.pk])
    assert admin_client.post(url, form_data(admin_client.get(url), end="2027-12-31")).status_code == 302
    old = first.history.earliest()
    url = reverse("admin:units_mandate_simple_history", args=[first.pk, old.history_id])
    response = admin_client.post(url, form_data(admin_client.get(url)))
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.start, first.end) == (D(2025, 1, 1), D(2028, 12, 31))
    assert Mandate.objects.count() == 1
