"""The migration from each unit's one-to-one predecessor to Succession rows (units 0012):
a re-creation when both units have the number, else a succession; dated the successor's
first term start, else the day after the predecessor's last term; nothing left out."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from units.models import Succession

pytestmark = pytest.mark.django_db(transaction=True)  # migrations change the schema

BEFORE = ("units", "0011_lineage_relations_identifiers")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_each_predecessor_becomes_a_dated_typed_succession(capsys):
    apps = migrate([BEFORE])
    Site = apps.get_model("units", "Site")
    Unit = apps.get_model("units", "ResearchUnit")
    site = Site.objects.create(name="CHU", slug="chu", kind="chu", city="Lille", region="hauts-de-france")

    def unit(code, number, term_start=None, term_end=None, predecessor=None):
        return Unit.objects.create(
            code=code,
            inserm_number=number,
            name=code,
            structure_type="research_unit",
            site=site,
            director_name="X",
            term_start=term_start,
            term_end=term_end,
            predecessor=predecessor,
        )

    old = unit("U1028", 1028, dt.date(2016, 1, 1), dt.date(2023, 12, 31))
    unit("UMR-S 1028", 1028, dt.date(2024, 1, 1), dt.date(2027, 12, 31), predecessor=old)
    other = unit("U1100", 1100, dt.date(2015, 1, 1), dt.date(2022, 12, 31))
    unit("U2100", 2100, predecessor=other)  # no term: dated the day after U1100's last
    lonely = unit("U1200", 1200)
    unit("U2200", 2200, predecessor=lonely)  # neither has a term: the day it was recorded, listed
    capsys.readouterr()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    report = capsys.readouterr().out

    rows = {(row.predecessor.code, row.successor.code): (row.kind, row.on) for row in Succession.objects.all()}
    recorded = rows.pop(("U1200", "U2200"))
    assert rows == {
        ("U1028", "UMR-S 1028"): ("recreation", dt.date(2024, 1, 1)),
        ("U1100", "U2100"): ("succession", dt.date(2023, 1, 1)),
    }
    assert recorded[0] == "succession"
    assert "Successions, from each unit's predecessor (3):" in report
    assert "succession: 2" in report and "recreation: 1" in report
    assert "neither having a term (1): U1200 → U2200" in report
