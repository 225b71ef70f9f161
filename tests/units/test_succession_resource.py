"""Successions in spreadsheets (units/resources.py SuccessionResource): each row is checked
by the succession rules against the stored rows as the whole file leaves them, so that a
merger given as several rows passes in any order, and a file that breaks a rule writes
nothing and names the row and column."""

import datetime as dt
import io

import pytest
import tablib
from import_export.formats.base_formats import CSV

from units.models import Succession
from units.resources import SuccessionResource

from ..factories import MandateFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db

HEADERS = ["predecessor", "successor", "kind", "on"]
TAKE_OVER = dt.date(2019, 1, 1)  # the day after the first terms from 2015 end


def unit(code, start=dt.date(2015, 1, 1)):
    """A unit with one full term from `start` (or none if `start` is None)."""
    if start is None:
        return ResearchUnitFactory(code=code)
    return MandateFactory(unit__code=code, start=start).unit


def rows():
    return set(Succession.objects.values_list("predecessor__code", "successor__code", "kind", "on"))


def import_file(*lines, **kwargs):
    return SuccessionResource().import_data(tablib.Dataset(*lines, headers=HEADERS), **kwargs)


@pytest.fixture
def succession():
    """U1401 succeeded by U1403; U1402, ended at the same time, not yet part of it."""
    first, second, successor = unit("U1401"), unit("U1402"), unit("U1403", start=TAKE_OVER)
    Succession.objects.create(predecessor=first, successor=successor, kind="succession", on=TAKE_OVER)
    return first, second, successor


MERGER_ROWS = [["u 1402", "U1403", "merger", "2019-01-01"], ["U1401", "u-1403", "merger", "2019-01-01"]]


@pytest.mark.parametrize("order", [1, -1], ids=["new row first", "changed row first"])
def test_a_succession_becomes_a_merger_when_a_file_adds_a_predecessor_in_either_order(succession, order):
    # Checked one row at a time against the stored rows, the new merger row would clash with
    # the stored succession into U1403 (or the changed row with nothing yet): the file's rows
    # are checked together, as the admin checks the rows of one form.
    result = import_file(*MERGER_ROWS[::order], rollback_on_validation_errors=True)

    assert not result.has_errors() and not result.invalid_rows, [row.error_dict for row in result.invalid_rows]
    assert (result.totals["new"], result.totals["update"]) == (1, 1)
    assert rows() == {("U1401", "U1403", "merger", TAKE_OVER), ("U1402", "U1403", "merger", TAKE_OVER)}
    assert Succession.objects.get(predecessor__code="U1402").history.count() == 1


def test_a_large_files_check_writes_nothing_and_finds_the_merger_sound(succession):
    # A background job first checks every row with nothing written (validate_only).
    resource = SuccessionResource()
    resource.validate_only = True
    result = resource.import_data(tablib.Dataset(*MERGER_ROWS, headers=HEADERS), use_transactions=False)

    assert not result.has_errors() and not result.invalid_rows
    assert rows() == {("U1401", "U1403", "succession", TAKE_OVER)}


def test_moving_a_mergers_date_takes_all_its_rows():
    merged = [unit("U1411"), unit("U1412")]
    successor = unit("U1413", start=None)  # no term yet: the date may move
    for predecessor in merged:
        Succession.objects.create(predecessor=predecessor, successor=successor, kind="merger", on=TAKE_OVER)
    later = ["U1411", "U1413", "merger", "2019-02-01"]

    alone = import_file(later, rollback_on_validation_errors=True)

    [invalid] = alone.invalid_rows
    assert (invalid.number, list(invalid.error_dict)) == (1, ["kind"])
    assert "the rows of a merger are all mergers of the same day" in invalid.error_dict["kind"][0]
    assert {row[3] for row in rows()} == {TAKE_OVER}

    together = import_file(later, ["U1412", "U1413", "merger", "2019-02-01"], rollback_on_validation_errors=True)

    assert not together.invalid_rows and together.totals["update"] == 2
    assert {row[3] for row in rows()} == {dt.date(2019, 2, 1)}


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "confirmation"])
def test_a_cycle_between_rows_of_one_file_is_refused_on_the_row_that_closes_it(dry_run):
    unit("U1421", start=None), unit("U1422", start=None)  # without terms, dates do not forbid it

    result = import_file(
        ["U1421", "U1422", "succession", "2024-01-01"],
        ["U1422", "U1421", "succession", "2025-01-01"],
        dry_run=dry_run,
        rollback_on_validation_errors=True,
    )

    [invalid] = result.invalid_rows
    assert (invalid.number, list(invalid.error_dict)) == (2, ["successor"])
    assert "This would make a cycle: U1422 → U1421 → U1422." in invalid.error_dict["successor"][0]
    assert rows() == set()


def test_a_cycle_through_stored_rows_is_refused():
    first, second, third = (unit(code, start=None) for code in ("U1431", "U1432", "U1433"))
    Succession.objects.create(predecessor=first, successor=second, kind="succession", on=dt.date(2024, 1, 1))
    Succession.objects.create(predecessor=second, successor=third, kind="succession", on=dt.date(2025, 1, 1))

    result = import_file(["U1433", "U1431", "succession", "2026-01-01"], rollback_on_validation_errors=True)

    [invalid] = result.invalid_rows
    assert "U1433 → U1431 → U1432 → U1433" in invalid.error_dict["successor"][0]
    assert len(rows()) == 2


def test_a_row_naming_a_succession_twice_is_refused(succession):
    result = import_file(
        ["U1401", "U1403", "succession", "2019-01-01"],
        ["u1401", "U 1403", "succession", "2019-01-01"],
        rollback_on_validation_errors=True,
    )
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "u1401, U 1403 is already on row 1 of this file" in invalid.error_dict["predecessor"][0]


def test_a_closure_and_a_split_come_back_from_their_export(succession):
    first, second, _successor = succession
    other = unit("U1404", start=TAKE_OVER)
    Succession.objects.filter(predecessor=first).update(kind="split")
    Succession.objects.create(predecessor=first, successor=other, kind="split", on=TAKE_OVER)
    Succession.objects.create(predecessor=second, kind="closure", on=dt.date(2018, 12, 31))
    before = rows()
    exported = CSV().export_data(SuccessionResource().export(Succession.objects.order_by("pk")))
    assert "U1402,,closure,2018-12-31" in exported
    Succession.objects.all().delete()

    result = SuccessionResource().import_data(CSV().create_dataset(io.StringIO(exported).read()))

    assert not result.has_errors() and not result.invalid_rows
    assert rows() == before
