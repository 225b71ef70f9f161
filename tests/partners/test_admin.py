"""The partner and agreement admin as an editor uses it."""

import datetime as dt

import pytest
from django.urls import reverse

from partners.models import Agreement, Partner

from ..admin_helpers import changelist
from ..factories import AgreementFactory, PartnerFactory, category
from .impossible_agreements import as_written

pytestmark = pytest.mark.django_db


def test_country_filter_lists_only_countries_in_use(admin_client):
    PartnerFactory(country="FR")
    PartnerFactory(country="DE")

    response = admin_client.get(reverse("admin:partners_partner_changelist"), {"country": "de"})

    assert [p.country.code for p in response.context["cl"].result_list] == ["DE"]
    country_filter = next(
        f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "country"
    )
    assert {code for code, _ in country_filter.lookup_choices} == {"FR", "DE"}


def test_an_agreement_needs_at_least_one_partner(admin_client):
    data = {
        "reference": "NEW-1",
        "title": "Accord sans partenaire",
        "kind": "collaboration",
        "stage": "draft",
        "start": "2025-01-01",
    }
    response = admin_client.post(reverse("admin:partners_agreement_add"), data)

    assert response.status_code == 200
    assert "partners" in response.context["adminform"].form.errors
    assert not Agreement.objects.exists()


def test_an_agreement_ending_before_it_starts_is_refused_with_the_message(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {
        "reference": "NEW-1",
        "title": "Accord",
        "kind": "collaboration",
        "stage": "draft",
        "start": "2025-01-01",
        "end": "2024-01-01",
        "partners": [PartnerFactory().pk],
    }
    response = admin_client.post(reverse("admin:partners_agreement_add"), data)

    assert "An agreement cannot end before it starts." in response.text
    assert not Agreement.objects.exists()


def test_partner_search_finds_by_acronym(admin_client):
    PartnerFactory(name="Centre national de la recherche scientifique", acronym="CNRS")
    PartnerFactory(name="Autre")

    response = admin_client.get(reverse("admin:partners_partner_changelist"), {"q": "cnrs"})

    assert [p.acronym for p in response.context["cl"].result_list] == ["CNRS"]


def test_agreement_publication_actions(admin_client):
    agreement = AgreementFactory(is_public=False)
    admin_client.post(
        reverse("admin:partners_agreement_changelist"), {"action": "publish", "_selected_action": [agreement.pk]}
    )
    agreement.refresh_from_db()
    assert agreement.is_public


def test_categories_cannot_be_deleted(admin_client):
    response = admin_client.post(reverse("admin:partners_category_delete", args=[category().pk]), {"post": "yes"})
    assert response.status_code == 403


def test_partner_csv_export_contains_the_selection(admin_client):
    chosen = PartnerFactory(name="Université choisie")
    PartnerFactory(name="Université oubliée")

    response = admin_client.post(
        reverse("admin:partners_partner_changelist"), {"action": "export_as_csv", "_selected_action": [chosen.pk]}
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Université choisie" in text and "oubliée" not in text
    assert Partner.objects.count() == 2


# List filters, each against a record it must leave out.


def test_partner_and_agreement_filters_keep_only_the_matching_records(admin_client):
    university = PartnerFactory(kind=Partner.Kind.UNIVERSITY, category=category("higher-education"))
    foundation = PartnerFactory(kind=Partner.Kind.FOUNDATION, category=category("foundations-charities"))
    abroad = PartnerFactory(kind=Partner.Kind.UNIVERSITY, country="DE")

    higher_education = category("higher-education").pk
    assert set(changelist(admin_client, Partner, category__id__exact=str(higher_education))) == {university, abroad}
    assert changelist(admin_client, Partner, kind__exact="foundation") == [foundation]
    assert changelist(admin_client, Partner, country="DE") == [abroad]

    licence = AgreementFactory(kind=Agreement.Kind.LICENCE, partners=[foundation])
    AgreementFactory(kind=Agreement.Kind.COLLABORATION, partners=[university])
    assert changelist(admin_client, Agreement, kind__exact="licence") == [licence]
    foundations = str(category("foundations-charities").pk)
    assert changelist(admin_client, Agreement, partners__category__id__exact=foundations) == [licence]


def new_agreement_form(**changes):
    """The agreement add form as an editor fills it: a signed agreement, in force."""
    return {
        "reference": "NEW-1",
        "title": "Accord",
        "kind": "collaboration",
        "stage": "signed",
        "partners": [PartnerFactory().pk],
        "signed_on": "2026-10-01",
        "start": "2026-11-01",
        "end": "",
        "terminated_on": "",
        **changes,
    }


@pytest.mark.today(dt.date(2026, 11, 30))
@pytest.mark.parametrize(("changes", "field"), as_written(""))
def test_every_impossible_agreement_is_refused_at_its_field(editor_client, changes, field):
    response = editor_client.post(reverse("admin:partners_agreement_add"), new_agreement_form(**changes))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == [field], form.errors
    assert not Agreement.objects.exists()


@pytest.mark.today(dt.date(2026, 11, 30))
def test_a_signed_agreement_is_saved_and_its_state_shown(editor_client):
    response = editor_client.post(reverse("admin:partners_agreement_add"), new_agreement_form())
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    change = editor_client.get(
        reverse("admin:partners_agreement_change", args=[agreement.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "In force" in change.content.decode()
    in_force = changelist(editor_client, Agreement, state="in_force")
    assert in_force == [agreement]
    assert changelist(editor_client, Agreement, state="expired") == []
