"""Renewals and successions are in the unit's own history, with a reason that says what
happened, by whom; the history page shows no "None" for a blank reason, user or value."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from units import rules, services
from units.models import ResearchUnit

from ..factories import MandateFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms

D = dt.date


def day(date: dt.date) -> str:
    """A date as the English pages write it (the format is the dates' own concern)."""
    with translation.override("en"):
        return rules.date_label(date)


RENEWED = f"Renewed: term 2 from {day(D(2029, 1, 1))} to {day(D(2032, 12, 31))}."


@pytest.fixture
def english(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def last_entry(unit):
    return ResearchUnit.history.filter(id=unit.pk).latest("history_date", "history_id")


def final_unit(code="U1001"):
    first = MandateFactory(unit__code=code, start=D(2021, 1, 1))
    MandateFactory(unit=first.unit, number=2, start=D(2025, 1, 1))
    first.unit.refresh_from_db()
    return first.unit


@pytest.mark.parametrize("where", ["workspace", "admin page", "admin action"])
def test_a_renewal_is_in_the_units_history_with_its_term_and_who_renewed(english, editor, where):
    unit = MandateFactory(unit__code="U1001").unit
    before = ResearchUnit.history.filter(id=unit.pk).count()
    if where == "workspace":
        english.post(reverse("workspace:renew", args=[unit.pk]), {"version": unit.version})
    elif where == "admin page":
        english.post(reverse("admin:units_researchunit_renew", args=[unit.pk]), {"version": unit.version})
    else:
        english.post(
            reverse("admin:units_researchunit_changelist"),
            {"action": "renew_mandates", "_selected_action": [unit.pk], "post": "yes"},
        )
    assert unit.mandates.count() == 2
    assert ResearchUnit.history.filter(id=unit.pk).count() == before + 1
    entry = last_entry(unit)
    assert (entry.history_type, entry.history_change_reason, entry.history_user) == ("~", RENEWED, editor)
    assert entry.name == unit.name  # the unit as it is, not a stale copy

    page = english.get(reverse("admin:units_researchunit_history", args=[unit.pk]))
    assert RENEWED in page.text


def test_a_refused_renewal_leaves_no_history_entry(english):
    unit = final_unit()
    before = ResearchUnit.history.filter(id=unit.pk).count()
    english.post(reverse("admin:units_researchunit_renew", args=[unit.pk]), {"version": unit.version})
    assert ResearchUnit.history.filter(id=unit.pk).count() == before


def test_creating_a_successor_is_in_both_units_history(english, editor):
    old = final_unit()
    english.post(
        reverse("admin:units_researchunit_successor", args=[old.pk]),
        {"code": "U2001", "name": old.name, "first_term_start": "2029-01-01"},
    )
    new = ResearchUnit.objects.get(code="U2001")
    assert last_entry(old).history_change_reason == f"Succeeded by U2001 (Succession, {day(D(2029, 1, 1))})."
    assert last_entry(new).history_change_reason == f"Succeeds U1001 (Succession, {day(D(2029, 1, 1))})."
    assert last_entry(old).history_user == editor


def test_the_service_alone_records_a_succession_too():
    old = final_unit()
    with translation.override("en"):
        services.create_successor(predecessor=old, code="U2002", name="Next")
    assert last_entry(old).history_change_reason == f"Succeeded by U2002 (Succession, {day(D(2029, 1, 1))})."
    assert last_entry(ResearchUnit.objects.get(code="U2002")).history_type == "~"  # its creation, then its link


def test_a_closure_entered_in_the_succession_admin_is_in_the_units_history(english):
    unit = MandateFactory(unit__code="U1300", start=D(2015, 1, 1)).unit
    response = english.post(
        reverse("admin:units_succession_add"),
        {"predecessor": unit.pk, "successor": "", "kind": "closure", "on": "2018-12-31"},
    )
    assert response.status_code == 302
    assert last_entry(unit).history_change_reason == f"Closure without successor, {day(D(2018, 12, 31))}."


def test_the_history_page_shows_no_none_for_a_blank_reason_user_or_value(english):
    site = SiteFactory(name="CHU de Brest")  # created by no one (a script), with no reason, no coordinates
    site.latitude, site.longitude = 48.4, -4.5
    site.save()
    page = english.get(reverse("admin:units_site_history", args=[site.pk]))
    assert page.status_code == 200
    table = page.text.split('id="change-history"', 1)[1].split("</table>", 1)[0]
    cells = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    ]
    assert "None" not in " ".join(cells), cells
    assert any("Latitude: — → 48.4" in cell for cell in cells), cells  # from blank
