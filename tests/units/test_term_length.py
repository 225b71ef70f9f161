"""A term lasts a full term (MANDATE_TERM_YEARS) unless the editor records why: an extension,
an alignment on the site's evaluation wave, an early closure, or another reason explained in
a note. Managers see the reason; the public sees a few words of it, never the note."""

import datetime as dt

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from units import rules, services
from units.models import Mandate, ResearchUnit
from units.resources import ResearchUnitResource, parse_terms, terms_text

from ..admin_helpers import admin_url, loaded_state, term, unit_form
from ..factories import MandateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]

D = dt.date
START = D(2025, 1, 1)  # a full term from this day ends on 31 December 2028
FULL_END_MESSAGE = (
    "A full term lasts 4 years: starting on 1 Jan 2025, it ends on 31 Dec 2028. "
    "A term ending on another day needs a length reason."
)


def errors(end, reason="", note="") -> dict[str, str]:
    return rules.term_errors(rules.Term(1, START, end, reason, note), None, None)


# The rule --------------------------------------------------------------------------------------


def test_a_full_term_needs_no_reason():
    assert errors(D(2028, 12, 31)) == {}


@pytest.mark.parametrize("end", [D(2027, 12, 31), D(2029, 6, 30)], ids=["shorter", "longer"])
def test_a_term_of_another_length_without_a_reason_is_refused_at_its_end_with_the_full_terms_end(end):
    assert errors(end) == {"end": FULL_END_MESSAGE}


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (D(2029, 6, 30), "extension"),
        (D(2029, 6, 30), "wave_alignment"),
        (D(2027, 6, 30), "wave_alignment"),
        (D(2027, 6, 30), "early_closure"),
    ],
)
def test_a_term_of_another_length_with_a_fitting_reason_is_accepted(end, reason):
    assert errors(end, reason) == {}


def test_another_reason_is_explained_in_a_note():
    assert errors(D(2027, 6, 30), "other", "Fusion avec U1235") == {}
    assert errors(D(2027, 6, 30), "other", "  ") == {
        "length_note": "Say in the note why the term has this length: the reason is “Other”."
    }


@pytest.mark.parametrize(
    ("end", "reason", "message"),
    [
        (
            D(2028, 12, 31),
            "extension",
            "This is a full term (starting on 1 Jan 2025, it ends on 31 Dec 2028): leave the length reason empty.",
        ),
        (
            D(2027, 12, 31),
            "extension",
            "An extension makes a term longer, but this one ends before a full term would, on 31 Dec 2028: "
            "choose another reason.",
        ),
        (
            D(2029, 12, 31),
            "early_closure",
            "A term closed early ends before a full term would, on 31 Dec 2028, but this one ends after it: "
            "choose another reason.",
        ),
    ],
    ids=["full-term", "shorter-extension", "longer-early-closure"],
)
def test_a_reason_that_would_say_something_false_is_refused_at_the_reason(end, reason, message):
    assert errors(end, reason) == {"length_reason": message}


def test_a_note_without_a_reason_is_refused():
    assert errors(D(2028, 12, 31), note="Prolongée") == {
        "length_reason": "Choose the length reason your note explains, or leave the note empty."
    }


def test_the_shortest_term_stays_a_floor_whatever_the_reason():
    assert errors(D(2025, 3, 31), "early_closure")["end"].startswith("A term lasts at least 12 months")


@pytest.mark.parametrize("reason", ["extension", "wave_alignment", "other"])
def test_a_longer_term_runs_at_most_the_extension_allowed_past_a_full_one(settings, reason):
    assert errors(D(2030, 12, 31), reason, "Contrat de site prolongé") == {}  # 24 months past 2028
    assert errors(D(2031, 1, 1), reason, "Contrat de site prolongé") == {
        "end": "A term runs at most 24 months past a full one: starting on 1 Jan 2025, it ends by 31 Dec 2030."
    }
    settings.MANDATE_MAX_EXTENSION_MONTHS = 36
    assert errors(D(2031, 6, 30), reason, "Contrat de site prolongé") == {}


def test_the_full_term_follows_the_setting(settings):
    settings.MANDATE_TERM_YEARS = 5
    assert errors(D(2029, 12, 31)) == {}
    assert errors(D(2028, 12, 31))["end"].startswith("A full term lasts 5 years")


# The model and the database --------------------------------------------------------------------


def test_the_model_checks_the_length_and_keeps_the_reason():
    mandate = MandateFactory.build(unit=MandateFactory().unit, number=2, start=D(2029, 1, 1), end=D(2033, 6, 30))
    with pytest.raises(ValidationError) as error:
        mandate.full_clean()
    assert error.value.message_dict == {
        "end": [
            "A full term lasts 4 years: starting on 1 Jan 2029, it ends on 31 Dec 2032. "
            "A term ending on another day needs a length reason."
        ]
    }
    mandate.length_reason = Mandate.LengthReason.WAVE_ALIGNMENT
    mandate.full_clean()
    mandate.save()
    assert Mandate.objects.get(pk=mandate.pk).length_reason == "wave_alignment"


def test_the_database_refuses_another_reason_without_a_note():
    mandate = MandateFactory(end=D(2027, 12, 31), length_reason="early_closure")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.filter(pk=mandate.pk).update(length_reason="other")


def test_renewals_and_successors_are_full_terms_and_pass_the_rule():
    first = MandateFactory(end=D(2029, 6, 30), length_reason="extension")
    renewal = services.renew_mandate(unit=first.unit)
    assert (renewal.start, renewal.end, renewal.length_reason) == (D(2029, 7, 1), D(2033, 6, 30), "")
    successor = services.create_successor(predecessor=first.unit, code="U9001", name="Suite")
    [successor_term] = successor.mandates.all()
    assert (successor_term.start, successor_term.end, successor_term.length_reason) == (
        D(2033, 7, 1),
        D(2037, 6, 30),
        "",
    )


def test_the_history_keeps_the_reason_and_the_note():
    mandate = MandateFactory(end=D(2027, 12, 31), length_reason="other", length_note="Fusion avec U1235")
    mandate.length_reason, mandate.length_note = "early_closure", ""
    mandate.save()
    kept = [(entry.length_reason, entry.length_note) for entry in mandate.history.order_by("history_id")]
    assert kept == [("other", "Fusion avec U1235"), ("early_closure", "")]


# The admin -------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def post_terms(client, unit, terms):
    url = admin_url(ResearchUnit, "change", unit.pk)
    return client.post(url, {**unit_form(unit, terms=terms), "loaded_state": loaded_state(client, url)})


def test_the_term_inline_refuses_a_shorter_term_without_a_reason_and_keeps_one_with_it(admin_client):
    first = MandateFactory()
    shorter = term(first, end=D(2027, 12, 31))

    refused = post_terms(admin_client, first.unit, [shorter])
    accepted = post_terms(admin_client, first.unit, [{**shorter, "length_reason": "other", "length_note": "Fusion"}])

    assert refused.status_code == 200 and FULL_END_MESSAGE in refused.text
    assert accepted.status_code == 302
    first.refresh_from_db()
    assert (first.end, first.length_reason, first.length_note) == (D(2027, 12, 31), "other", "Fusion")


def test_the_unit_page_shows_each_terms_reason_and_note_to_staff(admin_client):
    first = MandateFactory(end=D(2029, 6, 30), length_reason="extension", length_note="Décision du conseil")
    response = admin_client.get(admin_url(ResearchUnit, "change", first.unit.pk))
    inline = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert (inline["length_reason"].value(), inline["length_note"].value()) == ("extension", "Décision du conseil")
    assert '<option value="extension" selected>Extension</option>' in response.text


# The import ------------------------------------------------------------------------------------


def test_the_terms_cell_carries_each_reason_and_note():
    text = "2021-01-01/2024-12-31; 2025-01-01/2027-06-30 (other: fusion (U1235); décidée en 2026)"
    terms = parse_terms(text)
    assert terms == [
        rules.Term(1, D(2021, 1, 1), D(2024, 12, 31)),
        rules.Term(2, D(2025, 1, 1), D(2027, 6, 30), "other", "fusion (U1235); décidée en 2026"),
    ]
    assert terms_text(terms) == text


def test_an_unknown_reason_in_the_file_is_refused():
    with pytest.raises(ValueError, match="“prolongation” is not a length reason: write one of extension, "):
        parse_terms("2025-01-01/2029-06-30 (prolongation)")


def test_an_import_refuses_a_term_of_another_length_without_a_reason_and_writes_one_with_it():
    unit = MandateFactory(unit__code="U1501").unit
    headers = ["code", "mandates"]

    refused = ResearchUnitResource().import_data(tablib.Dataset(["U1501", "2025-01-01/2029-06-30"], headers=headers))
    written = ResearchUnitResource().import_data(
        tablib.Dataset(["U1501", "2025-01-01/2029-06-30 (extension)"], headers=headers)
    )

    [row] = refused.rows
    assert row.validation_error.message_dict["mandates"] == [f"term 1: {FULL_END_MESSAGE}"]
    assert written.totals["update"] == 1
    assert unit.mandates.get().as_term() == rules.Term(1, START, D(2029, 6, 30), "extension")


def test_an_export_of_terms_with_reasons_imports_back_unchanged():
    MandateFactory(unit__code="U1501", end=D(2027, 6, 30), length_reason="other", length_note="Fusion; voir U1502")
    exported = ResearchUnitResource().export()
    assert exported.dict[0]["mandates"] == "2025-01-01/2027-06-30 (other: Fusion; voir U1502)"
    result = ResearchUnitResource().import_data(exported)
    assert (result.totals["skip"], result.totals["update"], result.totals["invalid"]) == (1, 0, 0)


# Who sees it -----------------------------------------------------------------------------------


def test_the_public_page_says_a_term_was_extended_but_never_shows_the_note(client):
    first = MandateFactory(end=D(2029, 6, 30), length_reason="extension", length_note="NOTE-INTERNE")
    second = {"number": 2, "start": D(2029, 7, 1), "end": D(2031, 6, 30), "length_reason": "other"}
    MandateFactory(unit=first.unit, **second, length_note="AUTRE-NOTE")
    response = client.get(reverse("units:detail", args=[first.unit.code_slug]))
    assert response.text.count("Extended term") == 1  # "other" is the note's to explain: nothing public
    assert "NOTE-INTERNE" not in response.text and "AUTRE-NOTE" not in response.text
