"""Identifiers entered where staff enter them (the admin's forms, the spreadsheet import,
the staff API) are stored compact, and refused with a message when invalid or when
another record has them."""

import pytest
import tablib

from partners.models import Partner
from partners.resources import PartnerResource
from units.models import ResearchUnit, Site
from units.resources import ResearchUnitResource, SiteResource

from ..admin_helpers import admin_url, form_data
from ..factories import MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db

TAKEN = "Another record already has this identifier."


@pytest.fixture
def english_admin(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def messages_of(error_dict: dict) -> list[str]:
    return [str(message) for messages in error_dict.values() for message in messages]


def errors_of(response) -> list[str]:
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


# --- The admin's change forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "factory", "fieldset"),
    [
        (Partner, PartnerFactory, ["ror_id", "siren", "siret", "uai", "finess", "wikidata_id"]),
        (Site, SiteFactory, ["finess", "uai", "wikidata_id"]),
        (ResearchUnit, lambda: MandateFactory().unit, ["rnsr_number", "wikidata_id"]),
    ],
)
def test_each_change_form_has_an_identifiers_fieldset(english_admin, model, factory, fieldset):
    response = english_admin.get(admin_url(model, "change", factory().pk))
    [identifiers] = [f for f in response.context["adminform"] if f.name == "Identifiers"]
    assert [line.field.name for fieldset_line in identifiers for line in fieldset_line] == fieldset


def test_the_partner_form_stores_identifiers_compact_and_refuses_bad_ones_at_their_field(english_admin):
    partner = PartnerFactory()
    url = admin_url(Partner, "change", partner.pk)
    changes = {
        "ror_id": "https://ror.org/02VJKV261",
        "siren": "180 036 048",
        "siret": "180 036 048 00015",
        "wikidata_id": "https://www.wikidata.org/wiki/Q1665153",
    }
    response = english_admin.post(url, form_data(english_admin.get(url), **changes))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.ror_id, partner.siren, partner.siret, partner.wikidata_id) == (
        "02vjkv261",
        "180036048",
        "18003604800015",
        "Q1665153",
    )

    response = english_admin.post(url, form_data(english_admin.get(url), finess="750712185", uai="0755976P"))
    form = response.context["adminform"].form
    assert form.errors["finess"] == ["A FINESS number is 9 characters whose last is a check digit, e.g. 750100208."]
    assert form.errors["uai"] == ["A UAI is 7 digits and a check letter, e.g. 0755976N."]

    response = english_admin.post(url, form_data(english_admin.get(url), siret="26750045200003"))
    assert response.context["adminform"].form.errors["siret"] == [
        "This SIRET number belongs to SIREN 267500452, not to this partner's SIREN 180036048."
    ]


@pytest.mark.parametrize(
    ("model", "factory", "field", "value", "message"),
    [
        (Partner, PartnerFactory, "siret", "18003604800015", TAKEN),
        (Partner, PartnerFactory, "ror_id", "02vjkv261", "Another partner already has this ROR ID."),
        (Site, SiteFactory, "finess", "750100208", TAKEN),
        (
            ResearchUnit,
            lambda **kw: MandateFactory(**{f"unit__{k}": v for k, v in kw.items()}).unit,
            "rnsr_number",
            "200818283W",
            "Another unit already has this RNSR number.",
        ),
    ],
)
def test_the_admin_refuses_an_identifier_another_record_has(english_admin, model, factory, *, field, value, message):
    factory(**{field: value})
    other = factory()
    url = admin_url(model, "change", other.pk)
    response = english_admin.post(url, form_data(english_admin.get(url), **{field: f" {value.lower()} "}))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert response.context["adminform"].form.errors[field] == [message]  # at its field, not above the form
    other.refresh_from_db()
    assert getattr(other, field) == ""


@pytest.mark.parametrize(
    ("model", "factory", "field", "typed"),
    [
        (Partner, PartnerFactory, "siren", "180 036 048"),
        (Partner, PartnerFactory, "ror_id", "https://ror.org/02vjkv261"),
        (Site, SiteFactory, "uai", "0755976n"),
        (
            ResearchUnit,
            lambda **kw: MandateFactory(**{f"unit__{k}": v for k, v in kw.items()}).unit,
            "rnsr_number",
            "200818283w",
        ),
    ],
)
def test_the_admin_search_box_finds_a_record_by_its_identifier_in_any_spelling(
    english_admin, model, factory, field, typed
):
    record = factory(**{field: typed})
    factory()  # another, not found
    response = english_admin.get(admin_url(model, "changelist"), {"q": typed})
    assert list(response.context["cl"].result_list) == [record]


# --- The spreadsheet import ----------------------------------------------------------------


def test_an_import_stores_identifiers_compact_and_refuses_bad_or_taken_ones_on_their_row():
    PartnerFactory(slug="taken", finess="750712184")
    headers = ["slug", "name", "category", "kind", "country", "siren", "siret", "finess"]
    good = ["inserm", "Inserm", "research-bodies", "research_body", "FR", "180 036 048", "18003604800015", ""]
    result = PartnerResource().import_data(tablib.Dataset(good, headers=headers), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    assert Partner.objects.filter(slug="inserm", siren="180036048", siret="18003604800015").exists()

    bad = [
        ["aphp", "AP-HP", "hospitals", "hospital", "FR", "", "", "750 712 184"],  # AP-HP's, already taken
        ["other", "Autre", "hospitals", "hospital", "FR", "180036047", "", ""],  # wrong check digit
        ["third", "Tiers", "hospitals", "hospital", "FR", "267500452", "18003604800015", ""],  # SIRET of another SIREN
    ]
    result = PartnerResource().import_data(tablib.Dataset(*bad, headers=headers), dry_run=False)
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {1, 2, 3}
    assert TAKEN in messages_of(errors[1])
    assert errors[2]["siren"] == ["A SIREN number is 9 digits whose last is a check digit, e.g. 180036048."]
    assert "siret" in errors[3]
    assert not Partner.objects.filter(slug__in=["aphp", "other", "third"]).exists()


def test_a_site_and_a_unit_import_refuse_a_taken_identifier():
    SiteFactory(slug="necker", finess="750100208")
    headers = ["slug", "name", "kind", "city", "region", "finess"]
    row = ["necker-bis", "Necker bis", "chu", "Paris", "ile-de-france", "75 010 0208"]
    result = SiteResource().import_data(tablib.Dataset(row, headers=headers), dry_run=False)
    [invalid] = result.invalid_rows
    assert TAKEN in messages_of(invalid.error_dict)
    assert not Site.objects.filter(slug="necker-bis").exists()

    unit = MandateFactory(unit__rnsr_number="200818283W").unit
    headers = ["code", "name", "structure_type", "site", "director_name", "rnsr_number", "mandates"]
    row = ["U4999", "Unité", "research_unit", unit.site.slug, "A", "200818283w", "2025-01-01/2028-12-31"]
    result = ResearchUnitResource().import_data(tablib.Dataset(row, headers=headers), dry_run=False)
    [invalid] = result.invalid_rows
    assert "Another unit already has this RNSR number." in messages_of(invalid.error_dict)
    assert not ResearchUnit.objects.filter(code="U4999").exists()


# --- The staff API -------------------------------------------------------------------------

UNITS = "/api/v1/staff/units/"


def test_the_staff_api_stores_a_units_identifiers_compact_and_refuses_bad_or_taken_ones(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    MandateFactory(unit__rnsr_number="200818283W")
    unit = MandateFactory().unit
    url = f"{UNITS}{unit.code_key}/"

    changed = editor_client.patch(url, {"rnsr_number": "201220372 j", "wikidata_id": "q42"}, "application/json")
    assert changed.status_code == 200, changed.json()
    unit.refresh_from_db()
    assert (unit.rnsr_number, unit.wikidata_id) == ("201220372J", "Q42")

    refused = editor_client.patch(url, {"rnsr_number": "20122037"}, "application/json")
    assert refused.status_code == 400
    assert refused.json()["rnsr_number"] == [
        "An RNSR number is 9 digits followed by a capital letter, e.g. 200818283W."
    ]

    taken = editor_client.patch(url, {"rnsr_number": "200818283w"}, "application/json")
    assert taken.status_code == 400
    assert "already" in taken.json()["rnsr_number"][0]
    unit.refresh_from_db()
    assert unit.rnsr_number == "201220372J"
