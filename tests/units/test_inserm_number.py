"""One Inserm number, one unit at a time: a second unit with a unit's number is refused while
their terms overlap (the model, the admin, the import, PostgreSQL), and allowed once the
first one's last term is over (a re-creation under the same number)."""

import datetime as dt

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from units import services
from units.models import Mandate, ResearchUnit
from units.resources import ResearchUnitResource

from ..admin_helpers import admin_url, loaded_state, term, unit_form
from ..factories import MandateFactory, ResearchUnitFactory, SiteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]

D = dt.date
Type = ResearchUnit.StructureType
ADD = reverse("admin:units_researchunit_add")


@pytest.fixture
def u1013():
    """U1013, in its first term from 2025 to the end of 2028."""
    return MandateFactory(unit__code="U1013", start=D(2025, 1, 1)).unit


def new_unit(code="UMR-S 1013", start=None, **fields):
    values = {"name": "Nouvelle unité", "structure_type": Type.MIXED_UNIT, "site": SiteFactory(), "director_name": "A"}
    return services.create_unit(code=code, first_term_start=start or D(2026, 1, 1), **{**values, **fields})


def test_a_second_unit_with_a_units_number_is_refused_while_their_terms_overlap(u1013):
    with pytest.raises(ValidationError) as error:
        new_unit()
    assert error.value.message_dict["code"] == [
        "U1013 already has the Inserm number 1013, with terms from 1 Jan 2025 to 31 Dec 2028, "
        "which overlap this unit's (1 Jan 2026 to 31 Dec 2029): a number is one unit at a time. "
        "Edit U1013, or correct the code or the dates."
    ]
    assert list(ResearchUnit.objects.values_list("code", flat=True)) == ["U1013"]


def test_a_unit_recreated_under_its_number_after_its_last_term_is_accepted(u1013):
    recreated = new_unit(start=D(2029, 1, 1))
    assert recreated.inserm_number == u1013.inserm_number == 1013


def test_units_with_other_numbers_do_not_clash(u1013):
    assert new_unit(code="UMR-S 1014").code == "UMR-S 1014"


def test_a_term_that_would_make_a_unit_overlap_another_with_its_number_is_refused_at_its_dates(u1013):
    recreated = new_unit(start=D(2029, 1, 1))
    renewal = Mandate(unit=u1013, number=2, start=D(2029, 1, 1), end=D(2032, 12, 31))
    with pytest.raises(ValidationError) as error:
        renewal.full_clean()
    [message] = error.value.message_dict["start"]
    assert message.startswith(f"{recreated.code} already has the Inserm number 1013, with terms from 1 Jan 2029")
    with pytest.raises(ValidationError, match="already has the Inserm number 1013"):
        services.renew_mandate(unit=u1013)
    assert u1013.mandates.count() == 1


def test_changing_a_units_code_to_a_number_in_use_is_refused(u1013):
    other = MandateFactory(unit__code="U1049").unit
    other.code, other.structure_type = "umr 1013", Type.MIXED_UNIT
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "U1013 already has the Inserm number 1013" in error.value.message_dict["code"][0]


# The admin -------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def test_the_admin_refuses_a_new_unit_whose_first_term_overlaps_a_unit_with_its_number(admin_client, u1013):
    data = unit_form(site=SiteFactory(), code="UMR-S 1013", structure_type="mixed_unit", first_term_start="2026-01-01")

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    code_errors = response.context["adminform"].form.errors["code"]
    link = f'<a href="{admin_url(ResearchUnit, "change", u1013.pk)}">U1013</a>'
    assert code_errors == [  # HTML, as it is shown
        f"{link} already has the Inserm number 1013, with terms from 1 Jan 2025 to 31 Dec 2028, "
        "which overlap this unit&#x27;s (1 Jan 2026 to 31 Dec 2029): a number is one unit at a time. "
        f"Edit {link}, or correct the code or the dates."
    ]
    assert link in response.text  # a link, not escaped text
    assert f"These terms overlap those of {link}, which has the same Inserm number 1013." in response.text
    assert ResearchUnit.objects.count() == 1


def test_the_admin_checks_the_number_over_the_terms_typed_in_the_inline(admin_client, u1013):
    overlapping = [term(number=1, start=D(2027, 1, 1), end=D(2030, 12, 31))]
    after = [term(number=1, start=D(2029, 1, 1), end=D(2032, 12, 31))]

    mixed = {"site": SiteFactory(), "code": "umrs1013", "structure_type": "mixed_unit"}
    refused = admin_client.post(ADD, unit_form(**mixed, terms=overlapping))
    accepted = admin_client.post(ADD, unit_form(**mixed, terms=after))

    assert refused.status_code == 200 and "U1013</a> already has the Inserm number 1013" in refused.text
    assert accepted.status_code == 302
    recreated = ResearchUnit.objects.get(inserm_number=1013, code="UMR-S 1013")
    assert [(m.start, m.end) for m in recreated.mandates.all()] == [(D(2029, 1, 1), D(2032, 12, 31))]


def test_the_admin_refuses_moving_a_units_terms_onto_those_of_a_unit_with_its_number(admin_client, u1013):
    first = MandateFactory(unit__code="UMR-S 1013", unit__structure_type="mixed_unit", start=D(2029, 1, 1))
    url = admin_url(ResearchUnit, "change", first.unit.pk)
    data = unit_form(first.unit, terms=[term(first, start=D(2028, 1, 1), end=D(2031, 12, 31))])

    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 200
    assert "U1013</a> already has the Inserm number 1013" in " ".join(response.context["adminform"].form.errors["code"])
    first.refresh_from_db()
    assert first.start == D(2029, 1, 1)


def test_the_admin_refuses_a_code_that_takes_a_number_in_use(admin_client, u1013):
    other = MandateFactory(unit__code="U1049").unit
    url = admin_url(ResearchUnit, "change", other.pk)
    [mandate] = other.mandates.all()
    data = unit_form(other, terms=[term(mandate)], code="UMR 1013", structure_type="mixed_unit")

    response = admin_client.post(url, {**data, "loaded_state": loaded_state(admin_client, url)})

    assert response.status_code == 200
    assert "U1013 already has the Inserm number 1013" in " ".join(response.context["adminform"].form.errors["code"])
    other.refresh_from_db()
    assert other.code == "U1049"


def test_the_successor_form_reports_a_code_whose_prefix_contradicts_the_type(admin_client):
    first = MandateFactory(unit__code="U1001", start=D(2017, 1, 1))
    MandateFactory(unit=first.unit, number=2, start=D(2021, 1, 1))
    url = admin_url(ResearchUnit, "successor", first.unit.pk)

    response = admin_client.post(url, {"code": "CIC 2001", "name": "X", "first_term_start": "2025-01-01"})

    assert response.status_code == 200
    assert "A code starting with CIC is that of a structure of type" in response.text
    assert not ResearchUnit.objects.filter(code="CIC 2001").exists()


# The import ------------------------------------------------------------------------------------

COLUMNS = ["code", "name", "structure_type", "site", "director_name", "mandates"]


def unit_rows(*rows, site):
    cells = [[code, "Unité", kind, site.slug, "A", terms] for code, kind, terms in rows]
    return tablib.Dataset(*cells, headers=COLUMNS)


def row_errors(result) -> dict[int, dict]:
    rows = enumerate(result.rows, 1)
    return {number: row.validation_error.message_dict for number, row in rows if row.validation_error}


def test_an_import_refuses_a_new_unit_with_a_number_in_use_over_overlapping_terms(u1013):
    dataset = unit_rows(
        ("UMR-S 1013", "mixed_unit", "2026-01-01/2029-12-31"),
        ("CIC 1013", "cic", "2029-01-01/2032-12-31"),  # after U1013's term: a re-creation
        site=u1013.site,
    )

    result = ResearchUnitResource().import_data(dataset, dry_run=True)

    errors = row_errors(result)
    assert list(errors) == [1]
    assert errors[1]["code"][0].startswith("U1013 already has the Inserm number 1013")


def test_a_large_import_checked_without_writing_finds_two_rows_with_one_number(u1013):
    dataset = unit_rows(
        ("U1100", "research_unit", "2025-01-01/2028-12-31"),
        ("UMR-S 1100", "mixed_unit", "2026-01-01/2029-12-31"),
        site=u1013.site,
    )
    resource = ResearchUnitResource()
    resource.validate_only = True  # as the background job checks a file (core/imports/jobs.py)

    result = resource.import_data(dataset, use_transactions=False)

    assert row_errors(result)[2]["code"] == [
        "U1100, on row 1 of this file, has the same Inserm number 1100 for terms that overlap these: "
        "a number is one unit at a time."
    ]
    assert not ResearchUnit.objects.filter(inserm_number=1100).exists()


def test_an_import_writing_its_rows_refuses_the_second_unit_with_one_number(u1013):
    dataset = unit_rows(
        ("U1100", "research_unit", "2025-01-01/2028-12-31"),
        ("UMR-S 1100", "mixed_unit", "2026-01-01/2029-12-31"),
        site=u1013.site,
    )
    result = ResearchUnitResource().import_data(dataset, dry_run=True)
    assert row_errors(result)[2]["code"][0].startswith("U1100 already has the Inserm number 1100")


# PostgreSQL: whatever writes them -----------------------------------------------------------------

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint of PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True)  # each statement committed, as a script's would be
def test_the_database_refuses_two_units_with_one_number_over_overlapping_terms():
    MandateFactory(unit__code="U1013", start=D(2025, 1, 1))
    twin = ResearchUnitFactory(code="UMR-S 1013", structure_type="mixed_unit")  # no term yet: no overlap
    with pytest.raises(IntegrityError, match="unit_one_per_number_at_a_time"), transaction.atomic():
        Mandate.objects.create(unit=twin, number=1, start=D(2028, 1, 1), end=D(2031, 12, 31))
    # The day after U1013's last day is no overlap: a re-creation.
    Mandate.objects.create(unit=twin, number=1, start=D(2029, 1, 1), end=D(2032, 12, 31))
    assert ResearchUnit.objects.filter(inserm_number=1013).count() == 2


@postgres_only
def test_the_number_constraint_waits_for_the_commit():
    first = MandateFactory(unit__code="U1013", start=D(2025, 1, 1))
    second = MandateFactory(unit__code="UMR-S 1013", unit__structure_type="mixed_unit", start=D(2029, 1, 1))
    with transaction.atomic():
        # U1013 ends a year earlier, then UMR-S 1013 starts a year earlier: they overlap in between.
        Mandate.objects.filter(pk=second.pk).update(start=D(2028, 1, 1), end=D(2031, 12, 31))
        ResearchUnit.objects.filter(pk=second.unit.pk).refresh_terms()
        Mandate.objects.filter(pk=first.pk).update(end=D(2027, 12, 31))
        ResearchUnit.objects.filter(pk=first.unit.pk).refresh_terms()
        connection.check_constraints()  # what the commit checks
