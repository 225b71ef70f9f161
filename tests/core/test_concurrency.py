"""Two editors on the same record: the second save is refused, nothing is overwritten."""

import datetime as dt

import pytest
import tablib
from django.core.management import call_command
from django.urls import reverse

from units.models import ResearchUnit, Site
from units.resources import ResearchUnitResource

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
    assert bruno.post(mandate_url, {**data, "length_reason": "early_closure"}).status_code == 302

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
        **unit_form(unit, terms=[{**term(first, end=dt.date(2027, 12, 31)), "length_reason": "early_closure"}]),
        "loaded_state": opened(alice, unit_url),
    }
    assert alice.post(unit_url, changed).status_code == 302

    data = {"unit": unit.pk, "number": 1, "start": "2025-01-01", "end": "2028-06-30", "loaded_state": stale}
    data["length_reason"] = "early_closure"
    response = bruno.post(mandate_url, data)

    assert response.status_code == 200 and "Someone else saved this record" in response.text
    first.refresh_from_db()
    assert first.end.isoformat() == "2027-12-31"


def test_a_term_deleted_elsewhere_refuses_a_stale_unit_form(two_editors, admin_client):
    alice, _ = two_editors
    first = MandateFactory()
    renewal = MandateFactory(unit=first.unit, number=2, start=first.end + dt.timedelta(days=1))
    unit_url = reverse("admin:units_researchunit_change", args=[first.unit.pk])
    state = opened(alice, unit_url)
    # An administrator undoes the renewal in the mandate admin.
    delete_url = reverse("admin:units_mandate_delete", args=[renewal.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302

    response = alice.post(
        unit_url, {**unit_form(first.unit, terms=[term(first), term(renewal)], name="Renamed"), "loaded_state": state}
    )

    assert response.status_code == 200 and "Someone else saved this record" in response.text
    assert first.unit.mandates.count() == 1


def test_an_import_of_new_term_dates_refuses_a_stale_unit_form(two_editors):
    alice, _ = two_editors
    first = MandateFactory(start=dt.date(2025, 1, 1))
    unit = first.unit
    unit_url = reverse("admin:units_researchunit_change", args=[unit.pk])
    state = opened(alice, unit_url)
    exported = ResearchUnitResource().export(queryset=ResearchUnit.objects.filter(pk=unit.pk))
    row = exported.dict[0]
    row["mandates"] = "2025-01-01/2027-12-31 (early_closure)"  # the file shortens term 1, nothing else
    result = ResearchUnitResource().import_data(tablib.Dataset(list(row.values()), headers=exported.headers))
    assert result.totals["update"] == 1

    response = alice.post(unit_url, {**unit_form(unit, terms=[term(first)], name="Renamed"), "loaded_state": state})

    assert response.status_code == 200 and "Someone else saved this record" in response.text
    first.refresh_from_db()
    assert first.end == dt.date(2027, 12, 31)


def test_a_publication_made_meanwhile_refuses_a_stale_form(two_editors, admin_client):
    alice, _ = two_editors
    site = SiteFactory(name="CHU A")
    url = reverse("admin:units_site_change", args=[site.pk])
    page = alice.get(url)
    partner = PartnerFactory(name="Université A", is_published=False)
    partner_url = reverse("admin:partners_partner_change", args=[partner.pk])
    partner_page = alice.get(partner_url)
    admin_client.post(
        reverse("admin:partners_partner_changelist"), {"action": "publish", "_selected_action": [partner.pk]}
    )

    refused = alice.post(partner_url, form_data(partner_page, name="Université B"))
    accepted = alice.post(url, form_data(page, name="CHU B"))  # nothing happened to the site meanwhile

    assert refused.status_code == 200 and "Someone else saved this record" in refused.text
    assert "Published: False → True" in refused.text
    assert accepted.status_code == 302


# Where the version moves: every save of a stored record, once ----------------------------------


def stored_version(record) -> int:
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


def test_each_save_of_a_stored_record_moves_its_version_on_once():
    site = SiteFactory()
    assert stored_version(site) == site.version == 1  # created: the first version

    site.city = "Bron"
    site.save()
    assert stored_version(site) == site.version == 2

    site.save(update_fields=["city", "version"])
    assert stored_version(site) == site.version == 3


def test_a_save_of_chosen_fields_without_the_version_leaves_it_alone():
    site = SiteFactory()
    site.city = "Bron"
    site.save(update_fields=["city"])  # what maintenance saves of derived fields do
    assert stored_version(site) == site.version == 1
    assert Site.objects.get(pk=site.pk).city == "Bron"


def test_loading_a_dump_keeps_the_dumped_versions(tmp_path):
    site = SiteFactory()
    site.save()
    site.save()
    dump = tmp_path / "sites.json"
    call_command("dumpdata", "units.site", output=str(dump))
    Site.objects.all().delete()

    call_command("loaddata", str(dump), verbosity=0)

    assert stored_version(site) == 3


def test_a_term_saved_moves_its_unit_on_and_the_unit_it_was_given_learns_it():
    first = MandateFactory(start=dt.date(2025, 1, 1))
    unit = first.unit  # the very unit object the term holds
    before = stored_version(unit)

    first.end = dt.date(2027, 12, 31)
    first.save()

    assert stored_version(first) == first.version == 2
    assert stored_version(unit) == unit.version == before + 1
    assert unit.term_end == dt.date(2027, 12, 31)
    unit.name = "Renamed by the caller, after the term edit"
    unit.save()  # not refused by anything, and not going back on the version
    assert stored_version(unit) == before + 2


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
