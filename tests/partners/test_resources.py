"""Importing agreements: every impossible agreement is refused on its row, under the
column of the field at fault, and a file with one writes nothing."""

import datetime as dt

import pytest
import tablib

from partners.models import Agreement
from partners.resources import AgreementResource

from ..factories import AgreementFactory, PartnerFactory
from .impossible_agreements import as_written

pytestmark = [pytest.mark.django_db, pytest.mark.today(dt.date(2026, 11, 30))]

HEADERS = ["reference", "title", "kind", "stage", "partners", "signed_on", "start", "end", "terminated_on"]
GOOD = ["NEW-1", "Accord", "collaboration", "signed", "lyon", "2026-10-01", "2026-11-01", "", ""]


def row(**changes):
    values = dict(zip(HEADERS, GOOD, strict=True))
    values.update(changes)
    return [values[column] for column in HEADERS]


@pytest.fixture(autouse=True)
def partner():
    return PartnerFactory(slug="lyon")


def test_a_good_file_imports_an_agreement_with_its_partners_and_stage():
    result = AgreementResource().import_data(
        tablib.Dataset(row(), row(reference="NEW-2", stage="terminated", terminated_on="2026-11-15"), headers=HEADERS)
    )
    assert not result.has_errors() and not result.has_validation_errors()
    terminated = Agreement.objects.get(reference="NEW-2")
    assert (terminated.state, list(terminated.partners.values_list("slug", flat=True))) == ("terminated", ["lyon"])


@pytest.mark.parametrize(("changes", "column"), as_written(""))
@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirmation"])
def test_an_impossible_agreement_is_refused_on_its_row_and_column(changes, column, dry_run):
    dataset = tablib.Dataset(row(reference="NEW-0"), row(**changes), headers=HEADERS)

    result = AgreementResource().import_data(dataset, dry_run=dry_run, rollback_on_validation_errors=True)

    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert column in invalid.error_dict, invalid.error_dict
    assert not Agreement.objects.exists()


def test_a_new_agreement_needs_the_partners_column_but_a_change_may_leave_it_out(partner):
    headers = [column for column in HEADERS if column != "partners"]
    values = [value for column, value in zip(HEADERS, GOOD, strict=True) if column != "partners"]
    result = AgreementResource().import_data(tablib.Dataset(values, headers=headers), dry_run=False)
    assert "partners" in result.invalid_rows[0].error_dict
    assert not Agreement.objects.exists()

    AgreementFactory(reference="NEW-1", partners=[partner])
    result = AgreementResource().import_data(tablib.Dataset(values, headers=headers), dry_run=False)
    assert not result.has_validation_errors()
    assert list(Agreement.objects.get(reference="NEW-1").partners.all()) == [partner]


def test_an_agreement_saved_without_partners_before_the_rule_is_refused_at_its_next_import(partner):
    agreement = AgreementFactory(partners=[])  # as migration 0009 may have left one
    dataset = tablib.Dataset([agreement.reference, "Nouveau titre"], headers=["reference", "title"])
    result = AgreementResource().import_data(dataset, rollback_on_validation_errors=True)
    assert "partners" in result.invalid_rows[0].error_dict
    agreement.refresh_from_db()
    assert agreement.title != "Nouveau titre"
