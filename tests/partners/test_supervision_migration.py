"""The migration from joint-supervision agreements to dated supervising relations
(partners 0013): one relation per unit and partner of each signed or terminated agreement,
over its dates; nothing from drafts, negotiations or other kinds of agreement."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partners.models import UnitPartner

from ..factories import PartnerFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)  # migrations change the schema

BEFORE = ("partners", "0012_lineage_relations_identifiers")


def migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def add_agreement(apps, reference, units, partners, **fields):
    """An agreement as the models stood before the migration."""
    Agreement = apps.get_model("partners", "Agreement")
    fields = {"kind": "joint_supervision", "stage": "signed", "signed_on": dt.date(2010, 1, 1), **fields}
    agreement = Agreement.objects.create(reference=reference, title=f"Cotutelle {reference}", **fields)
    agreement.units.set([unit.pk for unit in units])
    agreement.partners.set([partner.pk for partner in partners])
    return agreement


def relations():
    return {
        (relation.unit.code, relation.partner.slug, relation.start, relation.end)
        for relation in UnitPartner.objects.select_related("unit", "partner")
    }


def test_signed_and_terminated_joint_supervisions_become_dated_supervising_relations():
    lille, cnrs, other = (PartnerFactory(slug=slug) for slug in ("lille", "cnrs", "other"))
    u1, u2, u3 = (ResearchUnitFactory(code=code) for code in ("U1", "U2", "U3"))
    apps = migrate([BEFORE])
    # Two units, two partners: four relations over the agreement's dates.
    add_agreement(apps, "SUP-1", [u1, u2], [lille, cnrs], start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31))
    # Terminated early: the relation ends on its last day in force.
    add_agreement(
        apps,
        "SUP-2",
        [u3],
        [lille],
        stage="terminated",
        start=dt.date(2016, 1, 1),
        end=dt.date(2024, 12, 31),
        terminated_on=dt.date(2022, 6, 30),
    )
    # No end at all: the relation is open.
    add_agreement(apps, "SUP-3", [u3], [cnrs], start=dt.date(2018, 1, 1))
    # Not signed, or not a supervision: no relation.
    add_agreement(apps, "DRAFT", [u3], [other], stage="draft", signed_on=None, start=dt.date(2020, 1, 1))
    add_agreement(apps, "NEGO", [u3], [other], stage="negotiating", signed_on=None, start=dt.date(2020, 1, 1))
    add_agreement(apps, "COLLAB", [u3], [other], kind="collaboration", start=dt.date(2020, 1, 1))

    migrate_to_latest()

    assert relations() == {
        ("U1", "lille", dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
        ("U1", "cnrs", dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
        ("U2", "lille", dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
        ("U2", "cnrs", dt.date(2015, 1, 1), dt.date(2019, 12, 31)),
        ("U3", "lille", dt.date(2016, 1, 1), dt.date(2022, 6, 30)),
        ("U3", "cnrs", dt.date(2018, 1, 1), None),
    }
    assert set(UnitPartner.objects.values_list("role", flat=True)) == {UnitPartner.Role.SUPERVISOR}
    # Each relation starts its history, saying which agreement it comes from.
    created = UnitPartner.history.get(unit__code="U3", partner__slug="lille")
    assert (created.history_type, created.history_change_reason) == ("+", "Cotutelle : SUP-2")


def test_agreements_that_follow_or_overlap_give_one_relation_and_running_it_again_adds_nothing():
    university = PartnerFactory(slug="paris")
    unit = ResearchUnitFactory(code="U1")
    apps = migrate([BEFORE])
    add_agreement(apps, "SUP-A", [unit], [university], start=dt.date(2012, 1, 1), end=dt.date(2016, 12, 31))
    add_agreement(apps, "SUP-B", [unit], [university], start=dt.date(2017, 1, 1), end=dt.date(2021, 12, 31))
    add_agreement(apps, "SUP-C", [unit], [university], start=dt.date(2020, 1, 1), end=dt.date(2023, 12, 31))
    add_agreement(apps, "SUP-LATER", [unit], [university], start=dt.date(2025, 1, 1))

    migrate_to_latest()
    expected = {
        ("U1", "paris", dt.date(2012, 1, 1), dt.date(2023, 12, 31)),
        ("U1", "paris", dt.date(2025, 1, 1), None),
    }
    assert relations() == expected
    assert UnitPartner.history.get(start=dt.date(2012, 1, 1)).history_change_reason == (
        "Cotutelle : SUP-A, SUP-B, SUP-C"
    )

    migrate([BEFORE])
    migrate_to_latest()
    assert relations() == expected
    assert UnitPartner.objects.count() == 2
