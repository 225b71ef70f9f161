"""Backup, wipe, restore gives back every row of every portal table, identical
(pg_dump and pg_restore on PostgreSQL, Django's serialisation on SQLite)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from partners.models import Agreement

from .factories import AgreementFactory, MandateFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed data only

PORTAL_TABLES = ("units_", "partners_", "workspace_", "auth_user", "auth_group")
# Permission ids are Django's to choose when it rebuilds them: compared by natural key.
BY_NATURAL_KEY = {"auth_group_permissions"}


def every_row() -> dict[str, list]:
    tables = sorted(
        t for t in connection.introspection.table_names() if t.startswith(PORTAL_TABLES) and t not in BY_NATURAL_KEY
    )
    # The ids of many-to-many link rows are the database's to choose: compared without them.
    links = {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    }
    rows = {
        "roles": sorted(
            Group.objects.values_list("name", "permissions__content_type__app_label", "permissions__codename")
        )
    }
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            fetched = cursor.fetchall()
            rows[table] = sorted((row[1:] if table in links else row for row in fetched), key=repr)
    return rows


def test_backup_wipe_restore_gives_back_every_row(reference_data, tmp_path):
    unit = MandateFactory(unit__code="U1", unit__internal_notes="Note « interne »").unit
    partner = PartnerFactory(parent=PartnerFactory())
    agreement = AgreementFactory(partners=[partner], amount_eur=1234.5, status=Agreement.Status.DRAFT)
    agreement.units.add(unit)
    UserFactory(username="editor", group="Editors")
    before = every_row()
    assert before["units_researchunit"] and before["partners_historicalagreement"]

    call_command("backup", output=tmp_path)
    [dump] = [path for path in tmp_path.iterdir() if not path.name.endswith(".manifest.json")]
    call_command("flush", interactive=False, verbosity=0)
    assert every_row()["units_researchunit"] == []

    call_command("restore", str(dump), yes=True)

    assert every_row() == before


def test_restore_refuses_a_file_that_is_not_a_portal_backup(tmp_path):
    stray = tmp_path / "notes.json"
    stray.write_text("[]")
    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(stray), yes=True)
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.pgdump"), yes=True)
