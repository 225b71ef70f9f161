"""Every change is kept with who made it, and the admin can restore an earlier version."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from partners.models import Partner
from units.models import Mandate, ResearchUnit, Site

from ..admin_helpers import form_data, loaded_state, partner_form, term, unit_form
from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db

D = dt.date


def edit_partner(client, partner, **changes):
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = {**partner_form(partner), **changes, "loaded_state": loaded_state(client, url)}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner.refresh_from_db()


def test_history_records_each_change_and_its_author(editor_client, editor):
    partner = PartnerFactory(name="Nom d'origine", city="Lyon")
    edit_partner(editor_client, partner, name="Nouveau nom", city="Lille")

    latest, creation = partner.history.all()[:2]
    assert (latest.name, latest.city, latest.history_user) == ("Nouveau nom", "Lille", editor)
    assert (creation.name, creation.history_type) == ("Nom d'origine", "+")
    delta = latest.diff_against(creation)
    assert sorted(change.field for change in delta.changes) == ["city", "name"]


def test_restoring_an_earlier_version_gives_back_its_exact_values(editor_client, editor):
    partner = PartnerFactory(name="Nom d'origine", city="Lyon", acronym="NO", description="Texte initial")
    original = {field: getattr(partner, field) for field in ("name", "city", "acronym", "description", "is_published")}
    edit_partner(editor_client, partner, name="Nouveau nom", city="Lille", acronym="NN", description="Autre")
    creation = partner.history.earliest()

    url = reverse("admin:partners_partner_simple_history", args=[partner.pk, creation.history_id])
    page = editor_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        **partner_form(partner),
        **{name: form[name].value() or "" for name in ("name", "city", "acronym", "description")},
    }
    data["loaded_state"] = form["loaded_state"].value()
    response = editor_client.post(url, data)

    assert response.status_code == 302
    partner.refresh_from_db()
    assert {field: getattr(partner, field) for field in original} == original
    assert partner.history.first().history_user == editor


def test_the_history_page_answers_for_every_tracked_model(admin_client):
    mandate = MandateFactory()
    partner = PartnerFactory()
    for model, record in (
        (Site, mandate.unit.site),
        (ResearchUnit, mandate.unit),
        (Mandate, mandate),
        (Partner, partner),
    ):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[record.pk])
        assert admin_client.get(url).status_code == 200


def test_publication_actions_are_recorded_with_their_author(editor_client, editor):
    partner = PartnerFactory(is_published=False)
    editor_client.post(
        reverse("admin:partners_partner_changelist"), {"action": "publish", "_selected_action": [partner.pk]}
    )
    latest = partner.history.first()
    assert (latest.is_published, latest.history_user) == (True, editor)


def test_restoring_an_agreement_brings_back_its_partners_and_units(admin_client):
    old_partner, new_partner = PartnerFactory(name="Ancien"), PartnerFactory(name="Nouveau")
    unit = MandateFactory().unit
    agreement = AgreementFactory(title="Accord", partners=[old_partner])
    agreement.units.add(unit)
    agreement.title = "Accord (version initiale)"
    agreement.save()  # a history record with partners [old] and units [unit]
    initial = agreement.history.first()
    agreement.partners.set([new_partner])
    agreement.units.clear()
    agreement.title = "Accord modifié"
    agreement.save()

    url = reverse("admin:partners_agreement_simple_history", args=[agreement.pk, initial.history_id])
    form = admin_client.get(url).context["adminform"].form
    assert [int(pk) for pk in form["partners"].value()] == [old_partner.pk]
    assert [int(pk) for pk in form["units"].value()] == [unit.pk]
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in (
            "reference",
            "title",
            "kind",
            "stage",
            "signed_on",
            "start",
            "end",
            "objectives",
            "amount_eur",
            "internal_notes",
            "loaded_state",
        )
    }
    data.update(partners=form["partners"].value(), units=form["units"].value(), is_public="on")
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.title == "Accord (version initiale)"
    assert list(agreement.partners.all()) == [old_partner]
    assert list(agreement.units.all()) == [unit]


@pytest.mark.django_db(transaction=True)
def test_restoring_runs_in_a_transaction_on_every_database(client):
    # Not wrapped in a test transaction: the row lock of the version check needs the view's own.
    import_module("partners.migrations.0002_categories").create_categories(django_apps, None)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password"))
    partner = PartnerFactory(name="Avant")
    partner.name = "Après"
    partner.save()
    old = partner.history.earliest()
    url = reverse("admin:partners_partner_simple_history", args=[partner.pk, old.history_id])
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**partner_form(partner, name="Avant"), "loaded_state": form["loaded_state"].value()})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Avant"


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
    shortened = form_data(editor_client.get(url), end="2027-12-31", length_reason="early_closure")
    assert editor_client.post(url, shortened).status_code == 302
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


def test_a_mandate_restored_from_history_brings_back_its_dates(admin_client):
    first = MandateFactory(start=D(2025, 1, 1))
    url = reverse("admin:units_mandate_change", args=[first.pk])
    shortened = form_data(admin_client.get(url), end="2027-12-31", length_reason="early_closure")
    assert admin_client.post(url, shortened).status_code == 302
    old = first.history.earliest()
    url = reverse("admin:units_mandate_simple_history", args=[first.pk, old.history_id])
    response = admin_client.post(url, form_data(admin_client.get(url)))
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.start, first.end) == (D(2025, 1, 1), D(2028, 12, 31))
    assert Mandate.objects.count() == 1
