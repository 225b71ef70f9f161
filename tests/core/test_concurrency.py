"""Two editors on the same record: the second save is refused, nothing is overwritten."""

import datetime as dt

import pytest
from django.urls import reverse

from ..admin_helpers import form_data, partner_form, term, unit_form
from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db


def opened(client, url) -> str:
    return client.get(url).context["adminform"].form["loaded_state"].value()


def test_the_second_save_is_refused_and_the_first_is_kept(two_editors):
    alice, bruno = two_editors
    partner = PartnerFactory(name="Université de Lyon", city="Lyon")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    alice_state, bruno_state = opened(alice, url), opened(bruno, url)

    first = alice.post(url, {**partner_form(partner, name="Université Lyon 1"), "loaded_state": alice_state})
    second = bruno.post(url, {**partner_form(partner, city="Villeurbanne"), "loaded_state": bruno_state})

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Someone else saved this record after you opened it." in second.text
    assert "Name: Université de Lyon → Université Lyon 1" in second.text
    form = second.context["adminform"].form
    assert form["city"].value() == "Villeurbanne"  # Bruno's input is still on the form
    partner.refresh_from_db()
    assert (partner.name, partner.city, partner.version) == ("Université Lyon 1", "Lyon", 2)


def test_saving_again_after_reading_the_conflict_is_deliberate(two_editors):
    alice, bruno = two_editors
    partner = PartnerFactory(name="A", city="Lyon")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    alice_state, bruno_state = opened(alice, url), opened(bruno, url)
    alice.post(url, {**partner_form(partner, name="B"), "loaded_state": alice_state})
    refused = bruno.post(url, {**partner_form(partner, city="Lille"), "loaded_state": bruno_state})

    again = bruno.post(
        url,
        {
            **partner_form(partner, name="B", city="Lille"),
            "loaded_state": refused.context["adminform"].form["loaded_state"].value(),
        },
    )

    assert again.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.city, partner.version) == ("B", "Lille", 3)


def test_a_form_without_its_loaded_state_is_refused(two_editors):
    alice, _ = two_editors
    partner = PartnerFactory(name="A")
    response = alice.post(reverse("admin:partners_partner_change", args=[partner.pk]), partner_form(partner, name="B"))
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.name == "A"


@pytest.mark.today
def test_a_renewal_made_meanwhile_refuses_a_stale_unit_form(two_editors, admin_client):
    alice, _ = two_editors
    unit = MandateFactory().unit
    url = reverse("admin:units_researchunit_change", args=[unit.pk])
    state = opened(alice, url)
    admin_client.post(
        reverse("admin:units_researchunit_changelist"),
        {"action": "renew_mandates", "_selected_action": [unit.pk], "post": "yes"},
    )
    first = unit.mandates.get(number=1)
    response = alice.post(url, {**unit_form(unit, terms=[term(first)], name="Renamed"), "loaded_state": state})
    assert response.status_code == 200
    assert "Someone else saved this record" in response.text


def test_a_term_corrected_elsewhere_refuses_a_stale_unit_form(two_editors):
    alice, bruno = two_editors
    first = MandateFactory()
    unit = first.unit
    unit_url = reverse("admin:units_researchunit_change", args=[unit.pk])
    state = opened(alice, unit_url)
    # Bruno shortens term 1 in the mandate admin.
    mandate_url = reverse("admin:units_mandate_change", args=[first.pk])
    mandate_state = opened(bruno, mandate_url)
    data = {"unit": unit.pk, "number": 1, "start": "2025-01-01", "end": "2027-12-31", "loaded_state": mandate_state}
    assert bruno.post(mandate_url, data).status_code == 302

    # Alice renames the unit from her stale page, which still holds the old term dates.
    response = alice.post(unit_url, {**unit_form(unit, terms=[term(first)], name="Renamed"), "loaded_state": state})

    assert response.status_code == 200 and "Someone else saved this record" in response.text
    first.refresh_from_db()
    assert first.end.isoformat() == "2027-12-31"


def test_a_term_changed_on_the_unit_page_refuses_a_stale_mandate_form(two_editors):
    alice, bruno = two_editors
    first = MandateFactory()
    unit = first.unit
    mandate_url = reverse("admin:units_mandate_change", args=[first.pk])
    stale = opened(bruno, mandate_url)
    unit_url = reverse("admin:units_researchunit_change", args=[unit.pk])
    changed = {
        **unit_form(unit, terms=[term(first, end=dt.date(2027, 12, 31))]),
        "loaded_state": opened(alice, unit_url),
    }
    assert alice.post(unit_url, changed).status_code == 302

    data = {"unit": unit.pk, "number": 1, "start": "2025-01-01", "end": "2028-06-30", "loaded_state": stale}
    response = bruno.post(mandate_url, data)

    assert response.status_code == 200 and "Someone else saved this record" in response.text
    first.refresh_from_db()
    assert first.end.isoformat() == "2027-12-31"


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
