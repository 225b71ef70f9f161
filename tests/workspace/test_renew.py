"""Renewing from the workspace: the new term's dates, confirmation, then the timeline."""

import datetime as dt

import pytest
from django.urls import reverse

from ..factories import MandateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # renewals of the factories' 2025 terms

D = dt.date


@pytest.fixture
def english(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


def test_renewing_shows_the_dates_then_creates_the_second_term(english):
    unit = MandateFactory(unit__code="U1001").unit
    url = reverse("workspace:renew", args=[unit.pk])

    page = english.get(url)
    assert "Renewing adds term 2, from 1 Jan 2029 to 31 Dec 2032." in page.text
    assert unit.mandates.count() == 1

    response = english.post(url, {"version": unit.version}, follow=True)
    assert [(m.number, m.start, m.end) for m in unit.mandates.all()] == [
        (1, D(2025, 1, 1), D(2028, 12, 31)),
        (2, D(2029, 1, 1), D(2032, 12, 31)),
    ]
    assert "U1001 renewed: term 2 runs from 1 Jan 2029 to 31 Dec 2032." in response.text
    assert response.text.count("<li>Term ") == 2  # the timeline shows both terms


@pytest.mark.parametrize(("renewals", "last"), [(1, True), (2, False)])
def test_the_renewal_page_says_the_new_term_is_the_last_only_when_the_rules_say_so(english, settings, renewals, last):
    settings.MANDATE_MAX_RENEWALS = renewals
    unit = MandateFactory(unit__code="U1001").unit

    page = english.get(reverse("workspace:renew", args=[unit.pk]))

    assert "Renewing adds term 2, from 1 Jan 2029 to 31 Dec 2032." in page.text
    assert ("It will be the unit's last term." in page.text) is last


def test_renewing_a_final_term_is_refused_and_writes_nothing(english):
    first = MandateFactory(unit__code="U1001")
    MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    url = reverse("workspace:renew", args=[first.unit.pk])

    assert "already in its final term" in english.get(url).text
    first.unit.refresh_from_db()
    response = english.post(url, {"version": first.unit.version}, follow=True)
    assert "already in its final term" in response.text
    assert first.unit.mandates.count() == 2


def test_the_dashboard_offers_renew_only_where_possible(english):
    MandateFactory(unit__code="U1")
    final = MandateFactory(unit__code="U2")
    MandateFactory(unit=final.unit, number=2, start=D(2029, 1, 1))
    text = english.get(reverse("workspace:dashboard")).text
    assert reverse("workspace:renew", args=[final.unit.pk]) not in text
    assert text.count('href="/manage/units/') == 1


def test_a_unit_past_its_last_term_is_offered_a_successor(english):
    first = MandateFactory(unit__code="U1001")
    MandateFactory(unit=first.unit, number=2, start=D(2029, 1, 1))
    page = english.get(reverse("workspace:renew", args=[first.unit.pk]))
    assert reverse("admin:units_researchunit_successor", args=[first.unit.pk]) in page.text
    assert "Inserm re-creates it as a new unit" in page.text


def test_a_renewal_confirmed_on_stale_dates_is_not_made(english):
    first = MandateFactory(unit__code="U1001")
    unit = first.unit
    shown_version = unit.version
    url = reverse("workspace:renew", args=[unit.pk])
    english.get(url)
    # Meanwhile someone shortens term 1 (saving a term moves its unit's version on).
    first.end = D(2027, 12, 31)
    first.save()

    response = english.post(url, {"version": shown_version}, follow=True)

    assert "The unit changed meanwhile: check the new dates." in response.text
    assert "from 1 Jan 2028 to 31 Dec 2031" in response.text
    assert unit.mandates.count() == 1
